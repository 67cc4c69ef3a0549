"""Value marks in the DOCX: a hidden bookmark around each text that came from one input value.

Bookmarks, not content controls: they are invisible to a reviewer, Word and
python-docx keep them through edits, a bookmark may span several paragraphs
(a value of several paragraphs, or one a reviewer split), and LibreOffice
keeps them through a round trip (content controls it flattens). Each
bookmark is named `_pitch<n>`; the leading underscore hides it in Word's
bookmark list. Which value path each number stands for is written in the
build record (pitch/word/record.py), not in the name: Word allows 40
characters per name and paths are longer.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.text.paragraph import Paragraph
from lxml.etree import _Element

BOOKMARK_PREFIX = "_pitch"
SECTION_ID_OFFSET = 100_000
"""Section bookmarks take ids above every value mark's."""
SECTION_PREFIX = "_pitchs_"


def bookmark_name(number: int) -> str:
    """The name of the bookmark of mark `number`."""
    return f"{BOOKMARK_PREFIX}{number}"


def mark_number(name: str) -> int | None:
    """The mark number a bookmark name stands for, or None for other bookmarks."""
    digits = name.removeprefix(BOOKMARK_PREFIX)
    if digits == name or not digits.isdigit():
        return None
    return int(digits)


def section_of(name: str) -> str | None:
    """The section id a section bookmark names, or None for other bookmarks."""
    return name.removeprefix(SECTION_PREFIX) if name.startswith(SECTION_PREFIX) else None


@dataclass
class ValueMarks:
    """Numbers the value marks of one document, in the order they are opened."""

    paths: list[str] = field(default_factory=list)
    sections: list[str] = field(default_factory=list)
    blocks: set[int] = field(default_factory=set)
    _last_block: tuple[str, _Element, _Element] | None = None

    def open(self, parent: _Element, value_path: str) -> int:
        """Append the start of a new mark to `parent`; returns its number."""
        number = len(self.paths)
        self.paths.append(value_path)
        parent.append(_bookmark_start(number))
        return number

    def close(self, parent: _Element, number: int) -> None:
        """Append the end of mark `number` to `parent`."""
        parent.append(_bookmark_end(number))

    def section_start(self, paragraph: Paragraph, section_id: str) -> None:
        """Note where a section of the templates begins, to name it for edits outside values."""
        number = len(self.paths) + len(self.sections) + SECTION_ID_OFFSET
        self.sections.append(section_id)
        start = OxmlElement("w:bookmarkStart")
        start.set(qn("w:id"), str(number))
        start.set(qn("w:name"), f"{SECTION_PREFIX}{section_id}"[:40])
        properties = paragraph._p.find(qn("w:pPr"))
        paragraph._p.insert(0 if properties is None else 1, start)
        start.addnext(_bookmark_end(number))

    def around_paragraphs(self, value_path: str, paragraphs: list[Paragraph]) -> None:
        """Mark a run of whole paragraphs; one value's next block extends its mark."""
        first, last = paragraphs[0]._p, paragraphs[-1]._p
        previous = self._last_block
        if previous is not None and previous[0] == value_path and first.getprevious() is previous[2]:
            end = previous[1]
            end.getparent().remove(end)
            last.append(end)
            self._last_block = (value_path, end, last)
            return
        number = len(self.paths)
        self.paths.append(value_path)
        self.blocks.add(number)
        properties = first.find(qn("w:pPr"))
        first.insert(0 if properties is None else 1, _bookmark_start(number))
        end = _bookmark_end(number)
        last.append(end)
        self._last_block = (value_path, end, last)


def _bookmark_start(number: int) -> _Element:
    start = OxmlElement("w:bookmarkStart")
    start.set(qn("w:id"), str(number))
    start.set(qn("w:name"), bookmark_name(number))
    return start


def _bookmark_end(number: int) -> _Element:
    end = OxmlElement("w:bookmarkEnd")
    end.set(qn("w:id"), str(number))
    return end
