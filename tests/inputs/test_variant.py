"""Funder variants: choices and overrides applied to the inputs, with origins."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from pitch.errors import PitchError
from pitch.inputs.explain import resolved_values
from pitch.inputs.validate import load_inputs
from pitch.inputs.variant import resolve_variant
from pitch.project import Project

SECOND_ASK = """
  - id: travel-grants
    title: Travel grants
    amount: 1000
    period: {start: 2026-03-01, end: 2026-08-31}
    funds: Travel for three participants.
"""
SECOND_LINE = """
  - ask: travel-grants
    category: travel
    description: Three travel grants
    organisation: alpha
    amount: 1000
"""


@pytest.fixture
def two_asks(minimal_project: Path) -> Path:
    """The minimal project with a second ask (total USD 4,000)."""
    asks = minimal_project / "inputs" / "asks.yaml"
    text = asks.read_text().replace("total: 3000", "total: 4000")
    text = text.replace("budget:\n", SECOND_ASK.lstrip("\n") + "budget:\n") + SECOND_LINE.lstrip("\n")
    asks.write_text(text, encoding="utf-8")
    return minimal_project


def _funder(root: Path, text: str) -> Path:
    path = root / "inputs" / "funders" / "small-fund.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def _problems(root: Path) -> list[str]:
    with pytest.raises(PitchError) as error:
        resolve_variant(load_inputs(Project(root)), "small-fund")
    return [problem.format() for problem in error.value.problems]


def test_a_funder_chooses_and_orders_asks_and_the_total_follows(two_asks: Path) -> None:
    _funder(two_asks, "name: Small\nasks: [travel-grants]\n")
    variant = resolve_variant(load_inputs(Project(two_asks)), "small-fund")
    assert [ask.id for ask in variant.pitch.asks.asks] == ["travel-grants"]
    assert variant.pitch.asks.total == Decimal(1000)
    assert [line.ask for line in variant.pitch.asks.budget] == ["travel-grants"]


def test_an_overridden_amount_scales_its_budget_lines_to_add_up(two_asks: Path) -> None:
    _funder(two_asks, "name: Small\namounts:\n  workshop: 4500\n")
    asks = resolve_variant(load_inputs(Project(two_asks)), "small-fund").pitch.asks
    workshop_lines = [line.amount for line in asks.budget if line.ask == "workshop"]
    assert workshop_lines == [Decimal(1500), Decimal(3000)]
    assert asks.total == Decimal(5500)


def test_another_currency_needs_an_amount_for_every_ask(two_asks: Path) -> None:
    funder = _funder(two_asks, "name: Small\ncurrency: EUR\namounts:\n  workshop: 2800\n")
    assert _problems(two_asks) == [
        f"{funder}:2:11: error: currency: amounts in EUR are needed for every ask; "
        "add them under amounts: for travel-grants"
    ]


def test_emphasis_puts_pillars_first_and_they_keep_their_origins(minimal_project: Path) -> None:
    strategy = minimal_project / "inputs" / "strategy.yaml"
    text = strategy.read_text()
    second = text[text.index("  - id: workshops"):text.index("milestones:")].replace(
        "id: workshops", "id: reviews").replace("Joint workshops", "Joint reviews")
    strategy.write_text(text.replace("milestones:", second + "milestones:"), encoding="utf-8")
    _funder(minimal_project, "name: Small\nemphasis: [reviews]\n")
    variant = resolve_variant(load_inputs(Project(minimal_project)), "small-fund")
    assert [pillar.id for pillar in variant.pitch.strategy.pillars] == ["reviews", "workshops"]
    name_origin = variant.origins[("strategy", ("pillars", 0, "name"))]
    assert name_origin.file.endswith("inputs/strategy.yaml")
    assert "Joint reviews" in strategy.read_text().splitlines()[name_origin.line - 1]


def test_an_override_replaces_one_value_by_path(minimal_project: Path) -> None:
    _funder(minimal_project, 'name: Small\noverrides:\n'
            '  pitch.executive_summary: "A shorter summary for this funder."\n'
            '  strategy.pillars[workshops].name: Workshops together\n')
    variant = resolve_variant(load_inputs(Project(minimal_project)), "small-fund")
    assert variant.pitch.info.executive_summary == "A shorter summary for this funder."
    assert variant.pitch.strategy.pillars[0].name == "Workshops together"
    funder_values = [value.path for value in resolved_values(variant) if value.from_funder]
    assert funder_values == ["pitch.executive_summary", "strategy.pillars[workshops].name"]


def test_an_override_of_a_path_that_does_not_exist_is_an_error_at_its_line(
    minimal_project: Path,
) -> None:
    funder = _funder(minimal_project, "name: Small\noverrides:\n"
                     "  pitch.executive_sumary: Short.\n"
                     "  strategy.pillars[workshop].name: Workshops\n"
                     "  budget.total: 1\n")
    assert _problems(minimal_project) == [
        f"{funder}:3:3: error: overrides.pitch.executive_sumary: there is no key "
        "'executive_sumary' in pitch — did you mean 'executive_summary'?",
        f"{funder}:4:3: error: overrides.strategy.pillars[workshop].name: strategy.pillars has "
        "no item with id 'workshop' — did you mean 'workshops'?",
        f"{funder}:5:3: error: overrides.budget.total: 'budget.total' must start with one of "
        "pitch, values, strategy, asks",
    ]


def test_an_overridden_value_is_checked_and_reported_at_the_override(minimal_project: Path) -> None:
    funder = _funder(minimal_project, "name: Small\noverrides:\n  asks.asks[workshop].amount: -5\n")
    assert _problems(minimal_project) == [
        f"{funder}:3:31: error: asks.asks[0].amount: must be at least 0, got the number -5"
    ]


def test_explain_names_the_file_and_line_of_every_value(minimal_project: Path) -> None:
    _funder(minimal_project, "name: Small\npaper: letter\n")
    values = {value.path: value for value in resolved_values(
        resolve_variant(load_inputs(Project(minimal_project)), "small-fund"))}
    assert values["pitch.paper"].value == "letter"
    assert values["pitch.paper"].from_funder
    assert str(values["pitch.paper"].origin).endswith("funders/small-fund.yaml:2:8")
    assert values["asks.asks[workshop].amount"].value == "3000"
    assert str(values["asks.asks[workshop].amount"].origin).endswith("inputs/asks.yaml:6:13")


def test_a_funder_whose_asks_no_longer_match_the_summary_is_warned(two_asks: Path) -> None:
    funder = _funder(two_asks, "name: Small\nasks: [travel-grants]\n")
    variant = resolve_variant(load_inputs(Project(two_asks)), "small-fund")
    assert [problem.format() for problem in variant.warnings] == [
        f"{funder}:1:1: warning: for this funder, pitch.yaml's executive_summary mentions "
        "USD 3,000, but the total is USD 1,000 and nothing in the budget is that amount; override "
        "pitch.executive_summary here"
    ]


def test_an_overridden_summary_is_checked_at_the_override(two_asks: Path) -> None:
    funder = _funder(two_asks, "name: Small\nasks: [travel-grants]\noverrides:\n"
                     "  pitch.executive_summary: We ask for USD 1,000 for travel.\n")
    assert resolve_variant(load_inputs(Project(two_asks)), "small-fund").warnings == []
    _funder(two_asks, "name: Small\nasks: [travel-grants]\noverrides:\n"
            "  pitch.executive_summary: We ask for USD 1,200 for travel.\n")
    warnings = resolve_variant(load_inputs(Project(two_asks)), "small-fund").warnings
    assert [problem.format() for problem in warnings] == [
        f"{funder}:4:39: warning: pitch.executive_summary: mentions USD 1,200, but the total "
        "is USD 1,000 and nothing in the budget is that amount"
    ]


def test_an_override_that_breaks_the_shape_of_the_asks_is_located_not_a_crash(
    minimal_project: Path,
) -> None:
    funder = _funder(minimal_project, "name: Small\noverrides:\n  asks.asks: 5\n")
    assert _problems(minimal_project) == [
        f"{funder}:3:14: error: asks.asks: expected a list (lines starting with '- '), "
        "got the number 5"
    ]
    _funder(minimal_project, "name: Small\noverrides:\n  asks.asks[workshop].amount: lots\n")
    assert _problems(minimal_project) == [
        f"{funder}:3:31: error: asks.asks[0].amount: expected a number, got 'lots'"
    ]


def test_a_funder_cannot_restamp_the_version(minimal_project: Path) -> None:
    funder = _funder(minimal_project, 'name: Small\noverrides:\n  pitch.version: "0.0.9"\n')
    assert _problems(minimal_project) == [
        f"{funder}:3:3: error: overrides.pitch.version: pitch.version is the same for every "
        "funder: it names this version of the pitch; change it in pitch.yaml"
    ]


def test_a_funder_listing_a_section_twice_or_none_is_refused(minimal_project: Path) -> None:
    funder = _funder(minimal_project, "name: Small\nsections: [summary, summary]\n")
    with pytest.raises(PitchError) as error:
        load_inputs(Project(minimal_project))
    assert [problem.format() for problem in error.value.problems] == [
        f"{funder}:2:11: error: sections: 'summary' is listed twice"]
    _funder(minimal_project, "name: Small\nsections: []\n")
    with pytest.raises(PitchError) as error:
        load_inputs(Project(minimal_project))
    assert [problem.format() for problem in error.value.problems] == [
        f"{funder}:2:11: error: sections: needs at least 1 item"]
