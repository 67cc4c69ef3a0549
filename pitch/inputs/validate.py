"""Load every input file of a project and check it against the models.

All problems of all files are gathered before anything is reported, so a
writer sees the whole list in one run.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from difflib import get_close_matches
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError

from pitch.errors import PitchError, Problem, Severity, display_path, has_errors
from pitch.inputs.glyphs import undrawable_characters
from pitch.inputs.load import (
    ComposedFiles,
    FieldPath,
    LoadedFile,
    format_field_path,
    load_yaml_file,
)
from pitch.inputs.messages import (
    annotation_at,
    closest,
    describe_error,
    did_you_mean,
    fields_at,
    literal_choices,
)
from pitch.inputs.model import FILE_MODELS, Pitch
from pitch.inputs.rules import check_rules
from pitch.inputs.section_rules import early_section_references
from pitch.inputs.sections import SECTION_MODELS, section_model_for, unknown_kind
from pitch.inputs.types import SLUG_PATTERN
from pitch.project import ITEM_FOLDERS, SINGLE_FILES, Project


@dataclass
class CheckedInputs:
    """A project's inputs, checked: the pitch, where each value came from, and warnings."""

    project: Project
    pitch: Pitch
    sources: dict[str, LoadedFile] = field(default_factory=dict)
    warnings: list[Problem] = field(default_factory=list)

    @property
    def input_files(self) -> list[Path]:
        """Every input file read, in a stable order."""
        return sorted(source.path for source in self.sources.values())


def load_inputs(project: Project, composed: ComposedFiles | None = None) -> CheckedInputs:
    """Read and check every input of the project; raise PitchError with every problem.

    `composed` keeps the parsed files for the next load (a watch loop's)."""
    inputs = project.inputs
    if not inputs.is_dir():
        raise PitchError([Problem(display_path(inputs) + "/", message=(
            "no inputs/ folder here; run the command in a pitch project "
            "or name the project folder, such as: pitch check my-pitch"))])
    problems: list[Problem] = project.links_outside()
    if problems:
        raise PitchError(problems)
    sources: dict[str, LoadedFile] = {}
    models: dict[str, Any] = {}
    for kind, name, path in _input_paths(inputs, problems):
        loaded, model = _load_one(path, kind, problems, composed)
        if loaded is not None:
            sources[name] = loaded
        if model is not None:
            models[name] = model
    if has_errors(problems):
        raise PitchError(problems + early_section_references(sources))
    pitch = _assemble(models)
    problems += check_rules(pitch, sources)
    if has_errors(problems):
        raise PitchError(problems)
    return CheckedInputs(project=project, pitch=pitch, sources=sources, warnings=problems)


def _input_paths(inputs: Path, problems: list[Problem]) -> list[tuple[str, str, Path]]:
    """(kind, name, path) of every file to read; a problem for each one missing."""
    found = [(kind, name.removesuffix(".yaml"), inputs / name) for name, kind in SINGLE_FILES.items()]
    for folder, kind in ITEM_FOLDERS.items():
        for path in sorted((inputs / folder).glob("*.yaml")):
            found.append((kind, f"{folder}/{path.stem}", path))
            if not SLUG_PATTERN.match(path.stem):
                problems.append(Problem(display_path(path), 1, 1, message=(
                    f"the file name '{path.name}' is used as an id; use lower-case "
                    "letters, digits and hyphens, such as open-life-science.yaml")))
    if not any(kind == "organisation" for kind, _, _ in found):
        problems.append(Problem(display_path(inputs / "organisations") + "/", message=(
            "no organisation files; add one YAML file per organisation")))
    problems += _stray_files(inputs)
    for folder in ITEM_FOLDERS:
        problems += [Problem(display_path(path), message=f"this file is not read; name it "
                             f"{path.stem}.yaml", severity=Severity.WARNING)
                     for path in sorted((inputs / folder).glob("*.yml"))]
    return found


def _stray_files(inputs: Path) -> list[Problem]:
    """Warn about YAML files this tool would silently ignore (often a typo)."""
    problems = []
    for path in sorted(inputs.glob("*.y*ml")):
        if path.name in SINGLE_FILES:
            continue
        guess = get_close_matches(path.name, list(SINGLE_FILES), n=1, cutoff=0.6)
        hint = f"; did you mean {guess[0]}?" if guess else ""
        if path.suffix == ".yml" and f"{path.stem}.yaml" in SINGLE_FILES:
            hint = f"; name it {path.stem}.yaml"
        problems.append(Problem(display_path(path), message=(
            f"this file is not read{hint}"), severity=Severity.WARNING))
    return problems


def _load_one(
    path: Path, kind: str, problems: list[Problem], composed: ComposedFiles | None = None,
) -> tuple[LoadedFile | None, BaseModel | None]:
    try:
        loaded = load_yaml_file(path, composed)
    except PitchError as error:
        problems += error.problems
        return None, None
    problems += undrawable_characters(loaded)
    if not isinstance(loaded.data, dict):
        problems.append(loaded.problem((), "the file should hold keys and values (key: value)"))
        return loaded, None
    model_class: type[BaseModel] = FILE_MODELS.get(kind) or section_model_for(loaded.data)
    if kind == "section" and unknown_kind(loaded.data):
        problems.append(loaded.problem(("kind",), unknown_kind_message(loaded.data)))
        return loaded, None
    return loaded, validate_model(loaded, model_class, (), problems)


def unknown_kind_message(data: dict[str, Any]) -> str:
    """The message for a section whose `kind` no model has."""
    kind = str(data.get("kind"))
    return (f"there is no kind of section '{kind}'{did_you_mean(kind, list(SECTION_MODELS))}"
            f" (the kinds are: {', '.join(SECTION_MODELS)})")


def validate_model(
    loaded: LoadedFile, model_class: type[BaseModel], prefix: FieldPath,
    problems: list[Problem], data: Any = None,
) -> BaseModel | None:
    """Validate data at `prefix` in a file; each error becomes a located problem."""
    data = loaded.data if data is None else data
    try:
        return model_class.model_validate(data)
    except ValidationError as error:
        details = _without_misspelt_missing(error.errors(), model_class)
        for detail in details:
            detail["loc"] = (*prefix, *detail["loc"])
        problems += [_problem_from(loaded, model_class, detail, len(prefix)) for detail in details]
        return None


def _without_misspelt_missing(details: list[Any], model_class: type[BaseModel]) -> list[Any]:
    """Drop "missing 'amount'" where an unknown key 'amout' already says it."""
    suggested = set()
    for detail in details:
        if detail["type"] == "extra_forbidden":
            parent, key = detail["loc"][:-1], str(detail["loc"][-1])
            match = closest(key, fields_at(model_class, parent))
            if match:
                suggested.add((*parent, match))
    return [detail for detail in details
            if not (detail["type"] == "missing" and tuple(detail["loc"]) in suggested)]


def _problem_from(
    loaded: LoadedFile, model_class: type[BaseModel], detail: Any, skip: int = 0
) -> Problem:
    """Turn one pydantic error into a problem at the right line and column.

    `skip` is how many leading parts of the location lie outside the model.
    """
    location = error_location(detail)
    kind = detail["type"]
    choices = _choices_for(model_class, detail, location[skip:])
    message = describe_error(detail, choices)
    if kind == "missing":
        line, column = loaded.locate(location[:-1])
        return Problem(loaded.display, line, column, format_field_path(location), message)
    on_key = kind == "extra_forbidden" or "[key]" in detail["loc"]
    return loaded.problem(location, message, key=on_key)


def error_location(detail: Any) -> tuple[str | int, ...]:
    """Where an error points: its path, and the key a model-level check names (`at`)."""
    location = tuple(part for part in detail["loc"] if part != "[key]")
    at = (detail.get("ctx") or {}).get("at")
    return (*location, at) if at else location


def _choices_for(
    model_class: type[BaseModel], detail: Any, location: tuple[str | int, ...]
) -> list[str]:
    """The allowed keys or values at an error, to suggest the closest one."""
    on_key = "[key]" in detail["loc"]
    if detail["type"] == "extra_forbidden" or (on_key and detail["type"] == "literal_error"):
        return fields_at(model_class, location[:-1])
    if detail["type"] == "literal_error":
        return literal_choices(annotation_at(model_class, location))
    return []


def _assemble(models: dict[str, Any]) -> Pitch:
    def folder(prefix: str) -> dict[str, Any]:
        return {name.split("/", 1)[1]: model for name, model in models.items()
                if name.startswith(prefix + "/")}

    return Pitch(
        info=models["pitch"], values=models["values"], strategy=models["strategy"],
        asks=models["asks"], organisations=folder("organisations"), funders=folder("funders"),
        sections=folder("sections"),
    )
