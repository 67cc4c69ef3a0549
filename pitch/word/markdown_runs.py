"""Runs of a Word paragraph back to Markdown: **bold**, *italic*, [links](...) and list items.

The inverse of what pitch/render/markdown.py and pitch/word/inline.py make of
a prose value, for `pitch import`.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Piece:
    """A stretch of text with one format and one tracked-change state."""

    text: str
    bold: bool = False
    italic: bool = False
    link: str | None = None
    change: str | None = None
    dropped: frozenset[str] = frozenset()


def join_blocks(blocks: list[tuple[str | None, str]]) -> str:
    """Paragraphs apart by a blank line; list items ("- " or "1. ") one per line."""
    text = ""
    for index, (marker, block) in enumerate(blocks):
        if index:
            text += "\n" if marker and blocks[index - 1][0] else "\n\n"
        text += f"{marker}{block}" if marker else block
    return text


def pieces_to_markdown(pieces: list[Piece]) -> str:
    """Pieces as Markdown text: **bold**, *italic*, [text](link); spaces collapsed."""
    groups: list[tuple[tuple[bool, bool, str | None], str]] = []
    for piece in pieces:
        key = (piece.bold, piece.italic, piece.link)
        if groups and groups[-1][0] == key:
            groups[-1] = (key, groups[-1][1] + piece.text)
        else:
            groups.append((key, piece.text))
    text = "".join(_format_group(key, text) for key, text in groups)
    return " ".join(text.split())


def _format_group(key: tuple[bool, bool, str | None], text: str) -> str:
    bold, italic, link = key
    core = text.strip()
    if not core:
        return text
    lead, trail = text[: len(text) - len(text.lstrip())], text[len(text.rstrip()):]
    core = _escape(core)
    if italic:
        core = f"*{core}*"
    if bold:
        core = f"**{core}**"
    if link:
        core = f"[{core}]({link})"
    return lead + core + trail


def _escape(text: str) -> str:
    for character in "\\*[]":
        text = text.replace(character, "\\" + character)
    return text
