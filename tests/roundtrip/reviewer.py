"""Edit a DOCX the way a reviewer does in Word: python-docx for text and comments, raw OOXML
for tracked changes, and a LibreOffice round trip for a reviewer who uses LibreOffice."""

from __future__ import annotations

import copy
import shutil
import subprocess
from pathlib import Path

import pytest
from docx.document import Document
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.text.paragraph import Paragraph
from docx.text.run import Run

REVIEW_DATE = "2026-12-01T10:00:00Z"


def paragraph_with(document: Document, text: str) -> Paragraph:
    """The first paragraph, in the body or a table, whose text contains `text`."""
    for paragraph in _all_paragraphs(document):
        if text in paragraph.text:
            return paragraph
    raise AssertionError(f"no paragraph holds {text!r}")


def _all_paragraphs(document: Document) -> list[Paragraph]:
    found = list(document.paragraphs)
    for table in document.tables:
        for row in table.rows:
            for cell in row.cells:
                found += cell.paragraphs
    return found


def run_with(paragraph: Paragraph, text: str) -> Run:
    """The run of the paragraph whose text contains `text`."""
    for run in paragraph.runs:
        if text in run.text:
            return run
    raise AssertionError(f"no run holds {text!r}")


def replace_words(document: Document, old: str, new: str) -> None:
    """Change words inside one run, as typing over a selection does."""
    run = run_with(paragraph_with(document, old), old)
    run.text = run.text.replace(old, new)


def split_run(run: Run, text: str) -> tuple[Run, Run, Run]:
    """Split a run into before / `text` / after, each keeping the run's formatting."""
    before, _, after = run.text.partition(text)
    middle_r, after_r = copy.deepcopy(run._r), copy.deepcopy(run._r)
    run._r.addnext(middle_r)
    middle_r.addnext(after_r)
    run.text = before
    middle, last = Run(middle_r, run._parent), Run(after_r, run._parent)
    middle.text, last.text = text, after
    return run, middle, last


def bold_word(document: Document, word: str) -> None:
    """Select one word and press Ctrl+B."""
    run = run_with(paragraph_with(document, word), word)
    split_run(run, word)[1].bold = True


def split_paragraph(document: Document, before: str) -> None:
    """Put the cursor after `before` and press Enter: the rest moves to a new paragraph."""
    paragraph = paragraph_with(document, before)
    run = run_with(paragraph, before)
    head, tail = run.text.split(before, 1)
    run.text = head + before
    following = list(run._r.itersiblings())
    new_p = OxmlElement("w:p")
    properties = paragraph._p.find(qn("w:pPr"))
    if properties is not None:
        new_p.append(copy.deepcopy(properties))
    paragraph._p.addnext(new_p)
    tail_r = copy.deepcopy(run._r)
    Run(tail_r, paragraph).text = tail.lstrip()
    new_p.append(tail_r)
    for child in following:
        new_p.append(child)


def _change(kind: str, change_id: int, author: str) -> OxmlElement:
    element = OxmlElement(f"w:{kind}")
    element.set(qn("w:id"), str(change_id))
    element.set(qn("w:author"), author)
    element.set(qn("w:date"), REVIEW_DATE)
    return element


def track_insert(document: Document, after: str, inserted: str, author: str) -> None:
    """With track changes on, type `inserted` right after the text `after`."""
    run = run_with(paragraph_with(document, after), after)
    _, typed_after, _ = split_run(run, after)
    insertion = _change("ins", 901, author)
    new_run = copy.deepcopy(typed_after._r)
    Run(new_run, typed_after._parent).text = inserted
    insertion.append(new_run)
    typed_after._r.addnext(insertion)


def track_replace(document: Document, old: str, new: str, author: str) -> None:
    """With track changes on, select `old` and type `new`: a deletion, then an insertion."""
    run = run_with(paragraph_with(document, old), old)
    _, middle, _ = split_run(run, old)
    deletion = _change("del", 902, author)
    middle._r.addprevious(deletion)
    deletion.append(middle._r)
    for text in middle._r.findall(qn("w:t")):
        text.tag = qn("w:delText")
    insertion = _change("ins", 903, author)
    inserted = copy.deepcopy(middle._r)
    for text in inserted.findall(qn("w:delText")):
        text.tag = qn("w:t")
        text.text = new
    insertion.append(inserted)
    deletion.addnext(insertion)


def comment_on(document: Document, text: str, comment: str, author: str) -> None:
    """Select `text` and add a comment, as Review > New Comment does."""
    run = run_with(paragraph_with(document, text), text)
    document.add_comment([run], text=comment, author=author, initials="".join(
        word[0] for word in author.split()))


def through_libreoffice(source: Path, folder: Path) -> Path:
    """Open and save the DOCX in LibreOffice (soffice --headless --convert-to docx)."""
    soffice = shutil.which("soffice")
    if soffice is None:
        pytest.skip("LibreOffice (soffice) is not installed")
    out = folder / "libreoffice"
    profile = (folder / "libreoffice-profile").as_uri()
    subprocess.run([soffice, f"-env:UserInstallation={profile}", "--headless", "--convert-to",
                    "docx:MS Word 2007 XML", "--outdir", str(out), str(source)],
                   check=True, capture_output=True, timeout=180)
    return out / source.name
