"""The pitch as a Word file: written from its rendered HTML, or taken from the layout cache.

A DOCX depends on the pitch's HTML, its metadata, the values its marks
record, the reference styles and the pictures, never on the inputs' bytes,
except for the build record's list of sources (each input's sha256), which
goes in last (pitch/word/package.py). So an edit that leaves the HTML as it
was (a YAML comment) takes the DOCX from the cache and only re-lists the
sources, without loading python-docx.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterator, Mapping
from pathlib import Path
from typing import Any

from pitch.documents.cache import (
    Entry,
    LayoutCache,
    cache_key,
    problems_from_json,
    problems_to_json,
)
from pitch.errors import Problem
from pitch.inputs.model import Paper
from pitch.inputs.variant import Variant, paper_for
from pitch.project import Project
from pitch.render.catalogues import load_catalogue
from pitch.render.context import doi_url, version_label
from pitch.render.data_urls import SVG_DATA_URL
from pitch.render.marks import value_texts
from pitch.timings import span
from pitch.word.package import with_record_sources

Pictures = Callable[[], dict[str, bytes]]


def docx_bytes(
    project: Project, variant: Variant, pitch_html: str, paper: Paper | None,
    report: Callable[[Problem], None] | None = None, sources: dict[str, str] | None = None,
    pictures: dict[str, bytes] | None = None,
) -> bytes:
    """The pitch as a Word file, from its rendered HTML and the reference styles.

    `pictures` are the charts' PNGs (drawn here when not given). With
    `sources` (each input's sha256), the DOCX carries a build record for `pitch import`.
    """
    from pitch.documents.raster import chart_pictures  # pdfium: only when drawn

    def drawn() -> dict[str, bytes]:
        return pictures if pictures is not None else chart_pictures(pitch_html, project.templates)[0]

    content = _written(project, variant, pitch_html, _metadata(project, variant, paper), report,
                       sources is not None, drawn)
    return content if sources is None else with_record_sources(content, sources,
                                                               variant.pitch.info.date)


def cached_docx(
    cache: LayoutCache, project: Project, variant: Variant, pitch_html: str, paper: Paper | None,
    sources: dict[str, str], pictures: Pictures,
) -> tuple[bytes, list[Problem]]:
    """`docx_bytes` with a build record, from `cache` when written before; and its warnings.

    `pictures` is called (it may wait for a worker drawing the charts) only
    when the DOCX is written here.
    """
    metadata = _metadata(project, variant, paper)
    texts = value_texts(variant.pitch)
    key = cache_key("docx", pitch_html, metadata=metadata, values=texts,
                    funder=variant.funder_id, project=str(project.root.resolve()),
                    files=sorted(_readable_files(project)))
    with span("docx cache look-up"):
        entry = cache.lookup(key)
    if entry is not None:
        content, warnings = entry.payload, problems_from_json(entry.details["warnings"])
    else:
        warnings = []
        content = _written(project, variant, pitch_html, metadata, warnings.append, True, pictures)
        cache.keep(key, Entry(content, {"warnings": problems_to_json(warnings)},
                              _files_read(project)))
    with span("docx sources"):
        return with_record_sources(content, sources, variant.pitch.info.date), warnings


def _metadata(project: Project, variant: Variant, paper: Paper | None) -> dict[str, Any]:
    """The DOCX's properties and footer (in the pitch's language), as DocumentMetadata's fields."""
    info = variant.pitch.info
    words = load_catalogue(project.templates, info.language)
    footer = f"{version_label(variant.pitch, words.gettext)} · {doi_url(info.doi)}"
    if variant.draft_note:
        footer = f"{footer} · {variant.draft_note}"
    return {"title": info.title, "author": info.coalition, "subject": info.purpose,
            "keywords": tuple(info.keywords), "language": info.language,
            "version": info.version, "date": info.date, "doi": info.doi,
            "footer_text": footer,
            "paper": paper_for(variant, paper)}


def _written(
    project: Project, variant: Variant, pitch_html: str, metadata: dict[str, Any],
    report: Callable[[Problem], None] | None, recorded: bool, pictures: Pictures,
) -> bytes:
    """The DOCX written by python-docx, its build record (if `recorded`) without sources."""
    from pitch.word.record import BuildRecord  # python-docx: only when written
    from pitch.word.writer import DocumentMetadata, write_docx

    info = variant.pitch.info
    record = BuildRecord(info.version, info.doi, variant.funder_id) if recorded else None
    with span("docx write"):
        return write_docx(pitch_html, reference=project.reference_docx,
                          metadata=DocumentMetadata(**metadata),
                          image_folders=(project.inputs, project.templates), report=report,
                          record=record, value_texts=value_texts(variant.pitch) if record else None,
                          pictures=PendingPictures(pictures))


class PendingPictures(Mapping[str, bytes]):
    """Chart pictures a worker is drawing, waited for only when the DOCX reaches a chart,
    so the DOCX is written up to its first chart meanwhile."""

    def __init__(self, job: Pictures) -> None:
        self._job = job
        self._pictures: dict[str, bytes] | None = None

    def _ready(self) -> dict[str, bytes]:
        if self._pictures is None:
            with span("wait: charts"):
                self._pictures = self._job()
        return self._pictures

    def __getitem__(self, source: str) -> bytes:
        return self._ready()[source]

    def __contains__(self, source: object) -> bool:
        return isinstance(source, str) and source.startswith(SVG_DATA_URL) and \
            source in self._ready()

    def __iter__(self) -> Iterator[str]:
        return iter(self._ready())

    def __len__(self) -> int:
        return len(self._ready())


def _files_read(project: Project) -> dict[str, str]:
    """What writing a DOCX may read besides its HTML: the reference styles and every image
    (any file of templates/, any file of inputs/ but the YAML), each with its sha256."""
    return {str(path): hashlib.sha256(path.read_bytes()).hexdigest()
            for path in sorted(_readable_files(project))}


def _readable_files(project: Project) -> list[Path]:
    """Every file writing a DOCX may read: their names are part of its key, so an image
    added after a DOCX was cached (one the writer could not find then) is seen."""
    files = [path for path in project.templates.rglob("*") if path.is_file()]
    files += [path for path in project.inputs.rglob("*")
              if path.is_file() and path.suffix not in (".yaml", ".yml")]
    return [path.resolve() for path in files]
