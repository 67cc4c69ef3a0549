"""Refuse characters that no packaged font can draw, at the character's own file:line:column.

A PDF must never borrow a system font or show an empty box, so a character
outside the packaged fonts (pitch/fonts.py) is an input error, found before
anything is laid out.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterator
from typing import Any

from pitch.errors import Problem
from pitch.fonts import COVERED_SCRIPTS, is_drawn
from pitch.inputs.load import FieldPath, LoadedFile, format_field_path

SCRIPTS = ", ".join(COVERED_SCRIPTS)


def undrawable_characters(loaded: LoadedFile) -> list[Problem]:
    """An error for each character in the file's text values that no packaged font has."""
    source_text = loaded.path.read_text(encoding="utf-8")
    line_starts = _line_starts(source_text)
    problems = []
    for field_path, text in _text_values(loaded.data, ()):
        undrawn = {character for character in set(text) if not is_drawn(character)}
        if not undrawn:
            continue
        for character in dict.fromkeys(text):  # in the order they first appear
            if character not in undrawn:
                continue
            line, column = _place(source_text, line_starts, loaded.locate(field_path), character)
            problems.append(Problem(loaded.display, line, column, format_field_path(field_path),
                                    _message(character)))
    return problems


def _message(character: str) -> str:
    name = unicodedata.name(character, "unnamed character").lower()
    return (f"'{character}' (U+{ord(character):04X}, {name}) is in no packaged font, so no "
            f"document could show it; the fonts cover {SCRIPTS}: replace it, or write it "
            "another way")


def _text_values(data: Any, path: FieldPath) -> Iterator[tuple[FieldPath, str]]:
    if isinstance(data, str):
        yield path, data
    elif isinstance(data, dict):
        for key, value in data.items():
            yield from _text_values(value, (*path, str(key)))
    elif isinstance(data, list):
        for index, value in enumerate(data):
            yield from _text_values(value, (*path, index))


def _line_starts(text: str) -> list[int]:
    starts = [0]
    starts += [index + 1 for index, character in enumerate(text) if character == "\n"]
    return starts


def _place(source_text: str, line_starts: list[int], start: tuple[int, int],
           character: str) -> tuple[int, int]:
    """The line and column of `character` at or after the value's start (else the start)."""
    line, column = start
    offset = source_text.find(character, line_starts[line - 1] + column - 1)
    if offset < 0:
        return start
    found_line = max(index for index, begin in enumerate(line_starts) if begin <= offset)
    return found_line + 1, offset - line_starts[found_line] + 1
