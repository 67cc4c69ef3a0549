"""Rules that span files: references between ids, unique ids, and totals."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from decimal import Decimal

from pitch.errors import Problem
from pitch.inputs.charts import chart_problems
from pitch.inputs.costs import BASE_NAMES, AskCost, ask_costs, money
from pitch.inputs.facts import SourcedValue, owner_problems, sourced_values
from pitch.inputs.load import FieldPath, LoadedFile
from pitch.inputs.messages import did_you_mean
from pitch.inputs.model import Pitch
from pitch.inputs.prose_checks import amount_problems, figure_problems, project_prose
from pitch.inputs.section_rules import check_section_rules


def check_rules(pitch: Pitch, sources: dict[str, LoadedFile]) -> list[Problem]:
    """Every cross-file problem of a project whose files are each valid."""
    problems: list[Problem] = []
    problems += _unique_ids(pitch, sources)
    problems += _references(pitch, sources)
    problems += _totals(pitch, sources["asks"])
    problems += _budget_lines(pitch, sources["asks"])
    problems += chart_problems(pitch, sources["asks"])
    prose = list(project_prose(pitch, sources))
    problems += sorted(amount_problems([value for _, value in prose], pitch.asks)
                       + figure_problems(prose), key=lambda problem: problem.format())
    problems += check_section_rules(pitch, sources)
    problems += owner_problems(project_facts(pitch), [c.email for c in pitch.info.contacts],
                               sources)
    return problems


def project_facts(pitch: Pitch) -> list[SourcedValue]:
    """Every value of the project that carries a source, an owner or a review date."""
    return list(sourced_values(dict(pitch.organisations), list(pitch.strategy.pillars),
                               dict(pitch.sections)))


def _unique_ids(pitch: Pitch, sources: dict[str, LoadedFile]) -> list[Problem]:
    groups = [
        ("values", ("values",), [value.id for value in pitch.values.values]),
        ("strategy", ("need", "challenges"), [c.id for c in pitch.strategy.need.challenges]),
        ("strategy", ("goals",), [goal.id for goal in pitch.strategy.goals]),
        ("strategy", ("pillars",), [pillar.id for pillar in pitch.strategy.pillars]),
        ("asks", ("asks",), [ask.id for ask in pitch.asks.asks]),
    ]
    problems = []
    for source, path, ids in groups:
        seen: Counter[str] = Counter()
        for index, item_id in enumerate(ids):
            seen[item_id] += 1
            if seen[item_id] == 2:
                problems.append(sources[source].problem(
                    (*path, index, "id"), f"the id '{item_id}' is used twice; ids must differ"))
    return problems


def _references(pitch: Pitch, sources: dict[str, LoadedFile]) -> list[Problem]:
    organisations = sorted(pitch.organisations)
    pillars = [pillar.id for pillar in pitch.strategy.pillars]
    asks = [ask.id for ask in pitch.asks.asks]
    wanted: list[tuple[str, FieldPath, str | None, str, list[str]]] = []
    for index, author in enumerate(pitch.info.authors):
        wanted.append(("pitch", ("authors", index), author, "organisation", organisations))
    for index, contact in enumerate(pitch.info.contacts):
        wanted.append(("pitch", ("contacts", index, "organisation"), contact.organisation,
                       "organisation", organisations))
    for index, milestone in enumerate(pitch.strategy.milestones):
        wanted.append(("strategy", ("milestones", index, "pillar"), milestone.pillar, "pillar", pillars))
    for index, ask in enumerate(pitch.asks.asks):
        wanted.append(("asks", ("asks", index, "pillar"), ask.pillar, "pillar", pillars))
        wanted.append(("asks", ("asks", index, "lead"), ask.lead, "organisation", organisations))
    for index, line in enumerate(pitch.asks.budget):
        wanted.append(("asks", ("budget", index, "ask"), line.ask, "ask", asks))
        wanted.append(("asks", ("budget", index, "pillar"), line.pillar, "pillar", pillars))
        wanted.append(("asks", ("budget", index, "organisation"), line.organisation,
                       "organisation", organisations))
    for funder_id, funder in pitch.funders.items():
        source = f"funders/{funder_id}"
        for index, ask_id in enumerate(funder.asks or []):
            wanted.append((source, ("asks", index), ask_id, "ask", asks))
        for ask_id in funder.amounts:
            wanted.append((source, ("amounts", ask_id), ask_id, "ask", asks))
        for index, pillar_id in enumerate(funder.emphasis):
            wanted.append((source, ("emphasis", index), pillar_id, "pillar", pillars))
    return [
        sources[source].problem(path, f"there is no {kind} '{name}'{_known(name, known, kind)}",
                                key=path[0] == "amounts")
        for source, path, name, kind, known in wanted
        if name is not None and name not in known
    ]


def _known(name: str, known: list[str], kind: str) -> str:
    suggestion = did_you_mean(name, known)
    if suggestion:
        return suggestion
    listed = ", ".join(known) if known else "none yet"
    return f" (the {kind}s are: {listed})"


def _totals(pitch: Pitch, asks_file: LoadedFile) -> list[Problem]:
    asks = pitch.asks
    currency = asks.currency
    problems = []
    costs = ask_costs(asks)
    with_lines = {line.ask for line in asks.budget}
    for index, ask in enumerate(asks.asks):
        cost = costs[ask.id]
        if ask.id not in with_lines:
            problems.append(asks_file.problem(("asks", index, "id"), (
                f"the ask '{ask.id}' has no budget lines; add lines with ask: {ask.id}")))
        elif cost.total != ask.amount:
            problems.append(asks_file.problem(("asks", index, "amount"), (
                f"the ask is {money(ask.amount, currency)} but its budget lines "
                f"{'and indirect costs ' if cost.rule else ''}add up to "
                f"{money(cost.total, currency)}{_breakdown(cost, currency)} (a difference "
                f"of {money(abs(ask.amount - cost.total), currency)})")))
    asks_sum = _sum(ask.amount for ask in asks.asks)
    if asks_sum != asks.total:
        problems.append(asks_file.problem(("total",), (
            f"the stated total is {money(asks.total, currency)} but the asks add up to "
            f"{money(asks_sum, currency)} (a difference of {money(abs(asks.total - asks_sum), currency)})")))
    return problems


def _breakdown(cost: AskCost, currency: str) -> str:
    if cost.rule is None:
        return ""
    return (f": {money(cost.direct, currency)} of direct costs and "
            f"{money(cost.indirect, currency)} of indirect costs at {cost.rule.rate}% of "
            f"{BASE_NAMES[cost.rule.base]}")


def _budget_lines(pitch: Pitch, asks_file: LoadedFile) -> list[Problem]:
    """Every line has an organisation (its own or the ask's lead); years fit the ask."""
    asks = {ask.id: ask for ask in pitch.asks.asks}
    problems = []
    for index, line in enumerate(pitch.asks.budget):
        ask = asks.get(line.ask)
        if ask is None:
            continue
        if line.organisation is None and ask.lead is None:
            problems.append(asks_file.problem(("budget", index), (
                f"the line has no organisation; add organisation: (who spends the money), "
                f"or give the ask '{ask.id}' a lead:")))
        first, last = ask.period.start.year, ask.period.end.year
        problems += [asks_file.problem(("budget", index, "years", str(year)), (
            f"{year} is outside the ask's period ({first} to {last})"), key=True)
            for year in line.years or {} if not first <= year <= last]
    return problems


def _sum(amounts: Iterable[Decimal]) -> Decimal:
    return sum(amounts, Decimal(0))
