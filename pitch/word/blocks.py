"""Block HTML (headings, paragraphs, lists, figures, sections) into named Word paragraph styles.

Elements the map does not name are walked through, so a new wrapper in a
template never loses its content.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from xml.etree.ElementTree import Element

from docx.document import Document
from docx.shared import Length
from docx.table import _Cell
from docx.text.paragraph import Paragraph

from pitch.render.marks import PATH_ATTRIBUTE
from pitch.word.inline import (
    ImageFinder,
    InlineWriter,
    Node,
    RunFormat,
    children,
    classes,
    is_inline,
)
from pitch.word.marks import ValueMarks
from pitch.word.ooxml import (
    StyleIds,
    restart_numbering,
    set_numbering,
    set_table_caption,
)
from pitch.word.tables import write_table

Container = Document | _Cell
PARAGRAPH_CLASS_STYLES = {"lead": "Lead", "meta": "Meta", "caption": "Caption",
                          "subtitle": "Subtitle", "label": "Label"}
HEADING_TAGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})
TITLE_BLOCKS = frozenset({"cover", "letterhead"})
"""Header classes whose h1 is the document's Title; only the cover is a page of its own."""
LIST_STYLE_DEPTH = 3
"""The reference has "List Bullet" to "List Bullet 3"; deeper lists reuse the last."""


@dataclass(frozen=True)
class Context:
    """What the enclosing elements decide for the blocks inside them."""

    style: str = "Body Text"
    list_depth: int = 0
    in_title_block: bool = False
    run_format: RunFormat = field(default_factory=RunFormat)


class BlockWriter:
    """Walks block HTML and adds paragraphs and tables to a document or a table cell."""

    def __init__(self, document: Document, images: ImageFinder, text_width: Length) -> None:
        self._document = document
        self._styles = StyleIds(document)
        self._images = images
        self._text_width = text_width
        self._page_break_pending = False
        self._heading_shift = 0
        self.paragraphs: list[Paragraph] = []
        self.marks = ValueMarks()

    def write(self, element: Element, container: Container, context: Context) -> None:
        """Write the element's content: runs of inline nodes become one paragraph each."""
        inline: list[Node] = []
        for node in children(element):
            if isinstance(node, str) or is_inline(node):
                inline.append(node)
                continue
            self.add_paragraph(container, context.style, inline, context.run_format)
            inline = []
            self._block(node, container, context)
        self.add_paragraph(container, context.style, inline, context.run_format)

    def add_paragraph(
        self, container: Container, style: str, nodes: Iterable[Node], run_format: RunFormat
    ) -> Paragraph | None:
        """Add a paragraph holding `nodes`; an empty one is dropped and None returned."""
        nodes = list(nodes)
        if all(isinstance(node, str) and node.isspace() for node in nodes):
            return None
        paragraph = container.add_paragraph()
        self._styles.set_paragraph_style(paragraph, style)
        writer = InlineWriter(paragraph, self._styles, self._images, self._text_width, self.marks)
        for node in nodes:
            writer.write(node, run_format)
        if not writer.finish():
            paragraph._p.getparent().remove(paragraph._p)
            return None
        self._take_page_break(paragraph, container)
        self.paragraphs.append(paragraph)
        return paragraph

    def _block(self, element: Element, container: Container, context: Context) -> None:
        value_path = element.get(PATH_ATTRIBUTE)
        if value_path is None:
            self._unmarked_block(element, container, context)
            return
        start = len(self.paragraphs)
        self._unmarked_block(element, container, context)
        if len(self.paragraphs) > start:
            self.marks.around_paragraphs(value_path, self.paragraphs[start:])

    def _unmarked_block(self, element: Element, container: Container, context: Context) -> None:
        tag, names = element.tag, classes(element)
        if "page-break" in names and isinstance(container, Document):
            self._page_break_pending = True
        if tag in HEADING_TAGS:
            self.add_paragraph(container, self._heading_style(tag, context), children(element),
                               RunFormat())
        elif tag == "p":
            style = next((PARAGRAPH_CLASS_STYLES[n] for n in sorted(names)
                          if n in PARAGRAPH_CLASS_STYLES), context.style)
            self.add_paragraph(container, style, children(element), context.run_format)
        elif tag in ("ul", "ol"):
            self._list(element, container, context)
        elif tag in ("figcaption", "caption"):
            self.add_paragraph(container, "Caption", children(element), RunFormat())
        elif tag == "table":
            self._table(element, container)
        else:
            inner = self._inner_context(element, context)
            start = len(self.paragraphs)
            self.write(element, container, inner)
            if tag == "section" and element.get("id") and len(self.paragraphs) > start:
                self.marks.section_start(self.paragraphs[start], element.get("id", ""))
            if tag == "header" and "cover" in names and isinstance(container, Document):
                self._page_break_pending = True  # the cover is a page of its own

    def _heading_style(self, tag: str, context: Context) -> str:
        """h1 on the cover or letterhead is the Title; the headings after it move up a level.

        In HTML the sections are h2 under the title's h1; in Word the title
        has its own style, so the sections become Heading 1.
        """
        if tag == "h1" and context.in_title_block:
            self._heading_shift = 1
            return "Title"
        return f"Heading {max(int(tag[1]) - self._heading_shift, 1)}"

    def _inner_context(self, element: Element, context: Context) -> Context:
        tag = element.tag
        if tag == "header" and classes(element) & TITLE_BLOCKS:
            return replace(context, in_title_block=True)
        if tag == "figure":
            return replace(context, style="Figure")
        if tag == "blockquote":
            return replace(context, style="Quote")
        if tag == "dt":
            return replace(context, run_format=replace(context.run_format, bold=True))
        if tag == "dd":
            return replace(context, style="List Continue")
        if tag == "li":
            return replace(context, style=_list_style("ul", max(context.list_depth, 1)))
        return context

    def _list(self, element: Element, container: Container, context: Context) -> None:
        depth = context.list_depth + 1
        style = _list_style(element.tag, depth)
        number_id = restart_numbering(self._document, style) if element.tag == "ol" else None
        item_context = replace(context, style=style, list_depth=depth)
        for item in element:
            if not isinstance(item.tag, str) or item.tag != "li":
                continue
            start = len(self.paragraphs)
            self.write(item, container, item_context)
            own = [p for p in self.paragraphs[start:] if p._p.style == self._styles.id_of(style)]
            if own and number_id is not None:
                set_numbering(own[0], number_id)
            for later in own[1:]:
                self._styles.set_paragraph_style(later, _continue_style(depth))

    def _table(self, element: Element, container: Container) -> None:
        caption = element.find("caption")
        if caption is not None:
            paragraph = self.add_paragraph(container, "Caption", children(caption), RunFormat())
            if paragraph is not None:
                paragraph.paragraph_format.keep_with_next = True
        elif self._page_break_pending:
            self._take_page_break(container.add_paragraph(style="Normal"), container)
        width = self._text_width if isinstance(container, Document) else None
        table = write_table(element, container, self._write_cell, width, self._styles)
        if caption is not None:
            set_table_caption(table, " ".join("".join(caption.itertext()).split()))

    def _write_cell(self, cell: _Cell, element: Element, style: str) -> None:
        self.write(element, cell, Context(style=style))

    def _take_page_break(self, paragraph: Paragraph, container: Container) -> None:
        """Start a new page at the first paragraph after a page-break element.

        Not before the document's first paragraph: that would leave page one blank.
        """
        if not self._page_break_pending or not isinstance(container, Document):
            return
        self._page_break_pending = False
        if paragraph._p.getprevious() is not None:
            paragraph.paragraph_format.page_break_before = True


def _list_style(tag: str, depth: int) -> str:
    name = "List Number" if tag == "ol" else "List Bullet"
    level = min(depth, LIST_STYLE_DEPTH)
    return name if level == 1 else f"{name} {level}"


def _continue_style(depth: int) -> str:
    level = min(depth, LIST_STYLE_DEPTH)
    return "List Continue" if level == 1 else f"List Continue {level}"
