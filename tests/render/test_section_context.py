"""Open sections for the templates: their order, and names looked up by id."""

from __future__ import annotations

from pitch.inputs.sections import RisksSection
from pitch.render.section_context import open_section_context, place_open_sections

ORDER = ["summary", "need", "budget", "contacts", "acknowledgements"]


def test_open_sections_follow_their_after_with_their_own_followers() -> None:
    afters = {"a": "need", "b": "a", "c": "need", "loose": None, "gone": "values"}
    assert place_open_sections(ORDER, afters) == [
        "summary", "need", "a", "b", "c", "budget", "loose", "contacts", "acknowledgements",
        "gone"]


def test_without_contacts_sections_without_after_come_last() -> None:
    assert place_open_sections(["summary", "need"], {"x": None}) == ["summary", "need", "x"]


def test_an_owner_that_is_an_organisation_id_shows_its_name() -> None:
    risks = RisksSection.model_validate({"kind": "risks", "risks": [
        {"risk": "A", "likelihood": "low", "impact": "high", "mitigation": "M", "owner": "ols"},
        {"risk": "B", "likelihood": "high", "impact": "low", "mitigation": "M",
         "owner": "Coalition coordinator"}]})
    context = open_section_context({"risks": risks}, {"ols": "OLS"})["risks"]
    assert [risk["owner_name"] for risk in context["risks"]] == ["OLS", "Coalition coordinator"]
    assert context["risks"][0]["likelihood_label"] == "Low"
    assert context["id"] == "risks" and context["title"] == "Risks and mitigation"
