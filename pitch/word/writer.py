"""The pitch as DOCX: rendered HTML walked onto the named styles of templates/reference.docx.

The HTML is the one source of the content; this module maps a small, known
set of elements onto Word styles (see docx_blocks, docx_inline, docx_tables),
then stamps the version, date and DOI into the footer and the properties.
The same HTML and metadata always give the same bytes.
"""

from __future__ import annotations

import datetime
import logging
import zipfile
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from io import BytesIO
from pathlib import Path
from typing import Literal, cast
from xml.etree.ElementTree import Element

import docx
import tinyhtml5
from docx.document import Document
from docx.enum.text import WD_TAB_ALIGNMENT
from docx.section import Section
from docx.shared import Cm, Inches, Length

from pitch.errors import PitchError, Problem, display_path
from pitch.word.blocks import BlockWriter, Context
from pitch.word.embedded_fonts import bullets_in_packaged_font, embed_fonts, families_needed
from pitch.word.inline import ImageFinder
from pitch.word.letter import compact_for_letter
from pitch.word.marks import ValueMarks
from pitch.word.ooxml import add_field, set_default_language
from pitch.word.package import repack_zip
from pitch.word.reading import footer_text, read_body
from pitch.word.record import BuildRecord, RecordedMark, add_record_part

PAPER_SIZES: dict[str, tuple[Length, Length, Length]] = {
    "a4": (Cm(21), Cm(29.7), Cm(2.5)),
    "letter": (Inches(8.5), Inches(11), Inches(1)),
}
"""Width, height and margin of each paper size the pitch may ask for."""

REQUIRED_STYLES = (
    "Normal", "Body Text", "Title", "Subtitle", "Heading 1", "Heading 2", "Heading 3",
    "Heading 4", "Heading 5", "Heading 6", "Lead", "Meta", "Caption", "Figure", "Quote", "Label",
    "List Bullet", "List Bullet 2", "List Bullet 3", "List Number", "List Number 2",
    "List Number 3", "List Continue", "List Continue 2", "List Continue 3", "Footer",
    "Table Text", "Table Heading", "Table Total", "Pitch Table", "Hyperlink", "Table Note",
    "Strong", "Emphasis", "Note Reference",
)
"""Every style the writer names; a reference document must define them all."""

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class DocumentMetadata:
    """What the DOCX says about itself: core properties, language and footer."""

    title: str
    author: str
    subject: str
    keywords: tuple[str, ...]
    language: str
    version: str
    date: datetime.date
    doi: str
    footer_text: str
    paper: Literal["a4", "letter"] | None = None


def write_docx(
    html: str,
    *,
    reference: Path,
    metadata: DocumentMetadata,
    image_folders: Sequence[Path] = (),
    report: Callable[[Problem], None] | None = None,
    record: BuildRecord | None = None,
    value_texts: Mapping[str, str] | None = None,
    pictures: Mapping[str, bytes] | None = None,
) -> bytes:
    """Turn rendered pitch HTML into DOCX bytes styled by the `reference` document.

    Images are read only from `image_folders`; others are left out and
    passed to `report` as warnings (logged when no `report` is given).
    With a `record`, the text of each value mark is recorded in the DOCX
    beside `value_texts` (each value as the YAML says it), for `pitch import`.
    `pictures` are images made in memory (the charts' PNGs), by their <img src>.
    """
    document = _open_reference(reference)
    document.element.body.clear_content()
    section = document.sections[0]
    if metadata.paper is not None:
        _set_paper(section, metadata.paper)
    body = _parse_body(html)
    if "document-letter" in body.get("class", "").split():
        compact_for_letter(document)
    images = ImageFinder(tuple(image_folders), report or _log_problem, pictures or {})
    writer = BlockWriter(document, images, _text_width(section))
    writer.write(body, document, Context())
    embed_fonts(document, families_needed("".join(body.itertext())))
    bullets_in_packaged_font(document)
    for each_section in document.sections:
        _write_footer(each_section, metadata.footer_text)
    set_default_language(document, metadata.language)
    _set_core_properties(document, metadata)
    if record is not None:
        _record_marks(document, writer.marks, record, value_texts or {})
    buffer = BytesIO()
    document.save(buffer)
    return repack_zip(buffer.getvalue(), metadata.date)


def _open_reference(reference: Path) -> Document:
    """Open the reference and check it defines every style the writer names."""
    try:
        with reference.open("rb") as stream:
            document = docx.Document(stream)
    except (OSError, ValueError, KeyError, zipfile.BadZipFile) as error:
        reason = error.strerror if isinstance(error, OSError) and error.strerror else "not a Word file"
        raise PitchError([Problem(file=display_path(reference), message=(
            f"cannot open the Word reference styles ({reason}); write a fresh one with "
            f"`pitch reference-docx {display_path(reference)} --force`"))]) from None
    defined = {style.name for style in document.styles}
    missing = [name for name in REQUIRED_STYLES if name not in defined]
    if missing:
        advice = "add it in Word, or regenerate the file with `pitch reference-docx`"
        where = display_path(reference)
        raise PitchError([
            Problem(file=where, message=f"the Word reference has no style '{name}'; {advice}")
            for name in missing
        ])
    return document


def _parse_body(html: str) -> Element:
    root = tinyhtml5.parse(html, namespace_html_elements=False)
    body: Element | None = root.find("body")
    return body if body is not None else cast(Element, root)


def _set_paper(section: Section, paper: str) -> None:
    width, height, margin = PAPER_SIZES[paper]
    section.page_width, section.page_height = width, height
    section.left_margin = section.right_margin = margin
    section.top_margin = section.bottom_margin = margin


def _text_width(section: Section) -> Length:
    width, left, right = section.page_width, section.left_margin, section.right_margin
    assert width is not None and left is not None and right is not None, "set by _set_paper"
    return Length(width - left - right)


def _write_footer(section: Section, text: str) -> None:
    """The version line on the left and the page number on the right of every page."""
    footer = section.footer
    footer.is_linked_to_previous = False
    for block in list(footer._element):
        footer._element.remove(block)
    paragraph = footer.add_paragraph(text, style="Footer")
    paragraph.paragraph_format.tab_stops.add_tab_stop(_text_width(section), WD_TAB_ALIGNMENT.RIGHT)
    paragraph.add_run("\t")
    add_field(paragraph, "PAGE", "1")


def _set_core_properties(document: Document, metadata: DocumentMetadata) -> None:
    """Stamp the pitch's own properties over everything the template carried."""
    properties = document.core_properties
    properties.title = metadata.title
    properties.author = properties.last_modified_by = metadata.author
    properties.subject = metadata.subject
    properties.keywords = ", ".join(metadata.keywords)
    properties.identifier = f"https://doi.org/{metadata.doi}"
    properties.version = metadata.version
    properties.language = metadata.language
    properties.comments = properties.category = properties.content_status = ""
    moment = datetime.datetime.combine(metadata.date, datetime.time(), datetime.UTC)
    properties.created = properties.modified = moment
    properties.revision = 1


def _record_marks(
    document: Document, marks: ValueMarks, record: BuildRecord, value_texts: Mapping[str, str],
) -> None:
    """Read the marks back as `pitch import` will, and embed what each one says."""
    links = {rel_id: rel.target_ref for rel_id, rel in document.part.rels.items() if rel.is_external}
    read = read_body(document.element.body, links)
    record.marks = [
        RecordedMark(number, path, value_texts.get(path, ""),
                     read.marks[number].markdown(accept_changes=True, block=number in marks.blocks)
                     if number in read.marks else "", number in marks.blocks)
        for number, path in enumerate(marks.paths)
    ]
    record.unmarked = read.unmarked
    record.footer = footer_text(document.sections[0].footer._element)
    add_record_part(document, record)


def _log_problem(problem: Problem) -> None:
    logger.warning(problem.format())
