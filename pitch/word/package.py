"""A DOCX as a zip: rewritten so that equal content gives equal bytes, and its build
record's sources set, both without python-docx (a DOCX from the cache needs no more).
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from io import BytesIO
from zipfile import ZIP_DEFLATED, ZipFile, ZipInfo

ZIP_EPOCH = datetime.date(1980, 1, 1)
"""The earliest date a zip entry can carry."""

FIRST_ZIP_ENTRIES = ("[Content_Types].xml", "_rels/.rels")
"""Entries readers expect first; everything else follows in name order."""

RECORD_NAMESPACE = "https://funder-pitch.example/build-record/1"
"""The build record's namespace (pitch/word/record.py writes the record)."""
RECORD_PARTS = "customXml/item"


def repack_zip(data: bytes, date: datetime.date = ZIP_EPOCH) -> bytes:
    """Rewrite a zip with fixed timestamps and entry order, so equal content gives equal bytes."""
    return _packed(_entries(data), date)


def with_record_sources(data: bytes, sources: Mapping[str, str], date: datetime.date) -> bytes:
    """The DOCX with its build record listing `sources` (each input's sha256), repacked.

    The record is written without them and they are set here, so a DOCX from
    the layout cache and a fresh one get them the same way, byte for byte.
    """
    from lxml import etree

    entries = _entries(data)
    for name, content in entries.items():
        if not name.startswith(RECORD_PARTS):
            continue
        root = etree.fromstring(content)
        if root.tag != f"{{{RECORD_NAMESPACE}}}build":
            continue
        for old in root.findall(f"{{{RECORD_NAMESPACE}}}source"):
            root.remove(old)
        for index, (file, digest) in enumerate(sorted(sources.items())):
            root.insert(index, etree.Element(f"{{{RECORD_NAMESPACE}}}source",
                                             name=file, sha256=digest))
        entries[name] = etree.tostring(root, xml_declaration=True, encoding="UTF-8",
                                       standalone=True)
    return _packed(entries, date)


def _entries(data: bytes) -> dict[str, bytes]:
    with ZipFile(BytesIO(data)) as source:
        return {info.filename: source.read(info) for info in source.infolist()}


def _packed(entries: dict[str, bytes], date: datetime.date) -> bytes:
    target_buffer = BytesIO()
    with ZipFile(target_buffer, "w", ZIP_DEFLATED) as target:
        for name in sorted(entries, key=_entry_order):
            info = ZipInfo(name, date_time=(date.year, date.month, date.day, 0, 0, 0))
            info.compress_type = ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            target.writestr(info, entries[name])
    return target_buffer.getvalue()


def _entry_order(name: str) -> tuple[int, str]:
    if name in FIRST_ZIP_ENTRIES:
        return (FIRST_ZIP_ENTRIES.index(name), name)
    return (len(FIRST_ZIP_ENTRIES), name)
