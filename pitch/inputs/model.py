"""The input files as pydantic models: one model per kind of file.

Every model forbids unknown keys and describes every field; the JSON Schema
that editors use is generated from these classes (see pitch/schema.py).
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from typing import Annotated, Any, Literal

from pydantic import Field, model_validator
from pydantic_core import PydanticCustomError

from pitch.inputs.base import InputModel
from pitch.inputs.budget import BudgetLine, BudgetRules, Indirect
from pitch.inputs.facts import Fact, Sourced
from pitch.inputs.questions import Question, SectionData
from pitch.inputs.sections import SectionBase
from pitch.inputs.types import (
    Amount,
    Currency,
    Doi,
    Email,
    Language,
    Markdown,
    Slug,
    Text,
    Unique,
    Url,
    Version,
)

Paper = Literal["a4", "letter"]
ChartKind = Literal["category", "organisation", "pillar", "period"]
Layout = Literal["pitch", "letter"]
SectionId = Slug
"""A section's id: a built-in one (see sections.BUILT_IN_SECTIONS) or a file in sections/."""


# --- pitch.yaml -------------------------------------------------------------


class Contact(InputModel):
    name: Text = Field(description="The person's full name.")
    role: Text = Field(description="Their role, as a funder should read it.")
    organisation: Slug = Field(description="Id of their organisation (a file in organisations/).")
    email: Email = Field(description="An address a funder can write to.")


class PitchInfo(InputModel):
    """pitch.yaml: what the pitch is, who makes it, and which version this is."""

    title: Text = Field(max_length=120, description="The pitch's title, shown on the cover.")
    subtitle: Text | None = Field(None, description="One line under the title.")
    slug: Slug = Field(description="Short name used in file names, such as coalition-pitch.")
    version: Version = Field(description="This version of the pitch, such as 1.0.0.")
    date: datetime.date = Field(description="The date of this version (YYYY-MM-DD).")
    doi: Doi = Field(description="The bare DOI of the proposal the pitch derives from.")
    version_doi: Doi | None = Field(
        None, description="The bare DOI of this version of the pitch, once it is deposited "
        "(not the proposal's); the next version's DataCite record points back to it.",
    )
    language: Language = Field("en", description="The pitch's language, as a tag such as en.")
    paper: Paper = Field("a4", description="Paper size: a4 or letter.")
    coalition: Text = Field(description="The coalition's name, as an author.")
    authors: list[Slug] = Field(
        min_length=1, description="Organisation ids of the authors, in the order to show them."
    )
    purpose: Text = Field(
        max_length=255, description="The purpose in one sentence (portals allow 255 characters)."
    )
    executive_summary: Markdown = Field(description="The executive summary, written last.")
    contacts: list[Contact] = Field(min_length=1, description="Who a funder should contact.")
    keywords: list[Text] = Field(default_factory=list, description="Keywords for the metadata.")
    acknowledgements: Markdown = Field(
        description="Thanks: the convening, its facilitator and its funder."
    )


# --- values.yaml ------------------------------------------------------------


class Value(InputModel):
    id: Slug = Field(description="A short id for the value.")
    name: Text = Field(description="The value's name, such as Openness.")
    statement: Markdown = Field(description="What the coalition means by it.")
    in_practice: list[Markdown] = Field(
        min_length=1, description="What the value looks like in day-to-day work."
    )


class ValuesFile(InputModel):
    """values.yaml: the values the five organisations share."""

    values: list[Value] = Field(min_length=1, description="The shared values.")


# --- strategy.yaml ----------------------------------------------------------


class Challenge(InputModel):
    id: Slug = Field(description="A short id for the challenge.")
    title: Text = Field(description="The challenge in a few words.")
    description: Markdown = Field(description="What the challenge is and why it matters.")


class Need(InputModel):
    summary: Markdown = Field(description="The need, in a paragraph.")
    challenges: list[Challenge] = Field(min_length=1, description="The shared challenges.")


class Goal(InputModel):
    id: Slug = Field(description="A short id for the goal.")
    statement: Text = Field(description="The goal, in one sentence.")


class Metric(Sourced):
    """What is counted; source, owner and review_by say where the baseline comes from."""

    name: Text = Field(description="What is counted.")
    baseline: Text | None = Field(None, description="Where it stands today; give its source.")
    target: Text = Field(description="Where it should be at the end of the grant.")


class Pillar(InputModel):
    id: Slug = Field(description="A short id for the pillar, used by asks and milestones.")
    name: Text = Field(description="The pillar's name.")
    summary: Markdown = Field(description="What the pillar is about.")
    actions: list[Markdown] = Field(min_length=1, description="What the coalition will do.")
    outcomes: list[Markdown] = Field(min_length=1, description="What will be different.")
    metrics: list[Metric] = Field(min_length=1, description="How progress is measured.")


class Milestone(InputModel):
    title: Text = Field(description="What is delivered.")
    due: datetime.date = Field(description="When it is due (YYYY-MM-DD).")
    pillar: Slug | None = Field(None, description="Id of the pillar it belongs to.")


class TheoryOfChange(InputModel):
    inputs: list[Text] = Field(min_length=1, description="What goes in: people, money, time.")
    activities: list[Text] = Field(min_length=1, description="What the coalition does.")
    outputs: list[Text] = Field(min_length=1, description="What the activities produce.")
    outcomes: list[Text] = Field(min_length=1, description="What changes because of them.")
    impact: list[Text] = Field(min_length=1, description="The long-term change.")


class StrategyFile(InputModel):
    """strategy.yaml: the need, the goals, the pillars and the plan."""

    need: Need = Field(description="The problem the pitch answers.")
    goals: list[Goal] = Field(min_length=1, description="What the coalition aims for.")
    pillars: list[Pillar] = Field(min_length=1, description="The strategy's pillars.")
    milestones: list[Milestone] = Field(min_length=1, description="The work plan's milestones.")
    theory_of_change: TheoryOfChange = Field(description="From inputs to impact.")
    impact: Markdown = Field(description="How impact will be measured and reported.")
    sustainability: Markdown = Field(description="How the work lasts beyond the grant.")


# --- asks.yaml --------------------------------------------------------------


class Period(InputModel):
    start: datetime.date = Field(description="First day funded (YYYY-MM-DD).")
    end: datetime.date = Field(description="Last day funded (YYYY-MM-DD).")

    @model_validator(mode="after")
    def _end_after_start(self) -> Period:
        if self.end <= self.start:
            raise PydanticCustomError(
                "period_order", "the period ends before it starts", {}
            )
        return self


class Ask(InputModel):
    id: Slug = Field(description="A short id for the ask, used by budget lines and funders.")
    title: Text = Field(description="The ask in a few words.")
    amount: Amount = Field(description="How much is asked, in the file's currency.")
    period: Period = Field(description="The period the ask covers.")
    pillar: Slug | None = Field(None, description="Id of the pillar it serves.")
    funds: Markdown = Field(description="What the money pays for.")
    lead: Slug | None = Field(
        None, description="Id of the organisation that leads the ask and holds its money; "
        "budget lines without an organisation are theirs.")
    indirect: Indirect | None = Field(
        None, description="This ask's indirect rate, if it differs from the file's.")


class AsksFile(InputModel):
    """asks.yaml: what the coalition asks for, and the budget behind it."""

    currency: Currency = Field(description="ISO 4217 code of every amount in this file.")
    total: Amount = Field(description="The total asked; must equal the sum of the asks.")
    indirect: Indirect | None = Field(
        None, description="Indirect costs as a rate of a base, such as {rate: 10%, base: "
        "direct}; computed for every ask, never typed as a budget line.")
    asks: list[Ask] = Field(min_length=1, description="The asks, in the order to show them.")
    budget: list[BudgetLine] = Field(
        min_length=1, description="Budget lines; each ask's lines plus its computed "
        "indirect costs add up to its amount."
    )
    other_funding: Markdown | None = Field(
        None, description="Where the rest of the money comes from, if this is part of it."
    )
    charts: Annotated[list[ChartKind], Unique] | None = Field(
        None, description="The budget charts to draw, in order: category, organisation, "
        "pillar, period (spending by year). Without this key, every chart that has data "
        "(period only when the budget spans two years or more); [] draws none.")


# --- organisations/<id>.yaml ------------------------------------------------


class Organisation(InputModel):
    """organisations/<id>.yaml: one member of the coalition."""

    name: Text = Field(description="The organisation's full name.")
    short_name: Text | None = Field(None, description="A shorter name, such as OLS.")
    website: Url = Field(description="The organisation's web site.")
    founded: int = Field(ge=1900, le=2100, description="The year it was founded.")
    history: Markdown | None = Field(None, description="A line or two of history.")
    mission: Markdown = Field(description="What the organisation does.")
    brings: list[Markdown] = Field(min_length=1, description="What it brings to the coalition.")
    facts: dict[Slug, Fact] = Field(
        default_factory=dict, description="The organisation's numbers, by id, each with its "
        "source, owner and review date; printed under the organisation with notes.")


# --- funders/<id>.yaml ------------------------------------------------------


class SectionLimit(InputModel):
    words: int | None = Field(None, gt=0, description="Most words the section may have.")
    characters: int | None = Field(
        None, gt=0, description="Most characters, spaces included."
    )


class Limits(InputModel):
    pitch_pages: int | None = Field(None, gt=0, description="Most pages for the pitch.")
    summary_pages: int | None = Field(None, gt=0, description="Most pages for the summary.")
    sections: dict[SectionId, SectionLimit] = Field(
        default_factory=dict, description="Word and character limits per section, by id."
    )
    fields: dict[str, SectionLimit] = Field(
        default_factory=dict, description="Limits on single values, by the path "
        "`pitch explain` prints, such as pitch.title or pitch.purpose.")


class Funder(InputModel):
    """funders/<id>.yaml: one funder's variant of the pitch and its rules."""

    name: Text = Field(description="The funder's name.")
    programme: Text | None = Field(None, description="The programme or call.")
    website: Url | None = Field(None, description="The programme's web page.")
    language: Language | None = Field(None, description="Language this funder wants.")
    paper: Paper | None = Field(None, description="Paper size this funder wants.")
    layout: Layout = Field(
        "pitch", description="pitch: the full document with a cover; letter: a compact letter."
    )
    currency: Currency | None = Field(None, description="Currency of the overridden amounts.")
    asks: Annotated[list[Slug], Unique] | None = Field(
        None, min_length=1, description="Ids of the asks to include, in order.")
    amounts: dict[Slug, Amount] = Field(
        default_factory=dict, description="Amounts that differ for this funder, by ask id."
    )
    emphasis: Annotated[list[Slug], Unique] = Field(
        default_factory=list, description="Ids of the pillars to put first."
    )
    sections: Annotated[list[SectionId], Unique] | None = Field(
        None, min_length=1, description="Ids of the sections to include, in order: "
        "built-in ones, files in sections/ and this file's additions."
    )
    questions: list[Question] = Field(
        default_factory=list, description="The funder's questions, in its wording and "
        "order, each answered by one or more sections; the portal text follows them.")
    additions: dict[Slug, SectionData] = Field(
        default_factory=dict, description="Sections written for this funder only, by id, "
        "each shaped like a file in sections/; list them in sections: or questions:.")
    limits: Limits = Field(default_factory=lambda: Limits(), description="The funder's limits.")
    budget_rules: BudgetRules = Field(
        default_factory=lambda: BudgetRules(),
        description="What this funder allows in a budget: award ceiling, indirect cap, "
        "categories, longest period.")
    overrides: dict[str, Any] = Field(
        default_factory=dict,
        description="Any other value for this funder, by path: pitch.executive_summary, "
        "strategy.pillars[pillar-id].summary, asks.asks[ask-id].title, sections[risks].body, "
        "... (the paths `pitch explain` prints)",
    )
    notes: Markdown | None = Field(None, description="Notes for the writers; not printed.")


# --- the whole project ------------------------------------------------------


@dataclass
class Pitch:
    """Every input of one pitch, validated and cross-checked."""

    info: PitchInfo
    values: ValuesFile
    strategy: StrategyFile
    asks: AsksFile
    organisations: dict[str, Organisation] = field(default_factory=dict)
    funders: dict[str, Funder] = field(default_factory=dict)
    sections: dict[str, SectionBase] = field(default_factory=dict)


FILE_MODELS: dict[str, type[InputModel]] = {
    "pitch": PitchInfo,
    "values": ValuesFile,
    "strategy": StrategyFile,
    "asks": AsksFile,
    "organisation": Organisation,
    "funder": Funder,
}


def choose_paper(requested: Paper | None, info: PitchInfo) -> Paper:
    """The paper to lay out on: the command line's, else the pitch's (a funder's, in a variant)."""
    return requested or info.paper
