"""Facts with a source, an owner and a review date, and the checks that keep them fresh.

A value that states a fact about the world carries where it comes from
(`source`: a web address or a citation), who vouches for it (`owner`: the
email of one of pitch.yaml's contacts) and when to ask them again
(`review_by`). Organisations keep their numbers in a `facts:` map; a metric
carries the same keys beside its baseline and target, and an open section
takes an owner and a review date for the figures its footnotes source. Once `review_by`
passes, `pitch check` warns and `pitch release` refuses, until the owner
confirms the fact (`confirmed:` a date on or after `review_by`) or the date
moves on. Only these two commands read the clock, so builds stay identical.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Annotated

from pydantic import AfterValidator, Field
from pydantic_core import PydanticCustomError

from pitch.errors import Problem, Severity
from pitch.inputs.base import InputModel
from pitch.inputs.load import FieldPath, LoadedFile, format_field_path
from pitch.inputs.types import URL_PATTERN, Email, Text

DOI_SOURCE = re.compile(r"^(?:doi:\s?)?10\.\d{4,9}/\S+$", re.IGNORECASE)
YEAR = re.compile(r"\b(?:19|20)\d\d\b")
LOOKS_LIKE_AN_ADDRESS = re.compile(r"^(?:\w+://|www\.)|^[^\s]+\.[a-z]{2,}(?:/\S*)?$", re.IGNORECASE)


def _check_source(value: str) -> str:
    if URL_PATTERN.match(value) or DOI_SOURCE.match(value):
        return value
    if LOOKS_LIKE_AN_ADDRESS.match(value):
        raise PydanticCustomError(
            "source", "'{value}' is not a web address; write it in full, starting with "
            "https://", {"value": value})
    if len(value.split()) < 3 or not YEAR.search(value):
        raise PydanticCustomError(
            "source", "'{value}' is not a source; give a web address (https://...), a DOI "
            "or a citation with its author, title and year, such as 'The Carpentries, "
            "Annual Report 2024'", {"value": value})
    return value


Source = Annotated[str, AfterValidator(_check_source), Field(
    examples=["https://carpentries.org/about/", "The Carpentries, Annual Report 2024"])]


class Reviewed(InputModel):
    """Who vouches for a value and when to ask them again."""

    owner: Email | None = Field(
        None, description="The email of the contact (in pitch.yaml) who confirms the figures.")
    review_by: datetime.date | None = Field(
        None, description="When to ask the owner again (YYYY-MM-DD); pitch check warns and "
        "pitch release refuses once it has passed.")
    confirmed: datetime.date | None = Field(
        None, description="When the owner last confirmed the figures still hold (YYYY-MM-DD); "
        "on or after review_by, it lets a release go ahead.")


class Sourced(Reviewed):
    """Where a fact comes from, who vouches for it, and when to ask them again."""

    source: Source | None = Field(
        None, description="Where the figure comes from: a web address, a DOI or a citation "
        "(author, title, year); printed as a note.")


class Fact(Sourced):
    value: Text = Field(description="The fact as the pitch prints it, such as "
                        "'more than 4,000 instructors trained since 2012'.")
    source: Source = Field(description="Where the fact comes from: a web address, a DOI or "
                           "a citation (author, title, year); printed as a note.")


@dataclass(frozen=True)
class SourcedValue:
    """One sourced value of a project: its file, its path in the file, and its note."""

    file: str
    path: FieldPath
    note: Reviewed

    def expired(self, today: datetime.date) -> bool:
        """Whether its review date has passed with no confirmation since."""
        review_by, confirmed = self.note.review_by, self.note.confirmed
        return (review_by is not None and review_by < today
                and (confirmed is None or confirmed < review_by))


def sourced_values(organisations: dict[str, object], pillars: list[object],
                   sections: dict[str, object]) -> Iterator[SourcedValue]:
    """Every value of a project that carries a source, an owner or a review date: the
    organisations' facts, the metrics, and open sections (whose footnotes are sources)."""
    for slug, organisation in organisations.items():
        for key, fact in getattr(organisation, "facts", {}).items():
            yield SourcedValue(f"organisations/{slug}", ("facts", key), fact)
    for index, pillar in enumerate(pillars):
        for number, metric in enumerate(getattr(pillar, "metrics", [])):
            if isinstance(metric, Sourced) and metric.model_fields_set & set(Sourced.model_fields):
                yield SourcedValue("strategy", ("pillars", index, "metrics", number), metric)
    for section_id, section in sections.items():
        if isinstance(section, Reviewed) and section.model_fields_set & set(Reviewed.model_fields):
            yield SourcedValue(f"sections/{section_id}", (), section)


def owner_problems(values: list[SourcedValue], emails: list[str],
                   sources: dict[str, LoadedFile]) -> list[Problem]:
    """Owners that are not one of pitch.yaml's contacts."""
    known = ", ".join(emails)
    return [Problem(*_at(sources[value.file], (*value.path, "owner")),
                    format_field_path((*value.path, "owner")),
                    f"'{value.note.owner}' is not a contact; use the email of one of "
                    f"pitch.yaml's contacts: {known}")
            for value in values
            if value.note.owner is not None and value.note.owner not in emails]


def review_problems(values: list[SourcedValue], sources: dict[str, LoadedFile],
                    today: datetime.date, severity: Severity) -> list[Problem]:
    """Facts whose review date has passed, measured against `today` (the one clock read)."""
    problems = []
    for value in values:
        if not value.expired(today):
            continue
        who = value.note.owner or "the fact's owner (add an owner:)"
        problems.append(Problem(
            *_at(sources[value.file], (*value.path, "review_by")),
            format_field_path((*value.path, "review_by")),
            f"{value.note.review_by} has passed; ask {who} to confirm, then set confirmed: "
            f"to that day's date (or move review_by on)", severity))
    return problems


def _at(loaded: LoadedFile, path: FieldPath) -> tuple[str, int, int]:
    line, column = loaded.locate(path)
    return loaded.display, line, column
