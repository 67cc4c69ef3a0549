"""A funder's questions: stats and portal text follow them; field limits; open sections built."""

from __future__ import annotations

import collections
from pathlib import Path

import docx
import pytest
from pypdf import PdfReader

from pitch.cli import main
from tests.conftest import write_tree

SECTIONS = {
    "inputs/sections/landscape.yaml": (
        "title: Landscape analysis\nafter: need\nbody: |\n"
        "  Other networks do parts of this.[^1]\n\n  # Where we differ\n\n"
        "  | Network | Members |\n  |---------|--------:|\n  | Ours    | 5 |\n\n"
        "  [^1]: Convening notes, 2026.\n"),
    "inputs/sections/risks.yaml": (
        "kind: risks\nrisks:\n  - risk: Staff leave\n    likelihood: medium\n    impact: high\n"
        "    mitigation: Two people per job.\n    owner: beta\n"),
}
QUESTIONS = """name: Small
questions:
  - id: landscape-analysis
    label: Landscape analysis
    question: Describe the other tools your audience uses.
    sections: [landscape]
    words: 250
  - id: plan
    label: Plan and risks
    question: What will you do, and what could go wrong?
    sections: [strategy, risks]
    words: {plan_words}
limits:
  fields:
    pitch.title: {{characters: {title_characters}}}
"""


def _project(root: Path, plan_words: int = 500, title_characters: int = 75) -> Path:
    funder = QUESTIONS.format(plan_words=plan_words, title_characters=title_characters)
    return write_tree(root, {**SECTIONS, "inputs/funders/small-fund.yaml": funder})


def test_stats_follows_the_funders_questions_and_labels(
    minimal_project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _project(minimal_project)
    assert main(["stats", str(minimal_project), "--funder", "small-fund"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].split() == ["question", "words", "limit", "characters", "limit"]
    assert [line.split("  ")[0] for line in lines[1:3]] == ["Landscape analysis", "Plan and risks"]
    assert lines[1].split()[-4:] == ["18", "250", "111", "-"]
    field_header = lines.index(next(line for line in lines if line.startswith("field")))
    assert lines[field_header + 1].split() == ["pitch.title", "3", "-", "12", "75"]


def test_an_answer_over_its_limit_is_an_error_at_the_question(
    minimal_project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _project(minimal_project, plan_words=10, title_characters=5)
    assert main(["stats", str(minimal_project), "--funder", "small-fund"]) == 1
    errors = capsys.readouterr().err
    assert "small-fund.yaml:12:12: error: questions[1].words: question 'Plan and risks': " in errors
    assert "limit 10 (over by" in errors
    assert ("small-fund.yaml:15:31: error: limits.fields.pitch.title.characters: pitch.title: "
            "12 characters, limit 5 (over by 7)") in errors


def test_the_portal_has_one_file_per_question_headed_by_its_wording(
    minimal_project: Path,
) -> None:
    _project(minimal_project)
    assert main(["build", str(minimal_project), "--funder", "small-fund", "-q"]) == 0
    portal = minimal_project / "build" / "small-fund" / "portal"
    assert sorted(path.name for path in portal.iterdir()) == [
        "index.txt", "landscape-analysis.txt", "plan.txt"]
    landscape = (portal / "landscape-analysis.txt").read_text(encoding="utf-8")
    assert landscape.startswith("Describe the other tools your audience uses.\n\n"
                                "Other networks do parts of this.[1]\nWhere we differ\n")
    assert landscape.endswith("Notes\n[1] Convening notes, 2026.\n")
    plan = (portal / "plan.txt").read_text(encoding="utf-8")
    assert "\n\nRisks and mitigation\n\nRisk | Likelihood" in plan
    assert "Staff leave | Medium | High | Two people per job. | Beta" in plan
    index = (portal / "index.txt").read_text(encoding="utf-8")
    assert "landscape-analysis.txt  Landscape analysis  18     250    111" in index


def _pdf_text(path: Path) -> str:
    return "\n".join(page.extract_text() or "" for page in PdfReader(path).pages)


def test_open_sections_print_in_the_pdf_and_the_docx_with_their_notes(
    minimal_project: Path,
) -> None:
    write_tree(minimal_project, SECTIONS)
    assert main(["build", str(minimal_project), "-q"]) == 0
    build = minimal_project / "build"
    pdf = _pdf_text(next(build.glob("*-v0.1.0.pdf")))
    for text in ("Landscape analysis", "Where we differ", "Convening notes, 2026.",
                 "Risks and mitigation", "Two people per job."):
        assert text in pdf
    assert pdf.index("The need") < pdf.index("Landscape analysis") < pdf.index("Who we are")
    document = docx.Document(str(next(build.glob("*.docx"))))
    styles = {paragraph.text: paragraph.style.name for paragraph in document.paragraphs}
    assert styles["Landscape analysis"] == "Heading 1"
    assert styles["Where we differ"] == "Heading 2"
    assert styles["Notes"] == "Label"
    assert styles["Convening notes, 2026."] == "List Number"
    [reference] = [run for paragraph in document.paragraphs for run in paragraph.runs
                   if run.style.name == "Note Reference"]
    assert reference.text == "1" and reference.style.font.superscript
    cells = collections.Counter(cell.text for table in document.tables
                                for row in table.rows for cell in row.cells)
    assert cells["Members"] == 1 and cells["Staff leave"] == 1
