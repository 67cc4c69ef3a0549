"""The rendered pitch as plain text, section by section.

Limits are measured on this text, and portal answers are written from it:
it is the same text that lands in the PDF and the DOCX, with the markup
gone, paragraphs separated by blank lines and list items kept as lines.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from html.parser import HTMLParser

_BLOCKS = {"p", "h1", "h2", "h3", "h4", "li", "tr", "div", "figcaption", "table", "ul", "ol"}
_WORD = re.compile(r"\S*\w\S*")


@dataclass(frozen=True)
class SectionText:
    """One section's title and its text, without the title."""

    id: str
    title: str
    text: str

    @property
    def words(self) -> int:
        """Words as portals count them: runs of non-space characters with a letter or digit."""
        return len(_WORD.findall(self.text))

    @property
    def characters(self) -> int:
        """Characters, spaces included, as portals count them."""
        return len(re.sub(r"\n+", " ", self.text))


def section_texts(html: str) -> list[SectionText]:
    """Every `<section id>` of rendered HTML as plain text, in document order."""
    parser = _SectionParser()
    parser.feed(html)
    parser.close()
    return [SectionText(id, title.strip(), _tidy(text)) for id, title, text in parser.sections]


def _tidy(text: str) -> str:
    lines = [re.sub(r"[ \t\u00a0]+", " ", line).strip() for line in text.splitlines()]
    joined = "\n".join(lines)
    return re.sub(r"\n{3,}", "\n\n", joined).strip()


class _SectionParser(HTMLParser):
    """Collects the text of each section, skipping PDF-only furniture."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.sections: list[tuple[str, str, str]] = []
        self._depth = 0
        self._id = ""
        self._title: list[str] | None = None
        self._text: list[str] = []
        self._skip = 0
        self._cell = False
        self._note: int | None = None
        self._in_note_reference = False

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)
        if tag not in _VOID:
            self.handle_endtag(tag)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = dict(attrs)
        void = tag in _VOID
        if self._skip or attributes.get("data-docx") == "skip" or tag in ("script", "style"):
            self._skip += not void
            return
        if tag == "section" and not self._depth:
            self._id, self._title, self._text = attributes.get("id") or "", None, []
        if (tag == "section" or self._depth) and not void:
            self._depth += 1
        if self._depth:
            self._open_block(tag, attributes.get("class") or "")

    def _open_block(self, tag: str, names: str) -> None:
        if tag == "h2" and self._title is None:
            self._title = []
        elif tag == "ol" and "footnotes-list" in names:
            self._note = 0
        elif tag == "li" and self._note is not None:
            self._note += 1
            self._text.append(f"\n[{self._note}] ")
        elif tag == "li":
            self._text.append("\n- ")
        elif tag == "sup" and "footnote-ref" in names:
            self._text.append("[")
            self._in_note_reference = True
        elif tag == "p" and self._text and self._text[-1].endswith(("- ", "] ")):
            pass  # a list item's own paragraph starts on the item's line
        elif tag in ("td", "th"):
            self._text.append(" | " if self._cell else "\n")
            self._cell = True
        elif tag == "br":
            self._text.append("\n")
        elif tag in _BLOCKS:
            self._text.append("\n\n" if tag == "p" else "\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in _VOID:
            return
        if self._skip:
            self._skip -= 1
            return
        if tag == "tr":
            self._cell = False
        if tag == "sup" and self._in_note_reference:
            self._text.append("]")
            self._in_note_reference = False
        if tag == "ol":
            self._note = None
        if tag == "h2" and self._title is not None and not isinstance(self._title, str):
            self._title = "".join(self._title)  # type: ignore[assignment]
            self._text.append("\n")
        if self._depth:
            self._depth -= 1
            if not self._depth:
                title = self._title if isinstance(self._title, str) else ""
                self.sections.append((self._id, title, "".join(self._text)))

    def handle_data(self, data: str) -> None:
        if self._skip or not self._depth:
            return
        target = self._title if isinstance(self._title, list) else self._text
        target.append(data.replace("\n", " "))


_VOID = {"br", "img", "hr", "meta", "link", "input", "wbr", "col", "source"}
