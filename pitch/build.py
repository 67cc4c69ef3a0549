"""Build the pitch: check, render, lay out, then write every output at once.

First gather and check all data (inputs, the funder's variant, word
limits), then render and lay out everything in memory (the two PDFs in two
processes, the DOCX beside them), check page limits, and only then write
into the output folder, atomically, with the manifest last.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pitch import __version__
from pitch.errors import PitchError, Problem, has_errors
from pitch.outputs import OutputFolder
from pitch.project import Project
from pitch.timings import span
from pitch.versions.manifest import (
    MANIFEST_NAME,
    Manifest,
    changed_sources,
    fingerprint,
    hash_sources,
    outputs_intact,
    read_manifest,
    sha256_file,
)

if TYPE_CHECKING:
    from pitch.documents.cache import LayoutCache
    from pitch.documents.compose import Documents, LaidOut, PendingLayout
    from pitch.inputs.model import Paper
    from pitch.inputs.validate import CheckedInputs
    from pitch.inputs.variant import Variant
    from pitch.render.templates import StoredTemplates
    from pitch.workers import LayoutWorkers


@dataclass(frozen=True)
class BuildOptions:
    """What the writer asked for on the command line."""

    out: Path
    paper: Paper | None = None
    funder: str | None = None
    jobs: int = 2
    language: str | None = None
    draft: bool = False
    cache: bool = True
    """Take documents laid out before from build/.pitch-cache/ (off: --no-cache)."""

    def as_manifest_options(self) -> dict[str, Any]:
        """The options that change the outputs' bytes."""
        return {"paper": self.paper, "funder": self.funder,
                **({"language": self.language} if self.language else {}),
                **({"draft": True} if self.draft else {})}


@dataclass
class BuildResult:
    """What a build wrote, or that nothing needed writing."""

    written: list[Path] = field(default_factory=list)
    up_to_date: bool = False
    warnings: list[Problem] = field(default_factory=list)
    pages: dict[str, int] = field(default_factory=dict)
    main_outputs: list[Path] = field(default_factory=list)


def output_names(slug: str, version: str) -> dict[str, str]:
    """The file names of a version's outputs, such as coalition-pitch-v1.0.0.pdf."""
    stem = f"{slug}-v{version}"
    return {
        "pitch_pdf": f"{stem}.pdf",
        "pitch_docx": f"{stem}.docx",
        "summary_pdf": f"{stem}-summary.pdf",
        "pitch_html": f"{stem}.html",
        "summary_html": f"{stem}-summary.html",
        "datacite_json": f"{stem}.datacite.json",
    }


def build(project: Project, options: BuildOptions) -> BuildResult:
    """Check the project and write its outputs into `options.out`."""
    with span("hash sources"):
        sources = hash_sources(project)
    if _up_to_date(project, options, sources):
        return BuildResult(up_to_date=True)
    from pitch.workers import pdf_workers  # the standard library only

    # Forked before anything else loads, so the workers start on WeasyPrint at once.
    with pdf_workers(options.jobs) as workers, collection_paused(workers is not None):
        # Imported here, not at the top: a build with nothing changed returns above
        # without paying for pydantic and the rest of the pipeline.
        with span("import the inputs stage"):
            from pitch.inputs.validate import load_inputs

        learn_font_characters(workers)
        with span("load and check"):
            inputs = load_inputs(project)
        return build_checked(inputs, sources, options, workers)


def learn_font_characters(workers: LayoutWorkers | None) -> None:
    """Take the fonts' code points (for the glyph check) from the first worker, which
    read them while this process imported the inputs stage."""
    if workers is None:
        return
    from pitch.fonts import learn_characters

    with span("fonts' characters from the worker"):
        characters = workers.font_characters()
    if characters is not None:
        learn_characters(characters)


def learn_tool_fingerprint(workers: LayoutWorkers | None) -> None:
    """Take the tools' fingerprint (in every layout cache key) from the first worker,
    which computes it once it has loaded WeasyPrint; if it has not yet, this process does."""
    if workers is None:
        return
    from pitch.documents import cache

    with span("tools' fingerprint from the worker"):
        tools = workers.tool_fingerprint()
    if tools is not None:
        cache.learn_tool_fingerprint(tools)


_PAUSED: list[bool] = []
"""Set while collection_paused holds the cycle collector off."""


@contextmanager
def collection_paused(pause: bool) -> Iterator[None]:
    """No cycle collection in this process until `resume_collection` (or the block's end).

    Until the pitch's HTML is handed over, the worker waits for this process,
    and the collector cost 0.05 s of that 0.5 s, sweeping the objects of
    freshly imported modules, hardly any of them garbage.
    """
    if not pause or not gc.isenabled():
        yield
        return
    gc.disable()
    _PAUSED.append(True)
    try:
        yield
    finally:
        resume_collection()


def resume_collection() -> None:
    """Turn the collector back on, if collection_paused turned it off."""
    if _PAUSED:
        _PAUSED.clear()
        gc.enable()


def build_checked(
    inputs: CheckedInputs, sources: dict[str, str], options: BuildOptions,
    workers: LayoutWorkers | None = None,
) -> BuildResult:
    """Build from already checked inputs, laying out the PDFs in `workers` when given."""
    return _finish(_start(inputs, sources, options, workers))


@dataclass
class _Started:
    """A variant checked and rendered, its layouts handed to the workers."""

    options: BuildOptions
    sources: dict[str, str]
    warnings: list[Problem]
    layout: PendingLayout
    compiled: StoredTemplates | None = None


def _start(
    inputs: CheckedInputs, sources: dict[str, str], options: BuildOptions,
    workers: LayoutWorkers | None,
) -> _Started:
    """Resolve and render the variant, stop on its problems, start its layouts."""
    # Past the up-to-date shortcut: the pipeline may load now.
    with span("import the documents stage"):
        from pitch.documents.compose import render_documents, render_pitch, start_layout, start_pitch_layout
        from pitch.inputs.translated import variant_in_language
        from pitch.inputs.variant import base_variant, resolve_variant
        from pitch.versions.release import refuse_changed_release

    project = inputs.project
    with span("resolve the variant"):
        refuse_changed_release(project, inputs.pitch.info.version, sources)
        variant = resolve_variant(inputs, options.funder) if options.funder \
            else base_variant(inputs)
        variant = variant_in_language(inputs, variant, options.language, draft=options.draft)
    _stop_on_errors(inputs.warnings + variant.warnings)
    cache = layout_cache(project, options)
    # The pitch's layout is the longest job: a worker starts it before the summary is rendered
    # and the word limits are checked. Should they stop the build, it is dropped unwritten.
    # Without workers (--jobs 1) it would run here and now: it waits for the checks.
    compiled = stored_templates(project, options)
    with span("render the pitch"):
        pitch_html = render_pitch(project, variant, options.paper, compiled)
    learn_tool_fingerprint(workers)
    pitch_job = None if workers is None \
        else start_pitch_layout(project, variant, pitch_html, workers, cache)
    resume_collection()  # the pitch is in the worker's hands
    with span("render"):
        documents = render_documents(project, variant, options.paper, pitch_html=pitch_html,
                                     compiled=compiled)
    warnings = inputs.warnings + variant.warnings + documents.problems
    _stop_on_errors(warnings)
    layout = start_layout(project, variant, documents, options.paper, workers, sources, cache,
                          pitch_job)
    return _Started(options, sources, warnings, layout, compiled)


def _finish(started: _Started) -> BuildResult:
    """Take the variant's layouts, check them, and write every output."""
    from pitch.versions.release import previous_release_doi  # past the shortcut

    options, sources, layout = started.options, started.sources, started.layout
    variant, documents, project = layout.variant, layout.documents, layout.project
    laid_out = layout.finish()
    # The pitch and the summary share a stylesheet: say each of its warnings once.
    warnings = list(dict.fromkeys(started.warnings + laid_out.problems))
    _stop_on_errors(warnings)
    with span("manifest and moves"):
        previous_doi = previous_release_doi(project, variant.pitch.info.version)
        contents = _contents(variant, documents, laid_out, previous_doi)
        _refuse_sources_changed_meanwhile(project, sources)
        written = _write_outputs(options, variant, sources, contents)
        layout.cache.store_kept()
        if started.compiled is not None:
            started.compiled.store_kept()
    names = output_names(variant.pitch.info.slug, variant.pitch.info.version)
    main = [options.out / names[key] for key in ("pitch_pdf", "summary_pdf", "pitch_docx")]
    return BuildResult(written=written, warnings=warnings, pages=laid_out.pages, main_outputs=main)


def layout_cache(project: Project, options: BuildOptions) -> LayoutCache:
    """The project's cache of laid-out documents, or none with --no-cache."""
    from pitch.documents.cache import CACHE_FOLDER, LayoutCache
    from pitch.fonts import font_folders

    return LayoutCache(project.build / CACHE_FOLDER if options.cache else None,
                       readable=(project.root, *font_folders()))


def stored_templates(project: Project, options: BuildOptions) -> StoredTemplates | None:
    """The templates compiled by earlier builds, in the layout cache's folder (not with --no-cache)."""
    from pitch.documents.cache import CACHE_FOLDER
    from pitch.render.templates import StoredTemplates

    return StoredTemplates(project.build / CACHE_FOLDER) if options.cache else None


def _refuse_sources_changed_meanwhile(project: Project, sources: dict[str, str]) -> None:
    """Keep the manifest true: stop if a file was saved while the build ran."""
    changed = changed_sources(sources, hash_sources(project))
    if changed:
        raise PitchError([Problem(project.display(name), message=(
            "this file changed while the build ran; nothing was written, build again"))
            for name in changed])


def _stop_on_errors(problems: list[Problem]) -> None:
    if has_errors(problems):
        raise PitchError(problems)


def _up_to_date(project: Project, options: BuildOptions, sources: dict[str, str]) -> bool:
    """True when the last build in `out` used these very inputs and is intact
    (never with --no-cache, which builds everything again).

    Never true when a release of that version (pulled in since, say) holds other
    sources: the full build then stops and asks for a new version.
    """
    previous = read_manifest(options.out / MANIFEST_NAME)
    if previous is None or not options.cache:
        return False
    wanted = fingerprint(sources, __version__, options.as_manifest_options())
    released = read_manifest(project.release(previous.pitch["version"]) / MANIFEST_NAME)
    if released is not None and released.sources != sources:
        return False
    return previous.fingerprint == wanted and outputs_intact(previous, options.out)


def _contents(
    variant: Variant, documents: Documents, laid_out: LaidOut, previous_doi: str | None
) -> dict[str, bytes | str]:
    """Every output file's name and bytes."""
    from pitch.documents.portal import portal_files  # past the up-to-date shortcut
    from pitch.versions.citation import citation_cff, datacite_record

    info = variant.pitch.info
    names = output_names(info.slug, info.version)
    return {
        names["pitch_pdf"]: laid_out.pitch_pdf,
        names["pitch_docx"]: laid_out.docx,
        names["summary_pdf"]: laid_out.summary_pdf,
        names["pitch_html"]: documents.pitch_html,
        names["summary_html"]: documents.summary_html,
        "CITATION.cff": citation_cff(variant.pitch),
        names["datacite_json"]: datacite_record(variant.pitch, previous_doi=previous_doi,
                                                version_doi=variant.pitch.info.version_doi),
        **portal_files(documents.sections, documents.measures, documents.answers),
    }


def _write_outputs(
    options: BuildOptions, variant: Variant, sources: dict[str, str],
    contents: dict[str, bytes | str],
) -> list[Path]:
    """Stage every output and the manifest, then move them into place together."""
    info = variant.pitch.info
    with OutputFolder(options.out) as folder:
        written = [folder.write(name, content) for name, content in contents.items()]
        outputs = {name: sha256_file(folder.staged[name]) for name in contents}
        manifest = Manifest(
            tool_version=__version__,
            pitch={"title": info.title, "version": info.version,
                   "date": info.date.isoformat(), "doi": info.doi, "slug": info.slug,
                   **({"version_doi": info.version_doi} if info.version_doi else {})},
            options=options.as_manifest_options(), sources=sources, outputs=outputs,
        )
        written.append(folder.write(MANIFEST_NAME, manifest.to_json()))
    return written


def build_funders(
    project: Project, funders: list[str], options: BuildOptions
) -> Iterator[tuple[str, BuildResult | PitchError]]:
    """Build each funder's variant under options.out/<funder-id>/, sharing the work.

    The inputs are read and checked once; every variant is rendered and its
    layouts handed to one set of warm workers (a document two variants share
    is laid out once, and the cache serves what an earlier build laid out);
    then each variant's DOCX is written here while the workers lay out, and
    its outputs move into place. Yields each funder's result, or its problems,
    in order. An interrupt stops every worker at once: nothing staged moves.
    """
    from pitch.workers import pdf_workers  # the standard library only

    sources = hash_sources(project)
    wanted = {funder: replace(options, out=options.out / funder, funder=funder)
              for funder in funders}
    stale = [funder for funder in funders if not _up_to_date(project, wanted[funder], sources)]
    with pdf_workers(options.jobs if stale else 1) as workers:
        started = dict(_start_funders(project, stale, wanted, sources, workers))
        for funder in funders:
            begun = started.get(funder, BuildResult(up_to_date=True))
            if isinstance(begun, _Started):
                try:
                    begun_result: BuildResult | PitchError = _finish(begun)
                except PitchError as error:
                    begun_result = error
                yield funder, begun_result
            else:
                yield funder, begun


def _start_funders(
    project: Project, funders: list[str], wanted: dict[str, BuildOptions],
    sources: dict[str, str], workers: LayoutWorkers | None,
) -> Iterator[tuple[str, _Started | PitchError]]:
    """Check the inputs once, then start every funder's variant (or say what stops it)."""
    if not funders:
        return
    from pitch.inputs.validate import load_inputs  # past the shortcut

    learn_font_characters(workers)
    try:
        with span("load and check"):
            inputs = load_inputs(project)
    except PitchError as error:
        yield from ((funder, error) for funder in funders)
        return
    for funder in funders:
        try:
            yield funder, _start(inputs, sources, wanted[funder], workers)
        except PitchError as error:
            yield funder, error
