"""A funder's questions answered from the rendered sections, and its limits on single values.

Each answer is the text of the sections its question names, measured the
way portals count (see pitch/render/plaintext.py); one section's answer is
its text, several sections' answers give each its title. Field limits
(`limits.fields`, such as pitch.title) are counted on the resolved value,
its whitespace collapsed.
"""

from __future__ import annotations

from dataclasses import dataclass

from pitch.errors import Problem
from pitch.inputs.load import FieldPath
from pitch.inputs.overrides import OverridePathError, parse_path, resolve_path
from pitch.inputs.questions import Question
from pitch.inputs.variant import Variant
from pitch.render.plaintext import SectionText


@dataclass(frozen=True)
class Answer:
    """One question's answer beside its limits; shaped like a section's measure."""

    id: str
    title: str
    question: str
    text: str
    word_limit: int | None = None
    character_limit: int | None = None

    @property
    def words(self) -> int:
        """Words as portals count them."""
        return SectionText(self.id, self.title, self.text).words

    @property
    def characters(self) -> int:
        """Characters, spaces included."""
        return SectionText(self.id, self.title, self.text).characters

    @property
    def over(self) -> bool:
        """True when the answer breaks one of its limits."""
        return bool((self.word_limit and self.words > self.word_limit)
                    or (self.character_limit and self.characters > self.character_limit))


def answer_questions(variant: Variant, texts: list[SectionText]) -> tuple[list[Answer], list[Problem]]:
    """Each of the funder's questions answered from the sections' text, and what is wrong."""
    if variant.funder is None or variant.funder_source is None:
        return [], []
    by_id = {text.id: text for text in texts}
    answers, problems = [], []
    for index, question in enumerate(variant.funder.questions):
        missing = [section_id for section_id in question.sections if section_id not in by_id]
        for section_id in missing:
            position = question.sections.index(section_id)
            problems.append(variant.funder_source.problem(
                ("questions", index, "sections", position),
                f"question '{question.id}' is answered by the section '{section_id}', which "
                "this funder's sections: list leaves out; add it there"))
        chosen = [by_id[section_id] for section_id in question.sections if section_id in by_id]
        answer = _answer(question, chosen)
        answers.append(answer)
        problems += _over(answer, index, variant)
    return answers, problems


def _answer(question: Question, sections: list[SectionText]) -> Answer:
    if len(sections) == 1:
        text = sections[0].text
    else:
        text = "\n\n".join(f"{section.title}\n\n{section.text}" for section in sections)
    return Answer(question.id, question.heading, question.question, text,
                  question.words, question.characters)


def _over(answer: Answer, index: int, variant: Variant) -> list[Problem]:
    assert variant.funder_source is not None
    problems = []
    for unit, count, limit in (("words", answer.words, answer.word_limit),
                               ("characters", answer.characters, answer.character_limit)):
        if limit and count > limit:
            problems.append(variant.funder_source.problem(("questions", index, unit), (
                f"question '{answer.title}': {count:,} {unit}, limit {limit:,} "
                f"(over by {count - limit:,})")))
    return problems


def measure_fields(variant: Variant) -> tuple[list[Answer], list[Problem]]:
    """Each value `limits.fields` names, measured; a problem for each one over its limit."""
    source = variant.funder_source
    if source is None:
        return [], []
    measures, problems = [], []
    for path_text, limit in variant.limits.fields.items():
        where: FieldPath = ("limits", "fields", path_text)
        try:
            parsed = parse_path(path_text, tuple(variant.data))
            file, path = resolve_path(variant.data, parsed) if not parsed[0].startswith(
                "sections/") else _section_path(variant, parsed)
        except OverridePathError as error:
            problems.append(source.problem(where, str(error), key=True))
            continue
        value = " ".join(str(_value_at(variant.data[file], path) or "").split())
        measure = Answer(path_text, path_text, path_text, value, limit.words, limit.characters)
        measures.append(measure)
        for unit, count, most in (("words", measure.words, limit.words),
                                  ("characters", measure.characters, limit.characters)):
            if most and count > most:
                problems.append(source.problem((*where, unit), (
                    f"{path_text}: {count:,} {unit}, limit {most:,} (over by {count - most:,})")))
    return measures, problems


def _section_path(variant: Variant, parsed: tuple[str, tuple[object, ...]]) -> tuple[str, FieldPath]:
    from pitch.inputs.sections import section_model_for

    return resolve_path(variant.data, parsed, section_model_for(variant.data[parsed[0]]))  # type: ignore[arg-type]


def _value_at(node: object, path: FieldPath) -> object:
    for part in path:
        if isinstance(node, dict):
            node = node.get(part)
        elif isinstance(node, list) and isinstance(part, int):
            node = node[part]
        else:
            return None
    return node
