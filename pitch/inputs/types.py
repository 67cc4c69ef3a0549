"""Field types shared by the input models, each with a writer-friendly error."""

from __future__ import annotations

import re
from decimal import Decimal
from functools import cache
from typing import Annotated

from pydantic import AfterValidator, Field
from pydantic_core import PydanticCustomError

DOI_PATTERN = re.compile(r"^10\.\d{4,9}(\.\d+)?/\S+$")
VERSION_PATTERN = re.compile(r"^\d+\.\d+\.\d+$")
SLUG_PATTERN = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
LANGUAGE_PATTERN = re.compile(r"^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$")
EMAIL_PATTERN = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
URL_PATTERN = re.compile(r"^https?://[^\s/$.?#].[^\s]*$")


def _check_doi(value: str) -> str:
    if not DOI_PATTERN.match(value):
        raise PydanticCustomError(
            "doi",
            "'{value}' is not a DOI; write the bare DOI, such as 10.71707/qttn-3j47 "
            "(no https://doi.org/ and no 'doi:')",
            {"value": value},
        )
    return value


def _check_version(value: str) -> str:
    if not VERSION_PATTERN.match(value):
        raise PydanticCustomError(
            "version",
            "'{value}' is not a version; use three numbers such as 1.0.0 (in quotes)",
            {"value": value},
        )
    return value


def _check_slug(value: str) -> str:
    if not SLUG_PATTERN.match(value):
        raise PydanticCustomError(
            "slug",
            "'{value}' is not a valid id; use lower-case letters, digits and hyphens, "
            "such as 'shared-operations'",
            {"value": value},
        )
    return value


@cache
def known_currencies() -> frozenset[str]:
    """ISO 4217 codes that Babel can format."""
    from babel.numbers import list_currencies  # Babel's data loads on first use

    return frozenset(list_currencies())


def _check_currency(value: str) -> str:
    if value not in known_currencies():
        raise PydanticCustomError(
            "currency",
            "'{value}' is not an ISO 4217 currency code; use one such as USD, EUR or GBP",
            {"value": value},
        )
    return value


def _check_language(value: str) -> str:
    from babel import Locale, UnknownLocaleError  # Babel's data loads on first use

    try:
        if LANGUAGE_PATTERN.match(value):
            Locale.parse(value, sep="-")
            return value
    except (UnknownLocaleError, ValueError):
        pass
    raise PydanticCustomError(
        "language",
        "'{value}' is not a known language tag; use one such as en, en-GB, es or fr",
        {"value": value},
    )


def _check_email(value: str) -> str:
    if not EMAIL_PATTERN.match(value):
        raise PydanticCustomError(
            "email", "'{value}' is not an email address", {"value": value}
        )
    return value


def _check_url(value: str) -> str:
    if not URL_PATTERN.match(value):
        raise PydanticCustomError(
            "url",
            "'{value}' is not a web address; it should start with https://",
            {"value": value},
        )
    return value


def check_unique(values: list[str]) -> list[str]:
    """Refuse a list that names the same thing twice."""
    seen: set[str] = set()
    for value in values:
        if value in seen:
            raise PydanticCustomError("unique", "'{value}' is listed twice", {"value": value})
        seen.add(value)
    return values


Unique = AfterValidator(check_unique)
Doi = Annotated[str, AfterValidator(_check_doi), Field(examples=["10.71707/qttn-3j47"])]
Version = Annotated[str, AfterValidator(_check_version), Field(examples=["1.0.0"])]
Slug = Annotated[str, AfterValidator(_check_slug), Field(examples=["shared-operations"])]
Currency = Annotated[str, AfterValidator(_check_currency), Field(examples=["USD", "EUR"])]
Language = Annotated[str, AfterValidator(_check_language), Field(examples=["en", "en-GB"])]
Email = Annotated[str, AfterValidator(_check_email)]
Url = Annotated[str, AfterValidator(_check_url), Field(examples=["https://carpentries.org"])]
class Prose:
    """Marks a text type as prose, whose figures pitch/inputs/prose.py checks."""

    def __repr__(self) -> str:
        return "PROSE"


PROSE = Prose()
Text = Annotated[str, Field(min_length=1), PROSE]
Markdown = Annotated[
    str,
    Field(min_length=1, json_schema_extra={"contentMediaType": "text/markdown"}),
    PROSE,
]
Amount = Annotated[Decimal, Field(ge=0, max_digits=15, decimal_places=2)]
