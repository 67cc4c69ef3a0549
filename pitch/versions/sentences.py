"""Prose as a reader sees it, cut into sentences, and diffed word by word.

Writers think in sentences, not lines of YAML: a changed prose field is
reported as the sentences removed and added, and within a changed sentence
the words are marked. Markdown is compared as the text it renders to, so
`**USD 3,000**` and `USD 3,000` read the same in a redline.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from difflib import SequenceMatcher
from html.parser import HTMLParser
from typing import Any, Literal, get_args

from pydantic.fields import FieldInfo

from pitch.render.markdown import render_markdown

Operation = Literal["equal", "delete", "insert"]
PAIRING_RATIO = 0.3
"""How alike two sentences must be (0..1) to count as one sentence changed."""

SENTENCE_END = re.compile(r"[.!?…][\"”’')\]]*\s+(?=[\"“‘(\[]?[A-Z0-9À-ÖØ-Þ])")
BLOCK_TAGS = frozenset({"p", "li", "ul", "ol", "br"})


@dataclass(frozen=True)
class Segment:
    """A run of words that is unchanged, deleted or inserted."""

    operation: Operation
    text: str


@dataclass(frozen=True)
class UnitChange:
    """One sentence (or list item) before and after; None where it is absent."""

    old: str | None
    new: str | None

    @property
    def changed(self) -> bool:
        """Whether the unit was added, removed or reworded."""
        return self.old != self.new


def plain_text(markdown: str) -> str:
    """The text a Markdown field renders to: one line per paragraph or list item."""
    collector = _TextCollector()
    collector.feed(str(render_markdown(markdown)))
    collector.close()
    lines = (" ".join(line.split()) for line in "".join(collector.parts).splitlines())
    return "\n".join(line for line in lines if line)


def split_sentences(text: str) -> list[str]:
    """Cut plain text into sentences (and at line breaks)."""
    sentences: list[str] = []
    for line in text.splitlines():
        start = 0
        for end in SENTENCE_END.finditer(line):
            sentences.append(line[start:end.end()].strip())
            start = end.end()
        sentences.append(line[start:].strip())
    return [sentence for sentence in sentences if sentence]


def unit_changes(old_units: list[str], new_units: list[str]) -> list[UnitChange]:
    """Align two lists of sentences or items; alike ones are paired as reworded."""
    result: list[UnitChange] = []
    matcher = SequenceMatcher(None, old_units, new_units, autojunk=False)
    for tag, old_start, old_end, new_start, new_end in matcher.get_opcodes():
        olds, news = old_units[old_start:old_end], new_units[new_start:new_end]
        if tag == "equal":
            result += [UnitChange(unit, unit) for unit in olds]
        else:
            result += _pair(olds, news)
    return result


def _pair(olds: list[str], news: list[str]) -> list[UnitChange]:
    """Pair removed with added units in order while they stay alike."""
    result: list[UnitChange] = []
    while olds and news:
        if _likeness(olds[0], news[0]) >= PAIRING_RATIO:
            result.append(UnitChange(olds.pop(0), news.pop(0)))
        elif len(olds) >= len(news):
            result.append(UnitChange(olds.pop(0), None))
        else:
            result.append(UnitChange(None, news.pop(0)))
    result += [UnitChange(old, None) for old in olds]
    result += [UnitChange(None, new) for new in news]
    return result


def _likeness(old: str, new: str) -> float:
    return SequenceMatcher(None, old.split(), new.split(), autojunk=False).ratio()


def word_segments(old: str, new: str) -> list[Segment]:
    """The words of `old` and `new` as unchanged, deleted and inserted runs."""
    old_words, new_words = old.split(), new.split()
    segments: list[Segment] = []
    matcher = SequenceMatcher(None, old_words, new_words, autojunk=False)
    for tag, old_start, old_end, new_start, new_end in matcher.get_opcodes():
        if tag == "equal":
            segments.append(Segment("equal", " ".join(old_words[old_start:old_end])))
            continue
        if old_end > old_start:
            segments.append(Segment("delete", " ".join(old_words[old_start:old_end])))
        if new_end > new_start:
            segments.append(Segment("insert", " ".join(new_words[new_start:new_end])))
    return segments


def is_markdown(info: FieldInfo) -> bool:
    """Whether a model field holds Markdown prose (the Markdown type marks it)."""
    if _marks_markdown(info.json_schema_extra):
        return True
    return any(_marks_markdown(extra) for extra in _nested_extras(info.annotation))


def _marks_markdown(extra: Any) -> bool:
    return isinstance(extra, dict) and extra.get("contentMediaType") == "text/markdown"


def _nested_extras(annotation: Any) -> Iterator[Any]:
    """The json_schema_extra of FieldInfos inside Optional[Annotated[str, ...]]."""
    if get_args(annotation) and getattr(annotation, "__origin__", None) is list:
        return
    for argument in get_args(annotation):
        if isinstance(argument, FieldInfo):
            yield argument.json_schema_extra
        else:
            yield from _nested_extras(argument)


class _TextCollector(HTMLParser):
    """Collects the text of rendered Markdown, a line break after each block."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in BLOCK_TAGS:
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in BLOCK_TAGS:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        self.parts.append(data)
