"""The letter layout in Word: the reference styles made compact, as letter.css does for the PDF.

A funder's `layout: letter` gives the PDF a letterhead, 10.5pt text and
tight spacing (templates/letter.css). The DOCX takes the same reference
styles as the pitch and scales them here, in the document being written, so
a designer's edits to templates/reference.docx carry over to the letter
in proportion rather than being overwritten: sizes shrink by the letter's
ratios, the space around paragraphs by about half, and the page margins
are the letter's.
"""

from __future__ import annotations

from docx.document import Document
from docx.oxml.ns import qn
from docx.section import Section
from docx.shared import Mm
from lxml.etree import _Element

TEXT_SCALE = 10.5 / 11
"""Body text: 11pt in the pitch, 10.5pt in the letter."""
HEADING_SCALE = {"Title": 23 / 28, "Heading 1": 13.5 / 18, "Heading 2": 11.5 / 14}
"""The letter's h1, h2 and h3 against the pitch's (the h1 is Word's Title,
and the headings after it move up a level)."""
SPACE_SCALE = 0.5
"""Space before and after paragraphs."""
LINE_SPACING = 1.05
"""At most this multiple of single spacing (the pitch's text has 1.15)."""
MARGINS = (Mm(14), Mm(19), Mm(20), Mm(19))
"""Top, right, bottom and left, as letter.css's @page letter-layout."""


def compact_for_letter(document: Document) -> None:
    """Scale every style's type and spacing to the letter's, and set its margins."""
    styles = document.styles.element
    defaults = styles.find(qn("w:docDefaults"))
    if defaults is not None:
        _compact(defaults, TEXT_SCALE)
    for style in styles.iterchildren(qn("w:style")):
        name = style.find(qn("w:name"))
        label = name.get(qn("w:val")) if name is not None else ""
        _compact(style, HEADING_SCALE.get(_display_name(label), TEXT_SCALE))
    for section in document.sections:
        _set_margins(section)


def _display_name(style_name: str) -> str:
    """Word stores built-in heading names in lower case ("heading 1")."""
    return style_name[:1].upper() + style_name[1:]


def _compact(properties: _Element, size_scale: float) -> None:
    """Scale the font sizes and paragraph spacing that `properties` sets itself."""
    for tag in ("w:sz", "w:szCs"):
        for size in properties.iter(qn(tag)):
            half_points = _whole(size.get(qn("w:val")))
            if half_points is not None:
                size.set(qn("w:val"), str(max(2, round(half_points * size_scale))))
    for spacing in properties.iter(qn("w:spacing")):
        if spacing.getparent().tag != qn("w:pPr"):
            continue  # a run's character spacing, not a paragraph's
        for side in ("w:before", "w:after"):
            value = _whole(spacing.get(qn(side)))
            if value is not None:
                spacing.set(qn(side), str(round(value * SPACE_SCALE)))
        line = _whole(spacing.get(qn("w:line")))
        if line is not None and spacing.get(qn("w:lineRule"), "auto") == "auto":
            spacing.set(qn("w:line"), str(min(line, round(240 * LINE_SPACING))))


def _whole(value: str | None) -> int | None:
    """A measure in Word's own units; None for one written otherwise ("12pt"), left as it is."""
    return int(value) if value is not None and value.isdigit() else None


def _set_margins(section: Section) -> None:
    section.top_margin, section.right_margin, section.bottom_margin, section.left_margin = MARGINS
