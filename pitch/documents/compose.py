"""Compose a variant's documents: render it to HTML, then lay it out as two PDFs and a DOCX.

Everything stays in memory. The two PDFs are laid out in the worker processes
(pitch/workers.py) while this process writes the DOCX, so on two cores a build
costs little more than the pitch PDF.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from multiprocessing.pool import Pool

from pitch.documents.limits import (
    SectionMeasure,
    measure_sections,
    page_problems,
    section_problems,
)
from pitch.documents.pdf import OnePage, RenderedPdf, write_pdf
from pitch.documents.questions import Answer, answer_questions, measure_fields
from pitch.errors import Problem
from pitch.inputs.model import Paper
from pitch.inputs.variant import Variant, paper_for
from pitch.project import Project
from pitch.render.catalogues import load_catalogue
from pitch.render.charts import SVG_DATA_URL
from pitch.render.context import doi_url, version_label
from pitch.render.html import render_html
from pitch.render.marks import value_texts
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


def render_documents(project: Project, variant: Variant, paper: Paper | None) -> Documents:
    """Render the pitch and the summary; measure the sections against word limits."""
    paper = paper_for(variant, paper)
    pitch_html = render_html(variant.pitch, project.templates, "pitch", paper=paper,
                             sections=variant.sections, layout=variant.layout,
                             funder=variant.funder, draft_note=variant.draft_note)
    summary_html = render_html(variant.pitch, project.templates, "summary", paper=paper,
                               draft_note=variant.draft_note)
    texts = section_texts(pitch_html)
    measures = measure_sections(texts, variant.limits)
    problems = section_problems(measures, variant.limits, variant.funder_source)
    answers, question_problems = answer_questions(variant, texts)
    fields, field_problems = measure_fields(variant)
    problems += question_problems + field_problems
    return Documents(pitch_html, summary_html, texts, measures, problems, answers, fields)


def lay_out(
    project: Project, variant: Variant, documents: Documents, paper: Paper | None,
    workers: Pool | None = None, sources: dict[str, str] | None = None,
) -> LaidOut:
    """Both PDFs in the worker processes, the DOCX meanwhile in this one; then page limits.

    `sources` (each input's sha256) go into the DOCX's build record for `pitch import`.
    """
    docx_warnings: list[Problem] = []
    doi = variant.pitch.info.doi
    summary_fits = OnePage(project.display(project.pitch_file), SUMMARY_HINT)
    pitch_job = run_job(workers, _pdf_job, project, documents.pitch_html, doi, "pitch")
    summary_job = run_job(workers, _pdf_job, project, documents.summary_html, doi, "summary",
                          summary_fits)
    # The charts' pictures are drawn by whichever worker is free first (the
    # summary's is), while this process writes the DOCX up to the first chart.
    pictures = PendingPictures(run_job(workers, _pictures_job, project, documents.pitch_html))
    docx = docx_bytes(project, variant, documents.pitch_html, paper, docx_warnings.append,
                      sources, pictures)
    pitch_pdf, summary_pdf = pitch_job(), summary_job()
    pages = {"pitch": pitch_pdf.page_count, "summary": summary_pdf.page_count}
    problems = pitch_pdf.warnings + summary_pdf.warnings + docx_warnings
    problems += page_problems(pages, variant.limits, variant.funder_source)
    return LaidOut(pitch_pdf.content, summary_pdf.content, docx, pages, problems)


def _pdf_job(
    project: Project, html: str, doi: str, document: str, one_page: OnePage | None = None
) -> RenderedPdf:
    """One PDF, in a worker process (a module-level function, so it pickles)."""
    return write_pdf(html, templates_dir=project.templates, readable=[project.inputs],
                     source=f"templates/{document}.html.j2", doi=doi, one_page=one_page)


def _pictures_job(project: Project, html: str) -> dict[str, bytes]:
    """The charts' PNGs for the DOCX, in a worker process (WeasyPrint is warm there)."""
    from pitch.documents.raster import chart_pictures  # pdfium: only where charts are drawn

    return chart_pictures(html, project.templates)


class PendingPictures(Mapping[str, bytes]):
    """Chart pictures a worker is drawing, waited for only when the DOCX reaches a chart."""

    def __init__(self, job: Callable[[], dict[str, bytes]]) -> None:
        self._job = job
        self._pictures: dict[str, bytes] | None = None

    def _ready(self) -> dict[str, bytes]:
        if self._pictures is None:
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


def docx_bytes(
    project: Project, variant: Variant, pitch_html: str, paper: Paper | None,
    report: Callable[[Problem], None] | None = None, sources: dict[str, str] | None = None,
    pictures: Mapping[str, bytes] | None = None,
) -> bytes:
    """The pitch as a Word file, from its rendered HTML and the reference styles.

    `pictures` are the charts' PNGs when a worker draws them; else they are drawn here.
    """
    from pitch.word.record import BuildRecord  # python-docx: not for `pitch stats`
    from pitch.word.writer import DocumentMetadata, write_docx

    info = variant.pitch.info
    words = load_catalogue(project.templates, info.language)
    footer = f"{version_label(variant.pitch, words.gettext)} · {doi_url(info.doi)}"
    metadata = DocumentMetadata(
        title=info.title, author=info.coalition, subject=info.purpose,
        keywords=tuple(info.keywords), language=info.language, version=info.version,
        date=info.date, doi=info.doi,
        footer_text=f"{footer} · {variant.draft_note}" if variant.draft_note else footer,
        paper=paper_for(variant, paper),
    )
    record = None if sources is None else BuildRecord(
        info.version, info.doi, variant.funder_id, dict(sources))
    return write_docx(pitch_html, reference=project.reference_docx, metadata=metadata,
                      image_folders=(project.inputs, project.templates), report=report,
                      record=record, value_texts=value_texts(variant.pitch) if record else None,
                      pictures=pictures if pictures is not None
                      else _pictures_job(project, pitch_html))


def pdf_pages(
    project: Project, variant: Variant, documents: Documents, *, jobs: int = 2
) -> dict[str, int]:
    """Lay out both PDFs only to count their pages (for `pitch stats`)."""
    doi = variant.pitch.info.doi
    with pdf_workers(jobs) as workers:
        pitch_job = run_job(workers, _pdf_job, project, documents.pitch_html, doi, "pitch")
        summary_job = run_job(workers, _pdf_job, project, documents.summary_html, doi, "summary")
        return {"pitch": pitch_job().page_count, "summary": summary_job().page_count}
