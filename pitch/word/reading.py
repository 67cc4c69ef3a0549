"""Read the marked text of a DOCX body back, the same way at build time and at import.

The build reads the document it has just written and records what each mark
says (the "text as built"); `pitch import` reads a reviewed copy with the
same code, so any difference between the two is an edit in Word, never an
artefact of reading. Formatting comes back as Markdown (bold, italic, links,
bullet and numbered lists); direct formatting Markdown cannot hold is named.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field

from lxml.etree import QName, _Element, iterwalk

from pitch.word.markdown_runs import Piece, join_blocks, pieces_to_markdown
from pitch.word.marks import mark_number, section_of

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
DROPPED_PROPERTIES = {"color": "colour", "highlight": "highlighting", "sz": "font size",
                      "shd": "shading", "u": "underline", "strike": "strike-through"}
BOLD_STYLES = frozenset({"Strong"})
ITALIC_STYLES = frozenset({"Emphasis"})


def w(tag: str) -> str:
    """A WordprocessingML tag in Clark notation."""
    return f"{{{W}}}{tag}"


@dataclass(frozen=True)
class TrackedChange:
    """A tracked insertion or deletion inside one mark."""

    kind: str
    author: str
    date: str
    text: str


@dataclass
class MarkedText:
    """What one mark holds: paragraphs of pieces, tracked changes, where it sits."""

    number: int
    paragraphs: list[tuple[str, list[Piece]]] = field(default_factory=list)
    changes: list[TrackedChange] = field(default_factory=list)
    start: int = 0
    end: int = 0
    section: str | None = None
    _serial: int = -1

    def add(self, piece: Piece, paragraph_serial: int, paragraph_style: str) -> None:
        """Append a piece, starting a new paragraph when the document did."""
        if paragraph_serial != self._serial or not self.paragraphs:
            self.paragraphs.append((paragraph_style, []))
            self._serial = paragraph_serial
        self.paragraphs[-1][1].append(piece)

    def markdown(self, *, accept_changes: bool, block: bool) -> str:
        """The mark's text as Markdown, with tracked changes accepted or not.

        Only a block value (prose rendered as paragraphs and lists) reads its list
        paragraphs as Markdown list items; a value inside one list item does not.
        """
        blocks: list[tuple[str | None, str]] = []
        for style, pieces in self.paragraphs:
            kept = [p for p in pieces if p.change != ("del" if accept_changes else "ins")]
            text = pieces_to_markdown(kept)
            if text:
                blocks.append((_list_kind(style) if block else None, text))
        return join_blocks(blocks)

    def dropped(self) -> set[str]:
        """Formatting in the mark that Markdown cannot hold."""
        return {name for _, pieces in self.paragraphs for p in pieces for name in p.dropped}


@dataclass
class ReadDocument:
    """Every mark of a body, the text outside marks, and where each comment sits."""

    marks: dict[int, MarkedText] = field(default_factory=dict)
    unmarked: list[tuple[str | None, str]] = field(default_factory=list)
    comment_ranges: dict[str, tuple[int, int]] = field(default_factory=dict)


def footer_text(footer: _Element) -> str:
    """A footer's own text, without what its fields (the page number) show."""
    words, depth = [], 0
    for element in footer.iter(w("t"), w("fldChar"), w("tab")):
        if element.tag == w("fldChar"):
            kind = element.get(w("fldCharType"))
            depth += 1 if kind == "begin" else -1 if kind == "end" else 0
        elif depth == 0 and next(_ancestors(element, (w("fldSimple"),)), None) is None:
            words.append(element.text or " ")
    return " ".join("".join(words).split())


def read_body(body: _Element, links: dict[str, str]) -> ReadDocument:
    """Walk a w:body (or any container) and gather the text of every mark."""
    return _Walker(links).walk(body)


class _Walker:
    def __init__(self, links: dict[str, str]) -> None:
        self.links = links
        self.result = ReadDocument()
        self.open: dict[str, MarkedText] = {}
        self.position = 0
        self.paragraph_serial = 0
        self.paragraph_style = ""
        self.section: str | None = None
        self.comment_starts: dict[str, int] = {}
        self.gap = ""
        self.last_change: tuple[int, _Element] | None = None

    def walk(self, body: _Element) -> ReadDocument:
        for event, element in iterwalk(body, events=("start", "end")):
            if not isinstance(element.tag, str):
                continue
            if event == "start":
                self._start(element)
            elif element.tag == w("p"):
                self._end_gap()
        self._end_gap()
        return self.result

    def _start(self, element: _Element) -> None:
        tag = element.tag
        if tag == w("p"):
            self.paragraph_serial += 1
            self.paragraph_style = _paragraph_style(element)
        elif tag == w("bookmarkStart"):
            self._open_bookmark(element)
        elif tag == w("bookmarkEnd"):
            self._close_bookmark(element.get(w("id"), ""))
        elif tag == w("commentRangeStart"):
            self.comment_starts[element.get(w("id"), "")] = self.position
        elif tag == w("commentRangeEnd"):
            comment = element.get(w("id"), "")
            self.result.comment_ranges[comment] = (self.comment_starts.get(comment, self.position),
                                                   self.position)
        elif tag in (w("t"), w("delText")) and element.text:
            self._text(element, element.text)
        elif tag in (w("tab"), w("br"), w("cr")) and _in_run(element):
            self._text(element, " ")

    def _open_bookmark(self, element: _Element) -> None:
        name = element.get(w("name"), "")
        section = section_of(name)
        if section is not None:
            self._end_gap()
            self.section = section
            return
        number = mark_number(name)
        if number is None:
            return
        if number in self.result.marks:
            # LibreOffice writes a bookmark over several paragraphs as a second start of
            # the same name in the last one, and ends only that: one mark, two ids.
            mark = self.result.marks[number]
            if mark in self.open.values():
                self.open[element.get(w("id"), "")] = mark
            return
        self._end_gap()
        mark = MarkedText(number, start=self.position, section=self.section)
        self.result.marks[number] = mark
        self.open[element.get(w("id"), "")] = mark

    def _close_bookmark(self, identifier: str) -> None:
        mark = self.open.pop(identifier, None)
        if mark is None:
            return
        for other in [key for key, value in self.open.items() if value is mark]:
            del self.open[other]
        mark.end = self.position
        self._end_gap()

    def _text(self, element: _Element, text: str) -> None:
        piece = _piece(element, text, self.links)
        self.position += len(text)
        if not self.open:
            if piece.change != "del":
                self.gap += text
            return
        for mark in {id(mark): mark for mark in self.open.values()}.values():
            mark.add(piece, self.paragraph_serial, self.paragraph_style)
            if piece.change is not None:
                self._record_change(mark, piece, element)

    def _record_change(self, mark: MarkedText, piece: Piece, element: _Element) -> None:
        """One tracked change per w:ins or w:del element, however many runs it holds."""
        change = next(_ancestors(element, (w("ins"), w("del"), w("moveFrom"), w("moveTo"))))
        if self.last_change == (mark.number, change):
            last = mark.changes[-1]
            mark.changes[-1] = TrackedChange(last.kind, last.author, last.date, last.text + piece.text)
            return
        mark.changes.append(TrackedChange(piece.change or "", change.get(w("author"), "someone"),
                                          change.get(w("date"), "")[:10], piece.text))
        self.last_change = (mark.number, change)

    def _end_gap(self) -> None:
        text = " ".join(self.gap.split())
        if text:
            self.result.unmarked.append((self.section, text))
        self.gap = ""


def _ancestors(element: _Element, tags: tuple[str, ...]) -> Iterator[_Element]:
    parent = element.getparent()
    while parent is not None:
        if parent.tag in tags:
            yield parent
        parent = parent.getparent()


def _in_run(element: _Element) -> bool:
    parent = element.getparent()
    return parent is not None and parent.tag == w("r")


def _paragraph_style(paragraph: _Element) -> str:
    """The paragraph's style id; a paragraph Word numbered by hand counts as a bullet."""
    style = paragraph.find(f"{w('pPr')}/{w('pStyle')}")
    name = "" if style is None else style.get(w("val"), "")
    if paragraph.find(f"{w('pPr')}/{w('numPr')}") is not None and not _list_kind(name):
        return "ListBullet"
    return name


def _list_kind(style: str) -> str | None:
    """"- " or "1. " for a list paragraph style, else None."""
    compact = style.replace(" ", "")
    if compact.startswith("ListBullet"):
        return "- "
    if compact.startswith("ListNumber"):
        return "1. "
    return None


def _piece(element: _Element, text: str, links: dict[str, str]) -> Piece:
    run = next(_ancestors(element, (w("r"),)), None)
    bold = italic = False
    dropped: set[str] = set()
    if run is not None:
        properties = run.find(w("rPr"))
        style = "" if properties is None else _value(properties, "rStyle") or ""
        bold = style in BOLD_STYLES or _switched_on(properties, "b")
        italic = style in ITALIC_STYLES or _switched_on(properties, "i")
        if properties is not None:
            dropped = {DROPPED_PROPERTIES[QName(child).localname] for child in properties
                       if QName(child).localname in DROPPED_PROPERTIES}
    link_element = next(_ancestors(element, (w("hyperlink"),)), None)
    link = None if link_element is None else links.get(link_element.get(f"{{{R}}}id", ""))
    change = None
    for ancestor in _ancestors(element, (w("ins"), w("del"), w("moveFrom"), w("moveTo"))):
        change = "del" if ancestor.tag in (w("del"), w("moveFrom")) else "ins"
        break
    return Piece(text, bold, italic, link, change, frozenset(dropped))


def _value(properties: _Element, name: str) -> str | None:
    child = properties.find(w(name))
    return None if child is None else child.get(w("val"))


def _switched_on(properties: _Element | None, name: str) -> bool:
    if properties is None or properties.find(w(name)) is None:
        return False
    return _value(properties, name) not in ("0", "false", "off")
