"""Rules about open sections and funder questions, across files.

Section ids must not clash, `after:` must name a section, organisation ids
in typed sections must exist, letter files must be inside inputs/, and a
funder's sections, limits and questions may name only sections there are.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from pitch.errors import Problem
from pitch.inputs.load import FieldPath, LoadedFile
from pitch.inputs.messages import did_you_mean
from pitch.inputs.model import Funder, Pitch
from pitch.inputs.sections import (
    BUILT_IN_SECTIONS,
    SECTION_MODELS,
    GovernanceSection,
    LettersSection,
    PersonnelSection,
    RisksSection,
    SectionBase,
    SupportSection,
    section_model_for,
)
from pitch.inputs.types import SLUG_PATTERN

Reference = tuple[FieldPath, str]


def check_section_rules(pitch: Pitch, sources: dict[str, LoadedFile]) -> list[Problem]:
    """Every cross-file problem of the open sections and of the funders' section choices."""
    problems: list[Problem] = []
    organisations = sorted(pitch.organisations)
    for section_id, section in _with_files(pitch, sources):
        source = sources[f"sections/{section_id}"]
        if section_id in BUILT_IN_SECTIONS:
            problems.append(source.problem((), (
                f"'{section_id}' is a built-in section; give this file another name, "
                f"such as {section_id}-more.yaml")))
        problems += section_problems(section, source, (), organisations)
    problems += _placement(pitch, sources)
    for funder_id, funder in pitch.funders.items():
        problems += _funder_problems(pitch, funder, sources[f"funders/{funder_id}"], sources)
    return problems


def _with_files(pitch: Pitch, sources: dict[str, LoadedFile]) -> list[tuple[str, SectionBase]]:
    """The sections read from sections/ (a variant's funder additions are checked apart)."""
    return [(section_id, section) for section_id, section in sorted(pitch.sections.items())
            if f"sections/{section_id}" in sources]


def section_problems(
    section: SectionBase, source: LoadedFile, prefix: FieldPath, organisations: list[str]
) -> list[Problem]:
    """Organisation ids and letter files of one section, at `prefix` in its file."""
    problems = [source.problem((*prefix, *path), f"there is no organisation '{name}'"
                               f"{_known(name, organisations)}")
                for path, name in _organisation_references(section) if name not in organisations]
    if isinstance(section, RisksSection):
        for index, risk in enumerate(section.risks):
            owner = risk.owner
            if SLUG_PATTERN.match(owner) and owner not in organisations:
                problems.append(source.problem((*prefix, "risks", index, "owner"), (
                    f"there is no organisation '{owner}'{_known(owner, organisations)}; "
                    "write a role with a capital or a space, such as Coalition coordinator")))
    if isinstance(section, LettersSection):
        inputs = source.path.parent.parent  # inputs/sections/x.yaml or inputs/funders/x.yaml
        for index, letter in enumerate(section.letters):
            message = _letter_file_problem(inputs, letter.file)
            if message:
                problems.append(source.problem((*prefix, "letters", index, "file"), message))
    return problems


def _organisation_references(section: SectionBase) -> Iterator[Reference]:
    if isinstance(section, GovernanceSection) and section.lead:
        yield ("lead",), section.lead
    if isinstance(section, PersonnelSection):
        for index, person in enumerate(section.people):
            yield ("people", index, "organisation"), person.organisation
    if isinstance(section, SupportSection):
        for index, grant in enumerate(section.grants):
            if grant.organisation:
                yield ("grants", index, "organisation"), grant.organisation


def _letter_file_problem(inputs: Path, name: str) -> str | None:
    relative = Path(name)
    if relative.is_absolute() or ".." in relative.parts:
        return f"'{name}' must be a path inside inputs/, such as letters/example.pdf"
    if not (inputs / relative).is_file():
        return f"there is no file inputs/{relative.as_posix()}; add the letter there"
    return None


def _placement(pitch: Pitch, sources: dict[str, LoadedFile]) -> list[Problem]:
    """`after:` names a section that exists, and no chain of afters loops."""
    known = [*BUILT_IN_SECTIONS, *sorted(pitch.sections)]
    problems = []
    for section_id, section in _with_files(pitch, sources):
        source = sources[f"sections/{section_id}"]
        if section.after is None:
            continue
        if section.after not in known:
            problems.append(source.problem(("after",), f"there is no section '{section.after}'"
                                           f"{_known(section.after, known)}"))
        elif _loops(pitch, section_id):
            problems.append(source.problem(("after",), (
                f"'{section_id}' comes after '{section.after}', which comes after it again; "
                "point one of them at a built-in section")))
    return problems


def _loops(pitch: Pitch, start: str) -> bool:
    seen, current = {start}, pitch.sections[start].after
    while current in pitch.sections:
        if current in seen:
            return True
        seen.add(current)
        current = pitch.sections[current].after
    return False


def funder_additions(
    funder: Funder, source: LoadedFile, problems: list[Problem]
) -> dict[str, SectionBase]:
    """The sections a funder file adds, validated; each problem at its line there."""
    from pitch.inputs.validate import unknown_kind_message, validate_model

    sections: dict[str, SectionBase] = {}
    for section_id, data in funder.additions.items():
        prefix: FieldPath = ("additions", section_id)
        if data.get("kind", "text") not in SECTION_MODELS:
            problems.append(source.problem((*prefix, "kind"), unknown_kind_message(data)))
            continue
        model = validate_model(source, section_model_for(data), prefix, problems, data)
        if isinstance(model, SectionBase):
            sections[section_id] = model
    return sections


def _funder_problems(
    pitch: Pitch, funder: Funder, source: LoadedFile, sources: dict[str, LoadedFile]
) -> list[Problem]:
    problems: list[Problem] = []
    additions = funder_additions(funder, source, problems)
    organisations = sorted(pitch.organisations)
    files = [section_id for section_id, _ in _with_files(pitch, sources)]
    for section_id, section in additions.items():
        if section_id in BUILT_IN_SECTIONS or section_id in files:
            problems.append(source.problem(("additions", section_id), (
                f"there is already a section '{section_id}'; change it with overrides: "
                f"or give the addition another id"), key=True))
        problems += section_problems(section, source, ("additions", section_id), organisations)
    known = [*BUILT_IN_SECTIONS, *files, *sorted(additions)]
    problems += funder_section_references(funder, source, known)
    problems += _unique_questions(funder, source)
    for index, question in enumerate(funder.questions):
        problems += [source.problem(("questions", index, "sections", position), (
            f"question '{question.id}' is answered by the section '{section_id}', which this "
            "funder's sections: list leaves out; add it there"))
            for position, section_id in enumerate(question.sections)
            if funder.sections is not None and section_id in known
            and section_id not in funder.sections]
    return problems


def funder_section_references(funder: Funder, source: LoadedFile, known: list[str]) -> list[Problem]:
    """A problem for each section id in a funder's sections, limits and questions not known."""
    return _unknown_sections(source, known, funder.sections or [], list(funder.limits.sections),
                             [question.sections for question in funder.questions])


def _unknown_sections(
    source: LoadedFile, known: list[str], sections: list[str], limited: list[str],
    questions: list[list[str]],
) -> list[Problem]:
    wanted: list[tuple[FieldPath, str, bool]] = [
        (("sections", index), section_id, False) for index, section_id in enumerate(sections)]
    wanted += [(("limits", "sections", section_id), section_id, True) for section_id in limited]
    for index, answered_by in enumerate(questions):
        wanted += [(("questions", index, "sections", position), section_id, False)
                   for position, section_id in enumerate(answered_by)]
    return [source.problem(path, f"there is no section '{name}'{_known(name, known)}", key=on_key)
            for path, name, on_key in wanted if name not in known]


def early_section_references(sources: dict[str, LoadedFile]) -> list[Problem]:
    """Funders' unknown section ids while files still have problems, read from the raw data.

    A funder file with a wrong key elsewhere still gets its section ids checked,
    so a writer sees every problem in one run.
    """
    files = sorted(name.split("/", 1)[1] for name in sources if name.startswith("sections/"))
    problems = []
    for name, loaded in sorted(sources.items()):
        data = _mapping(loaded.data)
        if not name.startswith("funders/"):
            continue
        known = [*BUILT_IN_SECTIONS, *files, *map(str, _mapping(data.get("additions")))]
        limited = list(map(str, _mapping(_mapping(data.get("limits")).get("sections"))))
        questions = data.get("questions")
        answered_by = [_strings(_mapping(item).get("sections"))
                       for item in (questions if isinstance(questions, list) else [])]
        problems += _unknown_sections(loaded, known, _strings(data.get("sections")), limited,
                                      answered_by)
    return problems


def _strings(value: object) -> list[str]:
    return [item for item in value if isinstance(item, str)] if isinstance(value, list) else []


def _mapping(value: object) -> dict[str, object]:
    return value if isinstance(value, dict) else {}


def _unique_questions(funder: Funder, source: LoadedFile) -> list[Problem]:
    seen: set[str] = set()
    problems = []
    for index, question in enumerate(funder.questions):
        if question.id in seen:
            problems.append(source.problem(("questions", index, "id"), (
                f"the question id '{question.id}' is used twice; ids must differ")))
        seen.add(question.id)
    return problems


def _known(name: str, known: list[str]) -> str:
    suggestion = did_you_mean(name, known)
    return suggestion or f" (the ids are: {', '.join(known) if known else 'none yet'})"
