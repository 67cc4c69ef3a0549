"""The letter layout in Word: the reference styles scaled as letter.css scales the PDF."""

from __future__ import annotations

import datetime
from io import BytesIO
from pathlib import Path

import docx
import pytest
from docx.document import Document
from docx.shared import Pt

from pitch.word.reference import write_reference_docx
from pitch.word.writer import DocumentMetadata, write_docx

METADATA = DocumentMetadata(
    title="From Surviving to Thriving", author="Coalition", subject="A plan",
    keywords=(), language="en", version="1.0.0", date=datetime.date(2026, 11, 24),
    doi="10.71707/qttn-3j47", footer_text="Version 1.0.0", paper="letter",
)
BODY = ('<header class="letterhead"><h1>From Surviving to Thriving</h1></header>'
        "<section><h2>The need</h2><p>Open science has changed.</p></section>")


@pytest.fixture(scope="module")
def reference(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("reference") / "reference.docx"
    write_reference_docx(path)
    return path


def written(reference: Path, body_class: str) -> Document:
    html = (f'<!DOCTYPE html><html lang="en"><head><title>t</title></head>'
            f'<body class="{body_class}">{BODY}</body></html>')
    return docx.Document(BytesIO(write_docx(html, reference=reference, metadata=METADATA)))


def test_a_letter_has_the_letters_type_sizes_spacing_and_margins(reference: Path) -> None:
    pitch, letter = written(reference, "document-pitch"), written(reference, "document-letter")
    assert pitch.styles["Normal"].font.size == Pt(11)
    assert letter.styles["Normal"].font.size == Pt(10.5)
    assert letter.styles["Title"].font.size == Pt(23)
    assert letter.styles["Heading 1"].font.size == Pt(13.5)
    assert letter.styles["Heading 2"].font.size == Pt(11.5)
    pitch_after = pitch.styles["Body Text"].paragraph_format.space_after
    letter_after = letter.styles["Body Text"].paragraph_format.space_after
    assert pitch_after is not None and letter_after is not None
    assert letter_after == pitch_after // 2
    assert letter.styles["Normal"].paragraph_format.line_spacing == pytest.approx(1.05, abs=0.01)
    section = letter.sections[0]
    margins = (section.top_margin, section.left_margin, section.bottom_margin)
    assert [margin.mm for margin in margins] == pytest.approx([14, 19, 20], abs=0.05)
    assert pitch.sections[0].top_margin == pitch.sections[0].left_margin  # the paper's margin


def test_a_designers_style_is_scaled_not_replaced(reference: Path, tmp_path: Path) -> None:
    edited = tmp_path / "reference.docx"
    document = docx.Document(str(reference))
    document.styles["Normal"].font.size = Pt(12)
    document.save(str(edited))
    assert written(edited, "document-letter").styles["Normal"].font.size == \
        Pt(round(24 * 10.5 / 11) / 2)
