"""Budget lines by year and by unit, computed indirect costs, and funders' budget rules."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from pitch.errors import PitchError
from pitch.inputs.costs import ask_costs, budget_cells, share_out
from pitch.inputs.validate import CheckedInputs, load_inputs
from pitch.inputs.variant import check_funders, resolve_variant
from pitch.project import Project
from tests.conftest import write_tree

TWO_YEARS = """\
currency: EUR
total: {total}
indirect: {{rate: {rate}, base: {base}}}
asks:
  - id: network
    title: A two-year network
    amount: {amount}
    period: {{start: 2027-01-01, end: 2028-12-31}}
    lead: alpha
    funds: Staff, stipends and a meeting.
budget:
  - ask: network
    category: staff
    description: Coordinator, 0.5 FTE
    organisation: beta
    fte: 0.5
    years: {{2027: 20000, 2028: 22000}}
  - ask: network
    category: stipends
    description: Fellowships
    quantity: 10
    unit_cost: 1500
  - ask: network
    category: events
    description: One meeting
    years: {{2028: 3000}}
"""


def load_project(root: Path) -> CheckedInputs:
    """Read and check the project at root."""
    return load_inputs(Project(root))


def _two_years(root: Path, *, rate: str = "10%", base: str = "direct",
               amount: int = 66000) -> Path:
    asks = TWO_YEARS.format(rate=rate, base=base, amount=amount, total=amount)
    pitch = (root / "inputs" / "pitch.yaml").read_text().replace(
        "We ask for **USD 3,000** to run", "We ask for a network to run")
    return write_tree(root, {"inputs/asks.yaml": asks, "inputs/pitch.yaml": pitch,
                             "inputs/funders/small-fund.yaml": "name: The Small Fund\n"})


def _problems(root: Path) -> list[str]:
    with pytest.raises(PitchError) as caught:
        load_project(root)
    return [problem.format() for problem in caught.value.problems]


def test_a_line_costs_its_years_or_its_quantity_times_unit_cost(minimal_project: Path) -> None:
    pitch = load_project(_two_years(minimal_project)).pitch
    assert [line.cost for line in pitch.asks.budget] == [42000, 15000, 3000]
    costs = ask_costs(pitch.asks)["network"]
    assert (costs.direct, costs.indirect, costs.total) == (60000, 6000, 66000)


@pytest.mark.parametrize(("base", "indirect"), [
    ("direct", 6000), ("staff", 4200), ("modified-total-direct", 4500)])
def test_indirect_costs_follow_the_declared_base(minimal_project: Path, base: str,
                                                 indirect: int) -> None:
    pitch = load_project(_two_years(minimal_project, base=base, amount=60000 + indirect)).pitch
    assert ask_costs(pitch.asks)["network"].indirect == indirect


def test_an_ask_that_forgets_its_indirect_costs_is_told_the_breakdown(minimal_project: Path) -> None:
    asks = minimal_project / "inputs" / "asks.yaml"
    assert _problems(_two_years(minimal_project, amount=60000)) == [
        f"{asks}:7:13: error: asks[0].amount: the ask is EUR 60,000 but its budget lines and "
        "indirect costs add up to EUR 66,000: EUR 60,000 of direct costs and EUR 6,000 of "
        "indirect costs at 10% of direct costs (a difference of EUR 6,000)"]


def test_lines_without_an_organisation_belong_to_the_lead_and_years_split_the_cells(
        minimal_project: Path) -> None:
    cells = budget_cells(load_project(_two_years(minimal_project)).pitch.asks)
    by = {(cell.organisation, cell.year, cell.category): cell.amount for cell in cells}
    assert by[("beta", 2027, "staff")] == 20000
    assert by[("alpha", 2028, "events")] == 3000
    assert by[("alpha", None, "stipends")] == 15000
    assert sum(amount for (_, _, category), amount in by.items() if category == "indirect") == 6000


def test_shares_of_indirect_costs_add_up_in_whole_units() -> None:
    shares = share_out(Decimal(100), {"a": Decimal(1), "b": Decimal(1), "c": Decimal(1)})
    assert sorted(shares.values()) == [33, 33, 34] and sum(shares.values()) == 100


def test_a_rate_without_a_percent_sign_is_refused_with_an_example(minimal_project: Path) -> None:
    asks = minimal_project / "inputs" / "asks.yaml"
    assert _problems(_two_years(minimal_project, rate="0.1")) == [
        f"{asks}:3:18: error: indirect.rate: expected a percentage with a percent sign, "
        "such as 15%, got the number 0.1"]


def test_a_year_outside_the_asks_period_is_pointed_at(minimal_project: Path) -> None:
    asks = minimal_project / "inputs" / "asks.yaml"
    _two_years(minimal_project)
    asks.write_text(asks.read_text().replace("{2028: 3000}", "{2029: 3000}"))
    assert _problems(minimal_project) == [
        f"{asks}:26:13: error: budget[2].years.2029: 2029 is outside the ask's period "
        "(2027 to 2028)"]


def test_half_a_product_names_the_missing_key(minimal_project: Path) -> None:
    asks = minimal_project / "inputs" / "asks.yaml"
    _two_years(minimal_project)
    asks.write_text(asks.read_text().replace("    unit_cost: 1500\n", ""))
    assert _problems(minimal_project) == [
        f"{asks}:21:15: error: budget[1].quantity: quantity and unit_cost go together; "
        "add unit_cost"]


def _funder(root: Path, text: str) -> Path:
    path = root / "inputs" / "funders" / "small-fund.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def test_every_budget_rule_is_reported_at_its_line_in_the_funder_file(minimal_project: Path) -> None:
    _two_years(minimal_project)
    funder = _funder(minimal_project, (
        "name: Small\nbudget_rules:\n  award_ceiling: 50000\n  max_indirect: 8%\n"
        "  categories: [staff, events, indirect]\n  max_period: 18 months\n"))
    project = load_project(minimal_project)
    assert [problem.format() for problem in check_funders(project)] == [
        f"{funder}:3:18: error: budget_rules.award_ceiling: the ask for this funder is "
        "EUR 66,000, EUR 16,000 over its award ceiling of EUR 50,000; choose fewer asks "
        "(asks:) or smaller amounts (amounts:)",
        f"{funder}:4:17: error: budget_rules.max_indirect: indirect costs are EUR 6,000, "
        "10% of direct costs; this funder allows at most 8%: lower the rate under "
        "indirect: in asks.yaml",
        f"{funder}:5:15: error: budget_rules.categories: this funder does not pay for "
        "stipends, which the budget has (Fellowships); leave those asks out or move the costs",
        f"{funder}:6:15: error: budget_rules.max_period: the asks run from 2027-01-01 to "
        "2028-12-31, longer than this funder's 18 months"]


def test_an_indirect_cap_on_the_total_measures_against_the_total(minimal_project: Path) -> None:
    _two_years(minimal_project, rate="10%")
    _funder(minimal_project, "name: Small\nbudget_rules:\n  max_indirect: 9.5%\n"
            "  indirect_of: total\n  max_period: 2 years\n")
    # 6,000 is 9.1% of the total of 66,000: within the cap.
    assert check_funders(load_project(minimal_project)) == []


def test_a_funder_amount_scales_years_and_units_and_keeps_the_indirect_rate(
        minimal_project: Path) -> None:
    _two_years(minimal_project)
    _funder(minimal_project, "name: Small\namounts:\n  network: 33001\n")
    variant = resolve_variant(load_project(minimal_project), "small-fund")
    costs = ask_costs(variant.pitch.asks)["network"]
    assert costs.total == 33001 and costs.indirect == (costs.direct / 10).quantize(Decimal(1))
    staff, stipends, _ = variant.pitch.asks.budget
    assert sum(staff.years.values()) == staff.cost and list(staff.years) == [2027, 2028]
    assert stipends.quantity is None and stipends.unit_cost is None


def test_an_ask_can_declare_its_own_indirect_rate(minimal_project: Path) -> None:
    _two_years(minimal_project, amount=63000)
    asks = minimal_project / "inputs" / "asks.yaml"
    asks.write_text(asks.read_text().replace(
        "    lead: alpha\n", "    lead: alpha\n    indirect: {rate: 5%}\n"))
    costs = ask_costs(load_project(minimal_project).pitch.asks)["network"]
    assert (costs.indirect, costs.rule.rate if costs.rule else None) == (3000, 5)
