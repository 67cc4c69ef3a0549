"""A funder's budget rules, checked on that funder's variant of the pitch.

Each broken rule is reported at the rule's line in the funder's file, since
that is where the writer reads what the funder allows; the message says
what in the budget breaks it.
"""

from __future__ import annotations

import calendar
import datetime
from decimal import Decimal

from pitch.errors import Problem
from pitch.inputs.budget import BudgetRules
from pitch.inputs.costs import ask_costs, money
from pitch.inputs.load import LoadedFile
from pitch.inputs.model import AsksFile


def check_budget_rules(asks: AsksFile, rules: BudgetRules, source: LoadedFile) -> list[Problem]:
    """Every budget rule of one funder that its variant's asks break."""
    problems = []
    for rule, message in (("award_ceiling", _over_ceiling(asks, rules)),
                          ("max_indirect", _over_indirect_cap(asks, rules)),
                          ("categories", _outside_categories(asks, rules)),
                          ("max_period", _over_period(asks, rules))):
        if message:
            problems.append(source.problem(("budget_rules", rule), message))
    return problems


def _over_ceiling(asks: AsksFile, rules: BudgetRules) -> str | None:
    if rules.award_ceiling is None or asks.total <= rules.award_ceiling:
        return None
    over = asks.total - rules.award_ceiling
    return (f"the ask for this funder is {money(asks.total, asks.currency)}, "
            f"{money(over, asks.currency)} over its award ceiling of "
            f"{money(rules.award_ceiling, asks.currency)}; choose fewer asks (asks:) "
            "or smaller amounts (amounts:)")


def _over_indirect_cap(asks: AsksFile, rules: BudgetRules) -> str | None:
    if rules.max_indirect is None:
        return None
    costs = ask_costs(asks).values()
    indirect = sum((cost.indirect for cost in costs), Decimal(0))
    direct = sum((cost.direct for cost in costs), Decimal(0))
    measure = direct if rules.indirect_of == "direct" else direct + indirect
    if measure == 0 or indirect * 100 <= rules.max_indirect * measure:
        return None
    share = f"{(indirect * 100 / measure).quantize(Decimal('0.1'))}".removesuffix(".0")
    return (f"indirect costs are {money(indirect, asks.currency)}, {share}% of "
            f"{'direct costs' if rules.indirect_of == 'direct' else 'the total'}; this funder "
            f"allows at most {rules.max_indirect}%: lower the rate under indirect: in asks.yaml")


def _outside_categories(asks: AsksFile, rules: BudgetRules) -> str | None:
    if rules.categories is None:
        return None
    used: set[str] = {line.category for line in asks.budget}
    if any(cost.indirect for cost in ask_costs(asks).values()):
        used.add("indirect")
    refused = sorted(used - set(rules.categories))
    if not refused:
        return None
    lines = [line.description for line in asks.budget if line.category in refused]
    named = "; ".join(lines[:3]) + ("; ..." if len(lines) > 3 else "")
    return (f"this funder does not pay for {', '.join(refused)}, which the budget has"
            f"{f' ({named})' if named else ''}; leave those asks out or move the costs")


def _over_period(asks: AsksFile, rules: BudgetRules) -> str | None:
    if rules.max_period is None:
        return None
    start = min(ask.period.start for ask in asks.asks)
    end = max(ask.period.end for ask in asks.asks)
    if end < add_months(start, rules.max_period):
        return None
    return (f"the asks run from {start} to {end}, longer than this funder's "
            f"{rules.max_period} months")


def add_months(day: datetime.date, months: int) -> datetime.date:
    """The same day of the month, `months` later (or that month's last day)."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return datetime.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))
