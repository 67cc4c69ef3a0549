"""The build manifest: which inputs, templates and options made which outputs.

The manifest is what lets a maintainer prove, months later, which inputs
produced a file a funder holds, and what lets a build with nothing changed
return at once.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pitch.errors import PitchError, Problem, display_path

if TYPE_CHECKING:
    from pitch.project import Project

MANIFEST_NAME = "manifest.json"
MANIFEST_FORMAT = 1


def sha256_file(path: Path) -> str:
    """The sha256 of a file's bytes, as hex."""
    return hashlib.sha256(path.read_bytes()).hexdigest()


def source_files(project: Project) -> list[Path]:
    """Every input and template file of a project, in a stable order."""
    files: list[Path] = []
    for base in project.source_folders():
        files += [path for path in base.rglob("*") if path.is_file() and not _hidden(path, base)]
    return sorted(files)


def _hidden(path: Path, base: Path) -> bool:
    return any(part.startswith(".") for part in path.relative_to(base).parts)


def hash_sources(project: Project) -> dict[str, str]:
    """sha256 of every input and template file, keyed by its project path."""
    hashes, problems = {}, []
    for path in source_files(project):
        try:
            hashes[path.relative_to(project.root).as_posix()] = sha256_file(path)
        except OSError as error:
            problems.append(Problem(display_path(path), message=(
                f"cannot read the file: {error.strerror or error}")))
    if problems:
        raise PitchError(problems)
    return hashes


def changed_sources(before: dict[str, str], after: dict[str, str]) -> list[str]:
    """The project paths whose hashes differ between two records (added and removed too)."""
    return sorted(name for name in set(before) | set(after) if before.get(name) != after.get(name))


def fingerprint(sources: dict[str, str], tool_version: str, options: dict[str, Any]) -> str:
    """One hash of everything that decides the outputs' bytes."""
    payload = json.dumps({"sources": sources, "tool": tool_version, "options": options},
                         sort_keys=True)
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class Manifest:
    """What one build read and wrote."""

    tool_version: str
    pitch: dict[str, str]
    options: dict[str, Any]
    sources: dict[str, str]
    outputs: dict[str, str]

    @property
    def fingerprint(self) -> str:
        """The hash that decides whether a rebuild would change anything."""
        return fingerprint(self.sources, self.tool_version, self.options)

    def to_json(self) -> str:
        """The manifest file's text: sorted, indented, no clock time in it."""
        document = {
            "format": MANIFEST_FORMAT,
            "tool": {"name": "funder-pitch", "version": self.tool_version},
            "pitch": self.pitch,
            "options": self.options,
            "fingerprint": self.fingerprint,
            "inputs": self.sources,
            "outputs": self.outputs,
        }
        return json.dumps(document, indent=2, sort_keys=True, ensure_ascii=False) + "\n"


def read_manifest(path: Path) -> Manifest | None:
    """The manifest at `path`, or None when there is none or it is unreadable."""
    try:
        document = json.loads(path.read_text(encoding="utf-8"))
        return Manifest(
            tool_version=document["tool"]["version"], pitch=document["pitch"],
            options=document["options"], sources=document["inputs"],
            outputs=document["outputs"],
        )
    except (OSError, ValueError, KeyError, TypeError):
        return None


def outputs_intact(manifest: Manifest, folder: Path) -> bool:
    """True when every output the manifest names is in `folder`, unchanged."""
    for name, digest in manifest.outputs.items():
        path = folder / name
        if not path.is_file() or sha256_file(path) != digest:
            return False
    return True
