"""The few pieces of OOXML that python-docx has no API for.

Hyperlinks, fields, repeating header rows, table captions, alt text, the
document language, list restarts and a byte-stable zip: each is a handful of
elements, kept here so the writer above reads as python-docx idiom.
"""

from __future__ import annotations

from docx.document import Document
from docx.opc.constants import RELATIONSHIP_TYPE
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shape import InlineShape
from docx.table import Table, _Row
from docx.text.paragraph import Paragraph
from docx.text.run import Run
from lxml.etree import _Element


class StyleIds:
    """Style names resolved to ids once.

    python-docx finds a style by name by scanning every style, twice, for
    each paragraph; for a whole pitch that is most of the writing time.
    """

    def __init__(self, document: Document) -> None:
        self._ids = {style.name: style.style_id for style in document.styles}

    def id_of(self, name: str) -> str:
        """The id of the style named `name`."""
        return str(self._ids[name])

    def set_paragraph_style(self, paragraph: Paragraph, name: str) -> None:
        """What `paragraph.style = name` does, without the scan."""
        paragraph._p.style = self._ids[name]

    def set_run_style(self, run: Run, name: str) -> None:
        """What `run.style = name` does, without the scan."""
        run._r.style = self._ids[name]


def add_hyperlink(paragraph: Paragraph, url: str) -> _Element:
    """Append an empty external `w:hyperlink` to `paragraph` and return it."""
    relationship_id = paragraph.part.relate_to(url, RELATIONSHIP_TYPE.HYPERLINK, is_external=True)
    hyperlink = OxmlElement("w:hyperlink", attrs={qn("r:id"): relationship_id})
    paragraph._p.append(hyperlink)
    return hyperlink


def add_field(paragraph: Paragraph, instruction: str, placeholder: str) -> None:
    """Append a field such as `PAGE`, showing `placeholder` until Word updates it."""
    parts = [("begin", None), (None, instruction), ("separate", None)]
    for char_type, text in parts:
        _add_field_part(paragraph, char_type, text)
    paragraph.add_run(placeholder)
    _add_field_part(paragraph, "end", None)


def _add_field_part(paragraph: Paragraph, char_type: str | None, instruction: str | None) -> None:
    run = paragraph.add_run()
    if char_type is not None:
        run._r.append(OxmlElement("w:fldChar", attrs={qn("w:fldCharType"): char_type}))
    if instruction is not None:
        text = OxmlElement("w:instrText", attrs={qn("xml:space"): "preserve"})
        text.text = f" {instruction} "
        run._r.append(text)


def mark_header_row(row: _Row) -> None:
    """Repeat `row` at the top of every page the table spans."""
    row._tr.get_or_add_trPr().append(OxmlElement("w:tblHeader"))


def set_table_caption(table: Table, caption: str) -> None:
    """Name the table for screen readers (`w:tblCaption`, after `w:tblLook`)."""
    table._tbl.tblPr.append(OxmlElement("w:tblCaption", attrs={qn("w:val"): caption}))


def set_alt_text(shape: InlineShape, text: str) -> None:
    """Give a picture its alternative text (`wp:docPr/@descr`)."""
    shape._inline.docPr.set("descr", text)


def set_default_language(document: Document, language: str) -> None:
    """Declare the language of the whole text in the style defaults."""
    styles = document.styles.element
    defaults = _get_or_append(styles, "w:docDefaults", first=True)
    run_defaults = _get_or_append(defaults, "w:rPrDefault", first=True)
    properties = _get_or_append(run_defaults, "w:rPr")
    _get_or_append(properties, "w:lang").set(qn("w:val"), language)


def _get_or_append(parent: _Element, tag: str, *, first: bool = False) -> _Element:
    child = parent.find(qn(tag))
    if child is None:
        child = OxmlElement(tag)
        if first:
            parent.insert(0, child)
        else:
            parent.append(child)
    return child


def restart_numbering(document: Document, style_name: str) -> int | None:
    """A new numbering instance for a list style, counting from 1 again.

    Every "List Number" paragraph shares one counter unless it names its
    own instance; returns None when the style is not numbered.
    """
    properties = document.styles[style_name].element.pPr
    if properties is None or properties.numPr is None or properties.numPr.numId is None:
        return None
    numbering = document.part.numbering_part.element
    shared = numbering.num_having_numId(properties.numPr.numId.val)
    fresh = numbering.add_num(shared.abstractNumId.val)
    fresh.add_lvlOverride(ilvl=0).add_startOverride(1)
    number: int | None = fresh.numId
    return number


def set_numbering(paragraph: Paragraph, number_id: int) -> None:
    """Attach `paragraph` to a numbering instance made by `restart_numbering`."""
    numbering = paragraph._p.get_or_add_pPr().get_or_add_numPr()
    numbering.get_or_add_ilvl().val = 0
    numbering.get_or_add_numId().val = number_id
