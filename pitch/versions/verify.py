"""Say where a built PDF or DOCX came from, and whether it is still what was built.

The file's own metadata names its version, date and DOI; the build
manifests that list its sha256 prove it is unchanged since the build and
record the sha256 of every input and template it was made from, which are
compared with the project's inputs as they are now.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from pitch.errors import UsageError, display_path
from pitch.project import RELEASES, Project
from pitch.versions.embedded import (
    EmbeddedMetadata,
    UnreadableFile,
    read_embedded_metadata,
)
from pitch.versions.manifest import (
    MANIFEST_NAME,
    Manifest,
    hash_sources,
    read_manifest,
    sha256_file,
)


@dataclass(frozen=True)
class Listing:
    """A manifest that lists a file, and the name the file has there."""

    manifest_path: Path
    manifest: Manifest
    name: str


@dataclass(frozen=True)
class InputChanges:
    """How the project's inputs now differ from those a manifest records."""

    changed: list[str] = field(default_factory=list)
    added: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)

    def __bool__(self) -> bool:
        return bool(self.changed or self.added or self.removed)

    def status(self, name: str) -> str:
        """"changed", "removed" or "" for an input the manifest records."""
        return "changed" if name in self.changed else "removed" if name in self.removed else ""


@dataclass(frozen=True)
class Verification:
    """Everything `pitch verify` found out about one file."""

    path: Path
    sha256: str
    metadata: EmbeddedMetadata | None
    unreadable: str | None
    listings: list[Listing]
    same_name: list[Listing]
    project: Project | None
    searched: list[Path]
    changes: InputChanges | None

    @property
    def placed(self) -> bool:
        """True when a manifest lists the file's exact bytes."""
        return bool(self.listings)


def verify_file(path: Path, project: Project | None = None) -> Verification:
    """Read a file's metadata, find the manifests that list it, compare their inputs with now.

    A file that cannot be read at all was misnamed on the command line (UsageError).
    """
    try:
        digest = sha256_file(path)
    except OSError as error:
        raise UsageError(f"cannot read '{path}': {error.strerror or error}") from None
    metadata, unreadable = _metadata(path)
    root = project if project is not None else find_project(path.parent)
    searched = manifest_paths(path, root)
    manifests = [(where, manifest) for where in searched
                 if (manifest := read_manifest(where)) is not None]
    listings = [Listing(where, manifest, name) for where, manifest in manifests
                for name, recorded in manifest.outputs.items() if recorded == digest]
    same_name = [Listing(where, manifest, path.name) for where, manifest in manifests
                 if manifest.outputs.get(path.name) not in (None, digest)]
    changes = None
    if listings and root is not None:
        changes = compare_inputs(listings[0].manifest.sources, hash_sources(root))
    return Verification(path, digest, metadata, unreadable, listings, same_name, root,
                        searched, changes)


def _metadata(path: Path) -> tuple[EmbeddedMetadata | None, str | None]:
    try:
        return read_embedded_metadata(path), None
    except UnreadableFile as error:
        return None, str(error)


def find_project(start: Path) -> Project | None:
    """The nearest project at or above `start`: the nearest folder that holds inputs/.

    A release snapshot (releases/<version>/) holds inputs/ too; the project
    is then the folder that holds releases/, whose inputs are the current ones.
    """
    for folder in [start.resolve(), *start.resolve().parents]:
        if Project(folder).inputs.is_dir():
            outer = Project(folder.parent.parent)
            if folder.parent.name == RELEASES and outer.inputs.is_dir():
                return outer
            return Project(folder)
    return None


def manifest_paths(path: Path, project: Project | None) -> list[Path]:
    """The manifests that may list `path`: its own folder's, then the project's.

    The project's are releases/*/ and the funder variants in releases/*/*/
    (frozen records) first, then build/ and build/*/.
    """
    candidates = [path.parent / MANIFEST_NAME]
    if project is not None:
        candidates += sorted(project.releases.glob(f"*/{MANIFEST_NAME}"))
        candidates += sorted(project.releases.glob(f"*/*/{MANIFEST_NAME}"))
        candidates.append(project.build / MANIFEST_NAME)
        candidates += sorted(project.build.glob(f"*/{MANIFEST_NAME}"))
    unique: dict[Path, Path] = {}
    for candidate in candidates:
        if candidate.is_file():
            unique.setdefault(candidate.resolve(), candidate)
    return list(unique.values())


def compare_inputs(recorded: dict[str, str], current: dict[str, str]) -> InputChanges:
    """Which inputs changed, appeared or went away between a manifest and now."""
    return InputChanges(
        changed=sorted(name for name in recorded if name in current
                       and current[name] != recorded[name]),
        added=sorted(name for name in current if name not in recorded),
        removed=sorted(name for name in recorded if name not in current),
    )


def describe(verification: Verification) -> list[str]:
    """The report for a file a manifest lists: a headline, then the evidence."""
    primary = verification.listings[0]
    lines = [f"{display_path(verification.path)}: unchanged since it was built; "
             f"{_identity(verification)}",
             f"  sha256 {verification.sha256}"]
    lines += [f"  listed in {display_path(listing.manifest_path)} as {listing.name} "
              f"(built by funder-pitch {listing.manifest.tool_version}{_options(listing)})"
              for listing in verification.listings]
    lines += _input_lines(primary.manifest.sources, verification.changes)
    return lines


def unplaced_reason(verification: Verification) -> str:
    """One line saying why the file cannot be placed, and what that means."""
    name = display_path(verification.path)
    metadata = verification.metadata
    if verification.unreadable is not None:
        return f"cannot place {name}: {verification.unreadable}, and no build manifest lists it"
    assert metadata is not None
    if not metadata.identifies_a_pitch:
        return (f"cannot place {name}: the {metadata.kind} names no pitch version or DOI, "
                "and no build manifest lists it; it was not made by `pitch build`")
    says = f"it says it is {_identity(verification)}"
    if verification.same_name:
        where = display_path(verification.same_name[0].manifest_path)
        return (f"cannot place {name}: {says}, but its bytes differ from the "
                f"{verification.path.name} listed in {where}; it was changed after it was built")
    return (f"cannot place {name}: {says}, but no manifest lists its sha256 "
            f"({_searched(verification)}); it was changed after it was built, or built "
            "elsewhere (name that project with --project)")


def _identity(verification: Verification) -> str:
    """Version, date and DOI, from the file itself or else from its manifest."""
    recorded = verification.listings[0].manifest.pitch if verification.listings else {}
    metadata = verification.metadata or EmbeddedMetadata(kind="")
    version = metadata.version or recorded.get("version")
    date = metadata.date or recorded.get("date")
    doi = metadata.doi or recorded.get("doi")
    parts = [f"version {version}" if version else "no version",
             f"dated {date}" if date else "no date",
             f"DOI https://doi.org/{doi}" if doi else "no DOI"]
    return ", ".join(parts)


def _options(listing: Listing) -> str:
    chosen = {key: value for key, value in listing.manifest.options.items() if value}
    return "".join(f", {key} {value}" for key, value in sorted(chosen.items()))


def _input_lines(recorded: dict[str, str], changes: InputChanges | None) -> list[str]:
    lines = [f"  built from {len(recorded)} input and template files (sha256):"]
    for name, digest in sorted(recorded.items()):
        status = changes.status(name) if changes is not None else ""
        lines.append(f"    {digest}  {name}{f'  ({status} since)' if status else ''}")
    if changes is None:
        lines.append("  no project folder found to compare with (name it with --project)")
    elif not changes:
        lines.append("  the project's current inputs still match")
    else:
        lines.append(f"  the project's inputs have changed since: {_summary(changes)}")
    return lines


def _summary(changes: InputChanges) -> str:
    parts = [f"{name} ({kind})" for kind, names in
             (("changed", changes.changed), ("added", changes.added), ("removed", changes.removed))
             for name in names]
    return ", ".join(parts)


def _searched(verification: Verification) -> str:
    if not verification.searched:
        return "no manifest found beside it" + (
            "" if verification.project else ", and no project folder above it")
    return "searched " + ", ".join(display_path(path) for path in verification.searched)

