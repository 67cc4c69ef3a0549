"""Lay out rendered HTML with WeasyPrint and write a tagged PDF (PDF/UA-1).

WeasyPrint is configured, not trusted blindly: it reads only project files
(templates/, inputs/) and the bundled fonts, never the network; what it logs
comes back as warnings; the DOI goes into the XMP metadata; and the same
HTML always gives the same bytes. Importing WeasyPrint costs about 0.3 s
(with its libraries found as libraries.py finds them), so it happens inside
the functions that need it, never at import time.
"""

from __future__ import annotations

import calendar
import datetime
import hashlib
import logging
import math
import mimetypes
import os
import re
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import unquote, urlsplit
from xml.etree.ElementTree import SubElement, fromstring, register_namespace, tostring

from pitch.documents.accessibility import finish_tags
from pitch.documents.cache import MISSING, Entry, problems_from_json, problems_to_json
from pitch.errors import PitchError, Problem, Severity, display_path
from pitch.fonts import find_font_file, font_folders, packaged_fonts_only
from pitch.render.data_urls import svg_of
from pitch.timings import span

if TYPE_CHECKING:
    from weasyprint.document import Document, Page
    from weasyprint.urls import URLFetcher, URLFetcherResponse

FONT_SCHEME = "font"
PDF_VARIANT = "pdf/ua-1"
RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
DC = "http://purl.org/dc/elements/1.1/"
PRISM = "http://prismstandard.org/namespaces/basic/3.0/"
VERSION_META = "dcterms.hasversion"
"""The <meta> name (lower-cased, as WeasyPrint keeps it) whose content, the
pitch's version, goes into the XMP as prism:versionIdentifier."""


@dataclass(frozen=True)
class OnePage:
    """A document that must fit on one page: where to point, and what to shorten, if not."""

    file: str
    hint: str


@dataclass(frozen=True)
class RenderedPdf:
    """A laid-out PDF: its bytes, its number of pages, and what WeasyPrint warned."""

    content: bytes
    page_count: int
    warnings: list[Problem] = field(default_factory=list)
    dependencies: dict[str, str] = field(default_factory=dict)
    """Each file the layout read (a stylesheet, a font, an image), with its sha256."""


def write_pdf(
    html: str,
    *,
    templates_dir: Path,
    readable: Sequence[Path] = (),
    source: str = "templates/pitch.html.j2",
    doi: str | None = None,
    one_page: OnePage | None = None,
) -> RenderedPdf:
    """Lay out `html` and return the PDF; raise PitchError if `one_page` and it runs over.

    Relative URLs resolve against `templates_dir`; only it, the `readable`
    folders and the bundled fonts are served. `source` names the template in
    warnings; `doi` (bare) goes into the XMP as dc:identifier and prism:doi.
    """
    from pitch.documents.libraries import import_weasyprint  # subprocess, ctypes: workers only

    with span("import weasyprint"):
        weasyprint = import_weasyprint()  # 0.3 s: paid in the worker processes only

    name = Path(source).name.split(".")[0]
    log = ResourceLog(source)
    fetcher = project_fetcher([templates_dir, *readable], log)
    with captured_log(log), packaged_fonts_only():
        with span(f"{name} layout"):
            document = weasyprint.HTML(
                string=html, base_url=templates_dir.resolve().as_uri() + "/", url_fetcher=fetcher
            ).render(pdf_variant=PDF_VARIANT)
        if one_page is not None:
            check_one_page(document, one_page)
        if doi:
            add_doi_to_xmp(document, doi)
        with span(f"{name} write"), fixed_font_timestamps(document.metadata.created):
            content = with_file_identifier(
                document.write_pdf(pdf_variant=PDF_VARIANT, finisher=finish_tags))
    return RenderedPdf(content, len(document.pages), log.warnings, log.read)


XREF_STREAM_START = re.compile(rb"\d+ 0 obj\n<</Type /XRef/")
END_OF_FILE = re.compile(rb"startxref\n(\d+)\n%%EOF\n?\Z")


def with_file_identifier(content: bytes) -> bytes:
    """The PDF `content` with a file identifier (/ID) made from its bytes.

    WeasyPrint's `pdf_identifier=True` has pydyf serialise every object a
    second time, compressing each stream again, just to hash them: about
    0.15 s on the pitch. Hashing the written file costs a millisecond. The
    /ID goes into the cross-reference stream's dictionary, the last object:
    no offset before it moves, and `startxref` points at its start, so the
    file stays as valid as pydyf wrote it. The same bytes give the same /ID.
    """
    end = END_OF_FILE.search(content)
    start = int(end[1]) if end else -1
    if end is None or not XREF_STREAM_START.match(content, start):
        raise ValueError("the PDF does not end with a cross-reference stream where pydyf writes it")
    close = content.index(b">>\nstream\n", start)
    digest = hashlib.md5(content, usedforsecurity=False).hexdigest().encode("ascii")
    identifier = b"/ID [(" + digest + b") (" + digest + b")]"
    return content[:close] + identifier + content[close:]


def pdf_entry(pdf: RenderedPdf) -> Entry:
    """A laid-out PDF as a cache entry."""
    return Entry(pdf.content, {"pages": pdf.page_count, "warnings": problems_to_json(pdf.warnings)},
                 pdf.dependencies)


def pdf_from_entry(entry: Entry) -> RenderedPdf:
    """The laid-out PDF a cache entry holds."""
    return RenderedPdf(entry.payload, int(entry.details["pages"]),
                       problems_from_json(entry.details["warnings"]), entry.dependencies)


def check_one_page(document: Document, one_page: OnePage) -> None:
    """Refuse a laid-out document of more than one page, saying how far it runs over."""
    pages = len(document.pages)
    if pages <= 1:
        return
    over, line_height = 0.0, 0.0
    for page in document.pages[1:]:
        used, line_height = _used_height(page)
        over += used
    lines = max(1, math.ceil(over / line_height)) if line_height else 1
    message = f"the summary runs to {pages} pages (about {lines} lines over); {one_page.hint}"
    raise PitchError([Problem(file=one_page.file, message=message)])


def _used_height(page: Page) -> tuple[float, float]:
    """How tall the content of a page is, and the height of its last line.

    Reads WeasyPrint's laid-out boxes (`_page_box`): the public API has no
    content height, and this is the only way to say by how much a page runs over.
    """
    from weasyprint.formatting_structure.boxes import LineBox  # WeasyPrint: workers only

    root = page._page_box.children[0]
    top = page._page_box.content_box_y()
    bottom, line_height = top, 0.0
    for box in root.descendants():
        if isinstance(box, LineBox) and box.height:
            bottom = max(bottom, box.position_y + box.height)
            line_height = box.height
    return bottom - top, line_height


def add_doi_to_xmp(document: Document, doi: str) -> None:
    """Add the DOI (and the version from `<meta name="dcterms.hasVersion">`) to the XMP packet.

    WeasyPrint builds one rdf:RDF element; wrapping its generator keeps a
    single, valid packet instead of appending a second RDF tree.
    """
    metadata = document.metadata
    generate: Callable[..., bytes] = metadata.generate_rdf_metadata
    register_namespace("prism", PRISM)

    def generate_with_doi(*args: Any, **kwargs: Any) -> bytes:
        rdf = fromstring(generate(*args, **kwargs))
        description = SubElement(rdf, f"{{{RDF}}}Description", {f"{{{RDF}}}about": ""})
        SubElement(description, f"{{{DC}}}identifier").text = f"https://doi.org/{doi}"
        SubElement(description, f"{{{PRISM}}}doi").text = doi
        SubElement(description, f"{{{PRISM}}}url").text = f"https://doi.org/{doi}"
        version = metadata.custom.get(VERSION_META)
        if version:
            SubElement(description, f"{{{PRISM}}}versionIdentifier").text = version
        return bytes(tostring(rdf, encoding="utf-8"))

    metadata.generate_rdf_metadata = generate_with_doi


@dataclass
class ResourceLog:
    """What happened while fetching and laying out: warnings, refused URLs.

    Shared by the URL fetcher and the log handler, so a refusal is reported
    once, and a CSS warning names the stylesheet WeasyPrint was parsing.
    """

    source: str
    warnings: list[Problem] = field(default_factory=list)
    refused: list[str] = field(default_factory=list)
    stylesheet: Path | None = None
    read: dict[str, str] = field(default_factory=dict)
    """Each file served, by its resolved path, with the sha256 of the bytes served;
    a file asked for but missing, with MISSING."""

    def refuse(self, url: str, message: str) -> None:
        """Report a resource the fetcher would not serve."""
        self.refused.append(url)
        self.warn(message, self.source)

    def warn(self, message: str, file: str, line: int = 0, column: int = 0) -> None:
        """Add one warning problem."""
        self.warnings.append(Problem(file=file, line=line, column=column, message=message,
                                     severity=Severity.WARNING))


def project_fetcher(folders: Sequence[Path], log: ResourceLog) -> URLFetcher:
    """A WeasyPrint URL fetcher that serves only files in `folders`, the bundled fonts
    and the budget charts' SVG (data: URLs the build wrote into the HTML).

    Anything else (the network, files elsewhere) is refused and reported
    as a warning naming the URL.
    """
    from weasyprint.urls import URLFetcher, URLFetcherResponse  # WeasyPrint: workers only

    allowed = [folder.resolve() for folder in [*folders, *font_folders()]]

    class ProjectFetcher(URLFetcher):  # type: ignore[misc]  # WeasyPrint ships no type hints
        def fetch(self, url: str, headers: Any = None) -> URLFetcherResponse:
            chart = svg_of(url)
            if chart is not None:
                return URLFetcherResponse(url, chart, {"Content-Type": "image/svg+xml"})
            path, refusal = resolve_url(url, allowed)
            if path is None:
                missing = missing_file(url, allowed)
                if missing is not None:  # a cached layout is stale once the file appears
                    log.read[str(missing)] = MISSING
                log.refuse(url, refusal)
                raise ValueError(refusal)
            if path.suffix == ".css":
                log.stylesheet = path
            kind = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
            data = path.read_bytes()
            log.read[str(path)] = hashlib.sha256(data).hexdigest()
            return URLFetcherResponse(url, data, {"Content-Type": kind})

    return ProjectFetcher(timeout=1)


def resolve_url(url: str, allowed: list[Path]) -> tuple[Path | None, str]:
    """The file a font: or file: URL names, or None and why it is refused."""
    parts = urlsplit(url)
    if parts.scheme in ("http", "https", "ftp"):
        return None, f"did not fetch {url}: the build never uses the network; " \
            "put the file in templates/ or inputs/ and link to it by a relative path"
    if parts.scheme == FONT_SCHEME:
        font = find_font_file(unquote(parts.path))
        if font is None:
            return None, f"cannot find the packaged font {unquote(parts.path)} (from {url})"
        path = font.resolve()
    elif parts.scheme == "file" and parts.netloc in ("", "localhost"):
        path = Path(unquote(parts.path)).resolve()
    else:
        return None, f"did not use {url}: only files in templates/ and inputs/ can be used"
    if not any(path.is_relative_to(folder) for folder in allowed):
        return None, f"did not read {url}: it is outside templates/ and inputs/"
    if not path.is_file():
        return None, f"cannot find {display_path(path)} (from {url})"
    return path, ""


def missing_file(url: str, allowed: list[Path]) -> Path | None:
    """The file a file: URL names inside `allowed` when there is no such file, else None."""
    parts = urlsplit(url)
    if parts.scheme != "file" or parts.netloc not in ("", "localhost"):
        return None
    path = Path(unquote(parts.path)).resolve()
    inside = any(path.is_relative_to(folder) for folder in allowed)
    return path if inside and not path.is_file() else None


@contextmanager
def fixed_font_timestamps(date: str | None) -> Iterator[None]:
    """Have fontTools stamp subset fonts with the document's date, not the clock.

    Without HarfBuzz-Subset, WeasyPrint subsets fonts with fontTools, which
    writes the current time into each font unless SOURCE_DATE_EPOCH is set.
    """
    previous = os.environ.get("SOURCE_DATE_EPOCH")
    os.environ["SOURCE_DATE_EPOCH"] = str(_epoch_seconds(date))
    try:
        yield
    finally:
        if previous is None:
            os.environ.pop("SOURCE_DATE_EPOCH", None)
        else:
            os.environ["SOURCE_DATE_EPOCH"] = previous


def _epoch_seconds(date: str | None) -> int:
    """Midnight UTC of a W3C date such as 2026-11-24; 0 when there is none."""
    try:
        day = datetime.date.fromisoformat((date or "")[:10])
    except ValueError:
        return 0
    return calendar.timegm(day.timetuple())


CSS_POSITION = re.compile(r" at (\d+):(\d+)\b")


@contextmanager
def captured_log(log: ResourceLog) -> Iterator[None]:
    """Turn WeasyPrint's log warnings and errors into warning problems."""
    handler = _ProblemHandler(log)
    logger = logging.getLogger("weasyprint")
    logger.addHandler(handler)
    try:
        yield
    finally:
        logger.removeHandler(handler)


class _ProblemHandler(logging.Handler):
    def __init__(self, log: ResourceLog) -> None:
        super().__init__(level=logging.WARNING)
        self.log = log

    def emit(self, record: logging.LogRecord) -> None:
        message = " ".join(record.getMessage().split())
        if any(url in message for url in self.log.refused):
            return  # already reported, more plainly, by the fetcher
        position = CSS_POSITION.search(message)
        if position and self.log.stylesheet is not None:
            line, column = int(position[1]), int(position[2])
            self.log.warn(message, display_path(self.log.stylesheet), line, column)
        else:
            self.log.warn(message, self.log.source)
