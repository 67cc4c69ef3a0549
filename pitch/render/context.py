"""The template context: the validated pitch, arranged the way the templates read it.

Everything a template shows that is computed (totals, names looked up by id,
the version line, the citation) is computed here, once, so templates only
lay content out and the PDF and the DOCX can never disagree on a number.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from decimal import Decimal
from typing import Any

from babel import Locale
from babel.dates import format_date
from babel.lists import format_list
from markupsafe import Markup

from pitch.inputs.costs import Cell, budget_cells, indirect_rule, years_of
from pitch.inputs.model import (
    Ask,
    AsksFile,
    Funder,
    Organisation,
    Paper,
    Pitch,
    choose_paper,
)
from pitch.inputs.sections import BUILT_IN_SECTIONS
from pitch.render.catalogues import N_, Gettext
from pitch.render.charts import budget_charts
from pitch.render.section_context import open_section_context

SECTIONS: tuple[str, ...] = BUILT_IN_SECTIONS

DAYS_PER_MONTH = 365.25 / 12
CATEGORY_LABELS = {
    "staff": N_("Staff"),
    "stipends": N_("Stipends"),
    "events": N_("Events"),
    "travel": N_("Travel"),
    "services": N_("Services"),
    "equipment": N_("Equipment"),
    "indirect": N_("Indirect costs"),
    "other": N_("Other"),
}
BASE_LABELS = {"direct": N_("direct costs"), "staff": N_("staff costs"),
               "modified-total-direct": N_("modified total direct costs")}


def _same(message: str) -> str:
    return message


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
    layout: str = "pitch", funder: Funder | None = None, gettext: Gettext = _same,
    draft_note: str | None = None,
) -> dict[str, Any]:
    """Everything the pitch and summary templates use, as one plain dict.

    `gettext` translates the words computed here (labels, the version line);
    `draft_note` marks the footer of a draft that is not fully translated.
    """
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
        "version_label": version_label(pitch, gettext),
        "version_line": f"{version_label(pitch, gettext)} · {doi_url(info.doi)}",
        "draft_note": draft_note,
        "page_number_css": page_number_css(gettext),
        "citation": citation(pitch, gettext),
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
        "budget": _budget(pitch.asks, names, gettext),
        "charts": budget_charts(pitch.asks, {
            "category": lambda key: gettext(CATEGORY_LABELS[key]),
            "organisation": names.__getitem__, "pillar": pillar_names.__getitem__, "period": str}),
        "open_sections": open_section_context(pitch.sections, names, gettext),
    }


def page_number_css(gettext: Gettext) -> Markup | None:
    """The CSS `content` of the page numbers ("Page 2 of 23") in the pitch's language;
    None in English, which pitch.css already says."""
    message = N_("Page %(page)s of %(pages)s")
    translated = gettext(message)
    if translated == message:
        return None
    quoted = translated.replace("\\", "\\\\").replace('"', '\\"').replace("<", "\\3c ")
    content = '"' + quoted % {"page": '" counter(page) "', "pages": '" counter(pages) "'} + '"'
    return Markup(f"@page {{ @bottom-right {{ content: {content}; }} }}")


def version_label(pitch: Pitch, gettext: Gettext = _same) -> str:
    """The version and its date, as stamped on every page beside the DOI."""
    info = pitch.info
    date = format_date(info.date, "long", locale=locale_for(info.language))
    return gettext("Version %(version)s · %(date)s") % {"version": info.version, "date": date}


def citation(pitch: Pitch, gettext: Gettext = _same) -> str:
    """The how-to-cite line, without its DOI link: authors (year). Title. Version."""
    info = pitch.info
    authors = format_list(
        [entry["name"] for entry in _organisations_in_author_order(pitch)],
        locale=locale_for(info.language),
    )
    title = f"{info.title}: {info.subtitle}" if info.subtitle else info.title
    version = gettext("Version %(version)s") % {"version": info.version}
    return f"{authors} ({info.date.year}). {title}. {version}."


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


def _budget(asks: AsksFile, names: dict[str, str], gettext: Gettext) -> dict[str, Any]:
    """The budget as grids: category by ask, category by year, organisation by year."""
    cells = budget_cells(asks)
    ask_ids = [ask.id for ask in asks.asks]
    years = years_of(cells)
    categories = [key for key in CATEGORY_LABELS if any(cell.category == key for cell in cells)]
    organisations = [slug for slug in names if any(cell.organisation == slug for cell in cells)]
    return {
        "columns": [ask.title for ask in asks.asks],
        "rows": _grid(cells, "category", categories, "ask", ask_ids,
                      _category_label(asks, gettext)),
        "column_totals": [_total(cells, ask=ask_id) for ask_id in ask_ids],
        "total": _total(cells),
        "years": [str(year) if year is not None else gettext("Not split by year")
                  for year in years],
        "by_organisation": _grid(cells, "organisation", organisations, "year", years,
                                 lambda slug: names.get(slug, slug)),
        "year_totals": [_total(cells, year=year) for year in years],
        "indirect_note": _indirect_note(asks, gettext),
        "indirect_total": _total(cells, category="indirect"),
        "lines": asks.budget,
    }


def _grid(cells: list[Cell], row_key: str, rows: Sequence[Any], column_key: str,
          columns: Sequence[Any], label: Any) -> list[dict[str, Any]]:
    return [
        {
            "label": label(row),
            "cells": [_total(cells, **{row_key: row, column_key: column}) for column in columns],
            "total": _total(cells, **{row_key: row}),
        }
        for row in rows
    ]


def _category_label(asks: AsksFile, gettext: Gettext) -> Any:
    note = _indirect_note(asks, gettext)

    def label(key: str) -> str:
        if key == "indirect" and note:
            return f"{gettext(CATEGORY_LABELS[key])} ({note})"
        return gettext(CATEGORY_LABELS[key])

    return label


def _indirect_note(asks: AsksFile, gettext: Gettext) -> str | None:
    """How the indirect costs were computed, when one rate applies to every ask."""
    rules = {(rule.rate, rule.base) for ask in asks.asks
             if (rule := indirect_rule(asks, ask)) is not None}
    if len(rules) != 1:
        return gettext("computed per ask") if rules else None
    rate, base = rules.pop()
    return gettext("%(rate)s%% of %(base)s") % {"rate": rate, "base": gettext(BASE_LABELS[base])}


_ANY = object()


def _total(cells: list[Cell], *, category: Any = _ANY, ask: Any = _ANY, year: Any = _ANY,
           organisation: Any = _ANY) -> Decimal:
    wanted = {"category": category, "ask": ask, "year": year, "organisation": organisation}
    return _sum(cell.amount for cell in cells
                if all(value is _ANY or getattr(cell, key) == value
                       for key, value in wanted.items()))


def _sum(amounts: Iterable[Decimal]) -> Decimal:
    return sum(amounts, Decimal(0))
