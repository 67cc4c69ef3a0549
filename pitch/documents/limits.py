"""A funder's limits, measured on what is built: words, characters and pages.

Words and characters are counted on the rendered text of each section (the
text that lands in the PDF and the DOCX); pages on the laid-out PDFs.
"""

from __future__ import annotations

from dataclasses import dataclass

from pitch.errors import Problem, Severity
from pitch.inputs.load import LoadedFile
from pitch.inputs.model import Limits
from pitch.render.plaintext import SectionText


@dataclass(frozen=True)
class SectionMeasure:
    """One section's size beside its limits."""

    id: str
    title: str
    words: int
    characters: int
    word_limit: int | None = None
    character_limit: int | None = None

    @property
    def over(self) -> bool:
        """True when the section breaks one of its limits."""
        return bool((self.word_limit and self.words > self.word_limit)
                    or (self.character_limit and self.characters > self.character_limit))


def measure_sections(texts: list[SectionText], limits: Limits) -> list[SectionMeasure]:
    """Every section's words and characters, with the funder's limits beside them."""
    measures = []
    for section in texts:
        limit = limits.sections.get(section.id)
        measures.append(SectionMeasure(
            section.id, section.title, section.words, section.characters,
            limit.words if limit else None, limit.characters if limit else None))
    return measures


def section_problems(
    measures: list[SectionMeasure], limits: Limits, funder_file: LoadedFile | None
) -> list[Problem]:
    """A problem for every section over a limit, at the limit in the funder's file."""
    problems = []
    present = {measure.id for measure in measures}
    for measure in measures:
        for unit, count, limit in (("words", measure.words, measure.word_limit),
                                   ("characters", measure.characters, measure.character_limit)):
            if limit and count > limit:
                message = (f"section '{measure.title}': {count:,} {unit}, limit {limit:,} "
                           f"(over by {count - limit:,})")
                problems.append(_at(funder_file, ("limits", "sections", measure.id, unit), message))
    for section_id in limits.sections:
        if section_id not in present:
            problems.append(_at(funder_file, ("limits", "sections", section_id), (
                f"there is a limit for the section '{section_id}', which this pitch leaves out"),
                severity=Severity.WARNING))
    return problems


def page_problems(
    pages: dict[str, int], limits: Limits, funder_file: LoadedFile | None
) -> list[Problem]:
    """A problem for the pitch or summary when it has more pages than allowed."""
    problems = []
    for document, limit in (("pitch", limits.pitch_pages), ("summary", limits.summary_pages)):
        if limit and pages.get(document, 0) > limit:
            count = pages[document]
            message = f"{document}: {count} pages, limit {limit} (over by {count - limit})"
            problems.append(_at(funder_file, ("limits", f"{document}_pages"), message))
    return problems


def _at(
    funder_file: LoadedFile | None, path: tuple[str, ...], message: str,
    severity: Severity = Severity.ERROR,
) -> Problem:
    if funder_file is None:
        return Problem("pitch", message=message, severity=severity)
    line, column = funder_file.locate(path)
    return Problem(funder_file.display, line, column, ".".join(path), message, severity)
