"""Budget lines, indirect costs and a funder's budget rules, as input models.

A budget line states its cost in one of three ways (or several that must
agree): a single `amount`, an amount per year under `years`, or a
`quantity` times a `unit_cost`. Indirect costs are never typed as a line:
they are computed from a declared rate and base (see pitch/inputs/costs.py).
"""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Annotated, Any, Literal

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    WithJsonSchema,
    field_validator,
    model_validator,
)
from pydantic_core import PydanticCustomError

from pitch.inputs.types import Amount, Slug, Text, Unique

BudgetCategory = Literal[
    "staff", "stipends", "events", "travel", "services", "equipment", "indirect", "other"
]
DIRECT_CATEGORIES = ("staff", "stipends", "events", "travel", "services", "equipment", "other")
IndirectBase = Literal["direct", "staff", "modified-total-direct"]
# Modified total direct costs leave out equipment and participant support (stipends).
MODIFIED_TOTAL_DIRECT_EXCLUDES = frozenset({"equipment", "stipends"})

_PERCENT = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*%\s*$")
_DURATION = re.compile(r"^\s*(\d+)\s*(months?|years?)\s*$")


def _parse_percent(value: Any) -> Any:
    if isinstance(value, str) and (match := _PERCENT.match(value)):
        return Decimal(match.group(1))
    raise PydanticCustomError(
        "percent", "expected a percentage with a percent sign, such as 15%, got {value}",
        {"value": repr(value) if isinstance(value, str) else f"the number {value}"})


def _parse_months(value: Any) -> Any:
    if isinstance(value, str) and (match := _DURATION.match(value)):
        count = int(match.group(1))
        return count * 12 if match.group(2).startswith("year") else count
    raise PydanticCustomError(
        "duration", "expected a length such as 24 months or 2 years, got {value}",
        {"value": repr(value) if isinstance(value, str) else f"the number {value}"})


Percent = Annotated[
    Decimal, BeforeValidator(_parse_percent), Field(ge=0, le=100),
    WithJsonSchema({"type": "string", "pattern": r"^\s*\d+(\.\d+)?\s*%\s*$",
                    "examples": ["15%"]}),
]
"""A percentage typed with its sign (15%); held as the number before the sign."""
Months = Annotated[
    int, BeforeValidator(_parse_months), Field(gt=0),
    WithJsonSchema({"type": "string", "pattern": r"^\s*\d+\s*(months?|years?)\s*$",
                    "examples": ["24 months", "3 years"]}),
]
"""A length of time typed as '24 months' or '2 years'; held in months."""
Year = Annotated[int, Field(ge=1900, le=2100)]


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)


class Indirect(_Model):
    """Indirect costs, computed as a rate of a base of the direct costs."""

    rate: Percent = Field(description="The rate, with a percent sign, such as 10%.")
    base: IndirectBase = Field(
        "direct", description="What the rate applies to: direct (every direct cost), staff "
        "(staff lines only) or modified-total-direct (direct costs without equipment and "
        "stipends, which count as participant support).")


def _no_typed_indirect(value: Any) -> Any:
    if value == "indirect":
        raise PydanticCustomError(
            "typed_indirect", "indirect costs are not typed as a line; declare a rate "
            "instead, such as indirect: {rate: 10%, base: direct} at the top of asks.yaml "
            "or on the ask, and the build computes them", {})
    return value


class BudgetLine(_Model):
    """One budget line: what it pays for, who spends it, and what it costs."""

    ask: Slug = Field(description="Id of the ask this line belongs to.")
    category: Annotated[
        Literal["staff", "stipends", "events", "travel", "services", "equipment", "other"],
        BeforeValidator(_no_typed_indirect),
    ] = Field(description="The kind of cost. Indirect costs are computed, never typed.")
    description: Text = Field(description="What the line pays for.")
    organisation: Slug | None = Field(
        None, description="Id of the organisation that spends it; without one, the ask's lead.")
    pillar: Slug | None = Field(None, description="Id of the pillar it serves.")
    amount: Amount | None = Field(
        None, description="The line's cost; computed from years or quantity x unit_cost "
        "when left out, and checked against them when given.")
    years: dict[Year, Amount] | None = Field(
        None, min_length=1, description="The cost per calendar year, such as 2027: 120000.")
    fte: Decimal | None = Field(
        None, gt=0, le=100, description="Full-time equivalents the line pays for, such as 0.5.")
    quantity: Decimal | None = Field(
        None, gt=0, description="How many units, such as 24 (fellows); needs unit_cost.")
    unit_cost: Amount | None = Field(None, description="The cost of one unit; needs quantity.")

    @field_validator("years")
    @classmethod
    def _years_in_order(cls, years: dict[int, Decimal] | None) -> dict[int, Decimal] | None:
        return dict(sorted(years.items())) if years else years

    @model_validator(mode="after")
    def _cost_agrees(self) -> BudgetLine:
        product = self._product()
        from_years = sum(self.years.values(), Decimal(0)) if self.years else None
        stated = [(name, value) for name, value in (
            ("amount", self.amount), ("years", from_years), ("quantity", product))
            if value is not None]
        if not stated:
            raise PydanticCustomError("no_cost", (
                "the line has no cost; give it an amount, an amount per year under years, "
                "or a quantity and a unit_cost"), {})
        (first, value), *others = stated
        for name, other in others:
            if other != value:
                raise _disagreement(first, value, name, other)
        self.amount = value
        return self

    def _product(self) -> Decimal | None:
        if (self.quantity is None) != (self.unit_cost is None):
            missing = "unit_cost" if self.unit_cost is None else "quantity"
            raise PydanticCustomError(
                "half_product", "quantity and unit_cost go together; add {missing}",
                {"missing": missing, "at": "quantity" if missing == "unit_cost" else "unit_cost"})
        if self.quantity is None or self.unit_cost is None:
            return None
        return (self.quantity * self.unit_cost).quantize(Decimal("0.01"))

    @property
    def cost(self) -> Decimal:
        """The line's cost, however it was stated."""
        assert self.amount is not None  # set by the validator
        return self.amount


_SAID = {"amount": "the amount is {}", "years": "the years add up to {}",
         "quantity": "quantity x unit_cost is {}"}


def _disagreement(first: str, value: Decimal, name: str, other: Decimal) -> PydanticCustomError:
    said = f"{_SAID[first].format(_plain(value))} but {_SAID[name].format(_plain(other))}"
    return PydanticCustomError(
        "cost_disagrees", "{said}; make them agree, or give only one",
        {"said": said, "at": first if first != "quantity" else "unit_cost"})


def _plain(amount: Decimal) -> str:
    return f"{amount:,.2f}".removesuffix(".00")


class BudgetRules(_Model):
    """What a funder allows in a budget; the build refuses a variant that breaks one."""

    award_ceiling: Amount | None = Field(
        None, description="The most this funder awards, in the variant's currency.")
    max_indirect: Percent | None = Field(
        None, description="The most indirect costs may be, as a percentage of indirect_of.")
    indirect_of: Literal["direct", "total"] = Field(
        "direct", description="What max_indirect is a percentage of: direct costs, or the "
        "total (direct plus indirect).")
    categories: Annotated[list[BudgetCategory], Unique] | None = Field(
        None, min_length=1, description="The only kinds of cost this funder pays for; "
        "list indirect too if it pays indirect costs.")
    max_period: Months | None = Field(
        None, description="The longest grant, such as 24 months or 2 years, from the first "
        "ask's start to the last ask's end.")
