"""Fit edited text into a block scalar's own lines, so the YAML diff shows only the lines that changed.

The words of the old value are matched with the words of the new; words that
stay keep their line, new words join the line of the word before them, and
a new paragraph or list item starts a line of its own. Markdown reads a line
break inside a paragraph as a space, so the value means the same text.
"""

from __future__ import annotations

import re
from difflib import SequenceMatcher

PARAGRAPH = "\u00b6"
MIN_WIDTH = 72
"""A changed line is wrapped at the block's longest line, or at this width if that is shorter."""
_LIST_MARKER = re.compile(r"^(-|\*|\+|\d+[.)])$")

Token = tuple[str, tuple[int, int]]


def rewrap_block(block: str, new_value: str) -> str | None:
    """The block scalar (header line and content) holding `new_value` in the old lines' shape."""
    header, _, content = block.partition("\n")
    lines = content.rstrip("\n").split("\n")
    indents = [len(line) - len(line.lstrip(" ")) for line in lines if line.strip()]
    if not indents:
        return None
    indent = min(indents)
    old = _old_tokens(lines, indent)
    new = _new_tokens(new_value)
    placed = _place(old, new)
    width = max(MIN_WIDTH, *(len(line) for line in lines))
    kept = set(lines)
    rendered = [piece for line in _render(placed, indent).split("\n")
                for piece in ([line] if line in kept else _wrap(line, width, indent))]
    return header + "\n" + "\n".join(rendered)


def _wrap(line: str, width: int, indent: int) -> list[str]:
    """A changed line longer than `width`, wrapped at spaces."""
    lead = len(line) - len(line.lstrip(" "))
    words, lines = line.split(), [" " * lead]
    continuation = " " * (lead + (2 if _LIST_MARKER.match(words[0] if words else "") else 0))
    for word in words:
        if lines[-1].strip() and len(lines[-1]) + 1 + len(word) > width:
            lines.append(continuation + word)
        else:
            lines[-1] += ("" if not lines[-1].strip() else " ") + word
    return lines


def _old_tokens(lines: list[str], indent: int) -> list[Token]:
    tokens: list[Token] = []
    for number, line in enumerate(lines):
        if not line.strip():
            if tokens and tokens[-1][0] != PARAGRAPH:
                tokens.append((PARAGRAPH, (number, 0)))
            continue
        extra = len(line) - len(line.lstrip(" ")) - indent
        words = _with_markers(line.split())
        tokens += [((" " * extra + word) if index == 0 and extra else word, (number, 0))
                   for index, word in enumerate(words)]
    return tokens


def _new_tokens(value: str) -> list[tuple[str, bool]]:
    """The new value's words, each with whether it starts a line of its own."""
    tokens: list[tuple[str, bool]] = []
    for index, paragraph in enumerate(re.split(r"\n\s*\n", value.strip())):
        if index:
            tokens.append((PARAGRAPH, True))
        for line in paragraph.split("\n"):
            words = _with_markers(line.split())
            tokens += [(word, position == 0 and bool(_LIST_MARKER.match(word.split(" ")[0])))
                       for position, word in enumerate(words)]
    return tokens


def _with_markers(words: list[str]) -> list[str]:
    """A list item's marker and first word as one token, so items match as items."""
    if len(words) > 1 and _LIST_MARKER.match(words[0]):
        return [f"{words[0]} {words[1]}", *words[2:]]
    return words


def _place(old: list[Token], new: list[tuple[str, bool]]) -> list[Token]:
    matcher = SequenceMatcher(None, [word.strip() for word, _ in old],
                              [word for word, _ in new], autojunk=False)
    placed: list[Token] = []
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            placed += old[i1:i2]
            continue
        if tag == "replace" or not placed:
            line = old[i1][1] if i1 < len(old) else (placed[-1][1] if placed else (0, 0))
        else:
            line = placed[-1][1]
        for word, starts_line in new[j1:j2]:
            if word == PARAGRAPH or starts_line or (placed and placed[-1][0] == PARAGRAPH):
                line = (line[0], line[1] + 1)
            placed.append((word, line))
    return placed


def _render(placed: list[Token], indent: int) -> str:
    pad = " " * indent
    lines: list[str] = []
    current: tuple[int, int] | None = None
    for word, line in placed:
        if word == PARAGRAPH:
            lines.append("")
            current = None
            continue
        if line != current or not lines or lines[-1] == "":
            lines.append(pad + word)
            current = line
        else:
            lines[-1] += " " + word
    return "\n".join(line for line in lines)
