"""Facts with a source, an owner and a review date: checks, warnings, release and notes."""

from __future__ import annotations

import datetime
import re
import subprocess
import sys
from pathlib import Path

import pytest

from pitch.cli import main
from pitch.errors import Severity
from pitch.inputs.facts import review_problems
from pitch.inputs.rules import project_facts
from pitch.inputs.validate import load_inputs
from pitch.project import Project
from pitch.render.templates import source_note
from tests.conftest import ALPHA_FACTS as BASE_FACTS

ALPHA_FACTS = BASE_FACTS + """  lessons:
    value: 12 open lessons
    source: Alpha Group, Annual Report 2025
"""


def _add_facts(root: Path, text: str = ALPHA_FACTS) -> Path:
    alpha = root / "inputs" / "organisations" / "alpha.yaml"
    alpha.write_text(alpha.read_text(encoding="utf-8") + text, encoding="utf-8")
    return alpha


def _reviews(root: Path, today: datetime.date) -> list[str]:
    inputs = load_inputs(Project(root))
    return [problem.format() for problem in
            review_problems(project_facts(inputs.pitch), inputs.sources, today, Severity.WARNING)]


def test_a_fact_past_its_review_date_is_a_warning_naming_its_owner(minimal_project: Path) -> None:
    alpha = _add_facts(minimal_project)
    assert _reviews(minimal_project, datetime.date(2026, 7, 1)) == [
        f"{alpha}:12:16: warning: facts.learners.review_by: 2026-06-30 has passed; ask "
        "ada@example.org to confirm, then set confirmed: to that day's date (or move "
        "review_by on)"]
    assert _reviews(minimal_project, datetime.date(2026, 6, 30)) == []


def test_a_confirmation_on_or_after_the_review_date_settles_it(minimal_project: Path) -> None:
    _add_facts(minimal_project, ALPHA_FACTS.replace(
        "review_by: 2026-06-30", "review_by: 2026-06-30\n    confirmed: 2026-07-02"))
    assert _reviews(minimal_project, datetime.date(2027, 1, 1)) == []


def test_a_confirmation_before_a_moved_review_date_does_not(minimal_project: Path) -> None:
    _add_facts(minimal_project, ALPHA_FACTS.replace(
        "review_by: 2026-06-30", "review_by: 2027-06-30\n    confirmed: 2026-07-02"))
    assert len(_reviews(minimal_project, datetime.date(2027, 7, 1))) == 1


def test_a_metric_carries_the_source_of_its_baseline(minimal_project: Path) -> None:
    strategy = minimal_project / "inputs" / "strategy.yaml"
    text = strategy.read_text(encoding="utf-8")
    strategy.write_text(text.replace(
        '        baseline: "0"\n',
        '        baseline: 40% of participants\n'
        '        source: https://alpha.example.org/survey\n'
        '        owner: ada@example.org\n'
        '        review_by: 2026-01-31\n'), encoding="utf-8")
    assert load_inputs(Project(minimal_project)).warnings == []
    assert _reviews(minimal_project, datetime.date(2026, 2, 1)) == [
        f"{strategy}:21:20: warning: pillars[0].metrics[0].review_by: 2026-01-31 has passed; "
        "ask ada@example.org to confirm, then set confirmed: to that day's date (or move "
        "review_by on)"]


def test_a_baseline_figure_without_a_source_is_flagged(minimal_project: Path) -> None:
    strategy = minimal_project / "inputs" / "strategy.yaml"
    text = strategy.read_text(encoding="utf-8")
    strategy.write_text(text.replace('baseline: "0"', "baseline: 40% of participants"),
                        encoding="utf-8")
    warnings = [problem.format() for problem in load_inputs(Project(minimal_project)).warnings]
    assert warnings == [f"{strategy}:18:19: warning: pillars[0].metrics[0].baseline: '40%' "
                        "needs a source: cite one with a footnote such as [^source-id] in "
                        "the same paragraph"]


@pytest.mark.parametrize("source", [
    "https://carpentries.org/about/", "10.71707/qttn-3j47", "doi:10.5281/zenodo.123",
    "The Carpentries, Annual Report 2024"])
def test_web_addresses_dois_and_citations_are_sources(minimal_project: Path, source: str) -> None:
    _add_facts(minimal_project, ALPHA_FACTS.replace(
        "https://alpha.example.org/annual-report-2025", f'"{source}"'))
    assert load_inputs(Project(minimal_project)).warnings == []


def test_check_reads_the_clock_and_faketime_moves_it(minimal_project: Path) -> None:
    _add_facts(minimal_project)
    command = [sys.executable, "-m", "pitch", "check", str(minimal_project)]
    late = subprocess.run(["faketime", "2026-07-01 12:00:00", *command],
                          capture_output=True, text=True, check=False)
    early = subprocess.run(["faketime", "2026-06-01 12:00:00", *command],
                           capture_output=True, text=True, check=False)
    assert late.returncode == 0, late.stderr
    assert "facts.learners.review_by: 2026-06-30 has passed; ask ada@example.org" in late.stderr
    assert "has passed" not in early.stderr


def test_release_refuses_an_expired_fact_until_it_is_confirmed(
    minimal_project: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str],
) -> None:
    alpha = _add_facts(minimal_project, ALPHA_FACTS.replace("2026-06-30", "2000-01-31"))
    monkeypatch.chdir(minimal_project)
    assert main(["release"]) == 1
    assert (f"{alpha.relative_to(minimal_project)}:12:16: error: facts.learners.review_by: "
            "2000-01-31 has passed") in capsys.readouterr().err
    assert not (minimal_project / "releases").exists()
    alpha.write_text(alpha.read_text(encoding="utf-8").replace(
        "review_by: 2000-01-31", "review_by: 2000-01-31\n    confirmed: 2000-02-01"),
        encoding="utf-8")
    assert main(["release"]) == 0
    assert (minimal_project / "releases").is_dir()


def test_source_notes_link_addresses_and_dois_and_escape_citations() -> None:
    assert source_note("https://a.org/x") == '<a href="https://a.org/x">https://a.org/x</a>'
    assert source_note("doi:10.5281/x") == (
        "<a href=\"https://doi.org/10.5281/x\">https://doi.org/10.5281/x</a>")
    assert source_note("A & B, Report 2024") == "A &amp; B, Report 2024"
    assert re.search("<b>", str(source_note("<b>x</b>, Report 2024"))) is None
    assert source_note("PREreview, Report 2023, <https://prereview.org/r>") == (
        'PREreview, Report 2023, <a href="https://prereview.org/r">https://prereview.org/r</a>')


def test_the_coalitions_figures_are_facts_with_sources_and_review_dates(
    project_root: Path,
) -> None:
    inputs = load_inputs(Project(project_root))
    facts = project_facts(inputs.pitch)
    assert {value.file for value in facts} == {
        f"organisations/{slug}" for slug in inputs.pitch.info.authors}
    assert all(value.note.source and value.note.review_by for value in facts)


def test_an_open_section_takes_an_owner_and_a_review_date_for_its_figures(
    minimal_project: Path,
) -> None:
    section = minimal_project / "inputs" / "sections" / "evidence.yaml"
    section.parent.mkdir(exist_ok=True)
    section.write_text("title: Evidence\nowner: ada@example.org\nreview_by: 2026-03-31\n"
                       "body: |\n  Over 40% of members teach.[^survey]\n\n"
                       "  [^survey]: Alpha Group, Members survey 2025.\n", encoding="utf-8")
    assert _reviews(minimal_project, datetime.date(2026, 4, 1)) == [
        f"{section}:3:12: warning: review_by: 2026-03-31 has passed; ask ada@example.org to "
        "confirm, then set confirmed: to that day's date (or move review_by on)"]
