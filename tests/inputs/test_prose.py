"""Figures in prose: amounts checked against the budget, other figures needing a source."""

from __future__ import annotations

from pathlib import Path

import pytest

from pitch.inputs.prose import unsourced_figures
from pitch.inputs.validate import CheckedInputs, load_inputs
from pitch.inputs.variant import check_funders
from pitch.project import Project


def load_project(root: Path) -> CheckedInputs:
    """Read and check the project at root."""
    return load_inputs(Project(root))


def _replace(path: Path, old: str, new: str) -> Path:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new), encoding="utf-8")
    return path


def _warnings(root: Path) -> list[str]:
    return [problem.format() for problem in load_project(root).warnings]


def test_the_hand_typed_total_in_the_theory_of_change_is_checked(minimal_project: Path) -> None:
    strategy = _replace(minimal_project / "inputs" / "strategy.yaml",
                        "inputs: [Two coordinators]",
                        'inputs: [Two coordinators, "Grant funding of USD 3,500"]')
    assert _warnings(minimal_project) == [
        f"{strategy}:25:48: warning: theory_of_change.inputs[1]: mentions USD 3,500, but the "
        "total is USD 3,000 and nothing in the budget is that amount"]


def test_an_amount_in_a_block_of_markdown_is_located_on_its_own_line(minimal_project: Path) -> None:
    alpha = _replace(minimal_project / "inputs" / "organisations" / "alpha.yaml",
                     "mission: Alpha teaches people to share data.",
                     "mission: |\n  Alpha teaches people to share data.\n\n"
                     "  It would spend\n  USD 2,100 of the grant.")
    assert _warnings(minimal_project) == [
        f"{alpha}:8:3: warning: mission: mentions USD 2,100, but the total is USD 3,000 and "
        "nothing in the budget is that amount"]


def test_amounts_the_budget_has_by_line_or_by_organisation_pass(minimal_project: Path) -> None:
    _replace(minimal_project / "inputs" / "strategy.yaml", "summary: One workshop, run together.",
             "summary: One workshop, USD 2,000 of travel and USD 1,000 for Alpha's room.")
    assert _warnings(minimal_project) == []


def test_a_figure_without_a_footnote_needs_a_source_at_its_place(minimal_project: Path) -> None:
    strategy = _replace(minimal_project / "inputs" / "strategy.yaml",
                        "summary: Small groups struggle alone.",
                        "summary: Since 2019, 40% of small groups in 12 countries closed.")
    assert _warnings(minimal_project) == [
        f"{strategy}:2:24: warning: need.summary: '40%' needs a source: cite one with a "
        "footnote such as [^source-id] in the same paragraph",
        f"{strategy}:2:47: warning: need.summary: '12 countries' needs a source: cite one "
        "with a footnote such as [^source-id] in the same paragraph"]


def test_a_footnote_in_the_paragraph_sources_its_figures(minimal_project: Path) -> None:
    _replace(minimal_project / "inputs" / "strategy.yaml", "summary: Small groups struggle alone.",
             "summary: 40% of small groups in 12 countries closed.[^survey-2025]")
    assert _warnings(minimal_project) == []


def test_targets_are_plans_and_need_no_source(minimal_project: Path) -> None:
    _replace(minimal_project / "inputs" / "strategy.yaml", 'target: "30"', 'target: 30 people, 80%')
    assert _warnings(minimal_project) == []


@pytest.mark.parametrize("text", [
    "We meet in March 2027 and again on 12 March 2028.",
    "The grant runs 24 months from 2027.",
    "Two groups, 3 workshops and version 1.0.0 of the pitch.",
])
def test_years_dates_lengths_and_small_counts_are_not_figures(text: str) -> None:
    assert unsourced_figures(text) == []


def test_each_list_item_is_its_own_paragraph() -> None:
    figures = unsourced_figures("- 120 reviewers joined[^a]\n- 60 mentors stayed")
    assert [figure.text for figure in figures] == ["60 mentors"]


def test_a_funders_added_text_is_checked_at_the_funders_line(minimal_project: Path) -> None:
    funder = minimal_project / "inputs" / "funders" / "small-fund.yaml"
    funder.write_text("name: Small\noverrides:\n  strategy.need.summary: 65% of labs "
                      "lack USD 9,000.\n", encoding="utf-8")
    assert sorted(problem.format() for problem in check_funders(load_project(minimal_project))) == [
        f"{funder}:3:26: warning: strategy.need.summary: '65%' needs a source: cite one with "
        "a footnote such as [^source-id] in the same paragraph",
        f"{funder}:3:43: warning: strategy.need.summary: mentions USD 9,000, but the total "
        "is USD 3,000 and nothing in the budget is that amount"]


@pytest.mark.parametrize(("written", "warned"), [
    ("USD 3,000", False), ("USD 3 thousand", False), ("USD 2.9 thousand", True),
    ("USD 3k", False), ("USD 0.003 million", False), ("USD 2,900", True)])
def test_a_rounded_amount_matches_a_budget_amount_it_rounds_from(
        minimal_project: Path, written: str, warned: bool) -> None:
    _replace(minimal_project / "inputs" / "strategy.yaml", "summary: One workshop, run together.",
             f"summary: One workshop for {written}, run together.")
    assert bool(_warnings(minimal_project)) is warned


def test_an_amount_with_a_currency_sign_is_asked_for_its_code(minimal_project: Path) -> None:
    strategy = _replace(minimal_project / "inputs" / "strategy.yaml",
                        "summary: One workshop, run together.",
                        "summary: One workshop for $3,000, run together.")
    assert _warnings(minimal_project) == [
        f"{strategy}:13:31: warning: pillars[0].summary: writes $3,000 with a currency sign; "
        "write the code, such as USD 3,000, so the build can check it against the budget"]


@pytest.mark.parametrize("text", [
    "Founded in 1998, it released version 2.3.0 in 2024.",
    "The proposal is at https://doi.org/10.71707/qttn-3j47 and its DOI is 10.71707/qttn-3j47.",
    "It meets Section 508 and WCAG 2 for Python 3 users of ISO 4217 codes.",
    "In 2018 it merged, over 24 months, on 30 June.",
])
def test_years_versions_dois_and_names_are_not_figures(text: str) -> None:
    assert unsourced_figures(text) == []


@pytest.mark.parametrize(("text", "figure"), [
    ("It trains over 4,000 instructors.", "4,000 instructors"),
    ("Its lessons had 3.5 million downloads.", "3.5 million"),
    ("Half, 52%, are women.", "52%"),
])
def test_counts_percentages_and_scaled_numbers_are_figures(text: str, figure: str) -> None:
    assert [found.text for found in unsourced_figures(text)] == [figure]


def test_a_figure_repeated_later_without_a_source_is_placed_at_its_own_line(
    minimal_project: Path,
) -> None:
    section = minimal_project / "inputs" / "sections" / "evidence.yaml"
    section.parent.mkdir(exist_ok=True)
    section.write_text(
        "title: Evidence\nbody: |\n  40% of small groups closed.[^survey]\n\n"
        "  Since then 40% more have closed.\n\n"
        "  [^survey]: The Small Groups Survey, 2025, https://example.org/survey\n",
        encoding="utf-8")
    assert _warnings(minimal_project) == [
        f"{section}:5:14: warning: body: '40%' needs a source: cite one with "
        "a footnote such as [^source-id] in the same paragraph"]
