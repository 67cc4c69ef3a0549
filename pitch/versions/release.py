"""Frozen releases: a version's outputs, manifest and sources under releases/<version>/.

A release is a snapshot that can be committed with the inputs: the files a
funder received, the manifest that proves what made them, and the inputs
and templates themselves, so `pitch build releases/<version>` rebuilds the
same bytes and `pitch diff` can compare versions. Nothing in a release is
ever overwritten.
"""

from __future__ import annotations

import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path

from pitch.errors import PitchError, Problem, display_path
from pitch.inputs.types import VERSION_PATTERN
from pitch.versions.manifest import MANIFEST_NAME, Manifest, hash_sources, read_manifest

RELEASES = "releases"
SNAPSHOT_FOLDERS = ("inputs", "templates")


@dataclass(frozen=True)
class ReleaseResult:
    """Where a release lives, and whether this call made it."""

    folder: Path
    created: bool


def release_folder(root: Path, version: str) -> Path:
    """The folder of a released version."""
    return root / RELEASES / version


def released_versions(root: Path) -> list[str]:
    """Every released version of the project (version-named folders), oldest first."""
    folder = root / RELEASES
    if not folder.is_dir():
        return []
    versions = [path.name for path in folder.iterdir()
                if path.is_dir() and VERSION_PATTERN.match(path.name)]
    return sorted(versions, key=_version_key)


def previous_release_doi(root: Path, version: str) -> str | None:
    """The DOI recorded for the latest release before `version`, if it has one."""
    key = _version_key(version)
    earlier = [v for v in released_versions(root) if _version_key(v) < key]
    for candidate in reversed(earlier):
        manifest = read_manifest(release_folder(root, candidate) / MANIFEST_NAME)
        if manifest is not None:
            return manifest.pitch.get("version_doi")
    return None


def _version_key(version: str) -> tuple[int, ...]:
    return tuple(int(part) for part in version.split("."))


def changed_since_release(root: Path, version: str, sources: dict[str, str]) -> list[str] | None:
    """The source files that differ from the release of `version`; None if unreleased."""
    released = read_manifest(release_folder(root, version) / MANIFEST_NAME)
    if released is None:
        return None
    names = set(released.sources) | set(sources)
    return sorted(name for name in names if released.sources.get(name) != sources.get(name))


def refuse_changed_release(
    root: Path, version: str, sources: dict[str, str], where: tuple[str, int, int]
) -> None:
    """Stop a build of a released version whose inputs have changed since."""
    changed = changed_since_release(root, version, sources)
    if not changed:
        return
    file, line, column = where
    listed = ", ".join(changed[:5]) + (f" and {len(changed) - 5} more" if len(changed) > 5 else "")
    raise PitchError([Problem(file, line, column, "version", (
        f"version {version} is already released ({display_path(release_folder(root, version))}/) "
        f"and these files have changed since: {listed}; raise the version to "
        f"{next_version(version)} or higher"))])


def _refuse_mixed_sources(expected: dict[str, str], found: dict[str, str], part: str) -> None:
    """A release is made from one set of sources, or not at all."""
    changed = sorted(name for name in set(expected) | set(found)
                     if expected.get(name) != found.get(name))
    if changed:
        raise PitchError([Problem(name, message=(
            f"this file changed while the release was made ({part} differs); nothing was "
            "released: run pitch release again")) for name in changed])


def _copy_outputs(build_folder: Path, destination: Path, manifest: Manifest) -> None:
    for name in [*manifest.outputs, MANIFEST_NAME]:
        (destination / name).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(build_folder / name, destination / name)


def _version_location(root: Path) -> tuple[str, int, int]:
    """Where pitch.yaml states the version, to point a problem at it."""
    path = root / "inputs" / "pitch.yaml"
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if line.startswith("version:"):
            return display_path(path), number, len("version:") + 2
    return display_path(path), 0, 0


def next_version(version: str) -> str:
    """The next patch version: 1.0.0 → 1.0.1."""
    major, minor, patch = (version.split(".") + ["0", "0"])[:3]
    return f"{major}.{minor}.{int(patch) + 1 if patch.isdigit() else 1}"


def make_release(
    root: Path, build_folder: Path, manifest: Manifest, variants: dict[str, Path] | None = None
) -> ReleaseResult:
    """Copy a build's outputs, manifest and sources into releases/<version>/.

    `variants` maps funder ids to the folders of their builds (of the same
    sources): each is frozen too, under releases/<version>/<funder-id>/.
    """
    version = manifest.pitch["version"]
    folder = release_folder(root, version)
    if folder.exists():
        refuse_changed_release(root, version, manifest.sources, _version_location(root))
        return ReleaseResult(folder=folder, created=False)
    folder.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{version}-", dir=folder.parent))
    try:
        _copy_outputs(build_folder, staging, manifest)
        for funder_id, variant_folder in (variants or {}).items():
            variant_manifest = read_manifest(variant_folder / MANIFEST_NAME)
            assert variant_manifest is not None, "a finished build always leaves a manifest"
            _refuse_mixed_sources(manifest.sources, variant_manifest.sources, funder_id)
            _copy_outputs(variant_folder, staging / funder_id, variant_manifest)
        for snapshot in SNAPSHOT_FOLDERS:
            if (root / snapshot).is_dir():
                shutil.copytree(root / snapshot, staging / snapshot,
                                ignore=shutil.ignore_patterns(".*", "__pycache__"))
        _refuse_mixed_sources(manifest.sources, hash_sources(staging), "the snapshot of inputs/")
        staging.rename(folder)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return ReleaseResult(folder=folder, created=True)
