"""What changed between two versions of the pitch, in the writers' terms.

A version is a release (its inputs frozen under releases/<version>/inputs/)
or `working`, the inputs as they are now. Both are loaded and checked like
any build, then compared by pitch/compare.py; this module names the
versions and writes the changes as plain lines for the terminal.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from pitch.errors import PitchError, Problem, UsageError
from pitch.inputs.model import PitchInfo
from pitch.inputs.translations import (
    TRANSLATIONS_FOLDER,
    read_translation_file,
    translation_paths,
)
from pitch.inputs.types import VERSION_PATTERN
from pitch.inputs.validate import load_inputs
from pitch.project import Project
from pitch.versions.compare import Change, compare_pitches, written_date
from pitch.versions.release import released_versions
from pitch.versions.sentences import (
    UnitChange,
    plain_text,
    split_sentences,
    unit_changes,
)

WORKING = "working"
Tone = Literal["plain", "heading", "delete", "insert"]


@dataclass(frozen=True)
class VersionSide:
    """One side of a comparison: what it was called, and its pitch.yaml."""

    label: str
    info: PitchInfo

    @property
    def is_working(self) -> bool:
        """Whether this side is the working inputs rather than a release."""
        return self.label == WORKING

    def describe(self) -> str:
        """`version 0.1.0 (15 January 2026)`, the working inputs, or another copy's inputs."""
        date = written_date(self.info.date, self.info.language)
        if self.is_working:
            return f"the working inputs (version {self.info.version}, {date})"
        if is_project_folder(self.label):
            return f"the inputs in {self.label} (version {self.info.version}, {date})"
        return f"version {self.label} ({date})"


@dataclass
class PitchDiff:
    """Two versions and the changes from the old to the new."""

    old: VersionSide
    new: VersionSide
    changes: list[Change]
    warnings: list[Problem] = field(default_factory=list)


@dataclass(frozen=True)
class DiffLine:
    """One line of the terminal report, with how it should be coloured."""

    text: str
    tone: Tone = "plain"


def version_project(project: Project, label: str) -> Project:
    """The project whose inputs/ holds version `label` (a release's snapshot, or the working one).

    A label may also name another copy of the project, such as a checkout of
    the base branch in CI (`git worktree add build/base origin/main`). A
    version that was never released is misuse of the command line (exit 2).
    """
    if label == WORKING:
        return project
    if is_project_folder(label):
        return Project(Path(label).resolve())
    release = project.release(label)
    if VERSION_PATTERN.match(label) and release.is_dir():
        return Project(release)
    known = released_versions(project)
    listed = ", ".join(known) if known else "none yet (pitch release makes one)"
    raise UsageError(
        f"no released version '{label}' in {project.display(project.releases)}/; "
        f"released versions: {listed}; or '{WORKING}' for the current inputs, or a folder "
        "holding another copy of the project (its inputs/)")


def is_project_folder(label: str) -> bool:
    """Whether a version label names a folder with inputs/, not a release (1.0.0 never does)."""
    return not VERSION_PATTERN.match(label) and label != WORKING and (Path(label) / "inputs").is_dir()


def diff_versions(project: Project, old: str, new: str = WORKING) -> PitchDiff:
    """Load and check both versions of the project, then compare them."""
    versions = {label: version_project(project, label) for label in (old, new)}
    projects = {}
    for label, version in versions.items():
        if not version.inputs.is_dir():
            raise PitchError([Problem(version.display(version.inputs) + "/", message=(
                f"release {label} holds no copy of its inputs, so it cannot be compared; "
                "it was released before releases kept their inputs"))])
        projects[label] = load_inputs(version)
    before, after = projects[old].pitch, projects[new].pitch
    warnings = [warning for project in projects.values() for warning in project.warnings]
    changes = compare_pitches(before, after) + compare_translations(
        versions[old].inputs, versions[new].inputs)
    return PitchDiff(old=VersionSide(old, before.info), new=VersionSide(new, after.info),
                     changes=changes, warnings=warnings)


def compare_translations(old: Path, new: Path) -> list[Change]:
    """What the translators changed: each value's text per language (`translations/es: ...`)."""
    changes: list[Change] = []
    languages = sorted({path.stem for folder in (old, new) for path in translation_paths(folder)})
    for language in languages:
        before, after = (_translated_texts(folder, language) for folder in (old, new))
        where = f"{TRANSLATIONS_FOLDER}/{language}: "
        for path in [*before, *(path for path in after if path not in before)]:
            old_text, new_text = before.get(path), after.get(path)
            if old_text == new_text:
                continue
            kind: Literal["added", "removed", "text"] = (
                "added" if old_text is None else "removed" if new_text is None else "text")
            changes.append(Change(kind, where + path, old_text, new_text))
    return changes


def _translated_texts(inputs: Path, language: str) -> dict[str, str]:
    """The texts of one translator's file (none when it is absent or cannot be read)."""
    path = inputs / TRANSLATIONS_FOLDER / f"{language}.yaml"
    try:
        file = read_translation_file(path)
    except PitchError:
        return {}
    return {entry.path: entry.text for entry in file.entries.values() if entry.text.strip()}


def default_redline_paths(project: Project, old: str, new: str) -> tuple[Path, Path]:
    """Where the redline goes unless told: build/diff-<old>-to-<new>.html and .pdf."""
    stem = f"diff-{_file_part(old)}-to-{_file_part(new)}"
    return project.build / f"{stem}.html", project.build / f"{stem}.pdf"


def _file_part(label: str) -> str:
    """A label as part of a file name: a folder by its own name (build/base: base)."""
    return Path(label).name if is_project_folder(label) else label


def describe_changes(diff: PitchDiff) -> list[DiffLine]:
    """The report for the terminal: a heading, one entry per change, a count."""
    if not diff.changes:
        return [DiffLine(f"No changes from {diff.old.describe()} to {diff.new.describe()}")]
    lines = [DiffLine(f"Changes from {diff.old.describe()} to {diff.new.describe()}", "heading"),
             DiffLine("")]
    for change in diff.changes:
        lines += describe_change(change)
    count = len(diff.changes)
    lines += [DiffLine(""), DiffLine(f"{count} change{'' if count == 1 else 's'}")]
    return lines


def format_changes(diff: PitchDiff) -> str:
    """The terminal report as plain text."""
    return "\n".join(line.text for line in describe_changes(diff)) + "\n"


def describe_change(change: Change) -> list[DiffLine]:
    """One change as lines: `asks: asks[workshop].amount changed from X to Y`."""
    where = change.where
    if change.kind in ("text", "items"):
        units = change_units(change)
        lines = [DiffLine(f"{where}: {count_units(units, change.kind)}")]
        for unit in units:
            if unit.old is not None and unit.changed:
                lines.append(DiffLine(f"  - {unit.old}", "delete"))
            if unit.new is not None and unit.changed:
                lines.append(DiffLine(f"  + {unit.new}", "insert"))
        return lines
    if change.kind == "added":
        return [DiffLine(f"{where} added: {change.new}", "insert")]
    if change.kind == "removed":
        return [DiffLine(f"{where} removed: {change.old}", "delete")]
    if change.kind == "reordered":
        return [DiffLine(f"{where}: order changed from {change.old} to {change.new}")]
    if change.kind == "formatting":
        return [DiffLine(f"{where}: formatting or links changed; the words are the same")]
    if change.kind == "changed":
        return [DiffLine(f"{where} changed from {_quoted(change.old)} to {_quoted(change.new)}")]
    return [DiffLine(f"{where} changed from {change.old} to {change.new}")]


def change_units(change: Change) -> list[UnitChange]:
    """The sentences (for prose) or items (for lists) of a change, aligned."""
    def units(text: str | None) -> list[str]:
        if not text:
            return []
        if change.kind == "items":
            return [plain_text(line) or line for line in text.split("\n")]
        return split_sentences(plain_text(text))

    return unit_changes(units(change.old), units(change.new))


def count_units(units: list[UnitChange], kind: str) -> str:
    """`1 sentence changed, 2 added`, or `1 item removed`; or that only formatting changed."""
    noun = "sentence" if kind == "text" else "item"
    counts = {
        "changed": sum(unit.changed and None not in (unit.old, unit.new) for unit in units),
        "added": sum(unit.old is None for unit in units),
        "removed": sum(unit.new is None for unit in units),
    }
    parts = [(number, verb) for verb, number in counts.items() if number]
    if not parts:
        return "formatting or links changed; the words are the same"
    first_number, first_verb = parts[0]
    words = [f"{first_number} {noun}{'' if first_number == 1 else 's'} {first_verb}"]
    return ", ".join(words + [f"{number} {verb}" for number, verb in parts[1:]])


def _quoted(text: str | None) -> str:
    if text is None:
        return "nothing"
    return f"“{text}”" if any(character.isspace() for character in text) else text
