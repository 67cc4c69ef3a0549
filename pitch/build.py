"""Build the pitch: check, render, lay out, then write every output at once.

First gather and check all data, then render and lay out everything in
memory (the two PDFs in two processes, the DOCX beside them), and only then
write into build/, atomically, with the manifest last.
"""

from __future__ import annotations

import multiprocessing
from collections.abc import Callable
from concurrent.futures import Executor, Future, ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pitch import __version__
from pitch.errors import Problem
from pitch.manifest import (
    MANIFEST_NAME,
    Manifest,
    fingerprint,
    hash_sources,
    outputs_intact,
    read_manifest,
    sha256_file,
)
from pitch.outputs import OutputFolder

if TYPE_CHECKING:
    from pitch.model import Paper, Pitch
    from pitch.pdf import RenderedPdf


@dataclass(frozen=True)
class BuildOptions:
    """What the writer asked for on the command line."""

    out: Path
    paper: Paper | None = None
    jobs: int = 2

    def as_manifest_options(self) -> dict[str, Any]:
        """The options that change the outputs' bytes."""
        return {"paper": self.paper}


@dataclass
class BuildResult:
    """What a build wrote, or that nothing needed writing."""

    written: list[Path] = field(default_factory=list)
    up_to_date: bool = False
    warnings: list[Problem] = field(default_factory=list)


def output_names(slug: str, version: str) -> dict[str, str]:
    """The file names of a version's outputs, such as coalition-pitch-v1.0.0.pdf."""
    stem = f"{slug}-v{version}"
    return {
        "pitch_pdf": f"{stem}.pdf",
        "pitch_docx": f"{stem}.docx",
        "summary_pdf": f"{stem}-summary.pdf",
        "pitch_html": f"{stem}.html",
        "summary_html": f"{stem}-summary.html",
    }


def build(root: Path, options: BuildOptions) -> BuildResult:
    """Check the project at `root` and write its outputs into `options.out`."""
    sources = hash_sources(root)
    if _up_to_date(options, sources):
        return BuildResult(up_to_date=True)
    from pitch.render import render_html
    from pitch.validate import load_project

    project = load_project(root)
    pitch = project.pitch
    templates = root / "templates"
    pitch_html = render_html(pitch, templates, "pitch", paper=options.paper)
    summary_html = render_html(pitch, templates, "summary", paper=options.paper)
    docx_warnings: list[Problem] = []
    pitch_pdf, summary_pdf, docx = _lay_out(
        root, pitch, pitch_html, summary_html, options, docx_warnings.append)
    names = output_names(pitch.info.slug, pitch.info.version)
    contents: dict[str, bytes | str] = {
        names["pitch_pdf"]: pitch_pdf.content,
        names["pitch_docx"]: docx,
        names["summary_pdf"]: summary_pdf.content,
        names["pitch_html"]: pitch_html,
        names["summary_html"]: summary_html,
    }
    written = _write_outputs(options, pitch, sources, contents)
    warnings = project.warnings + pitch_pdf.warnings + summary_pdf.warnings + docx_warnings
    return BuildResult(written=written, warnings=warnings)


def _up_to_date(options: BuildOptions, sources: dict[str, str]) -> bool:
    """True when the last build in `out` used these very inputs and is intact."""
    previous = read_manifest(options.out / MANIFEST_NAME)
    if previous is None:
        return False
    wanted = fingerprint(sources, __version__, options.as_manifest_options())
    return previous.fingerprint == wanted and outputs_intact(previous, options.out)


def _lay_out(
    root: Path, pitch: Pitch, pitch_html: str, summary_html: str, options: BuildOptions,
    report: Callable[[Problem], None],
) -> tuple[RenderedPdf, RenderedPdf, bytes]:
    """Both PDFs in worker processes, the DOCX meanwhile in this one."""
    jobs = max(1, options.jobs)
    with _executor(jobs) as pool:
        pitch_job = _submit_pdf(pool, root, pitch_html, pitch.info.doi, "pitch")
        summary_job = _submit_pdf(pool, root, summary_html, pitch.info.doi, "summary")
        docx = docx_bytes(root, pitch, pitch_html, options.paper, report)
        return pitch_job.result(), summary_job.result(), docx


def _executor(jobs: int) -> Executor:
    if jobs == 1:
        return _InlineExecutor()
    return ProcessPoolExecutor(max_workers=min(jobs, 2),
                               mp_context=multiprocessing.get_context("fork"))


def _submit_pdf(pool: Executor, root: Path, html: str, doi: str, document: str) -> Future[RenderedPdf]:
    return pool.submit(_pdf_job, root, html, doi, document)


def _pdf_job(root: Path, html: str, doi: str, document: str) -> RenderedPdf:
    """One PDF, in a worker process (a module-level function, so it pickles)."""
    from pitch.pdf import write_pdf

    return write_pdf(
        html, project_root=root, templates_dir=root / "templates",
        source=f"templates/{document}.html.j2", doi=doi, one_page=document == "summary",
    )


def docx_bytes(
    root: Path, pitch: Pitch, pitch_html: str, paper: Paper | None,
    report: Callable[[Problem], None] | None = None,
) -> bytes:
    """The pitch as a Word file, from its rendered HTML and the reference styles."""
    from pitch.context import doi_url, version_label
    from pitch.docx_writer import DocumentMetadata, write_docx

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


def _write_outputs(
    options: BuildOptions, pitch: Pitch, sources: dict[str, str], contents: dict[str, bytes | str]
) -> list[Path]:
    """Stage every output and the manifest, then move them into place together."""
    with OutputFolder(options.out) as folder:
        written = [folder.write(name, content) for name, content in contents.items()]
        outputs = {name: sha256_file(folder.staged[name]) for name in contents}
        manifest = Manifest(
            tool_version=__version__,
            pitch={"title": pitch.info.title, "version": pitch.info.version,
                   "date": pitch.info.date.isoformat(), "doi": pitch.info.doi,
                   "slug": pitch.info.slug},
            options=options.as_manifest_options(), sources=sources, outputs=outputs,
        )
        written.append(folder.write(MANIFEST_NAME, manifest.to_json()))
    return written


class _InlineExecutor(Executor):
    """Runs each job at once in this process (for --jobs 1 and debugging)."""

    def submit(self, fn: Any, /, *args: Any, **kwargs: Any) -> Future[Any]:
        future: Future[Any] = Future()
        try:
            future.set_result(fn(*args, **kwargs))
        except BaseException as error:  # handed to the caller through the future
            future.set_exception(error)
        return future
