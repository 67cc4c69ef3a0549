"""The budget as cells: every direct cost and every computed indirect cost.

A cell is one ask's cost for one organisation, one year and one category.
Indirect costs are computed per ask (rate x base, in whole units) and then
shared out over the base's cells by largest remainder, so every table
(by category, by year, by organisation) adds up to the same totals.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import ROUND_FLOOR, ROUND_HALF_EVEN, ROUND_HALF_UP, Decimal
from typing import TypeVar

from pitch.inputs.budget import MODIFIED_TOTAL_DIRECT_EXCLUDES, BudgetLine, Indirect
from pitch.inputs.model import Ask, AsksFile

Key = TypeVar("Key")
BASE_NAMES = {"direct": "direct costs", "staff": "staff costs",
              "modified-total-direct": "modified total direct costs"}


@dataclass(frozen=True)
class Cell:
    """One ask's cost for one organisation, year and category."""

    ask: str
    organisation: str | None
    year: int | None
    category: str
    amount: Decimal


@dataclass(frozen=True)
class AskCost:
    """One ask's direct costs, its computed indirect costs and the rate behind them."""

    direct: Decimal
    indirect: Decimal
    rule: Indirect | None

    @property
    def total(self) -> Decimal:
        """Direct plus indirect."""
        return self.direct + self.indirect


def indirect_rule(asks: AsksFile, ask: Ask) -> Indirect | None:
    """The indirect rate that applies to an ask: its own, else the file's."""
    return ask.indirect if ask.indirect is not None else asks.indirect


def in_base(rule: Indirect, category: str) -> bool:
    """Whether a cost of this category counts toward the indirect base."""
    if rule.base == "staff":
        return category == "staff"
    if rule.base == "modified-total-direct":
        return category not in MODIFIED_TOTAL_DIRECT_EXCLUDES
    return True


def ask_costs(asks: AsksFile) -> dict[str, AskCost]:
    """Each ask's direct, indirect and total cost, by ask id."""
    costs = {}
    for ask in asks.asks:
        lines = [line for line in asks.budget if line.ask == ask.id]
        rule = indirect_rule(asks, ask)
        costs[ask.id] = AskCost(_sum(line.cost for line in lines),
                                _indirect(rule, lines), rule)
    return costs


def _indirect(rule: Indirect | None, lines: list[BudgetLine]) -> Decimal:
    if rule is None:
        return Decimal(0)
    base = _sum(line.cost for line in lines if in_base(rule, line.category))
    return (base * rule.rate / 100).quantize(Decimal(1), ROUND_HALF_UP)


def budget_cells(asks: AsksFile) -> list[Cell]:
    """Every direct cost and every share of indirect cost, as cells."""
    cells: list[Cell] = []
    costs = ask_costs(asks)
    for ask in asks.asks:
        direct = [cell for line in asks.budget if line.ask == ask.id
                  for cell in _line_cells(line, ask)]
        cells += direct
        rule = costs[ask.id].rule
        if rule is not None and costs[ask.id].indirect:
            cells += _indirect_cells(ask.id, costs[ask.id].indirect,
                                     [cell for cell in direct if in_base(rule, cell.category)])
    return cells


def _line_cells(line: BudgetLine, ask: Ask) -> list[Cell]:
    organisation = line.organisation or ask.lead
    if line.years:
        return [Cell(ask.id, organisation, year, line.category, amount)
                for year, amount in line.years.items()]
    start, end = ask.period.start.year, ask.period.end.year
    return [Cell(ask.id, organisation, start if start == end else None, line.category, line.cost)]


def _indirect_cells(ask_id: str, indirect: Decimal, base: list[Cell]) -> list[Cell]:
    """Share the indirect cost over (organisation, year) in proportion to the base."""
    weights: defaultdict[tuple[str | None, int | None], Decimal] = defaultdict(Decimal)
    for cell in base:
        weights[(cell.organisation, cell.year)] += cell.amount
    shares = share_out(indirect, dict(weights))
    return [Cell(ask_id, organisation, year, "indirect", amount)
            for (organisation, year), amount in shares.items() if amount]


def share_out(total: Decimal, weights: dict[Key, Decimal]) -> dict[Key, Decimal]:
    """Split a whole-unit total in proportion to weights; largest remainders get the rest."""
    whole = sum(weights.values(), Decimal(0))
    if not weights or whole == 0:
        return {key: Decimal(0) for key in weights}
    exact = {key: total * weight / whole for key, weight in weights.items()}
    shares = {key: value.quantize(Decimal(1), ROUND_FLOOR) for key, value in exact.items()}
    left = int(total - sum(shares.values(), Decimal(0)))
    order = sorted(weights, key=lambda key: (-(exact[key] - shares[key]), list(weights).index(key)))
    for key in order[:left]:
        shares[key] += 1
    return shares


def years_of(cells: Iterable[Cell]) -> list[int | None]:
    """The years the cells fall in, in order; None (not by year) last."""
    years = {cell.year for cell in cells}
    return sorted(year for year in years if year is not None) + ([None] if None in years else [])


def _sum(amounts: Iterable[Decimal]) -> Decimal:
    return sum(amounts, Decimal(0))


def scale_lines(lines: list[BudgetLine], rule: Indirect | None, new_total: Decimal,
                ) -> list[list[Decimal]] | None:
    """Each line's cells (its years, or its one amount) scaled so that direct plus
    computed indirect costs make `new_total` in whole units; None if no split does."""
    cells = [list(line.years.values()) if line.years else [line.cost] for line in lines]
    flat = [amount for line_cells in cells for amount in line_cells]
    bases = [rule is not None and in_base(rule, line.category)
             for line, line_cells in zip(lines, cells, strict=True) for _ in line_cells]
    old_total = _sum(flat) + _indirect_of(rule, flat, bases)
    target = new_total if old_total == 0 else new_total * _sum(flat) / old_total
    scaled = scale_amounts(flat, old_total=_sum(flat), new_total=target.quantize(Decimal(1)))
    largest = max(range(len(flat)), key=lambda index: flat[index], default=None)
    for _ in range(8):
        gap = new_total - _sum(scaled) - _indirect_of(rule, scaled, bases)
        if gap == 0 or largest is None:
            break
        scaled[largest] += gap
    if largest is None or gap != 0 or min(scaled, default=Decimal(0)) < 0:
        return None
    sizes = iter(scaled)
    return [[next(sizes) for _ in line_cells] for line_cells in cells]


def _indirect_of(rule: Indirect | None, amounts: list[Decimal], bases: list[bool]) -> Decimal:
    if rule is None:
        return Decimal(0)
    base = _sum(amount for amount, counted in zip(amounts, bases, strict=True) if counted)
    return (base * rule.rate / 100).quantize(Decimal(1), ROUND_HALF_UP)


def scale_amounts(amounts: list[Decimal], *, old_total: Decimal, new_total: Decimal,
                  ) -> list[Decimal]:
    """Scale amounts to a new total in whole units; the largest takes the rounding."""
    if not amounts:
        return []
    if old_total == 0:
        return [new_total] + [Decimal(0)] * (len(amounts) - 1)
    scaled = [(amount * new_total / old_total).quantize(Decimal(1), ROUND_HALF_EVEN)
              for amount in amounts]
    largest = max(range(len(amounts)), key=lambda index: amounts[index])
    scaled[largest] += new_total - _sum(scaled)
    return scaled


def money(amount: Decimal, currency: str) -> str:
    """An amount as messages write it: USD 1,355,200 (cents only when there are some)."""
    return f"{currency} {amount:,.2f}".removesuffix(".00")
