"""The budget by organisation and year, with its computed indirect line, in the PDF and DOCX."""

from __future__ import annotations

import shutil
from pathlib import Path

import docx
import pytest
from pypdf import PdfReader

from pitch.build import BuildOptions, build
from pitch.project import Project
from tests.inputs.test_budget import _two_years


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The minimal project with a two-year, three-organisation budget, built once."""
    root = tmp_path_factory.mktemp("budget") / "project"
    minimal = Path(__file__).resolve().parents[1] / "fixtures" / "minimal"
    shutil.copytree(minimal, root)
    shutil.copytree(Path(__file__).resolve().parents[2] / "templates", root / "templates")
    _two_years(root)
    build(Project(root), BuildOptions(out=root / "build"))
    return root / "build"


def _pdf_text(path: Path) -> str:
    return " ".join(" ".join((page.extract_text() or "").split())
                    for page in PdfReader(path).pages)


def _docx_rows(path: Path) -> list[list[str]]:
    return [[cell.text for cell in row.cells]
            for table in docx.Document(str(path)).tables for row in table.rows]


def test_the_pdf_shows_each_organisation_by_year_and_the_computed_indirect(built: Path) -> None:
    text = _pdf_text(next(built.glob("*-v*[0-9].pdf")))
    assert "Budget by organisation and year" in text
    assert "ORGANISATION (EUR) 2027 2028 NOT SPLIT BY YEAR TOTAL" in text
    # Beta spends the coordinator (20,000 + 22,000) plus its 10% share of indirect costs.
    assert "Beta 22,000 24,200 – 46,200" in text
    assert "Alpha Group – 3,300 16,500 19,800" in text
    assert "Total 22,000 27,500 16,500 66,000" in text
    assert "Indirect costs (10% of direct costs) 6,000 6,000" in text


def test_the_docx_has_the_same_rows(built: Path) -> None:
    rows = _docx_rows(next(built.glob("*.docx")))
    assert ["Organisation (EUR)", "2027", "2028", "Not split by year", "Total"] in rows
    assert ["Beta", "22,000", "24,200", "–", "46,200"] in rows
    assert ["Total", "22,000", "27,500", "16,500", "66,000"] in rows
    assert ["Indirect costs (10% of direct costs)", "6,000", "6,000"] in rows
