"""Citation metadata: CITATION.cff and the DataCite record, against their schemas' required fields."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
import yaml

from pitch.build import output_names
from pitch.inputs.model import Pitch
from pitch.inputs.validate import load_inputs
from pitch.project import Project
from pitch.versions.citation import citation_cff, datacite_record

REPO_ROOT = Path(__file__).resolve().parents[2]
MINIMAL = REPO_ROOT / "tests" / "fixtures" / "minimal"
COALITION_DOI = "10.71707/qttn-3j47"
MEMBERS = ["The Carpentries", "Open Life Science", "rOpenSci", "pyOpenSci", "PREreview"]

# CITATION.cff 1.2.0 (https://citation-file-format.github.io/1.2.0/schema): "required" lists.
CFF_REQUIRED = ("authors", "cff-version", "message", "title")
CFF_REFERENCE_REQUIRED = ("authors", "title", "type")
CFF_ENTITY_REQUIRED = ("name",)
CFF_ROOT_TYPES = ("software", "dataset")
CFF_DOI = re.compile(r"^10\.\d{4,9}(\.\d+)?/[A-Za-z0-9:/_;\-\.\(\)\[\]\\]+$")
CFF_DATE = re.compile(r"^[0-9]{4}-(0[1-9]|1[012])-(0[1-9]|[12][0-9]|3[01])$")
CFF_PERSON_KEYS = {"given-names", "family-names", "name-particle", "name-suffix", "affiliation"}

# DataCite Metadata Schema 4.6: the mandatory properties, as the DataCite JSON names them.
DATACITE_MANDATORY = ("identifiers", "creators", "titles", "publisher", "publicationYear", "types")
DATACITE_RESOURCE_TYPES = (
    "Audiovisual", "Award", "Book", "BookChapter", "Collection", "ComputationalNotebook",
    "ConferencePaper", "ConferenceProceeding", "DataPaper", "Dataset", "Dissertation", "Event",
    "Image", "Instrument", "InteractiveResource", "Journal", "JournalArticle", "Model",
    "OutputManagementPlan", "PeerReview", "PhysicalObject", "Preprint", "Project", "Report",
    "Service", "Software", "Sound", "Standard", "StudyRegistration", "Text", "Workflow", "Other",
)


@pytest.fixture(scope="module")
def coalition() -> Pitch:
    """The coalition's real pitch, checked (no layout needed)."""
    return load_inputs(Project(REPO_ROOT)).pitch


@pytest.fixture(scope="module")
def cff(coalition: Pitch) -> dict[str, Any]:
    return yaml.safe_load(citation_cff(coalition))


@pytest.fixture(scope="module")
def record(coalition: Pitch) -> dict[str, Any]:
    return json.loads(datacite_record(coalition))


def test_the_cff_has_every_field_its_schema_requires(cff: dict[str, Any]) -> None:
    assert [key for key in CFF_REQUIRED if not cff.get(key)] == []
    assert cff["cff-version"] == "1.2.0"
    assert cff.get("type", "software") in CFF_ROOT_TYPES
    reference = cff["preferred-citation"]
    assert [key for key in CFF_REFERENCE_REQUIRED if not reference.get(key)] == []
    for author in [*cff["authors"], *reference["authors"], reference["publisher"]]:
        assert [key for key in CFF_ENTITY_REQUIRED if not author.get(key)] == []


def test_the_pitch_is_the_preferred_citation_as_a_report(cff: dict[str, Any]) -> None:
    reference = cff["preferred-citation"]
    assert reference["type"] == "report"
    assert reference["version"] == cff["version"] == "1.0.0"
    assert reference["date-released"] == cff["date-released"] == "2026-11-24"
    assert reference["title"].startswith("From Surviving to Thriving")


def test_the_five_organisations_are_entity_authors(cff: dict[str, Any]) -> None:
    for authors in (cff["authors"], cff["preferred-citation"]["authors"]):
        assert [author["name"] for author in authors] == MEMBERS
        assert not any(CFF_PERSON_KEYS & set(author) for author in authors)


def test_the_cff_carries_the_bare_proposal_doi(cff: dict[str, Any]) -> None:
    assert cff["doi"] == cff["preferred-citation"]["doi"] == COALITION_DOI
    assert CFF_DOI.match(cff["doi"])
    assert CFF_DATE.match(cff["date-released"])
    assert "doi.org" not in citation_cff(load_inputs(Project(MINIMAL)).pitch)


def test_the_cff_repeats_its_authors_without_yaml_aliases(coalition: Pitch) -> None:
    text = citation_cff(coalition)
    assert "&id" not in text and "*id" not in text


def test_the_datacite_record_has_every_mandatory_property(record: dict[str, Any]) -> None:
    assert [key for key in DATACITE_MANDATORY if not record.get(key)] == []
    assert all(item["identifier"] and item["identifierType"] for item in record["identifiers"])
    assert all(title["title"] for title in record["titles"])
    assert record["publisher"]["name"] == "Open Science Communities Coalition"
    assert re.fullmatch(r"[0-9]{4}", record["publicationYear"])
    assert record["types"]["resourceTypeGeneral"] in DATACITE_RESOURCE_TYPES


def test_the_datacite_creators_are_the_organisations(record: dict[str, Any]) -> None:
    assert [creator["name"] for creator in record["creators"]] == MEMBERS
    assert {creator["nameType"] for creator in record["creators"]} == {"Organizational"}


def test_the_datacite_record_names_the_version_and_its_date(record: dict[str, Any]) -> None:
    assert record["version"] == "1.0.0"
    assert record["dates"] == [{"date": "2026-11-24", "dateType": "Issued"}]
    assert record["language"] == "en"
    assert record["titles"][0]["title"] == "From Surviving to Thriving"


def test_the_datacite_record_derives_from_the_proposal(record: dict[str, Any]) -> None:
    assert record["relatedIdentifiers"] == [{
        "relatedIdentifier": COALITION_DOI, "relatedIdentifierType": "DOI",
        "relationType": "IsDerivedFrom",
    }]


def test_a_previous_release_doi_makes_it_a_new_version(coalition: Pitch) -> None:
    record = json.loads(datacite_record(coalition, previous_doi="10.5281/zenodo.1"))
    relations = {item["relationType"]: item["relatedIdentifier"]
                 for item in record["relatedIdentifiers"]}
    assert relations == {"IsDerivedFrom": COALITION_DOI, "IsNewVersionOf": "10.5281/zenodo.1"}


def test_a_deposited_version_is_identified_by_its_own_doi(coalition: Pitch) -> None:
    record = json.loads(datacite_record(coalition, version_doi="10.5281/zenodo.2"))
    assert record["doi"] == "10.5281/zenodo.2"
    assert record["identifiers"] == [{"identifier": "https://doi.org/10.5281/zenodo.2",
                                      "identifierType": "DOI"}]


def test_an_undeposited_version_is_identified_by_its_file_stem(record: dict[str, Any]) -> None:
    assert "doi" not in record
    assert record["identifiers"] == [{"identifier": "coalition-pitch-v1.0.0",
                                      "identifierType": "Local"}]


@pytest.fixture
def built(built_minimal: Path) -> Path:
    """The minimal project's build folder (built once for the run)."""
    return built_minimal / "build"


def test_the_build_writes_both_files_and_lists_them_in_the_manifest(built: Path) -> None:
    datacite_name = output_names("tiny-pitch", "0.1.0")["datacite_json"]
    assert datacite_name == "tiny-pitch-v0.1.0.datacite.json"
    manifest = json.loads((built / "manifest.json").read_text())
    assert {"CITATION.cff", datacite_name} <= set(manifest["outputs"])
    cff = yaml.safe_load((built / "CITATION.cff").read_text(encoding="utf-8"))
    assert cff["preferred-citation"]["authors"] == [
        {"name": "Alpha Group", "website": "https://alpha.example.org"},
        {"name": "Beta Network", "alias": "Beta", "website": "https://beta.example.org"},
    ]
    record = json.loads((built / datacite_name).read_text(encoding="utf-8"))
    assert record["version"] == "0.1.0"
