"""Open a returned DOCX as hostile input: bounded sizes, no DTDs or entities, nothing outside.

A reviewed file comes from outside the project. It is read from memory only:
the zip is checked for its size, its number of parts and each part's real
(not declared) size, so a zip bomb stops early; XML is parsed by lxml with
entities, DTDs and the network turned off, and a DOCTYPE is refused outright.
"""

from __future__ import annotations

import re
import zipfile
from dataclasses import dataclass, field
from io import BytesIO
from pathlib import Path

from lxml import etree

from pitch.word.reading import ReadDocument, footer_text, read_body, w
from pitch.word.record import BuildRecord, parse_record

MAX_FILE_BYTES = 50 * 1024 * 1024
MAX_PART_BYTES = 25 * 1024 * 1024
MAX_TOTAL_BYTES = 120 * 1024 * 1024
MAX_PARTS = 2000
MAX_RATIO = 200
DOCUMENT_PART = "word/document.xml"
RECORD_PART = re.compile(r"^customXml/item\d+\.xml$")
FOOTER_PART = re.compile(r"^word/footer\d+\.xml$")
RELATIONSHIPS = "http://schemas.openxmlformats.org/package/2006/relationships"


class UnsafeDocx(Exception):
    """The file is not a DOCX this project can import; the message says why."""


@dataclass(frozen=True)
class Comment:
    """A reviewer's comment: who, when, and what it says."""

    identifier: str
    author: str
    date: str
    text: str


@dataclass
class ReviewedDocx:
    """What a returned DOCX holds: the build record, its marked text and its comments."""

    record: BuildRecord
    document: ReadDocument
    comments: dict[str, Comment] = field(default_factory=dict)
    footers: list[str] = field(default_factory=list)


def open_reviewed(path: Path) -> ReviewedDocx:
    """Read a returned DOCX; raise UnsafeDocx with a writer's reason when it cannot be."""
    parts = _read_parts(path)
    if DOCUMENT_PART not in parts:
        raise UnsafeDocx("this zip file is not a Word document (it has no word/document.xml)")
    record = _find_record(parts)
    document_root = parse_xml(parts[DOCUMENT_PART], DOCUMENT_PART)
    body = document_root.find(w("body"))
    if body is None:
        raise UnsafeDocx("word/document.xml has no body")
    read = read_body(body, _links(parts))
    if record is None:
        raise UnsafeDocx("this DOCX was not built by pitch, or its build record was removed "
                         "(there is no record of the values it was built from); import a DOCX "
                         "that `pitch build` wrote, as the reviewer returned it")
    if record.marks and not read.marks:
        raise UnsafeDocx("the marks that tie the text to the inputs were removed from this DOCX "
                         "(copied into a new document, or saved by a program that drops "
                         "bookmarks); nothing can be matched to a value")
    comments = _comments(parts.get("word/comments.xml"))
    footers = sorted({footer_text(parse_xml(content, name)) for name, content in parts.items()
                      if FOOTER_PART.match(name)} - {""})
    return ReviewedDocx(record, read, comments, footers)


def _read_parts(path: Path) -> dict[str, bytes]:
    try:
        size = path.stat().st_size
    except OSError as error:
        raise UnsafeDocx(f"cannot read the file: {error.strerror}") from None
    if size > MAX_FILE_BYTES:
        raise UnsafeDocx(f"the file is {size // (1024 * 1024)} MB; a DOCX to import may be at "
                         f"most {MAX_FILE_BYTES // (1024 * 1024)} MB")
    data = path.read_bytes()
    if not zipfile.is_zipfile(BytesIO(data)):
        raise UnsafeDocx("this is not a Word file (a .docx is a zip archive, and this is not one)")
    try:
        with zipfile.ZipFile(BytesIO(data)) as archive:
            return _bounded_parts(archive)
    except (zipfile.BadZipFile, EOFError, NotImplementedError, RuntimeError) as error:
        raise UnsafeDocx(f"the zip archive is damaged or encrypted ({error})") from None


def _bounded_parts(archive: zipfile.ZipFile) -> dict[str, bytes]:
    entries = archive.infolist()
    if len(entries) > MAX_PARTS:
        raise UnsafeDocx(f"the file has {len(entries)} parts; a Word file has a few dozen")
    parts: dict[str, bytes] = {}
    total = 0
    for entry in entries:
        if not entry.filename.endswith((".xml", ".rels")):
            continue
        content = _read_bounded(archive, entry)
        total += len(content)
        if total > MAX_TOTAL_BYTES:
            raise UnsafeDocx("the file expands to more than "
                             f"{MAX_TOTAL_BYTES // (1024 * 1024)} MB of XML (a zip bomb?)")
        parts[entry.filename] = content
    return parts


def _read_bounded(archive: zipfile.ZipFile, entry: zipfile.ZipInfo) -> bytes:
    """A part's bytes, stopping as soon as it passes the limit, whatever its header says."""
    with archive.open(entry) as stream:
        content = stream.read(MAX_PART_BYTES + 1)
    too_big = len(content) > MAX_PART_BYTES
    if too_big or (entry.compress_size and len(content) > 1024 * 1024
                   and len(content) / entry.compress_size > MAX_RATIO):
        raise UnsafeDocx(f"the part {entry.filename} expands to more than "
                         f"{MAX_PART_BYTES // (1024 * 1024) if too_big else MAX_RATIO} "
                         f"{'MB' if too_big else 'times its compressed size'} (a zip bomb?)")
    return content


def parse_xml(content: bytes, name: str) -> etree._Element:
    """Parse one part with entities, DTDs and the network off; a DOCTYPE is refused."""
    if b"<!DOCTYPE" in content or b"<!ENTITY" in content:
        raise UnsafeDocx(f"the part {name} declares a DTD or entities, which a Word file never "
                         "needs (an XML entity attack?)")
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False,
                             huge_tree=False, remove_comments=True, remove_pis=True)
    try:
        return etree.fromstring(content, parser)
    except etree.XMLSyntaxError as error:
        raise UnsafeDocx(f"the part {name} is not well-formed XML ({error.msg})") from None


def _find_record(parts: dict[str, bytes]) -> BuildRecord | None:
    for name in sorted(parts):
        if RECORD_PART.match(name):
            try:
                return parse_record(parse_xml(parts[name], name))
            except ValueError:
                continue
    return None


def _links(parts: dict[str, bytes]) -> dict[str, str]:
    content = parts.get("word/_rels/document.xml.rels")
    if content is None:
        return {}
    root = parse_xml(content, "word/_rels/document.xml.rels")
    return {rel.get("Id", ""): rel.get("Target", "")
            for rel in root.iter(f"{{{RELATIONSHIPS}}}Relationship")
            if rel.get("TargetMode") == "External"}


def _comments(content: bytes | None) -> dict[str, Comment]:
    if content is None:
        return {}
    root = parse_xml(content, "word/comments.xml")
    comments = {}
    for element in root.iter(w("comment")):
        paragraphs = ["".join(t.text or "" for t in p.iter(w("t"))) for p in element.iter(w("p"))]
        identifier = element.get(w("id"), "")
        comments[identifier] = Comment(identifier, element.get(w("author"), "someone"),
                                       element.get(w("date"), "")[:10],
                                       " ".join(" ".join(paragraphs).split()))
    return comments

