"""Compose a variant's documents: render it to HTML, then lay it out as two PDFs and a DOCX.

Everything stays in memory. The two PDFs are laid out in the worker processes
(pitch/workers.py) while this process writes the DOCX, so on two cores a build
costs little more than the pitch PDF.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from multiprocessing.pool import Pool
from pathlib import Path

from pitch.documents.limits import (
    SectionMeasure,
    measure_sections,
    page_problems,
    section_problems,
)
from pitch.documents.pdf import RenderedPdf
from pitch.errors import Problem
from pitch.inputs.model import Paper, Pitch
from pitch.inputs.variant import Variant
from pitch.render.plaintext import SectionText, section_texts
from pitch.workers import pdf_workers, run_job


@dataclass
class Documents:
    """The rendered HTML of a variant and its text, measured against its limits."""

    pitch_html: str
    summary_html: str
    sections: list[SectionText]
    measures: list[SectionMeasure]
    problems: list[Problem] = field(default_factory=list)


@dataclass
class LaidOut:
    """The laid-out outputs, and what laying them out found wrong."""

    pitch_pdf: bytes
    summary_pdf: bytes
    docx: bytes
    pages: dict[str, int]
    problems: list[Problem] = field(default_factory=list)


def render_documents(root: Path, variant: Variant, paper: Paper | None) -> Documents:
    """Render the pitch and the summary; measure the sections against word limits."""
    from pitch.render.html import render_html

    templates = root / "templates"
    paper = paper or variant.pitch.info.paper
    pitch_html = render_html(variant.pitch, templates, "pitch", paper=paper,
                             sections=variant.sections, layout=variant.layout,
                             funder=variant.funder)
    summary_html = render_html(variant.pitch, templates, "summary", paper=paper)
    texts = section_texts(pitch_html)
    measures = measure_sections(texts, variant.limits)
    problems = section_problems(measures, variant.limits, variant.funder_source)
    return Documents(pitch_html, summary_html, texts, measures, problems)


def lay_out(
    root: Path, variant: Variant, documents: Documents, paper: Paper | None,
    workers: Pool | None = None,
) -> LaidOut:
    """Both PDFs in the worker processes, the DOCX meanwhile in this one; then page limits."""
    docx_warnings: list[Problem] = []
    doi = variant.pitch.info.doi
    pitch_job = run_job(workers, _pdf_job, root, documents.pitch_html, doi, "pitch")
    summary_job = run_job(workers, _pdf_job, root, documents.summary_html, doi, "summary")
    docx = docx_bytes(root, variant.pitch, documents.pitch_html, paper, docx_warnings.append)
    pitch_pdf, summary_pdf = pitch_job(), summary_job()
    pages = {"pitch": pitch_pdf.page_count, "summary": summary_pdf.page_count}
    problems = pitch_pdf.warnings + summary_pdf.warnings + docx_warnings
    problems += page_problems(pages, variant.limits, variant.funder_source)
    return LaidOut(pitch_pdf.content, summary_pdf.content, docx, pages, problems)


def _pdf_job(root: Path, html: str, doi: str, document: str) -> RenderedPdf:
    """One PDF, in a worker process (a module-level function, so it pickles)."""
    from pitch.documents.pdf import write_pdf

    return write_pdf(
        html, project_root=root, templates_dir=root / "templates",
        source=f"templates/{document}.html.j2", doi=doi, one_page=document == "summary",
    )


def docx_bytes(
    root: Path, pitch: Pitch, pitch_html: str, paper: Paper | None,
    report: Callable[[Problem], None] | None = None,
) -> bytes:
    """The pitch as a Word file, from its rendered HTML and the reference styles."""
    from pitch.render.context import doi_url, version_label
    from pitch.word.writer import DocumentMetadata, write_docx

    info = pitch.info
    metadata = DocumentMetadata(
        title=info.title, author=info.coalition, subject=info.purpose,
        keywords=tuple(info.keywords), language=info.language, version=info.version,
        date=info.date, doi=info.doi, footer_text=f"{version_label(pitch)} · {doi_url(info.doi)}",
        paper=paper or info.paper,
    )
    return write_docx(pitch_html, reference=root / "templates" / "reference.docx",
                      metadata=metadata, image_folders=(root / "inputs", root / "templates"),
                      report=report)


def pdf_pages(root: Path, variant: Variant, documents: Documents, *, jobs: int = 2) -> dict[str, int]:
    """Lay out both PDFs only to count their pages (for `pitch stats`)."""
    doi = variant.pitch.info.doi
    with pdf_workers(jobs) as workers:
        pitch_job = run_job(workers, _pdf_job, root, documents.pitch_html, doi, "pitch")
        summary_job = run_job(workers, _count_summary_job, root, documents.summary_html, doi)
        return {"pitch": pitch_job().page_count, "summary": summary_job()}


def _count_summary_job(root: Path, html: str, doi: str) -> int:
    """The summary's pages, counted without refusing a second page."""
    from pitch.documents.pdf import write_pdf

    return write_pdf(html, project_root=root, templates_dir=root / "templates",
                     source="templates/summary.html.j2", doi=doi).page_count
