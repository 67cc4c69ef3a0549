"""Write accepted edits into the YAML in place: checked like any input, all files or none.

Each edit replaces just its value's span (pitch/roundtrip/yaml_edit.py). The
edited files are laid over a copy of inputs/ staged inside the project, and
that copy goes through the same checks as `pitch check`; only when it
passes are the files moved into inputs/ together.
"""

from __future__ import annotations

import shutil
import tempfile
from dataclasses import replace
from decimal import Decimal, InvalidOperation
from pathlib import Path

from pitch.errors import PitchError, Problem, Severity, display_path
from pitch.inputs.load import LoadedFile
from pitch.inputs.validate import CheckedInputs, load_inputs
from pitch.inputs.variant import check_funders
from pitch.outputs import OutputFolder
from pitch.project import Project
from pitch.roundtrip.compare import ValueEdit
from pitch.roundtrip.yaml_edit import EditError, find_scalar, replace_value

STAGING_PREFIX = ".pitch-import-"


def edited_files(inputs: CheckedInputs, edits: list[ValueEdit]) -> dict[Path, str]:
    """The new text of every file the edits touch; raise PitchError if one cannot be made.

    Every value is found in the file as it was loaded, before any edit moves lines.
    """
    by_display = {source.display: source for source in inputs.sources.values()}
    originals: dict[Path, str] = {}
    texts: dict[Path, str] = {}
    problems = []
    for edit in edits:
        source = by_display.get(edit.origin.file)
        if source is None:
            problems.append(_problem(edit, "the file this value comes from is not an input"))
            continue
        original = originals.setdefault(source.path, source.path.read_bytes().decode("utf-8"))
        try:
            field_path = find_scalar(original, edit.origin.line, edit.origin.column)
            if not _holds(source, field_path, edit.before):
                raise EditError("the value here is computed from another (a funder's amount "
                                "scaled over budget lines?); change that value instead")
            texts[source.path] = replace_value(texts.get(source.path, original), field_path,
                                               edit.after)
        except EditError as error:
            problems.append(_problem(edit, f"cannot write {edit.path} here: {error}"))
    if problems:
        raise PitchError(problems)
    return texts


def apply_edits(project: Project, texts: dict[Path, str]) -> list[Path]:
    """Check the edited inputs as `pitch check` would; then write them all, or nothing."""
    inputs = project.inputs
    project.build.mkdir(exist_ok=True)
    staged = Project(Path(tempfile.mkdtemp(prefix=STAGING_PREFIX, dir=project.build)))
    try:
        shutil.copytree(inputs, staged.inputs)
        for path, text in texts.items():
            (staged.inputs / path.relative_to(inputs)).write_bytes(text.encode("utf-8"))
        _check(staged, project)
    finally:
        shutil.rmtree(staged.root, ignore_errors=True)
    with OutputFolder(inputs) as folder:
        for path, text in texts.items():
            folder.write(str(path.relative_to(inputs)), text.encode("utf-8"))
    return sorted(texts)


def _check(staged_project: Project, project: Project) -> None:
    staged, real = display_path(staged_project.inputs), display_path(project.inputs)
    try:
        checked = load_inputs(staged_project)
        problems = checked.warnings + check_funders(checked)
    except PitchError as error:
        problems = error.problems
    errors = [replace(problem, file=problem.file.replace(staged, real, 1))
              for problem in problems if problem.severity is Severity.ERROR]
    if errors:
        raise PitchError([*errors, Problem(real + "/", message=(
            "nothing was written: with these changes the inputs would not pass `pitch check`"))])


def _holds(source: LoadedFile, field_path: tuple[str | int, ...], before: str) -> bool:
    node = source.data
    for part in field_path:
        node = node[part]
    if isinstance(node, (int, float)) and not isinstance(node, bool):
        try:
            return Decimal(str(node)) == Decimal(before)
        except InvalidOperation:
            return False
    return str(node).strip() == before.strip()


def _problem(edit: ValueEdit, message: str) -> Problem:
    return Problem(edit.origin.file, edit.origin.line, edit.origin.column, edit.path, message)
