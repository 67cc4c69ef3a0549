"""Open sections arranged for the templates: names looked up by id, and their order.

A template lays out `open_sections[id]`; every organisation id a typed
section holds comes with the name to print beside it, so no template looks
anything up. `place_open_sections` puts each open section after the
section its `after:` names, or just before contacts.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from pitch.inputs.sections import SectionBase

DEFAULT_PLACE = "contacts"
"""Open sections without `after:` come just before this section (or at the end)."""
LEVEL_LABELS = {"low": "Low", "medium": "Medium", "high": "High"}
STATUS_LABELS = {"current": "Current", "prior": "Prior", "pending": "Pending"}


def open_section_context(
    sections: dict[str, SectionBase], organisation_names: dict[str, str]
) -> dict[str, dict[str, Any]]:
    """Each open section as a dict for its template, in id order."""
    return {section_id: _section(section_id, sections[section_id], organisation_names)
            for section_id in sorted(sections)}


def _section(section_id: str, section: SectionBase, names: dict[str, str]) -> dict[str, Any]:
    data = section.model_dump()
    data["id"] = section_id
    for risk in data.get("risks", []):
        risk["owner_name"] = names.get(risk["owner"], risk["owner"])
        risk["likelihood_label"] = LEVEL_LABELS[risk["likelihood"]]
        risk["impact_label"] = LEVEL_LABELS[risk["impact"]]
    for person in data.get("people", []):
        person["organisation_name"] = names.get(person["organisation"], person["organisation"])
    for grant in data.get("grants", []):
        grant["organisation_name"] = names.get(grant["organisation"] or "", "")
        grant["status_label"] = STATUS_LABELS[grant["status"]]
    if "lead" in data:
        data["lead_name"] = names.get(data["lead"] or "", "")
    return data


def place_open_sections(order: Sequence[str], afters: dict[str, str | None]) -> list[str]:
    """The built-in order with every open section (id: its `after:`) put in its place.

    A section follows the one its `after:` names (another open section
    too); one without `after:` comes before contacts, in id order.
    """
    placed = list(order)
    waiting = sorted(afters)
    while waiting:
        progress = False
        for section_id in list(waiting):
            anchor = afters[section_id]
            if anchor is None:
                at = placed.index(DEFAULT_PLACE) if DEFAULT_PLACE in placed else len(placed)
                placed.insert(at, section_id)
            elif anchor in placed:
                at = placed.index(anchor) + 1
                while at < len(placed) and afters.get(placed[at], "") == anchor:
                    at += 1
                placed.insert(at, section_id)
            else:
                continue
            waiting.remove(section_id)
            progress = True
        if not progress:  # after: names a section left out of this order
            placed += waiting
            break
    return placed
