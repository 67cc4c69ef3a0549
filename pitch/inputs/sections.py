"""Open sections: inputs/sections/<id>.yaml, one file per section a writer adds.

A section file names its `kind`. A `text` section (the default) is a title
and a Markdown body that may use sub-headings, pipe tables and footnotes.
The other kinds are the sections funders commonly ask for, as typed fields
the templates lay out: risks, governance, personnel, support, letters and
lay-summary. Every kind may also carry a `body` printed before its fields.
"""

from __future__ import annotations

import re
from typing import Annotated, Any, Literal

from pydantic import AfterValidator, Field, model_validator
from pydantic_core import PydanticCustomError

from pitch.inputs.base import InputModel
from pitch.inputs.facts import Reviewed
from pitch.inputs.types import Amount, Currency, Markdown, Slug, Text

BUILT_IN_SECTIONS: tuple[str, ...] = (
    "summary", "need", "who-we-are", "values", "strategy", "theory-of-change",
    "milestones", "budget", "impact", "sustainability", "contacts", "acknowledgements",
)
"""The sections every pitch has, laid out by templates/sections/<id>.html.j2."""

Level = Literal["low", "medium", "high"]
EFFORT_PATTERN = re.compile(r"^\d+(\.\d+)?\s?(FTE|%)$")


def _check_effort(value: str) -> str:
    if not EFFORT_PATTERN.match(value):
        raise PydanticCustomError(
            "effort", "'{value}' is not an effort; write it as FTE or a percentage, "
            "such as 0.5 FTE or 20%", {"value": value})
    return value


Effort = Annotated[str, AfterValidator(_check_effort), Field(examples=["0.5 FTE", "20%"])]


class SectionBase(Reviewed):
    """What every kind of section has: a title, a place, optional Markdown, and who
    confirms its figures (owner, review_by) as for an organisation's facts."""

    title: Text = Field(description="The section's heading, as the funder reads it.")
    after: Slug | None = Field(
        None, description="Id of the section this one follows in the default order "
        "(such as need); without it the section comes just before contacts.")
    body: Markdown | None = Field(
        None, description="Markdown: paragraphs, lists, # sub-headings, pipe tables and "
        "footnotes ([^1] in the text, [^1]: the note below it).")


class TextSection(SectionBase):
    """A section of prose: a title and a Markdown body."""

    kind: Literal["text"] = Field("text", description="text: a title and a Markdown body.")
    body: Markdown = Field(description="The section's Markdown: paragraphs, lists, "
                           "# sub-headings, pipe tables and footnotes.")


class LaySummarySection(SectionBase):
    """A summary for readers outside the field, in plain words."""

    kind: Literal["lay-summary"] = Field(description="lay-summary: plain words for anyone.")
    title: Text = Field("Lay summary", description="The section's heading.")
    body: Markdown = Field(description="The summary, in words a reader outside the field knows.")


class Risk(InputModel):
    risk: Text = Field(description="What could go wrong, in a sentence.")
    likelihood: Level = Field(description="How likely it is: low, medium or high.")
    impact: Level = Field(description="How much it would hurt the work: low, medium or high.")
    mitigation: Markdown = Field(description="What the coalition does to prevent or absorb it.")
    owner: Text = Field(
        description="Who watches it: an organisation id (such as ropensci) or a role "
        "written with a capital or a space (such as Coalition coordinator).")


class RisksSection(SectionBase):
    """Risks and how they are mitigated, as a table."""

    kind: Literal["risks"] = Field(description="risks: a table of risks and mitigations.")
    title: Text = Field("Risks and mitigation", description="The section's heading.")
    risks: list[Risk] = Field(min_length=1, description="The risks, most serious first.")


class GovernanceSection(SectionBase):
    """Who leads and how the coalition decides."""

    kind: Literal["governance"] = Field(description="governance: lead, decisions, agreement.")
    title: Text = Field("Governance", description="The section's heading.")
    lead: Slug | None = Field(None, description="Id of the lead organisation, once chosen.")
    lead_selection: Markdown | None = Field(
        None, description="How and by when the lead will be chosen, while there is none.")
    decision_making: Markdown = Field(description="How the coalition makes decisions.")
    agreement: Markdown = Field(
        description="The coalition agreement: what it covers and where it stands.")

    @model_validator(mode="after")
    def _lead_or_how_it_is_chosen(self) -> GovernanceSection:
        if self.lead is None and self.lead_selection is None:
            raise PydanticCustomError("lead_missing", (
                "name the lead organisation (lead:) or say how and by when it will be "
                "chosen (lead_selection:)"), {})
        return self


class Person(InputModel):
    name: Text | None = Field(
        None, description="The person's name, only where the public record names them.")
    role: Text = Field(description="Their role in the work, such as Programme manager.")
    organisation: Slug = Field(description="Id of their organisation (a file in organisations/).")
    effort: Effort | None = Field(None, description="Their time on the work: 0.5 FTE or 20%.")
    bio: Markdown | None = Field(None, description="Two or three lines on who they are.")


class PersonnelSection(SectionBase):
    """Key personnel: roles, organisations, effort, short bios."""

    kind: Literal["personnel"] = Field(description="personnel: key people or roles.")
    title: Text = Field("Key personnel", description="The section's heading.")
    people: list[Person] = Field(min_length=1, description="The people or roles, in order.")


class Support(InputModel):
    funder: Text = Field(description="Who gave or gives the money.")
    organisation: Slug | None = Field(None, description="Id of the member that holds it.")
    amount: Amount | None = Field(None, description="How much, where it is public.")
    currency: Currency | None = Field(None, description="ISO 4217 code of the amount.")
    period: Text | None = Field(None, description="When, such as 2022–2024.")
    status: Literal["current", "prior", "pending"] = Field(
        "current", description="current, prior (ended) or pending (applied for).")
    purpose: Markdown = Field(description="What it pays for.")

    @model_validator(mode="after")
    def _amount_has_a_currency(self) -> Support:
        if self.amount is not None and self.currency is None:
            raise PydanticCustomError("currency_missing", "an amount needs its currency; add currency: such as USD", {})
        return self


class SupportSection(SectionBase):
    """Existing and prior support: who funds what, when."""

    kind: Literal["support"] = Field(description="support: existing and prior funding.")
    title: Text = Field("Existing and prior support", description="The section's heading.")
    grants: list[Support] = Field(min_length=1, description="The grants, current first.")


class Letter(InputModel):
    who: Text = Field(description="Who wrote it: a name, or a role where unnamed.")
    organisation: Text = Field(description="Their organisation.")
    file: Text = Field(description="The letter, as a path inside inputs/, such as "
                       "letters/example.pdf.")
    summary: Text | None = Field(None, description="One line on what the letter says.")


class LettersSection(SectionBase):
    """Letters of support, listed with the file of each."""

    kind: Literal["letters"] = Field(description="letters: letters of support and their files.")
    title: Text = Field("Letters of support", description="The section's heading.")
    letters: list[Letter] = Field(min_length=1, description="The letters, in order.")


SECTION_MODELS: dict[str, type[SectionBase]] = {
    "text": TextSection,
    "lay-summary": LaySummarySection,
    "risks": RisksSection,
    "governance": GovernanceSection,
    "personnel": PersonnelSection,
    "support": SupportSection,
    "letters": LettersSection,
}
"""Every kind of section, by the value of its `kind` key."""


def section_model_for(data: Any) -> type[SectionBase]:
    """The model that a section's data names with `kind`; text when it names none."""
    kind = data.get("kind", "text") if isinstance(data, dict) else "text"
    return SECTION_MODELS.get(kind, TextSection) if isinstance(kind, str) else TextSection


def unknown_kind(data: Any) -> str | None:
    """The `kind` a section names when no model has it, else None."""
    kind = data.get("kind", "text") if isinstance(data, dict) else "text"
    return None if kind in SECTION_MODELS else str(kind)
