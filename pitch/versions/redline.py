"""The redline: the changes between two versions as a document to send.

The changes become sections (one per input file) of entries, each a few
paragraphs of unchanged, deleted and inserted words; templates/redline.html.j2
marks them with <ins> and <del>, and WeasyPrint lays the same HTML out as a
PDF with the bundled fonts. Everything is rendered before anything is written.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

import jinja2

from pitch.documents.pdf import write_pdf
from pitch.errors import PitchError, Problem
from pitch.outputs import write_atomically
from pitch.project import Project
from pitch.render.context import doi_url
from pitch.render.templates import make_environment, template_problem
from pitch.resources import default_templates
from pitch.versions.compare import Change
from pitch.versions.diff import PitchDiff, change_units, count_units
from pitch.versions.sentences import Segment, UnitChange, plain_text, word_segments

TEMPLATE = "redline.html.j2"
FILE_TITLES = {
    "pitch": "The pitch (pitch.yaml)",
    "values": "Shared values (values.yaml)",
    "strategy": "Strategy (strategy.yaml)",
    "asks": "Asks and budget (asks.yaml)",
}
SINGULAR = {
    "asks": "Ask", "budget": "Budget line", "values": "Value", "pillars": "Pillar",
    "goals": "Goal", "milestones": "Milestone", "metrics": "Metric", "contacts": "Contact",
    "challenges": "Challenge", "amounts": "Amount for", "sections": "Section",
}
PATH_PART = re.compile(r"\[([^\]]*)\]|\.?(\w+)")
SUMMARIES = {"added": "added", "removed": "removed", "amount": "amount changed",
             "reordered": "order changed", "formatting": "formatting or links changed"}


@dataclass(frozen=True)
class RedlineEntry:
    """One change as the redline shows it: a label and paragraphs of segments."""

    label: str
    where: str
    """Where a writer finds it: inputs/asks.yaml · asks[workshop].amount."""
    summary: str
    paragraphs: list[list[Segment]]
    as_list: bool = False


@dataclass(frozen=True)
class RedlineSection:
    """The changes in one input file."""

    title: str
    entries: list[RedlineEntry] = field(default_factory=list)


@dataclass
class RedlineResult:
    """What writing the redline wrote, and what WeasyPrint warned about."""

    written: list[Path] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)


def redline_sections(diff: PitchDiff) -> list[RedlineSection]:
    """The changes grouped by input file, in the order they were found."""
    sections: dict[str, RedlineSection] = {}
    for change in diff.changes:
        section = sections.setdefault(change.file, RedlineSection(section_title(change.file)))
        section.entries.append(redline_entry(change))
    return list(sections.values())


def section_title(file: str) -> str:
    """A file's heading: `Strategy (strategy.yaml)`, `Organisation “ols” (...)`."""
    if file in FILE_TITLES:
        return FILE_TITLES[file]
    folder, _, name = file.partition("/")
    kind = "Organisation" if folder == "organisations" else "Funder variant"
    return f"{kind} “{name}” ({file}.yaml)"


def field_label(path: str) -> str:
    """A field path in words: pillars[workshops].summary → Pillar “workshops” › summary."""
    if not path:
        return "The whole file"
    parts: list[str] = []
    for match in PATH_PART.finditer(path):
        key, name = match.groups()
        if key is not None and parts:
            parts[-1] = f"{SINGULAR.get(parts[-1], parts[-1].capitalize())} “{key}”"
        elif name:
            parts.append(name.replace("_", " "))
    return " › ".join([parts[0][:1].upper() + parts[0][1:], *parts[1:]])


def redline_entry(change: Change) -> RedlineEntry:
    """One change as labelled paragraphs of unchanged, deleted and inserted words."""
    if change.kind in ("text", "items"):
        units = change_units(change)
        paragraphs = _unit_paragraphs(units, one_paragraph=change.kind == "text")
        summary = count_units(units, change.kind)
    else:
        paragraphs = _value_paragraphs(change)
        summary = SUMMARIES.get(change.kind, "changed")
    where = f"inputs/{change.file}.yaml" + (f" · {change.path}" if change.path else "")
    return RedlineEntry(field_label(change.path), where, summary, paragraphs,
                        as_list=change.kind == "items")


def _unit_paragraphs(units: list[UnitChange], *, one_paragraph: bool) -> list[list[Segment]]:
    paragraphs = [_unit_segments(unit) for unit in units]
    if one_paragraph:
        return [[segment for paragraph in paragraphs for segment in paragraph]]
    return paragraphs


def _unit_segments(unit: UnitChange) -> list[Segment]:
    if unit.old is None:
        return [Segment("insert", unit.new or "")]
    if unit.new is None:
        return [Segment("delete", unit.old)]
    if not unit.changed:
        return [Segment("equal", unit.old)]
    return word_segments(unit.old, unit.new)


def _value_paragraphs(change: Change) -> list[list[Segment]]:
    if change.kind == "reordered":
        return [[Segment("equal", "Was:"), Segment("delete", change.old or "")],
                [Segment("equal", "Now:"), Segment("insert", change.new or "")]]
    if change.kind == "formatting":
        return [[Segment("equal", plain_text(change.new or ""))]]
    if change.old is None:
        return [[Segment("insert", change.new or "")]]
    if change.new is None:
        return [[Segment("delete", change.old)]]
    if change.kind == "amount":
        return [[Segment("delete", change.old), Segment("insert", change.new)]]
    return [word_segments(change.old, change.new)]


def redline_templates(project: Project) -> Path:
    """The project's templates/ if it has a redline template, else the tool's own.

    Projects made before `pitch diff` existed have no redline.html.j2; they
    still get a redline, and a designer can restyle it by adding one.
    """
    if (project.templates / TEMPLATE).is_file():
        return project.templates
    return Path(str(default_templates()))


def render_redline_html(diff: PitchDiff, templates_dir: Path) -> str:
    """The redline as one self-contained HTML page (its CSS inlined)."""
    new = diff.new.info
    context = {
        "old": diff.old, "new": diff.new, "pitch": new, "language": new.language,
        "paper": new.paper, "doi_url": doi_url(new.doi), "old_doi_url": doi_url(diff.old.info.doi),
        "sections": redline_sections(diff), "change_count": len(diff.changes),
    }
    try:
        return make_environment(templates_dir).get_template(TEMPLATE).render(context)
    except jinja2.TemplateError as error:
        raise PitchError([template_problem(error, templates_dir, TEMPLATE)]) from None


def write_redline(
    diff: PitchDiff, project: Project, html_path: Path, pdf_path: Path
) -> RedlineResult:
    """Render the redline as HTML and PDF, then write both atomically."""
    templates_dir = redline_templates(project)
    html = render_redline_html(diff, templates_dir)
    pdf = write_pdf(html, templates_dir=templates_dir, readable=[project.inputs],
                    source=f"templates/{TEMPLATE}", doi=diff.new.info.doi)
    write_atomically(html_path, html)
    write_atomically(pdf_path, pdf.content)
    return RedlineResult(written=[html_path, pdf_path], warnings=pdf.warnings)
