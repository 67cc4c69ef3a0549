"""The packaged fonts: which Python packages bring them, what they cover, and nothing else.

Every document is set in fonts that come with the project's Python
dependencies, never in whatever the machine has: Atkinson Hyperlegible for
Latin, Noto Sans for what Atkinson lacks (Vietnamese, Greek, Cyrillic).
Laying out runs with a fontconfig that knows only these folders, so even a
machine full of system fonts cannot lend one to a PDF.
"""

from __future__ import annotations

import html
import importlib
import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from functools import cache
from pathlib import Path


@dataclass(frozen=True)
class PackagedFamily:
    """One font family from a Python package: its name, its import name, its files."""

    family: str
    package: str
    files: tuple[str, ...]
    """The regular, bold, italic and bold-italic files (one file may serve several)."""

    @property
    def folder(self) -> Path:
        """The folder of the family's .ttf files, inside the installed package."""
        module = importlib.import_module(self.package)
        return Path(module.ROOT) / "files"


ATKINSON = PackagedFamily("Atkinson Hyperlegible", "fontpkg_atkinson_hyperlegible", (
    "AtkinsonHyperlegible-Regular.ttf", "AtkinsonHyperlegible-Bold.ttf",
    "AtkinsonHyperlegible-Italic.ttf", "AtkinsonHyperlegible-BoldItalic.ttf"))
NOTO_SANS = PackagedFamily("Noto Sans", "fontpkg_noto_sans", (
    "NotoSans[wdth,wght].ttf", "NotoSans[wdth,wght].ttf",
    "NotoSans-Italic[wdth,wght].ttf", "NotoSans-Italic[wdth,wght].ttf"))
FAMILIES = (ATKINSON, NOTO_SANS)
"""In order of preference: a character Atkinson lacks is set in Noto Sans."""

COVERED_SCRIPTS = ("Latin (with Vietnamese)", "Greek", "Cyrillic")
"""What the packaged families cover between them, for the README and messages."""


def font_folders() -> list[Path]:
    """The folders of every packaged family, in order of preference."""
    return [family.folder for family in FAMILIES]


def find_font_file(name: str) -> Path | None:
    """The packaged font file of this name (a `font:` URL's path), or None."""
    for folder in font_folders():
        if (folder / name).is_file():
            return folder / name
    return None


_CHARACTERS: dict[str, frozenset[int]] = {}
"""Each family's code points, by family name, once read (or learnt from a worker)."""


def family_characters(family: PackagedFamily) -> frozenset[int]:
    """The code points the family's regular file has a glyph for."""
    known = _CHARACTERS.get(family.family)
    if known is None:
        from fontTools.ttLib import TTFont  # comes with WeasyPrint

        with TTFont(family.folder / family.files[0], lazy=True) as font:
            known = _CHARACTERS[family.family] = frozenset(font.getBestCmap())
    return known


def every_familys_characters() -> dict[str, frozenset[int]]:
    """The code points of every packaged family, by family name (read now if need be).

    Reading them costs about 0.1 s (fontTools, and the cmaps of both fonts):
    a build's first worker reads them the moment it starts and sends them to
    the parent, which learns them (`learn_characters`) instead of reading
    them on its way to the pitch's HTML.
    """
    return {family.family: family_characters(family) for family in FAMILIES}


def learn_characters(characters: dict[str, frozenset[int]]) -> None:
    """Take the families' code points from another process that read the same files."""
    for family in FAMILIES:
        if family.family in characters:
            _CHARACTERS.setdefault(family.family, characters[family.family])


@cache  # asked once per character of every input: the union is made once
def covered_characters() -> frozenset[int]:
    """Every code point some packaged family can draw."""
    return frozenset().union(*(family_characters(family) for family in FAMILIES))


def family_for(character: str) -> PackagedFamily | None:
    """The first packaged family that can draw `character`, or None."""
    return next((family for family in FAMILIES if ord(character) in family_characters(family)),
                None)


def is_drawn(character: str) -> bool:
    """Whether a character needs no glyph (spaces, controls) or a packaged font has one."""
    return character in "\n\r\t" or ord(character) in covered_characters()


def fontconfig_text(folders: list[Path]) -> str:
    """A fontconfig file that knows only `folders`: no system font directories, no cache."""
    dirs = "".join(f"<dir>{html.escape(str(folder), quote=False)}</dir>" for folder in folders)
    return ('<?xml version="1.0"?>\n<!DOCTYPE fontconfig SYSTEM "urn:fontconfig:fonts.dtd">\n'
            f"<fontconfig>{dirs}</fontconfig>\n")


@contextmanager
def packaged_fonts_only() -> Iterator[None]:
    """Within the block, fontconfig (and so WeasyPrint) sees only the packaged fonts.

    WeasyPrint loads a fresh fontconfig configuration for each document, and
    fontconfig reads FONTCONFIG_FILE when it does; restoring it afterwards
    leaves the process as it was.
    """
    previous = os.environ.get("FONTCONFIG_FILE")
    with tempfile.TemporaryDirectory(prefix="pitch-fonts-") as folder:
        config = Path(folder) / "fonts.conf"
        config.write_text(fontconfig_text(font_folders()), encoding="utf-8")
        os.environ["FONTCONFIG_FILE"] = str(config)
        try:
            yield
        finally:
            if previous is None:
                os.environ.pop("FONTCONFIG_FILE", None)
            else:
                os.environ["FONTCONFIG_FILE"] = previous
