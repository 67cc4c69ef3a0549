"""`pitch new`: a new project that checks and builds at once.

The project is written into a hidden staging folder and moved into place
only when every file is there, so a failure leaves no half project behind.
"""

from __future__ import annotations

import re
import secrets
import shutil
import unicodedata
from pathlib import Path

from pitch.errors import UsageError
from pitch.inputs.schema import write_schemas
from pitch.outputs import OutputError
from pitch.project import Project
from pitch.resources import copy_tree, default_templates, scaffold_files

STAGING_PREFIX = ".pitch-new-"
DEFAULT_SLUG = "my-pitch"
SLUG_LINE = f"\nslug: {DEFAULT_SLUG}\n"
# Stored without the dot so it cannot act on the repository that ships it.
GITIGNORE_SOURCE, GITIGNORE = "gitignore", ".gitignore"
WORKFLOW_SOURCE, WORKFLOW = "workflow.yml", Path(".github/workflows/pitch.yml")


def create_project(target: Path) -> list[Path]:
    """Write a new project into `target` (new, or an empty folder); return its files.

    A folder that cannot take a new project is misuse of the command line (exit 2),
    like `reference-docx` refusing an existing file; a failed write is an OutputError.
    """
    refuse_unusable(target)
    try:
        stage = _staging_folder(target)
        try:
            written = _write_project(Project(stage), slug_for(target))
            _move_into_place(stage, target)
        finally:
            shutil.rmtree(stage, ignore_errors=True)
    except OSError as error:
        raise OutputError((target, error.strerror or str(error))) from None
    return [target / path.relative_to(stage) for path in written]


def refuse_unusable(target: Path) -> None:
    """Raise UsageError unless `target` is missing or an empty folder."""
    if not target.exists():
        return
    shown = f"'{target}'" if target.name else f"'{target}' ({target.resolve()})"
    if not target.is_dir():
        raise UsageError(f"{shown} is a file, not a folder; name a new folder")
    entries = sorted(entry.name + ("/" if entry.is_dir() else "") for entry in target.iterdir())
    if entries:
        listed = ", ".join(entries[:3]) + (", ..." if len(entries) > 3 else "")
        raise UsageError(
            f"the folder {shown} is not empty (it holds {listed}); "
            "name a new folder or an empty one, such as: pitch new my-pitch")


def slug_for(target: Path) -> str:
    """A file-name slug from the folder's name, such as sloan-2027 for 'Sloan 2027'."""
    name = unicodedata.normalize("NFKD", target.resolve().name)
    words = re.findall(r"[a-z0-9]+", name.encode("ascii", "ignore").decode().lower())
    return "-".join(words)[:60].strip("-") or DEFAULT_SLUG


def _staging_folder(target: Path) -> Path:
    """A hidden folder on the same file system as `target`, so moving it is a rename."""
    parent = target if target.exists() else target.parent
    parent.mkdir(parents=True, exist_ok=True)
    stage = parent / f"{STAGING_PREFIX}{secrets.token_hex(4)}"
    stage.mkdir()
    return stage


def _write_project(project: Project, slug: str) -> list[Path]:
    """Every file of a new project: inputs, schemas, templates, README, the CI workflow."""
    written = copy_tree(scaffold_files(), project.root)
    moves = {project.root / GITIGNORE_SOURCE: project.root / GITIGNORE,
             project.root / WORKFLOW_SOURCE: project.root / WORKFLOW}
    for source, target in moves.items():
        target.parent.mkdir(parents=True, exist_ok=True)
        source.rename(target)
    written = [moves.get(path, path) for path in written]
    _set_slug(project.pitch_file, slug)
    written += write_schemas(project.schemas)
    written += copy_tree(default_templates(), project.templates)
    return written


def _set_slug(pitch_file: Path, slug: str) -> None:
    text = pitch_file.read_text(encoding="utf-8")
    if SLUG_LINE not in text:
        raise RuntimeError(f"the scaffold's pitch.yaml has no line 'slug: {DEFAULT_SLUG}'")
    pitch_file.write_text(text.replace(SLUG_LINE, f"\nslug: {slug}\n", 1), encoding="utf-8")


def _move_into_place(stage: Path, target: Path) -> None:
    """Rename the staged project to `target`, or its entries into an empty `target`."""
    if not target.exists():
        stage.rename(target)
        return
    moved: list[Path] = []
    try:
        for entry in sorted(stage.iterdir()):
            entry.rename(target / entry.name)
            moved.append(target / entry.name)
    except OSError:
        for path in moved:
            if path.is_dir():
                shutil.rmtree(path)
            else:
                path.unlink()
        raise
    stage.rmdir()
