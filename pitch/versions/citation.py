"""Citation metadata for a version of the pitch: CITATION.cff and a DataCite record.

Both say the same thing as the "How to cite" line in the documents: the
organisations as authors, the title, the version and its date, and the
proposal's DOI, which the pitch derives from. Both are plain text made
from the inputs only, so they are as byte-stable as the other outputs.
"""

from __future__ import annotations

import json
from typing import Any

import yaml

from pitch.inputs.model import Organisation, Pitch
from pitch.render.context import doi_url

CFF_VERSION = "1.2.0"
DATACITE_SCHEMA = "http://datacite.org/schema/kernel-4"
RESOURCE_TYPE = "Funder pitch"
FORMATS = ("application/pdf", "application/vnd.openxmlformats-officedocument.wordprocessingml.document")
CFF_HEADER = "# Written by `pitch build` from inputs/pitch.yaml; edit that file, not this one.\n"


def citation_cff(pitch: Pitch) -> str:
    """The text of CITATION.cff (format 1.2.0) for this version of the pitch.

    The root of a CITATION.cff can only describe software or a dataset, so
    the pitch itself is the `preferred-citation`, of type report.
    """
    info = pitch.info
    authors = [_cff_entity(organisation) for organisation in authoring_organisations(pitch)]
    proposal = {"type": "doi", "value": info.doi,
                "description": "The proposal this pitch derives from."}
    document: dict[str, Any] = {
        "cff-version": CFF_VERSION,
        "message": "To cite this funder pitch, please use the metadata in preferred-citation.",
        "title": full_title(pitch),
        "authors": authors,
        "version": info.version,
        "date-released": info.date.isoformat(),
        "doi": info.doi,
        "identifiers": [proposal],
        "abstract": info.purpose,
    }
    if info.keywords:
        document["keywords"] = _unique(info.keywords)
    document["preferred-citation"] = _cff_report(pitch, authors)
    text: str = yaml.dump(document, Dumper=_PlainDumper, sort_keys=False, allow_unicode=True,
                     width=1000)
    return CFF_HEADER + text


def _cff_report(pitch: Pitch, authors: list[dict[str, str]]) -> dict[str, Any]:
    """The pitch as a CFF reference of type report."""
    info = pitch.info
    reference: dict[str, Any] = {
        "type": "report",
        "title": full_title(pitch),
        "authors": authors,
        "publisher": {"name": info.coalition},
        "version": info.version,
        "date-released": info.date.isoformat(),
        "year": info.date.year,
        "month": info.date.month,
        "doi": info.doi,
        "languages": [info.language.split("-")[0].lower()],
        "abstract": info.purpose,
    }
    if info.keywords:
        reference["keywords"] = _unique(info.keywords)
    return reference


def datacite_record(
    pitch: Pitch, *, previous_doi: str | None = None, version_doi: str | None = None
) -> str:
    """A DataCite-style JSON record (schema 4.6 properties) for this version of the pitch.

    `previous_doi` is the bare DOI of the previous released version, if it
    has one (related as IsNewVersionOf); `version_doi` is this version's own
    DOI once it is deposited. Until then the record is identified by the
    versioned file stem, and DataCite assigns the DOI on deposit.
    """
    info = pitch.info
    record: dict[str, Any] = {}
    if version_doi:
        record["doi"] = version_doi
        record["identifiers"] = [{"identifier": doi_url(version_doi), "identifierType": "DOI"}]
    else:
        record["identifiers"] = [{"identifier": f"{info.slug}-v{info.version}",
                                  "identifierType": "Local"}]
    record.update({
        "types": {"resourceTypeGeneral": "Report", "resourceType": RESOURCE_TYPE},
        "titles": _datacite_titles(pitch),
        "creators": [{"name": organisation.name, "nameType": "Organizational"}
                     for organisation in authoring_organisations(pitch)],
        "publisher": {"name": info.coalition},
        "publicationYear": str(info.date.year),
        "version": info.version,
        "dates": [{"date": info.date.isoformat(), "dateType": "Issued"}],
        "language": info.language,
        "subjects": [{"subject": keyword} for keyword in _unique(info.keywords)],
        "descriptions": [{"description": info.purpose, "descriptionType": "Abstract"}],
        "formats": list(FORMATS),
        "relatedIdentifiers": _related_identifiers(info.doi, previous_doi),
        "schemaVersion": DATACITE_SCHEMA,
    })
    return json.dumps(record, indent=2, ensure_ascii=False) + "\n"


def authoring_organisations(pitch: Pitch) -> list[Organisation]:
    """The organisations in the order pitch.yaml lists its authors, then any others by id.

    The same order as the "How to cite" line in the documents.
    """
    listed = [slug for slug in pitch.info.authors if slug in pitch.organisations]
    others = sorted(set(pitch.organisations) - set(listed))
    return [pitch.organisations[slug] for slug in [*listed, *others]]


def full_title(pitch: Pitch) -> str:
    """The title, with the subtitle after a colon when there is one."""
    info = pitch.info
    return f"{info.title}: {info.subtitle}" if info.subtitle else info.title


class _PlainDumper(yaml.SafeDumper):
    """Writes repeated lists (the authors) out in full, not as YAML anchors and aliases."""

    def ignore_aliases(self, data: Any) -> bool:
        return True


def _cff_entity(organisation: Organisation) -> dict[str, str]:
    entity = {"name": organisation.name}
    if organisation.short_name:
        entity["alias"] = organisation.short_name
    entity["website"] = organisation.website
    return entity


def _datacite_titles(pitch: Pitch) -> list[dict[str, str]]:
    info = pitch.info
    titles = [{"title": info.title, "lang": info.language}]
    if info.subtitle:
        titles.append({"title": info.subtitle, "titleType": "Subtitle", "lang": info.language})
    return titles


def _related_identifiers(proposal_doi: str, previous_doi: str | None) -> list[dict[str, str]]:
    related = [{"relatedIdentifier": proposal_doi, "relatedIdentifierType": "DOI",
                "relationType": "IsDerivedFrom"}]
    if previous_doi:
        related.append({"relatedIdentifier": previous_doi, "relatedIdentifierType": "DOI",
                        "relationType": "IsNewVersionOf"})
    return related


def _unique(items: list[str]) -> list[str]:
    return list(dict.fromkeys(items))
