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

from pitch.errors import PitchError, Problem
from pitch.inputs.load import load_yaml_file
from pitch.inputs.types import VERSION_PATTERN
from pitch.project import Project
from pitch.versions.manifest import (
    MANIFEST_NAME,
    Manifest,
    changed_sources,
    hash_sources,
    read_manifest,
)


@dataclass(frozen=True)
class ReleaseResult:
    """Where a release lives, and whether this call made it."""

    folder: Path
    created: bool


def released_versions(project: Project) -> list[str]:
    """Every released version of the project (version-named folders), oldest first."""
    folder = project.releases
    if not folder.is_dir():
        return []
    versions = [path.name for path in folder.iterdir()
                if path.is_dir() and VERSION_PATTERN.match(path.name)]
    return sorted(versions, key=_version_key)


def previous_release_doi(project: Project, version: str) -> str | None:
    """The DOI recorded for the latest release before `version`, if it has one."""
    key = _version_key(version)
    earlier = [v for v in released_versions(project) if _version_key(v) < key]
    for candidate in reversed(earlier):
        manifest = read_manifest(project.release(candidate) / MANIFEST_NAME)
        if manifest is not None:
            return manifest.pitch.get("version_doi")
    return None


def _version_key(version: str) -> tuple[int, ...]:
    return tuple(int(part) for part in version.split("."))


def changed_since_release(
    project: Project, version: str, sources: dict[str, str]
) -> list[str] | None:
    """The source files that differ from the release of `version`; None if unreleased."""
    released = read_manifest(project.release(version) / MANIFEST_NAME)
    if released is None:
        return None
    return changed_sources(released.sources, sources)


def refuse_changed_release(project: Project, version: str, sources: dict[str, str]) -> None:
    """Stop a build of a released version whose inputs have changed since."""
    changed = changed_since_release(project, version, sources)
    if not changed:
        return
    file, line, column = version_location(project)
    listed = ", ".join(changed[:5]) + (f" and {len(changed) - 5} more" if len(changed) > 5 else "")
    raise PitchError([Problem(file, line, column, "version", (
        f"version {version} is already released ({project.display(project.release(version))}/) "
        f"and these files have changed since: {listed}; raise the version to "
        f"{next_version(version)} or higher"))])


def _refuse_mixed_sources(
    project: Project, expected: dict[str, str], found: dict[str, str], part: str
) -> None:
    """A release is made from one set of sources, or not at all."""
    changed = changed_sources(expected, found)
    if changed:
        raise PitchError([Problem(project.display(name), message=(
            f"this file changed while the release was made ({part} differs); nothing was "
            "released: run pitch release again")) for name in changed])


def _copy_outputs(build_folder: Path, destination: Path, manifest: Manifest) -> None:
    for name in [*manifest.outputs, MANIFEST_NAME]:
        (destination / name).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(build_folder / name, destination / name)


def version_location(project: Project) -> tuple[str, int, int]:
    """Where pitch.yaml states the version (file, line, column), to point a problem at it."""
    loaded = load_yaml_file(project.pitch_file)
    return (loaded.display, *loaded.locate(("version",)))


def next_version(version: str) -> str:
    """The next patch version: 1.0.0 → 1.0.1."""
    major, minor, patch = [*version.split("."), "0", "0"][:3]
    return f"{major}.{minor}.{int(patch) + 1 if patch.isdigit() else 1}"


def make_release(
    project: Project, build_folder: Path, manifest: Manifest, variants: dict[str, Path] | None = None
) -> ReleaseResult:
    """Copy a build's outputs, manifest and sources into releases/<version>/.

    `variants` maps funder ids to the folders of their builds (of the same
    sources): each is frozen too, under releases/<version>/<funder-id>/.
    """
    version = manifest.pitch["version"]
    folder = project.release(version)
    if folder.exists():
        refuse_changed_release(project, version, manifest.sources)
        return ReleaseResult(folder=folder, created=False)
    folder.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{version}-", dir=folder.parent))
    try:
        _copy_outputs(build_folder, staging, manifest)
        for funder_id, variant_folder in (variants or {}).items():
            variant_manifest = read_manifest(variant_folder / MANIFEST_NAME)
            assert variant_manifest is not None, "a finished build always leaves a manifest"
            _refuse_mixed_sources(project, manifest.sources, variant_manifest.sources, funder_id)
            _copy_outputs(variant_folder, staging / funder_id, variant_manifest)
        for snapshot in project.source_folders():
            shutil.copytree(snapshot, staging / snapshot.name,
                            ignore=shutil.ignore_patterns(".*", "__pycache__"))
        _refuse_mixed_sources(project, manifest.sources, hash_sources(Project(staging)),
                              "the snapshot of inputs/")
        staging.rename(folder)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return ReleaseResult(folder=folder, created=True)
