"""The build record inside the DOCX: what the build wrote for each value, for a 3-way import.

A custom XML part (/customXml/item<n>.xml) holds the version, the funder, the
sha256 of every source, and for each mark its value path, the value as the
YAML said it, and the mark's text as built (read back by pitch/word/reading.py).
`pitch import` compares that text with the reviewed DOCX (changed in Word?)
and the YAML value with the inputs now (changed in the YAML since?).
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field

from docx.document import Document
from docx.opc.constants import RELATIONSHIP_TYPE
from docx.opc.packuri import PackURI
from docx.opc.part import Part
from lxml import etree

from pitch.word.package import RECORD_NAMESPACE

NAMESPACE = RECORD_NAMESPACE
PART_NAME_TEMPLATE = "/customXml/item%d.xml"
RECORD_FORMAT = "1"
DATASTORE = "http://schemas.openxmlformats.org/officeDocument/2006/customXml"
PROPERTIES_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.customXmlProperties+xml"


@dataclass(frozen=True)
class RecordedMark:
    """One mark as built: its number, value path, YAML value and text in the DOCX."""

    number: int
    path: str
    source: str
    built: str
    block: bool = False


@dataclass
class BuildRecord:
    """What the build wrote into one DOCX, for the import to compare against."""

    version: str
    doi: str
    funder: str | None
    sources: dict[str, str] = field(default_factory=dict)
    marks: list[RecordedMark] = field(default_factory=list)
    unmarked: list[tuple[str | None, str]] = field(default_factory=list)
    footer: str = ""


def record_xml(record: BuildRecord) -> bytes:
    """The record as a small, stable XML document."""
    root = etree.Element(_tag("build"), nsmap={None: NAMESPACE})
    root.set("format", RECORD_FORMAT)
    root.set("version", record.version)
    root.set("doi", record.doi)
    if record.funder:
        root.set("funder", record.funder)
    for name, digest in sorted(record.sources.items()):
        etree.SubElement(root, _tag("source"), name=name, sha256=digest)
    for mark in record.marks:
        element = etree.SubElement(root, _tag("mark"), number=str(mark.number), path=mark.path,
                                   block="1" if mark.block else "0")
        etree.SubElement(element, _tag("source")).text = mark.source
        etree.SubElement(element, _tag("built")).text = mark.built
    etree.SubElement(root, _tag("footer")).text = record.footer
    for section, text in record.unmarked:
        element = etree.SubElement(root, _tag("generated"), section=section or "")
        element.text = text
    content: bytes = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
    return content


def parse_record(root: etree._Element) -> BuildRecord:
    """The record from its parsed XML; raises ValueError when it is not one."""
    if root.tag != _tag("build") or root.get("format") != RECORD_FORMAT:
        raise ValueError("not a pitch build record")
    record = BuildRecord(root.get("version", ""), root.get("doi", ""), root.get("funder"))
    for element in root:
        if element.tag == _tag("source"):
            record.sources[element.get("name", "")] = element.get("sha256", "")
        elif element.tag == _tag("mark"):
            record.marks.append(RecordedMark(
                int(element.get("number", "-1")), element.get("path", ""),
                element.findtext(_tag("source")) or "", element.findtext(_tag("built")) or "",
                element.get("block") == "1"))
        elif element.tag == _tag("footer"):
            record.footer = element.text or ""
        elif element.tag == _tag("generated"):
            record.unmarked.append((element.get("section") or None, element.text or ""))
    return record


def add_record_part(document: Document, record: BuildRecord) -> None:
    """Attach the record to the document as a custom XML part."""
    package = document.part.package
    part_name = package.next_partname(PART_NAME_TEMPLATE)
    part = Part(PackURI(part_name), "application/xml", record_xml(record), package)
    document.part.relate_to(part, RELATIONSHIP_TYPE.CUSTOM_XML)
    number = part_name.removeprefix("/customXml/item").removesuffix(".xml")
    properties = Part(PackURI(f"/customXml/itemProps{number}.xml"), PROPERTIES_CONTENT_TYPE,
                      _properties_xml(), package)
    part.relate_to(properties, RELATIONSHIP_TYPE.CUSTOM_XML_PROPS)


def _properties_xml() -> bytes:
    """The data-store properties Word expects beside a custom XML part (a fixed item id)."""
    item_id = "{" + str(uuid.uuid5(uuid.NAMESPACE_URL, NAMESPACE)).upper() + "}"
    return (f'<?xml version="1.0" encoding="UTF-8" standalone="no"?>\n'
            f'<ds:datastoreItem ds:itemID="{item_id}" xmlns:ds="{DATASTORE}"><ds:schemaRefs>'
            f'<ds:schemaRef ds:uri="{NAMESPACE}"/></ds:schemaRefs></ds:datastoreItem>').encode()


def _tag(name: str) -> str:
    return f"{{{NAMESPACE}}}{name}"
