"""Compose a variant's documents: render it to HTML, then lay it out as two PDFs and a DOCX.

Everything stays in memory. The two PDFs are laid out in the worker processes
(pitch/workers.py) while this process writes the DOCX, so on two cores a build
costs little more than the pitch PDF.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import jinja2

from pitch.documents.cache import NO_CACHE, LayoutCache, cache_key
from pitch.documents.layout_jobs import chart_pictures_job, pdf_job
from pitch.documents.limits import (
    SectionMeasure,
    measure_sections,
    page_problems,
    section_problems,
)
from pitch.documents.pdf import OnePage, RenderedPdf, pdf_entry, pdf_from_entry
from pitch.documents.questions import Answer, answer_questions, measure_fields
from pitch.errors import Problem
from pitch.inputs.model import Paper
from pitch.inputs.variant import Variant, paper_for
from pitch.project import Project
from pitch.render.html import render_html
from pitch.render.plaintext import SectionText, section_texts
from pitch.timings import span
from pitch.workers import LayoutWorkers, pdf_workers, run_job


@dataclass
class Documents:
    """The rendered HTML of a variant and its text, measured against its limits."""

    pitch_html: str
    summary_html: str
    sections: list[SectionText]
    measures: list[SectionMeasure]
    problems: list[Problem] = field(default_factory=list)
    answers: list[Answer] = field(default_factory=list)
    fields: list[Answer] = field(default_factory=list)


@dataclass
class LaidOut:
    """The laid-out outputs, and what laying them out found wrong."""

    pitch_pdf: bytes
    summary_pdf: bytes
    docx: bytes
    pages: dict[str, int]
    problems: list[Problem] = field(default_factory=list)


SUMMARY_HINT = "shorten pitch.yaml: purpose, executive_summary, or asks.yaml: asks[].title"


def render_pitch(project: Project, variant: Variant, paper: Paper | None,
                 compiled: jinja2.BytecodeCache | None = None) -> str:
    """The pitch's HTML: its layout is the build's longest job, so it is rendered first."""
    return render_html(variant.pitch, project.templates, "pitch", paper=paper_for(variant, paper),
                       sections=variant.sections, layout=variant.layout,
                       funder=variant.funder, draft_note=variant.draft_note, compiled=compiled)


def render_documents(project: Project, variant: Variant, paper: Paper | None,
                     compiled: jinja2.BytecodeCache | None = None,
                     pitch_html: str | None = None) -> Documents:
    """Render the pitch (unless given) and the summary; measure the sections against word limits.

    `compiled` keeps the compiled templates for the next render (a watch loop's)."""
    if pitch_html is None:
        pitch_html = render_pitch(project, variant, paper, compiled)
    paper = paper_for(variant, paper)
    summary_html = render_html(variant.pitch, project.templates, "summary", paper=paper,
                               draft_note=variant.draft_note, compiled=compiled)
    texts = section_texts(pitch_html)
    measures = measure_sections(texts, variant.limits)
    problems = section_problems(measures, variant.limits, variant.funder_source)
    answers, question_problems = answer_questions(variant, texts)
    fields, field_problems = measure_fields(variant)
    problems += question_problems + field_problems
    return Documents(pitch_html, summary_html, texts, measures, problems, answers, fields)


@dataclass
class PendingLayout:
    """A variant's layouts, started in the workers (or taken from the cache)."""

    project: Project
    variant: Variant
    documents: Documents
    paper: Paper | None
    cache: LayoutCache
    sources: dict[str, str]
    pitch_job: Callable[[], RenderedPdf]
    summary_job: Callable[[], RenderedPdf]
    pictures_job: Callable[[], dict[str, bytes]]

    def finish(self) -> LaidOut:
        """Write the DOCX here while the workers lay out, then take both PDFs; check page limits."""
        from pitch.documents.word_document import cached_docx  # python-docx: after the layouts start

        with span("docx"):
            docx, docx_warnings = cached_docx(self.cache, self.project, self.variant,
                                              self.documents.pitch_html, self.paper,
                                              self.sources, self.pictures_job)
        with span("wait: pitch"):
            pitch_pdf = self.pitch_job()
        with span("wait: summary"):
            summary_pdf = self.summary_job()
        pages = {"pitch": pitch_pdf.page_count, "summary": summary_pdf.page_count}
        problems = pitch_pdf.warnings + summary_pdf.warnings + docx_warnings
        problems += page_problems(pages, self.variant.limits, self.variant.funder_source)
        return LaidOut(pitch_pdf.content, summary_pdf.content, docx, pages, problems)


def start_pitch_layout(
    project: Project, variant: Variant, pitch_html: str, workers: LayoutWorkers | None,
    cache: LayoutCache = NO_CACHE,
) -> Callable[[], RenderedPdf]:
    """Hand the pitch PDF to a worker (or take it from `cache`), ahead of everything else."""
    return cached_pdf(cache, workers, project, pitch_html, variant.pitch.info.doi, "pitch")


def start_layout(
    project: Project, variant: Variant, documents: Documents, paper: Paper | None,
    workers: LayoutWorkers | None, sources: dict[str, str], cache: LayoutCache = NO_CACHE,
    pitch_job: Callable[[], RenderedPdf] | None = None,
) -> PendingLayout:
    """Hand both PDFs and the charts to the workers; `finish` then writes the DOCX and waits.

    A document laid out before with the same inputs comes from `cache`. `sources`
    (each input's sha256) go into the DOCX's build record for `pitch import`.
    `pitch_job` is the pitch's layout when `start_pitch_layout` started it already.
    """
    doi = variant.pitch.info.doi
    summary_fits = OnePage(project.display(project.pitch_file), SUMMARY_HINT)
    if pitch_job is None:
        pitch_job = start_pitch_layout(project, variant, documents.pitch_html, workers, cache)
    return PendingLayout(
        project, variant, documents, paper, cache, sources, pitch_job,
        cached_pdf(cache, workers, project, documents.summary_html, doi, "summary", summary_fits),
        cached_chart_pictures(cache, workers, documents.pitch_html, project.templates))


def lay_out(
    project: Project, variant: Variant, documents: Documents, paper: Paper | None,
    workers: LayoutWorkers | None = None, sources: dict[str, str] | None = None,
    cache: LayoutCache = NO_CACHE,
) -> LaidOut:
    """Both PDFs in the worker processes, the DOCX meanwhile in this one; then page limits."""
    return start_layout(project, variant, documents, paper, workers, sources or {},
                        cache).finish()


def cached_pdf(
    cache: LayoutCache, workers: LayoutWorkers | None, project: Project, html: str, doi: str,
    document: str, one_page: OnePage | None = None,
) -> Callable[[], RenderedPdf]:
    """The PDF from the cache, or a job laying it out in a worker (kept once it is taken)."""
    key = cache_key("pdf", html, doi=doi, document=document, one_page=one_page,
                    folders=[str(project.templates.resolve()), str(project.inputs.resolve())])
    with span(f"{document} cache look-up"):
        entry = cache.lookup(key)
    if entry is not None:
        cached = pdf_from_entry(entry)
        return lambda: cached
    job = run_job(workers, pdf_job, project, html, doi, document, one_page, key=key)

    def laid_out() -> RenderedPdf:
        pdf: RenderedPdf = job()
        cache.keep(key, pdf_entry(pdf))
        return pdf

    return laid_out


def cached_chart_pictures(
    cache: LayoutCache, workers: LayoutWorkers | None, html: str, templates_dir: Path,
) -> Callable[[], dict[str, bytes]]:
    """The charts' pictures for the DOCX from the cache, or a job drawing them in a worker."""
    from pitch.documents.raster import chart_sources, pictures_entry, pictures_from_entry

    sources = chart_sources(html)
    if not sources:
        return dict
    key = cache_key("chart pictures", "\n".join(sources), folder=str(templates_dir.resolve()))
    entry = cache.lookup(key)
    if entry is not None:
        pictures = pictures_from_entry(entry, sources)
        return lambda: pictures
    job = run_job(workers, chart_pictures_job, html, templates_dir, key=key)

    def drawn() -> dict[str, bytes]:
        pictures, dependencies = job()
        cache.keep(key, pictures_entry(pictures, dependencies))
        return dict(pictures)

    return drawn


def pdf_pages(
    project: Project, variant: Variant, documents: Documents, *, jobs: int = 2
) -> dict[str, int]:
    """Lay out both PDFs only to count their pages (for `pitch stats`)."""
    doi = variant.pitch.info.doi
    with pdf_workers(jobs) as workers:
        pitch_job = run_job(workers, pdf_job, project, documents.pitch_html, doi, "pitch")
        summary_job = run_job(workers, pdf_job, project, documents.summary_html, doi, "summary")
        return {"pitch": pitch_job().page_count, "summary": summary_job().page_count}
