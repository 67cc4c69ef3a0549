"""Open sections arranged for the templates: names looked up by id, and their order.

A template lays out `open_sections[id]`; every organisation id a typed
section holds comes with the name to print beside it, so no template looks
anything up. `place_open_sections` puts each open section after the
section its `after:` names, or just before contacts.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from typing import Any

from pydantic import BaseModel

from pitch.inputs.sections import SectionBase
from pitch.render.catalogues import N_, Gettext

DEFAULT_PLACE = "contacts"
"""Open sections without `after:` come just before this section (or at the end)."""
LEVEL_LABELS = {"low": N_("Low"), "medium": N_("Medium"), "high": N_("High")}
STATUS_LABELS = {"current": N_("Current"), "prior": N_("Prior"), "pending": N_("Pending")}
# The typed kinds' default titles (pitch/inputs/sections.py), for the catalogues.
DEFAULT_TITLES = (N_("Lay summary"), N_("Risks and mitigation"), N_("Governance"),
                  N_("Key personnel"), N_("Existing and prior support"), N_("Letters of support"))


def _same(message: str) -> str:
    return message


def open_section_context(
    sections: dict[str, SectionBase], organisation_names: dict[str, str],
    gettext: Gettext = _same,
) -> dict[str, dict[str, Any]]:
    """Each open section as a dict for its template, in id order; labels through `gettext`."""
    return {section_id: _section(section_id, sections[section_id], organisation_names, gettext)
            for section_id in sorted(sections)}


def _section(section_id: str, section: SectionBase, names: dict[str, str],
             gettext: Gettext) -> dict[str, Any]:
    data: dict[str, Any] = _fields(section)
    data["id"] = section_id
    if data["title"] == type(section).model_fields["title"].default:  # the kind's own title
        data["title"] = gettext(data["title"])
    data["kind"] = str(data["kind"])  # names a template: an identifier, not marked text
    for risk in data.get("risks", []):
        risk["owner_name"] = names.get(risk["owner"], risk["owner"])
        risk["likelihood_label"] = gettext(LEVEL_LABELS[risk["likelihood"]])
        risk["impact_label"] = gettext(LEVEL_LABELS[risk["impact"]])
    for person in data.get("people", []):
        person["organisation_name"] = names.get(person["organisation"], person["organisation"])
    for grant in data.get("grants", []):
        grant["organisation_name"] = names.get(grant["organisation"] or "", "")
        grant["status_label"] = gettext(STATUS_LABELS[grant["status"]])
    if "lead" in data:
        data["lead_name"] = names.get(data["lead"] or "", "")
    return data


def _fields(value: Any) -> Any:
    """A model as nested dicts and lists, each text keeping its value path (model_dump drops it)."""
    if isinstance(value, BaseModel):
        return {name: _fields(getattr(value, name)) for name in type(value).model_fields}
    if isinstance(value, list):
        return [_fields(item) for item in value]
    return value


def place_open_sections(order: Sequence[str], afters: dict[str, str | None]) -> list[str]:
    """The built-in order with every open section (id: its `after:`) put in its place.

    A section follows the one its `after:` names, with the sections that
    follow it in turn (open sections after the same one go in id order); one
    without `after:` comes just before contacts. A section whose `after:`
    names one left out of this order comes at the end.
    """
    following: defaultdict[str | None, list[str]] = defaultdict(list)
    for section_id in sorted(afters):
        following[afters[section_id]].append(section_id)
    placed: list[str] = []

    def add(section_id: str) -> None:
        if section_id in placed:
            return
        placed.append(section_id)
        for later in following.pop(section_id, []):
            add(later)

    for section_id in order:
        if section_id == DEFAULT_PLACE:
            for unplaced in following.pop(None, []):
                add(unplaced)
        add(section_id)
    for rest in list(following.values()):
        for section_id in rest:
            add(section_id)
    return placed
