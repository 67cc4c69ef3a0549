"""The budget charts as numbers: which charts there are, and the amount of each part.

A chart splits the whole ask (direct and computed indirect costs) one way:
by category, by organisation, by pillar or by year. Its parts always add up
to the total ask, so every chart and every budget table agree. Labels,
drawing and alt text belong to the render stage (pitch/render/charts.py).
"""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal

from pitch.errors import Problem
from pitch.inputs.costs import ask_costs, budget_cells, in_base, share_out
from pitch.inputs.load import LoadedFile
from pitch.inputs.model import AsksFile, ChartKind, Pitch

CHART_KINDS: tuple[ChartKind, ...] = ("category", "organisation", "pillar", "period")
NO_DATA = {
    "category": "the budget has no costs to split by category",
    "organisation": "the budget has no costs to split by organisation",
    "pillar": "no ask or budget line names a pillar, so there is nothing to split by pillar; "
              "give the lines a pillar:, or take pillar out of charts",
    "period": "no budget line carries years (and no ask falls in one calendar year), so "
              "there is no spending over time to show; give the lines years:, or take "
              "period out of charts",
}


def chart_parts(asks: AsksFile, kind: ChartKind) -> dict[str | int, Decimal]:
    """The whole ask split one way: part key (category, organisation or pillar id, year) to amount.

    Parts without a key (a line with no pillar, a cost not split by year) are
    left out, so a chart shows only what the budget says.
    """
    if kind == "pillar":
        return _by_pillar(asks)
    parts: defaultdict[str | int, Decimal] = defaultdict(Decimal)
    for cell in budget_cells(asks):
        key = {"category": cell.category, "organisation": cell.organisation,
               "period": cell.year}[kind]
        if key is not None:
            parts[key] += cell.amount
    return {key: amount for key, amount in parts.items() if amount}


def _by_pillar(asks: AsksFile) -> dict[str | int, Decimal]:
    """Direct costs by each line's pillar (else its ask's); indirect shared out like the base."""
    parts: defaultdict[str | int, Decimal] = defaultdict(Decimal)
    costs = ask_costs(asks)
    for ask in asks.asks:
        base: defaultdict[str | None, Decimal] = defaultdict(Decimal)
        rule = costs[ask.id].rule
        for line in asks.budget:
            if line.ask != ask.id:
                continue
            pillar = line.pillar or ask.pillar
            if pillar is not None:
                parts[pillar] += line.cost
            if rule is not None and in_base(rule, line.category):
                base[pillar] += line.cost
        for pillar, share in share_out(costs[ask.id].indirect, dict(base)).items():
            if pillar is not None:
                parts[pillar] += share
    return {key: amount for key, amount in parts.items() if amount}


def chosen_charts(asks: AsksFile) -> list[ChartKind]:
    """The charts asks.yaml names, or else every chart that has something to show.

    By default the spending over time is shown only when it spans two years or more.
    """
    if asks.charts is not None:
        return list(asks.charts)
    return [kind for kind in CHART_KINDS
            if len(chart_parts(asks, kind)) >= (2 if kind == "period" else 1)]


def chart_problems(pitch: Pitch, asks_file: LoadedFile) -> list[Problem]:
    """A chart asks.yaml names that would have nothing to show, at its line."""
    return [asks_file.problem(("charts", index), f"the chart by {kind} has no data: {NO_DATA[kind]}")
            for index, kind in enumerate(pitch.asks.charts or [])
            if not chart_parts(pitch.asks, kind)]
