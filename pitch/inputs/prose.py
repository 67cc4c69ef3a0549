"""Figures typed in prose, checked against the data and for a source.

Every text field whose type is prose (Text or Markdown, marked PROSE in
pitch/inputs/types.py) is walked, in every file, wherever the models put it:
- an amount of money (USD 583,000) must be an amount the budget has: the
  total, an ask, a line, a year, an organisation's share or a category;
- any other figure (a percentage, or a count such as 4,000 instructors)
  needs a source: a Markdown footnote reference [^id] in its paragraph.
Both are warnings, at the figure's own file:line:column.
"""

from __future__ import annotations

import re
import typing
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from itertools import combinations
from typing import Any

from pydantic import BaseModel

from pitch.inputs.costs import budget_cells
from pitch.inputs.model import AsksFile
from pitch.inputs.types import PROSE, known_currencies

_SCALE = r"(?:[\s\u00a0]?(million|thousand|m|k)\b)?"
MONEY = re.compile(
    rf"\b([A-Z]{{3}})[\s\u00a0]?(\d{{1,3}}(?:,\d{{3}})+|\d+(?:\.\d+)?)(?!\d|,\d){_SCALE}")
SIGNED_MONEY = re.compile(rf"[$€£¥][\s\u00a0]?(\d{{1,3}}(?:,\d{{3}})+|\d+(?:\.\d+)?){_SCALE}")
SCALES = {"million": Decimal(1_000_000), "m": Decimal(1_000_000),
          "thousand": Decimal(1000), "k": Decimal(1000)}
_NUMBER = r"\d{1,3}(?:,\d{3})+|\d+(?:\.\d{1,2})?(?![\d/])"
PERCENT = re.compile(rf"(?<![\w.,])(?:{_NUMBER})\s?(?:%|per ?cent\b)")
COUNT = re.compile(rf"(?<![\w.,$€£-])({_NUMBER})(\+?)(?:\s(?:more\s|new\s|active\s)?)([a-z][a-z-]+)")
FOOTNOTE = re.compile(r"\[\^[^\]\s]+\]")
# Words after a number that make it a length of time, a date or a plan's unit.
MONTH_NAMES = frozenset({
    "january", "february", "march", "april", "may", "june", "july", "august", "september",
    "october", "november", "december",
})
NOT_A_COUNT = frozenset({
    "months", "month", "years", "year", "weeks", "week", "days", "day", "hours", "hour",
    "minutes", "pm", "am", "fte", "percent", "per", "cent", "pt", "px", "mm", "cm", "x",
    # A count is followed by what it counts, not by a little word.
    "of", "to", "and", "or", "on", "in", "at", "by", "for", "from", "with", "as", "than",
    "is", "are", "was", "were", "be", "the", "a", "an", "that", "this", "which", "who",
    *MONTH_NAMES,
})

# Words before a number that make it part of a name, not a count.
NAMING_WORDS = frozenset({
    "section", "version", "v", "release", "chapter", "page", "pages", "iso", "figure", "table",
    "step", "phase", "cycle", "round", "issue", "number", "no.", "python", "r", "pillar",
    "goal", "level", "wcag", "rfc", "article", "item", "question", "part", "grade",
})


@dataclass(frozen=True)
class Figure:
    """One figure found in a text: what it says and where in the text it starts."""

    text: str
    offset: int
    amount: Decimal | None = None
    currency: str | None = None
    precision: Decimal | None = None
    """For a rounded amount (USD 1.4 million), the unit it was rounded to."""

    def matches(self, known: Decimal) -> bool:
        """Whether a budget amount is this amount, as written (rounded or exact)."""
        if self.precision is None:
            return known == self.amount
        rounded = (known / self.precision).quantize(Decimal(1), ROUND_HALF_UP) * self.precision
        return rounded == self.amount


def prose_values(model_class: type[BaseModel], data: Any,
                 path: tuple[str | int, ...] = ()) -> Iterator[tuple[tuple[str | int, ...], str]]:
    """(path, text) of every prose value in one file's data, by the file's model."""
    if not isinstance(data, dict):
        return
    for name, info in model_class.model_fields.items():
        if name in data:
            prose = PROSE in info.metadata
            yield from _walk(info.annotation, data[name], (*path, name), prose)


def _walk(annotation: Any, value: Any, path: tuple[str | int, ...],
          prose: bool) -> Iterator[tuple[tuple[str | int, ...], str]]:
    if prose or _marked(annotation):
        if isinstance(value, str):
            yield path, value
        return
    options = _options(annotation)
    models = [option for option in options
              if isinstance(option, type) and issubclass(option, BaseModel)]
    if models and isinstance(value, dict):
        # A union of models (section kinds): walk the first one the keys fit.
        fitting = [model for model in models if set(value) <= set(model.model_fields)]
        yield from prose_values((fitting or models)[0], value, path)
        return
    for option in options:
        if typing.get_origin(option) is list and isinstance(value, list):
            for index, item in enumerate(value):
                yield from _walk(typing.get_args(option)[0], item, (*path, index), False)
            return
        if typing.get_origin(option) is dict and isinstance(value, dict):
            for key, item in value.items():
                yield from _walk(typing.get_args(option)[1], item, (*path, key), False)
            return


def _marked(annotation: Any) -> bool:
    if typing.get_origin(annotation) is typing.Annotated:
        return PROSE in typing.get_args(annotation)[1:]
    return any(_marked(option) for option in typing.get_args(annotation)
               if typing.get_origin(annotation) in (typing.Union, _UNION))


_UNION = type(int | str)


def _options(annotation: Any) -> list[Any]:
    """The types a value may take: Optional and Annotated stripped away."""
    while typing.get_origin(annotation) is typing.Annotated:
        annotation = typing.get_args(annotation)[0]
    if typing.get_origin(annotation) in (typing.Union, _UNION):
        return [option for arg in typing.get_args(annotation) for option in _options(arg)]
    return [annotation]


def money_figures(text: str) -> list[Figure]:
    """Amounts of money: with an ISO code (USD 583,000, USD 1.4 million), or with a
    sign ($500,000), which has no currency the build can check."""
    figures = []
    for match in MONEY.finditer(text):
        if match.group(1) in known_currencies():
            amount, precision = _amount(match.group(2), match.group(3))
            figures.append(Figure(match.group(0), match.start(), amount, match.group(1),
                                  precision))
    for match in SIGNED_MONEY.finditer(text):
        amount, precision = _amount(match.group(1), match.group(2))
        figures.append(Figure(match.group(0), match.start(), amount, None, precision))
    return sorted(figures, key=lambda figure: figure.offset)


def _amount(digits: str, scale: str | None) -> tuple[Decimal, Decimal | None]:
    number = Decimal(digits.replace(",", ""))
    if scale is None:
        return number, None
    exponent = number.as_tuple().exponent
    places = -exponent if isinstance(exponent, int) and exponent < 0 else 0
    multiplier = SCALES[scale.lower()]
    return number * multiplier, multiplier / Decimal(10) ** places


def unsourced_figures(text: str) -> list[Figure]:
    """Percentages and counts whose paragraph cites no footnote."""
    figures = []
    for start, paragraph in _paragraphs(text):
        if FOOTNOTE.search(paragraph):
            continue
        money = [range(m.start(), m.end()) for pattern in (MONEY, SIGNED_MONEY)
                 for m in pattern.finditer(paragraph)]
        for found in [*PERCENT.finditer(paragraph), *_counts(paragraph)]:
            if not any(found.start() in span for span in money):
                figures.append(Figure(found.group(0).strip(), start + found.start()))
    return sorted(figures, key=lambda figure: figure.offset)


def _counts(paragraph: str) -> Iterator[re.Match[str]]:
    for match in COUNT.finditer(paragraph):
        number, word = match.group(1), match.group(3)
        if word in NOT_A_COUNT or _is_year_or_date(paragraph, match, number):
            continue
        if _names_a_thing(paragraph, match):
            continue
        if Decimal(number.replace(",", "")) < 10 and not match.group(2) and word not in SCALES:
            continue
        yield match


def _names_a_thing(paragraph: str, match: re.Match[str]) -> bool:
    """Whether the number is part of a name: Section 508, version 2, ISO 4217, Python 3."""
    before = paragraph[max(0, match.start() - 20):match.start()].split()
    return bool(before) and before[-1].strip("(").lower() in NAMING_WORDS


def _is_year_or_date(paragraph: str, match: re.Match[str], number: str) -> bool:
    if re.fullmatch(r"(19|20)\d\d", number):
        return True
    before = paragraph[max(0, match.start() - 12):match.start()].split()
    return bool(before) and before[-1].strip(",").lower() in MONTH_NAMES


def _paragraphs(text: str) -> Iterator[tuple[int, str]]:
    """Paragraphs (blank-line separated) and list items, with their offsets."""
    for block in re.finditer(r"(?:[^\n]|\n(?![ \t]*\n)(?![ \t]*(?:[-*+]|\d+\.)\s))+", text):
        yield block.start(), block.group(0)


def known_amounts(asks: AsksFile) -> set[Decimal]:
    """Every amount the budget states or sums to, by any grouping of its cells."""
    cells = budget_cells(asks)
    known = {asks.total, *(ask.amount for ask in asks.asks)}
    for line in asks.budget:
        known |= {line.cost, *(line.years or {}).values()}
        known |= {line.unit_cost} if line.unit_cost is not None else set()
    keys = ("ask", "organisation", "year", "category")
    for size in range(len(keys) + 1):
        for chosen in combinations(keys, size):
            groups: dict[tuple[Any, ...], Decimal] = {}
            for cell in cells:
                group = tuple(getattr(cell, key) for key in chosen)
                groups[group] = groups.get(group, Decimal(0)) + cell.amount
            known |= set(groups.values())
    return known


def sentence_has_footnote(text: str, offset: int) -> bool:
    """Whether the paragraph around an offset cites a footnote (an outside figure)."""
    return any(start <= offset < start + len(paragraph) and FOOTNOTE.search(paragraph)
               for start, paragraph in _paragraphs(text))
