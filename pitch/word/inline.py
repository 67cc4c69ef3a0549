"""Inline HTML into the runs of one Word paragraph: text, emphasis, links, breaks, pictures.

Emphasis and links use character styles ("Emphasis", "Strong", "Hyperlink")
so a designer restyles them in the reference document, not here.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field, replace
from io import BytesIO
from pathlib import Path
from urllib.parse import unquote, urlsplit
from xml.etree.ElementTree import Element

from docx.image.exceptions import UnrecognizedImageError
from docx.oxml.ns import qn
from docx.shared import Emu, Length
from docx.text.paragraph import Paragraph
from docx.text.run import Run
from lxml.etree import _Element

from pitch.errors import Problem, Severity
from pitch.render.marks import PATH_ATTRIBUTE
from pitch.word.marks import ValueMarks
from pitch.word.ooxml import StyleIds, add_hyperlink, set_alt_text

Node = str | Element
LINK_SCHEMES = frozenset({"http", "https", "mailto"})
BOLD_TAGS = frozenset({"strong", "b"})
ITALIC_TAGS = frozenset({"em", "i", "cite", "dfn"})
INLINE_TAGS = BOLD_TAGS | ITALIC_TAGS | frozenset(
    {"a", "abbr", "br", "code", "data", "img", "mark", "q", "s", "small", "span", "sub", "sup",
     "time", "u", "wbr"}
)
NOT_CONTENT_TAGS = frozenset({
    "head", "script", "style", "template", "title", "noscript",
    "svg", "math", "canvas", "video", "audio", "iframe", "object",
})
"""Elements with no text for the DOCX (an inline SVG's labels would read as stray text)."""
WHITESPACE = re.compile(r"[ \t\n\r\f]+")
EMU_PER_CSS_PIXEL = 9525
SPAN_CLASS_STYLES = {"table-note": "Table Note", "stage-question": "Table Note",
                     "footnote-ref": "Note Reference"}
"""Spans (and sup) the templates mark as notes: a character style of their own."""


def children(element: Element) -> Iterator[Node]:
    """The element's content in document order: text, child elements and their tails.

    Comments, non-content elements and anything marked data-docx="skip"
    are left out; their tails still belong to the content.
    """
    if element.text:
        yield element.text
    for child in element:
        if isinstance(child.tag, str) and not is_skipped(child):
            yield child
        if child.tail:
            yield child.tail


def is_skipped(element: Element) -> bool:
    """Whether the DOCX leaves the element out."""
    return element.get("data-docx") == "skip" or element.tag in NOT_CONTENT_TAGS


def is_inline(node: Node) -> bool:
    """Whether a node belongs inside a paragraph rather than starting one."""
    return isinstance(node, str) or node.tag in INLINE_TAGS


def classes(element: Element) -> set[str]:
    """The element's class names."""
    return set(element.get("class", "").split())


@dataclass(frozen=True)
class ImageFinder:
    """Finds image files for <img src>, only inside the allowed folders, or made in memory."""

    folders: tuple[Path, ...]
    report: Callable[[Problem], None]
    pictures: Mapping[str, bytes] = field(default_factory=dict)

    def find(self, source: str) -> Path | BytesIO | None:
        """The picture `source` names, or None (reported) when it lies outside the folders."""
        if source in self.pictures:
            return BytesIO(self.pictures[source])
        parts = urlsplit(source)
        if parts.scheme in ("", "file"):
            relative = Path(unquote(parts.path))
            for folder in self.folders:
                candidate = (folder / relative).resolve()
                if candidate.is_relative_to(folder.resolve()) and candidate.is_file():
                    return candidate
        self.warn(source[:80], "image left out of the DOCX: not a file in the project's image folders")
        return None

    def warn(self, source: str, message: str) -> None:
        """Report a problem with one image as a warning."""
        self.report(Problem(file=source, message=message, severity=Severity.WARNING))


@dataclass(frozen=True)
class RunFormat:
    """What the enclosing inline elements ask of a run."""

    bold: bool = False
    italic: bool = False
    link: _Element | None = None
    style: str | None = None


class InlineWriter:
    """Writes inline nodes into one paragraph, collapsing whitespace as HTML does."""

    def __init__(
        self, paragraph: Paragraph, styles: StyleIds, images: ImageFinder, max_width: Length,
        marks: ValueMarks | None = None,
    ) -> None:
        self.paragraph = paragraph
        self._marks = marks
        self._styles = styles
        self._images = images
        self._max_width = max_width
        self._at_line_start = True

    def write(self, node: Node, run_format: RunFormat) -> None:
        """Write one text or element node in the given run format."""
        if isinstance(node, str):
            self._text(node, run_format)
            return
        tag = node.tag
        if tag == "br":
            self._strip_trailing_space()
            self._add_run("", run_format).add_break()
            self._at_line_start = True
            return
        if tag == "img":
            self._picture(node, run_format)
            return
        inner = _inner_format(node, run_format, self.paragraph)
        value_path = node.get(PATH_ATTRIBUTE)
        if value_path is None or self._marks is None:
            for child in children(node):
                self.write(child, inner)
            return
        parent = run_format.link if run_format.link is not None else self.paragraph._p
        number = self._marks.open(parent, value_path)
        for child in children(node):
            self.write(child, inner)
        self._marks.close(parent, number)

    def finish(self) -> bool:
        """Close the paragraph; returns whether it has any content."""
        self._strip_trailing_space()
        p = self.paragraph._p
        has_text = any(text.text for text in p.iter(qn("w:t")))
        return has_text or next(p.iter(qn("w:drawing"), qn("w:br")), None) is not None

    def _text(self, text: str, run_format: RunFormat) -> None:
        text = WHITESPACE.sub(" ", text)
        if self._at_line_start:
            text = text.lstrip(" ")
        if text:
            self._add_run(text, run_format)
            self._at_line_start = text.endswith(" ")

    def _add_run(self, text: str, run_format: RunFormat) -> Run:
        style = _character_style(run_format)
        run = self.paragraph.add_run(text)
        if style is not None:
            self._styles.set_run_style(run, style)
        if run_format.bold and style != "Strong":
            run.bold = True
        if run_format.italic and style != "Emphasis":
            run.italic = True
        if run_format.link is not None:
            run_format.link.append(run._r)
        return run

    def _picture(self, image: Element, run_format: RunFormat) -> None:
        source = image.get("src", "")
        path = self._images.find(source)
        if path is None:
            return
        try:
            shape = self._add_run("", run_format).add_picture(
                path if isinstance(path, BytesIO) else str(path), width=_css_width(image))
        except UnrecognizedImageError:
            self._images.warn(source, "image left out of the DOCX: Word cannot show this format")
            return
        if shape.width > self._max_width:
            shape.height = Emu(int(shape.height * self._max_width / shape.width))
            shape.width = self._max_width
        set_alt_text(shape, image.get("alt", ""))
        self._at_line_start = False

    def _strip_trailing_space(self) -> None:
        texts = list(self.paragraph._p.iter(qn("w:t")))
        if texts and texts[-1].text:
            texts[-1].text = texts[-1].text.rstrip(" ")


def _inner_format(element: Element, outer: RunFormat, paragraph: Paragraph) -> RunFormat:
    """The run format inside `element`; a link element is added to the paragraph here."""
    if element.tag in BOLD_TAGS:
        return replace(outer, bold=True)
    if element.tag in ITALIC_TAGS:
        return replace(outer, italic=True)
    note = next((SPAN_CLASS_STYLES[n] for n in sorted(classes(element)) if n in SPAN_CLASS_STYLES),
                None)
    if note is not None:
        return replace(outer, style=note, bold=False)
    href = element.get("href", "").strip()
    if element.tag == "a" and outer.link is None and urlsplit(href).scheme in LINK_SCHEMES:
        return replace(outer, link=add_hyperlink(paragraph, href))
    return outer


def _character_style(run_format: RunFormat) -> str | None:
    if run_format.link is not None:
        return "Hyperlink"
    if run_format.style is not None:
        return run_format.style
    if run_format.bold:
        return "Strong"
    if run_format.italic:
        return "Emphasis"
    return None


def _css_width(image: Element) -> Length | None:
    """The picture's width from its width attribute, in CSS pixels."""
    width = image.get("width", "").removesuffix("px")
    return Emu(int(width) * EMU_PER_CSS_PIXEL) if width.isdigit() else None
