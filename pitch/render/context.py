"""The template context: the validated pitch, arranged the way the templates read it.

Everything a template shows that is computed (totals, names looked up by id,
the version line, the citation) is computed here, once, so templates only
lay content out and the PDF and the DOCX can never disagree on a number.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from decimal import Decimal
from typing import Any, get_args

from babel import Locale
from babel.dates import format_date
from babel.lists import format_list

from pitch.inputs.model import (
    Ask,
    AsksFile,
    BudgetLine,
    Funder,
    Organisation,
    Paper,
    Pitch,
    SectionId,
    choose_paper,
)

SECTIONS: tuple[str, ...] = get_args(SectionId)

DAYS_PER_MONTH = 365.25 / 12
CATEGORY_LABELS = {
    "staff": "Staff",
    "stipends": "Stipends",
    "events": "Events",
    "travel": "Travel",
    "services": "Services",
    "equipment": "Equipment",
    "indirect": "Indirect costs",
    "other": "Other",
}


def doi_url(doi: str) -> str:
    """The DOI as the link that Crossref and DataCite ask documents to show."""
    return f"https://doi.org/{doi}"


def locale_for(language: str) -> Locale:
    """The Babel locale for a language tag such as en or en-GB.

    A bare `en` means international English (CLDR's en_001: 24 November
    2026), not US English; write en-US for November 24, 2026.
    """
    locale = Locale.parse(language, sep="-")
    if locale.language == "en" and locale.territory is None:
        return Locale.parse("en_001")
    return locale


def build_context(
    pitch: Pitch, *, paper: Paper | None = None, sections: Sequence[str] | None = None,
    layout: str = "pitch", funder: Funder | None = None,
) -> dict[str, Any]:
    """Everything the pitch and summary templates use, as one plain dict."""
    info = pitch.info
    organisations = _organisations_in_author_order(pitch)
    names = {entry["id"]: entry["display_name"] for entry in organisations}
    pillar_names = {pillar.id: pillar.name for pillar in pitch.strategy.pillars}
    return {
        "pitch": info,
        "language": info.language,
        "paper": choose_paper(paper, info),
        "layout": layout,
        "funder": funder,
        "doi_url": doi_url(info.doi),
        "version_label": version_label(pitch),
        "version_line": f"{version_label(pitch)} · {doi_url(info.doi)}",
        "citation": citation(pitch),
        "chosen_sections": list(sections) if sections is not None else None,
        "author_names": [entry["name"] for entry in organisations],
        "organisations": organisations,
        "contacts": [
            {**contact.model_dump(), "organisation_name": names.get(contact.organisation, "")}
            for contact in info.contacts
        ],
        "values": pitch.values.values,
        "strategy": pitch.strategy,
        "milestones": [
            {**milestone.model_dump(), "pillar_name": pillar_names.get(milestone.pillar or "")}
            for milestone in sorted(pitch.strategy.milestones, key=lambda m: m.due)
        ],
        "asks": _asks(pitch.asks, pillar_names),
        "budget": _budget(pitch.asks),
    }


def version_label(pitch: Pitch) -> str:
    """The version and its date, as stamped on every page beside the DOI."""
    info = pitch.info
    date = format_date(info.date, "long", locale=locale_for(info.language))
    return f"Version {info.version} · {date}"


def citation(pitch: Pitch) -> str:
    """The how-to-cite line, without its DOI link: authors (year). Title. Version."""
    info = pitch.info
    authors = format_list(
        [entry["name"] for entry in _organisations_in_author_order(pitch)],
        locale=locale_for(info.language),
    )
    title = f"{info.title}: {info.subtitle}" if info.subtitle else info.title
    return f"{authors} ({info.date.year}). {title}. Version {info.version}."


def _organisations_in_author_order(pitch: Pitch) -> list[dict[str, Any]]:
    listed = [slug for slug in pitch.info.authors if slug in pitch.organisations]
    others = sorted(set(pitch.organisations) - set(listed))
    return [_organisation(slug, pitch.organisations[slug]) for slug in [*listed, *others]]


def _organisation(slug: str, organisation: Organisation) -> dict[str, Any]:
    return {
        **organisation.model_dump(),
        "id": slug,
        "display_name": organisation.short_name or organisation.name,
    }


def _asks(asks: AsksFile, pillar_names: dict[str, str]) -> dict[str, Any]:
    start = min(ask.period.start for ask in asks.asks)
    end = max(ask.period.end for ask in asks.asks)
    return {
        "currency": asks.currency,
        "parts": [_ask(ask, pillar_names) for ask in asks.asks],
        "total": _sum(ask.amount for ask in asks.asks),
        "start": start,
        "end": end,
        "months": round((end - start).days / DAYS_PER_MONTH),
        "other_funding": asks.other_funding,
    }


def _ask(ask: Ask, pillar_names: dict[str, str]) -> dict[str, Any]:
    return {**ask.model_dump(), "pillar_name": pillar_names.get(ask.pillar or "")}


def _budget(asks: AsksFile) -> dict[str, Any]:
    """The budget as a category-by-ask grid, with row and column totals."""
    used = [key for key in CATEGORY_LABELS if any(line.category == key for line in asks.budget)]
    rows = [
        {
            "label": CATEGORY_LABELS[key],
            "cells": [_total(asks.budget, key, ask.id) for ask in asks.asks],
            "total": _total(asks.budget, key, None),
        }
        for key in used
    ]
    return {
        "columns": [ask.title for ask in asks.asks],
        "rows": rows,
        "column_totals": [_total(asks.budget, None, ask.id) for ask in asks.asks],
        "total": _sum(line.amount for line in asks.budget),
        "lines": asks.budget,
    }


def _total(lines: list[BudgetLine], category: str | None, ask: str | None) -> Decimal:
    return _sum(
        line.amount
        for line in lines
        if category in (None, line.category) and ask in (None, line.ask)
    )


def _sum(amounts: Iterable[Decimal]) -> Decimal:
    return sum(amounts, Decimal(0))
