"""The jobs the worker processes run: lay out one PDF, or draw the charts for the DOCX.

Each keeps what it made in the layout cache before handing it back. The
module loads only WeasyPrint's side of the package (no inputs models, no
Jinja2), so a warmed worker starts a job as soon as it arrives.
"""

from __future__ import annotations

from pathlib import Path

from pitch.documents.cache import LayoutCache
from pitch.documents.pdf import OnePage, RenderedPdf, pdf_entry, write_pdf
from pitch.project import Project
from pitch.timings import span


def pdf_job(
    project: Project, html: str, doi: str, document: str, one_page: OnePage | None = None
) -> RenderedPdf:
    """One PDF of the project: `document` is the template's name (pitch, summary)."""
    return write_pdf(html, templates_dir=project.templates, readable=[project.inputs],
                     source=f"templates/{document}.html.j2", doi=doi, one_page=one_page)


def kept_pdf_job(
    cache: LayoutCache, key: str, project: Project, html: str, doi: str, document: str,
    one_page: OnePage | None,
) -> RenderedPdf:
    """`pdf_job`, keeping the PDF in `cache` under `key`."""
    with span(f"job: {document}"):
        pdf = pdf_job(project, html, doi, document, one_page)
        cache.store(key, pdf_entry(pdf))
    return pdf


def kept_chart_pictures_job(
    cache: LayoutCache, key: str, html: str, templates_dir: Path
) -> dict[str, bytes]:
    """The charts' pictures in `html`, kept in `cache` under `key`."""
    from pitch.documents.raster import chart_pictures, pictures_entry  # pdfium: when drawn

    with span("job: charts"):
        pictures, dependencies = chart_pictures(html, templates_dir)
        cache.store(key, pictures_entry(pictures, dependencies))
    return pictures
