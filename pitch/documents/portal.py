"""Portal-ready text: each section as plain text, for funders' web forms.

Markdown is gone, lists stay as simple lines, and an index gives each
section's word and character counts beside the funder's limits, counted the
way portals count them (characters include spaces).
"""

from __future__ import annotations

from collections.abc import Sequence

from pitch.documents.limits import SectionMeasure
from pitch.documents.questions import Answer
from pitch.render.plaintext import SectionText

PORTAL_FOLDER = "portal"


def portal_files(
    texts: list[SectionText], measures: list[SectionMeasure], answers: Sequence[Answer] = ()
) -> dict[str, str]:
    """The portal folder's files, by their path inside the output folder.

    A funder with questions gets one file per question, named by its id and
    headed by its wording; otherwise one file per section.
    """
    if answers:
        files = {f"{PORTAL_FOLDER}/{answer.id}.txt": f"{answer.question}\n\n{answer.text}\n"
                 for answer in answers}
        files[f"{PORTAL_FOLDER}/index.txt"] = _index(answers, "question", QUESTIONS_INTRO)
        return files
    files = {f"{PORTAL_FOLDER}/{section.id}.txt": section.text + "\n" for section in texts}
    files[f"{PORTAL_FOLDER}/index.txt"] = _index(measures, "section", SECTIONS_INTRO)
    return files


SECTIONS_INTRO = "Each section of the pitch as plain text, to paste into a funder's web form.\n"
QUESTIONS_INTRO = ("Each of the funder's questions, answered in plain text to paste into its form;\n"
                   "the first line of each file is the question, the rest the answer.\n"
                   "Counts are of the answer alone.\n")


def _index(measures: Sequence[SectionMeasure | Answer], kind: str, intro: str) -> str:
    header = ("file", kind, "words", "limit", "characters", "limit")
    rows = [header] + [
        (f"{measure.id}.txt", measure.title, str(measure.words), _limit(measure.word_limit),
         str(measure.characters), _limit(measure.character_limit))
        for measure in measures
    ]
    widths = [max(len(row[column]) for row in rows) for column in range(len(header))]
    lines = ["  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)).rstrip()
             for row in rows]
    intro += "Characters include spaces, as most portals count them.\n\n"
    return intro + "\n".join(lines) + "\n"


def _limit(value: int | None) -> str:
    return f"{value:,}" if value else "-"
