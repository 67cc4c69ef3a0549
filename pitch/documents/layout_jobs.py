"""The jobs the worker processes run: lay out one PDF, or draw the charts for the DOCX.

The module loads only WeasyPrint's side of the package (no inputs models, no
Jinja2), so a warmed worker starts a job as soon as it arrives.
"""

from __future__ import annotations

from pathlib import Path

from pitch.documents.pdf import OnePage, RenderedPdf, write_pdf
from pitch.project import Project
from pitch.timings import span


def pdf_job(
    project: Project, html: str, doi: str, document: str, one_page: OnePage | None = None
) -> RenderedPdf:
    """One PDF of the project: `document` is the template's name (pitch, summary)."""
    with span(f"job: {document}"):
        return write_pdf(html, templates_dir=project.templates, readable=[project.inputs],
                         source=f"templates/{document}.html.j2", doi=doi, one_page=one_page)


def chart_pictures_job(
    html: str, templates_dir: Path
) -> tuple[dict[str, bytes], dict[str, str]]:
    """The charts' pictures in `html`, and the files drawing them read."""
    from pitch.documents.raster import chart_pictures  # pdfium: only when there are charts

    with span("job: charts"):
        return chart_pictures(html, templates_dir)
