"""The letter layout: the coalition's Sloan letter of inquiry, built once and inspected."""

from __future__ import annotations

import shutil
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import docx
import pytest
from docx.document import Document
from docx.oxml.ns import qn
from pypdf import PdfReader

from pitch.build import BuildOptions, build, output_names
from pitch.project import Project

REPO_ROOT = Path(__file__).resolve().parents[2]
NAMES = output_names("coalition-pitch", "1.0.0")
TITLE = "From Surviving to Thriving"
DOI_URL = "https://doi.org/10.71707/qttn-3j47"
COVER_ONLY = ("Funding proposal", "Five open science organisations will share operations")
"""The cover's kicker and its purpose line, which a letter leaves out."""
LETTER_SIZE_PT = (612, 792)


@dataclass(frozen=True)
class Letter:
    """The built outputs of the Sloan variant."""

    pdf: PdfReader
    html: str
    docx: Document


@pytest.fixture(scope="module")
def letter(tmp_path_factory: pytest.TempPathFactory) -> Letter:
    """The real coalition pitch, built once as the sloan-loi variant (layout: letter)."""
    root = tmp_path_factory.mktemp("letter") / "coalition"
    for folder in ("inputs", "templates", "schemas"):
        shutil.copytree(REPO_ROOT / folder, root / folder)
    out = root / "build" / "sloan-loi"
    build(Project(root), BuildOptions(out=out, funder="sloan-loi"))
    return Letter(
        pdf=PdfReader(out / NAMES["pitch_pdf"]),
        html=(out / NAMES["pitch_html"]).read_text(encoding="utf-8"),
        docx=docx.Document(str(out / NAMES["pitch_docx"])),
    )


def test_the_letter_fits_on_two_us_letter_pages(letter: Letter) -> None:
    assert len(letter.pdf.pages) <= 2
    box = letter.pdf.pages[0].mediabox
    assert (round(box.width), round(box.height)) == LETTER_SIZE_PT


def test_page_one_opens_with_the_letterhead_instead_of_a_cover(letter: Letter) -> None:
    first_page = letter.pdf.pages[0].extract_text()
    assert TITLE in first_page
    assert DOI_URL in first_page
    assert "Executive summary" in first_page
    words = " ".join(first_page.split()).casefold()  # the kicker is set in capitals
    assert not [text for text in COVER_ONLY if text.casefold() in words]


def test_every_page_carries_the_version_and_the_doi_in_its_footer(letter: Letter) -> None:
    count = len(letter.pdf.pages)
    for number, page in enumerate(letter.pdf.pages, start=1):
        text = page.extract_text()
        assert f"Page {number} of {count}" in text
        assert "Version 1.0.0" in text
        assert DOI_URL in text


def test_body_text_is_at_least_ten_and_a_half_points(letter: Letter) -> None:
    characters_by_size: Counter[float] = Counter()

    def count(text: str, cm: list[float], tm: list[float], font: object, size: float) -> None:
        characters_by_size[round(abs(size * tm[3] * cm[3]), 2)] += len(text.strip())

    for page in letter.pdf.pages:
        page.extract_text(visitor_text=count)
    body_size = characters_by_size.most_common(1)[0][0]
    assert 10.5 <= body_size <= 11


def test_sections_run_on_without_page_breaks_or_a_cover(letter: Letter) -> None:
    assert 'class="letterhead"' in letter.html
    assert 'class="cover"' not in letter.html
    assert "page-break" not in letter.html


def test_the_sections_are_condensed_for_a_letter(letter: Letter) -> None:
    assert 'class="metrics"' not in letter.html
    assert 'class="budget"' not in letter.html
    assert ">Actions<" not in letter.html
    assert ">Outcomes<" in letter.html
    assert 'class="asks"' in letter.html
    assert 'class="challenges"' in letter.html


def test_the_docx_letterhead_is_a_title_without_a_page_break_after_it(letter: Letter) -> None:
    paragraphs = letter.docx.paragraphs
    styles = [paragraph.style.name for paragraph in paragraphs]
    title = styles.index("Title")
    assert paragraphs[title].text == TITLE
    assert styles[title + 1] == "Subtitle"
    first_heading = styles.index("Heading 1")
    assert paragraphs[first_heading].text == "Executive summary"
    assert not any(paragraph.paragraph_format.page_break_before for paragraph in paragraphs)
    body = letter.docx.element.body
    assert not [br for br in body.iter(qn("w:br")) if br.get(qn("w:type")) == "page"]
