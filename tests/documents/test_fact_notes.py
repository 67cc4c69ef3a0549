"""Sources of facts and metrics print as numbered notes in the PDF and the DOCX."""

from __future__ import annotations

from pathlib import Path

import docx
from pypdf import PdfReader

from pitch.cli import main
from tests.conftest import ALPHA_FACTS


def _project(root: Path) -> None:
    alpha = root / "inputs" / "organisations" / "alpha.yaml"
    alpha.write_text(alpha.read_text(encoding="utf-8") + ALPHA_FACTS, encoding="utf-8")
    strategy = root / "inputs" / "strategy.yaml"
    strategy.write_text(strategy.read_text(encoding="utf-8").replace(
        '        baseline: "0"\n',
        '        baseline: 40% of participants\n'
        '        source: Alpha Group, Members survey 2025\n'), encoding="utf-8")


def test_facts_and_baselines_print_with_their_sources_as_notes(minimal_project: Path) -> None:
    _project(minimal_project)
    assert main(["build", str(minimal_project), "-q"]) == 0
    build = minimal_project / "build"
    reader = PdfReader(next(build.glob("*-v0.1.0.pdf")))
    pdf = "\n".join(page.extract_text() or "" for page in reader.pages)
    assert "TRACK RECORD" in pdf and "NOTES" in pdf
    for text in ("More than 4,000 learners a year1",
                 "https://alpha.example.org/annual-report-2025", "40% of participants1",
                 "Alpha Group, Members survey 2025"):
        assert text in pdf
    links = [annotation.get_object().get("/A", {}).get("/URI")
             for page in reader.pages for annotation in page.get("/Annots") or []]
    assert "https://alpha.example.org/annual-report-2025" in links
    document = docx.Document(str(next(build.glob("*.docx"))))
    styles = {paragraph.text: paragraph.style.name for paragraph in document.paragraphs}
    assert styles["https://alpha.example.org/annual-report-2025"] == "List Number"
    assert styles["Alpha Group, Members survey 2025"] == "List Number"
    assert styles["More than 4,000 learners a year1"] == "List Bullet"
    references = [run.text for paragraph in document.paragraphs for run in paragraph.runs
                  if run.style.name == "Note Reference"]
    assert references == ["1"]
    cells = [cell for table in document.tables for row in table.rows for cell in row.cells]
    assert any(cell.text == "40% of participants1" for cell in cells)
