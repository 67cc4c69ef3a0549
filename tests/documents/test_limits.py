"""Limits measured on what is built; stats; portal text; every funder at once."""

from __future__ import annotations

from pathlib import Path

import pytest

from pitch.cli import main
from pitch.documents.limits import measure_sections, section_problems
from pitch.inputs.model import Limits, SectionLimit
from pitch.render.plaintext import section_texts

HTML = """<html><body>
<section id="summary"><h2>Executive summary</h2>
<p>We ask for <strong>money</strong> to do one thing.</p>
<ul><li>First point</li><li>Second point</li></ul></section>
<section id="budget"><h2>Budget</h2><table><tr><th>Ask</th><th>Amount</th></tr>
<tr><td>Workshop</td><td class="num">USD 3,000</td></tr></table></section>
<div data-docx="skip">Page furniture</div>
</body></html>"""


def test_sections_become_plain_text_with_lists_as_lines() -> None:
    summary, budget = section_texts(HTML)
    assert (summary.id, summary.title) == ("summary", "Executive summary")
    assert summary.text == "We ask for money to do one thing.\n\n- First point\n- Second point"
    assert summary.words == 12
    assert "Workshop | USD 3,000" in budget.text


def test_a_section_over_its_word_limit_says_by_how_much() -> None:
    limits = Limits(sections={"summary": SectionLimit(words=10, characters=40)})
    problems = section_problems(measure_sections(section_texts(HTML), limits), limits, None)
    assert [problem.message for problem in problems] == [
        "section 'Executive summary': 12 words, limit 10 (over by 2)",
        "section 'Executive summary': 62 characters, limit 40 (over by 22)",
    ]


def _funder(root: Path, name: str, text: str) -> None:
    (root / "inputs" / "funders" / f"{name}.yaml").write_text(text, encoding="utf-8")


def test_stats_prints_words_and_limits_without_laying_out_pdfs(
    minimal_project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _funder(minimal_project, "small-fund", "name: Small\nlimits:\n  sections:\n"
            "    summary: {words: 5}\n")
    assert main(["stats", str(minimal_project), "--funder", "small-fund"]) == 1
    captured = capsys.readouterr()
    assert "Executive summary" in captured.out and "pages:" not in captured.out
    assert "small-fund.yaml:4:22: error: limits.sections.summary.words: section " \
           "'Executive summary': 23 words, limit 5 (over by 18)" in captured.err


def test_a_page_limit_fails_the_build_and_writes_nothing(
    minimal_project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _funder(minimal_project, "small-fund", "name: Small\nlimits:\n  pitch_pages: 2\n")
    assert main(["build", str(minimal_project), "--funder", "small-fund"]) == 1
    assert "small-fund.yaml:3:16: error: limits.pitch_pages: pitch: 7 pages, limit 2 " \
           "(over by 5)" in capsys.readouterr().err
    assert not (minimal_project / "build" / "small-fund").exists()


def test_an_unknown_funder_is_misuse(minimal_project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["build", str(minimal_project), "--funder", "big-fund"]) == 2
    assert "no funder 'big-fund' in inputs/funders/ (the funders are: small-fund)" in \
        capsys.readouterr().err


def test_all_funders_build_each_into_its_own_folder_with_portal_text(
    minimal_project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _funder(minimal_project, "other-fund", "name: Other\npaper: letter\n"
            "limits:\n  sections:\n    summary: {words: 300, characters: 2000}\n")
    assert main(["--quiet", "build", str(minimal_project), "--all-funders"]) == 0
    printed = capsys.readouterr().out.split()
    for funder in ("small-fund", "other-fund"):
        folder = minimal_project / "build" / funder
        assert str(folder / "tiny-pitch-v0.1.0.pdf") in printed
        assert (folder / "tiny-pitch-v0.1.0-summary.pdf").is_file()
    summary = (minimal_project / "build" / "other-fund" / "portal" / "summary.txt").read_text()
    assert summary.startswith("We ask for USD 3,000 to run one joint workshop.")
    assert "**" not in summary
    index = (minimal_project / "build" / "other-fund" / "portal" / "index.txt").read_text()
    summary_row = next(line for line in index.splitlines() if line.startswith("summary.txt"))
    assert summary_row.split()[1:] == ["Executive", "summary", "23", "300", "110", "2,000"]
