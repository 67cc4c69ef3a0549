"""`pitch watch`: a live preview that re-renders whenever inputs or templates change.

The watcher thread re-renders the HTML (fast) on each debounced change and
publishes it to the preview server; the PDFs and the DOCX are rebuilt into
the build folder by a background process. Every step is told to the
caller through one callback, so only the command line prints.
"""

from __future__ import annotations

import threading
import time
import traceback
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING, Literal

from watchfiles import watch

from pitch.build import BuildOptions, output_names
from pitch.documents.compose import render_documents
from pitch.errors import (
    PitchError,
    Problem,
    UsageError,
    display_path,
    error_count,
    has_errors,
)
from pitch.fonts import font_folders
from pitch.inputs.load import ComposedFiles
from pitch.inputs.model import Paper
from pitch.inputs.translated import variant_in_language
from pitch.inputs.validate import CheckedInputs, load_inputs
from pitch.inputs.variant import Variant, base_variant, resolve_variant
from pitch.preview.background import BackgroundBuilder, BuildOutcome
from pitch.preview.server import PreviewServer, Site
from pitch.preview.state import PdfState, PdfStatus, PreviewState
from pitch.project import Project
from pitch.render.templates import CompiledTemplates

if TYPE_CHECKING:
    from watchfiles import Change

EventKind = Literal["rendered", "render-failed", "pdf-started", "pdf-built", "pdf-failed"]
LINKED_OUTPUTS = ("pitch_pdf", "summary_pdf", "pitch_docx")
WATCHER_TICK_MS = 250
WATCHER_START_SECONDS = 5.0


@dataclass(frozen=True)
class WatchOptions:
    """How to serve and rebuild; `port` 0 picks any free port."""

    out: Path
    host: str = "127.0.0.1"
    port: int = 8000
    paper: Paper | None = None
    funder: str | None = None
    language: str | None = None
    build_pdfs: bool = True
    quiet_ms: int = 25
    longest_wait_ms: int = 1000


@dataclass(frozen=True)
class WatchEvent:
    """One thing that happened: a render, a background build starting or ending."""

    kind: EventKind
    seconds: float = 0.0
    problems: tuple[Problem, ...] = ()
    written: tuple[Path, ...] = ()
    changed: tuple[str, ...] = ()
    crash: str = ""


class PreviewSession:
    """Serve, watch and rebuild until closed; use as a context manager."""

    def __init__(self, project: Project, options: WatchOptions,
                 report: Callable[[WatchEvent], None] | None = None) -> None:
        self.project, self.options = project, options
        self.report = report or (lambda event: None)
        self.state = PreviewState()
        self._stopping, self._watching = threading.Event(), threading.Event()
        self._render_lock = threading.Lock()
        self._names: dict[str, str] = {}
        self._compiled, self._composed = CompiledTemplates(), ComposedFiles()
        site = Site(self.state, templates=project.templates, inputs=project.inputs,
                    outputs=options.out, fonts=tuple(font_folders()))
        try:
            self.server = PreviewServer(site, options.host, options.port)
        except OSError as error:
            raise UsageError(f"cannot serve on {options.host}:{options.port} ({error.strerror}); "
                             "choose another --port, or --port 0 for any free one") from None
        self._watcher = threading.Thread(target=self._watch, name="pitch-watcher", daemon=True)
        self._builder: BackgroundBuilder | None = None

    @property
    def url(self) -> str:
        """The preview's address, such as http://127.0.0.1:8000/."""
        return self.server.url

    def __enter__(self) -> PreviewSession:
        try:
            self._start()
        except BaseException:
            self.close()
            raise
        return self

    def _start(self) -> None:
        if self.options.build_pdfs:
            build_options = BuildOptions(out=self.options.out, paper=self.options.paper,
                                         funder=self.options.funder,
                                         language=self.options.language,
                                         draft=self.options.language is not None)
            self._builder = BackgroundBuilder(self.project, build_options,
                                              self._pdf_started, self._pdf_done)
        else:
            self.state.publish_pdf(PdfStatus(state="off"))
        self.rebuild()
        self.server.start()
        self._watcher.start()
        self._watching.wait(WATCHER_START_SECONDS)

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None,
                 trace: TracebackType | None) -> None:
        self.close()

    def close(self) -> None:
        """Stop watching, serving and building; wait for every thread."""
        self._stopping.set()
        if self._watcher.is_alive():
            self._watcher.join()
        self.server.close()
        if self._builder is not None:
            self._builder.close()

    def rebuild(self, changed: tuple[str, ...] = ()) -> None:
        """Render both documents again, publish them (or the problems), and start a build."""
        with self._render_lock:
            started = time.perf_counter()
            pages, problems, crash, language = self._render()
            seconds = time.perf_counter() - started
            self.state.publish_render(pages, problems, language)
            failed = pages is None or has_errors(problems)
            self.report(WatchEvent("render-failed" if failed else "rendered", seconds,
                                   tuple(problems), changed=changed, crash=crash))
            if self._builder is None:
                return
            if failed:
                self._publish_pdf("waiting")
            else:
                self._builder.request()

    def _render(self) -> tuple[dict[str, str] | None, list[Problem], str, str | None]:
        """The pages and their problems (word limits too), or None and why; a bug's traceback;
        and the pages' language. A translation in progress is previewed as a draft."""
        try:
            inputs = load_inputs(self.project, self._composed)
            variant = variant_in_language(inputs, self._variant(inputs), self.options.language,
                                          draft=True)
            info = variant.pitch.info
            self._names = output_names(info.slug, info.version)
            documents = render_documents(self.project, variant, self.options.paper,
                                         self._compiled)
        except PitchError as error:
            return None, error.problems, "", None
        except Exception as error:  # a bug: keep serving, show it, hand over the traceback
            message = f"internal error ({type(error).__name__}: {error}); see the terminal"
            return None, [Problem(file="pitch", message=message)], traceback.format_exc(), None
        pages = {"pitch": documents.pitch_html, "summary": documents.summary_html}
        translation = variant.warnings if self.options.language else []  # what is untranslated
        problems = inputs.warnings + translation + documents.problems
        return pages, problems, "", info.language

    def _variant(self, inputs: CheckedInputs) -> Variant:
        """The pitch as the chosen funder sees it, or as the inputs state it."""
        funder = self.options.funder
        if funder is None:
            return base_variant(inputs)
        if funder not in inputs.pitch.funders:
            where = self.project.display(self.project.funder_file(funder))
            raise PitchError([Problem(where, message=f"no funder '{funder}': the file is gone")])
        return resolve_variant(inputs, funder)

    def _watch(self) -> None:
        """Re-render on each debounced batch of changes until the session stops."""
        folders = self.project.source_folders()
        if not folders:
            self._watching.set()
            return
        # The first (empty) batch after a short timeout says the watcher is in place.
        for changes in watch(*folders, stop_event=self._stopping, step=self.options.quiet_ms,
                             debounce=self.options.longest_wait_ms, raise_interrupt=False,
                             rust_timeout=WATCHER_TICK_MS, yield_on_timeout=True):
            self._watching.set()
            if changes:
                self.rebuild(_changed_files(changes))

    def _pdf_started(self) -> None:
        self._publish_pdf("building")
        self.report(WatchEvent("pdf-started"))

    def _pdf_done(self, outcome: BuildOutcome) -> None:
        problems = outcome.problems + outcome.warnings
        if outcome.crash:
            problems += (Problem(file="pitch", message="internal error in the PDF build; "
                                 "see the terminal"),)
        failed = not outcome.succeeded or has_errors(problems)
        self._publish_pdf("failed" if failed else "built", problems, outcome.seconds)
        self.report(WatchEvent("pdf-failed" if failed else "pdf-built", outcome.seconds,
                               problems, outcome.written, crash=outcome.crash))

    def _publish_pdf(self, state: PdfState, problems: tuple[Problem, ...] = (),
                     seconds: float = 0.0) -> None:
        files = tuple(self._names[key] for key in LINKED_OUTPUTS
                      if key in self._names and (self.options.out / self._names[key]).is_file())
        self.state.publish_pdf(PdfStatus(state, files, problems, seconds))


def _changed_files(changes: set[tuple[Change, str]]) -> tuple[str, ...]:
    """The files an edit changed, leaving out an editor's short-lived temporary files."""
    paths = {Path(path) for _, path in changes}
    lasting = {path for path in paths if path.exists()} or paths
    return tuple(sorted(display_path(path) for path in lasting))


def event_line(event: WatchEvent) -> str:
    """The terminal's status line for an event, such as 'rebuilt in 0.3 s (inputs/asks.yaml)'."""
    errors = error_count(event.problems)
    because = f" ({', '.join(event.changed)})" if event.changed else ""
    if event.kind == "rendered":
        return f"rebuilt in {event.seconds:.1f} s{because}"
    if event.kind == "render-failed":
        return f"not rebuilt: {errors} problem{'s' if errors != 1 else ''}{because}"
    if event.kind == "pdf-started":
        return "building the PDFs and the DOCX in the background"
    if event.kind == "pdf-built":
        if not event.written:
            return "PDFs and DOCX up to date"
        shown = [path for path in event.written if path.suffix in (".pdf", ".docx")]
        folder = display_path(event.written[0].parent)
        return (f"PDFs and DOCX built in {event.seconds:.1f} s into {folder}/: "
                f"{', '.join(path.name for path in shown)}")
    return "PDFs not built: see the problems above"
