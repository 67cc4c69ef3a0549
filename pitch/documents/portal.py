"""Portal-ready text: each section as plain text, for funders' web forms.

Markdown is gone, lists stay as simple lines, and an index gives each
section's word and character counts beside the funder's limits, counted the
way portals count them (characters include spaces).
"""

from __future__ import annotations

from pitch.documents.limits import SectionMeasure
from pitch.render.plaintext import SectionText

PORTAL_FOLDER = "portal"


def portal_files(texts: list[SectionText], measures: list[SectionMeasure]) -> dict[str, str]:
    """The portal folder's files, by their path inside the output folder."""
    files = {f"{PORTAL_FOLDER}/{section.id}.txt": section.text + "\n" for section in texts}
    files[f"{PORTAL_FOLDER}/index.txt"] = _index(measures)
    return files


def _index(measures: list[SectionMeasure]) -> str:
    header = ("file", "section", "words", "limit", "characters", "limit")
    rows = [header] + [
        (f"{measure.id}.txt", measure.title, str(measure.words), _limit(measure.word_limit),
         str(measure.characters), _limit(measure.character_limit))
        for measure in measures
    ]
    widths = [max(len(row[column]) for row in rows) for column in range(len(header))]
    lines = ["  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)).rstrip()
             for row in rows]
    intro = ("Each section of the pitch as plain text, to paste into a funder's web form.\n"
             "Characters include spaces, as most portals count them.\n\n")
    return intro + "\n".join(lines) + "\n"


def _limit(value: int | None) -> str:
    return f"{value:,}" if value else "-"
