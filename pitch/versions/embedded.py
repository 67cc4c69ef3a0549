"""Read back what a built PDF or DOCX says about itself: title, version, date and DOI.

The build stamps these into the PDF's XMP packet (dc:identifier, prism:doi,
prism:versionIdentifier, xmp:CreateDate) and the DOCX's core properties
(identifier, version, created). A file that is damaged, or is neither a PDF
nor a Word file, raises UnreadableFile with a reason a writer understands.
"""

from __future__ import annotations

import logging
import warnings
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from xml.etree.ElementTree import Element, ParseError, fromstring

from pitch.documents.pdf import DC, PRISM, RDF

XMP = "http://ns.adobe.com/xap/1.0/"
CORE = "http://schemas.openxmlformats.org/package/2006/metadata/core-properties"
DCTERMS = "http://purl.org/dc/terms/"
DOI_RESOLVER = "https://doi.org/"
PDF_SIGNATURE = b"%PDF-"
ZIP_SIGNATURE = b"PK\x03\x04"


class UnreadableFile(Exception):
    """The file is not a PDF or DOCX, or its metadata cannot be read; says why."""


@dataclass(frozen=True)
class EmbeddedMetadata:
    """What a PDF or DOCX says about itself; None where it says nothing."""

    kind: str
    title: str | None = None
    version: str | None = None
    date: str | None = None
    doi: str | None = None

    @property
    def identifies_a_pitch(self) -> bool:
        """True when the file names a version or a DOI, as every built file does."""
        return bool(self.version or self.doi)


def file_kind(path: Path) -> str | None:
    """"PDF", "DOCX" or another "ZIP" from the file's first bytes (not its name), else None."""
    with path.open("rb") as stream:
        start = stream.read(len(PDF_SIGNATURE))
    if start.startswith(PDF_SIGNATURE):
        return "PDF"
    if start.startswith(ZIP_SIGNATURE):
        return "DOCX" if _is_word_file(path) else "ZIP"
    return None


def read_embedded_metadata(path: Path) -> EmbeddedMetadata:
    """The metadata stamped into a PDF or DOCX; UnreadableFile if there is none to read."""
    kind = file_kind(path)
    if kind == "PDF":
        return _pdf_metadata(path)
    if kind == "DOCX":
        return _docx_metadata(path)
    if kind == "ZIP":
        raise UnreadableFile("it is a damaged Word file, or a zip archive of another kind")
    raise UnreadableFile("it is not a PDF or a Word (DOCX) file")


def _is_word_file(path: Path) -> bool:
    try:
        with zipfile.ZipFile(path) as archive:
            return "word/document.xml" in archive.namelist()
    except (zipfile.BadZipFile, OSError):
        return False


def _pdf_metadata(path: Path) -> EmbeddedMetadata:
    xmp, info = _pdf_xmp_and_info(path)
    title = _text(xmp, f".//{{{DC}}}title//{{{RDF}}}li") or info.get("/Title")
    identifier = _text(xmp, f".//{{{DC}}}identifier")
    doi = _text(xmp, f".//{{{PRISM}}}doi") or _bare_doi(identifier)
    created = _text(xmp, f".//{{{XMP}}}CreateDate") or _pdf_date(info.get("/CreationDate"))
    return EmbeddedMetadata(kind="PDF", title=title, doi=doi, date=_day(created),
                            version=_text(xmp, f".//{{{PRISM}}}versionIdentifier"))


def _pdf_xmp_and_info(path: Path) -> tuple[Element | None, dict[str, str]]:
    """The parsed XMP packet (None if absent) and the info dictionary's text entries."""
    from pypdf import PdfReader  # only for PDFs: verifying a DOCX needs none

    # pypdf raises many kinds of errors on damaged files, not only PdfReadError;
    # whatever it raises, the answer for the writer is the same.
    try:
        with _quiet("pypdf"):
            reader = PdfReader(path, strict=False)
            stream = reader.root_object.get("/Metadata")
            packet = stream.get_object().get_data() if stream is not None else None
            info = {key: str(value) for key, value in (reader.metadata or {}).items()}
    except Exception as error:
        raise UnreadableFile(f"it is a damaged PDF ({_reason(error)})") from None
    return _parse_xml(packet), info


def _docx_metadata(path: Path) -> EmbeddedMetadata:
    try:
        with zipfile.ZipFile(path) as archive:
            core = fromstring(archive.read("docProps/core.xml"))
    except KeyError:
        return EmbeddedMetadata(kind="DOCX")
    except (zipfile.BadZipFile, ParseError, OSError, ValueError) as error:
        raise UnreadableFile(f"it is a damaged Word file ({_reason(error)})") from None
    return EmbeddedMetadata(
        kind="DOCX", title=_text(core, f"{{{DC}}}title"),
        version=_text(core, f"{{{CORE}}}version"),
        date=_day(_text(core, f"{{{DCTERMS}}}created")),
        doi=_bare_doi(_text(core, f"{{{DC}}}identifier")),
    )


def _parse_xml(packet: bytes | None) -> Element | None:
    if not packet:
        return None
    try:
        return fromstring(packet)
    except ParseError:
        return None


def _text(root: Element | None, path: str) -> str | None:
    if root is None:
        return None
    element = root.find(path)
    text = element.text.strip() if element is not None and element.text else ""
    return text or None


def _bare_doi(identifier: str | None) -> str | None:
    if not identifier:
        return None
    return identifier.removeprefix(DOI_RESOLVER).removeprefix("doi:") or None


def _pdf_date(value: str | None) -> str | None:
    """D:20261124... as 2026-11-24."""
    digits = (value or "").removeprefix("D:")[:8]
    return f"{digits[:4]}-{digits[4:6]}-{digits[6:]}" if len(digits) == 8 and digits.isdigit() else None


def _day(value: str | None) -> str | None:
    """The date part of a W3C date-time, such as 2026-11-24 of 2026-11-24T00:00:00Z."""
    return value[:10] if value else None


def _reason(error: BaseException) -> str:
    text = " ".join(str(error).split())
    return text[:120] if text else type(error).__name__


@contextmanager
def _quiet(logger_name: str) -> Iterator[None]:
    """Silence a library's log and warnings: on a damaged file pypdf warns about each repair."""
    logger = logging.getLogger(logger_name)
    level = logger.level
    logger.setLevel(logging.CRITICAL + 1)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            yield
    finally:
        logger.setLevel(level)
