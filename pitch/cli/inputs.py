"""Commands about the inputs: check, explain, stats, schema, new, reference-docx."""

from __future__ import annotations

import argparse
import sys
from typing import TYPE_CHECKING

from pitch.cli.common import (
    EXIT_OK,
    EXIT_PROBLEMS,
    UsageError,
    check_funder,
    check_language,
    load_variant,
    stale_facts,
)
from pitch.cli.reporter import Reporter, count
from pitch.errors import PitchError, Severity, has_errors

if TYPE_CHECKING:
    from pitch.inputs.model import Limits


def check(args: argparse.Namespace, reporter: Reporter) -> int:
    """Check every input file; report every problem in one run."""
    # Each command imports its stage when it runs, so `pitch --help` and an up-to-date
    # build never pay for pydantic, WeasyPrint or python-docx.
    from pitch.inputs.translated import check_translations
    from pitch.inputs.validate import load_inputs
    from pitch.inputs.variant import check_funders

    inputs = load_inputs(args.project)
    languages = check_translations(inputs)
    problems = inputs.warnings + check_funders(inputs) + stale_facts(inputs, Severity.WARNING)
    problems += [problem for status in languages for problem in status.problems]
    reporter.problems(problems)
    for status in languages:
        if status.file.loaded is not None:
            reporter.result(status.summary())
    if has_errors(problems):
        return EXIT_PROBLEMS
    funders = len(inputs.pitch.funders)
    reporter.say(f"ok: {count(len(inputs.sources), 'input file')} checked, "
                 f"{count(funders, 'funder variant')} resolved, no problems")
    return EXIT_OK


def translate(args: argparse.Namespace, reporter: Reporter) -> int:
    """Create or refresh the translator's file of one language, keeping what is translated."""
    from pitch.inputs.translated import funders_in, translation_sources, translation_status
    from pitch.inputs.translations import TRANSLATIONS_FOLDER, read_translation_file
    from pitch.inputs.validate import load_inputs
    from pitch.outputs import write_atomically
    from pitch.roundtrip.translation_file import refreshed_file

    check_language(args.language)
    inputs = load_inputs(args.project)
    if args.language == inputs.pitch.info.language:
        raise UsageError(f"the pitch is written in {args.language} (pitch.yaml: language); "
                         "name the language to translate it into")
    path = args.project.inputs / TRANSLATIONS_FOLDER / f"{args.language}.yaml"
    file = read_translation_file(path)
    if file.problems:
        raise PitchError(file.problems)
    for funder in args.funder or ():
        check_funder(args.project, funder)
    funders = tuple(args.funder or ()) + funders_in(file, inputs)
    sources = translation_sources(inputs, args.language, funders)
    status = translation_status(file, sources)
    existing = path.read_text(encoding="utf-8") if path.is_file() else None
    refresh = refreshed_file(existing, status, sources, args.revised or [])
    if refresh.text != existing:
        path.parent.mkdir(exist_ok=True)
        write_atomically(path, refresh.text)
        reporter.wrote(path)
    after = translation_status(read_translation_file(path), sources)
    reporter.problems(after.stale + after.orphaned)
    reporter.say(f"{count(len(refresh.added), 'value')} added, "
                 f"{count(len(refresh.updated), 'untranslated source')} brought up to date, "
                 f"{count(len(refresh.revised), 'revised translation')} recorded as current")
    reporter.result(after.summary())
    return EXIT_OK


def explain(args: argparse.Namespace, reporter: Reporter) -> int:
    """Print every resolved value with the file and line it came from."""
    from pitch.inputs.explain import resolved_values  # the stage, when the command runs

    variant = load_variant(args)
    for value in resolved_values(variant):
        marker = "  ◀ funder" if value.from_funder else ""
        reporter.out.print(f"{value.path} = {value.value}", markup=False, end="")
        reporter.out.print(f"    {value.origin}{marker}", style="dim" if not marker else "cyan",
                           markup=False)
    return EXIT_OK


def stats(args: argparse.Namespace, reporter: Reporter) -> int:
    """Print each section's words and characters beside its limits (and pages)."""
    from pitch.documents.compose import pdf_pages, render_documents  # the stage, when it runs

    variant = load_variant(args)
    documents = render_documents(args.project, variant, None)
    limits = variant.limits
    pages = None
    if limits.pitch_pages or limits.summary_pages or args.pages:
        pages = pdf_pages(args.project, variant, documents)
    rows, heading = (documents.answers, "question") if documents.answers else (
        documents.measures, "section")
    reporter.stats_table(rows, None if documents.fields else pages, limits, heading=heading)
    if documents.fields:  # the funder's limits on single values, such as pitch.title
        reporter.stats_table(documents.fields, pages, limits, heading="field")
    reporter.problems(documents.problems)
    over = has_errors(documents.problems)
    over = over or bool(pages and _pages_over(pages, limits))
    return EXIT_PROBLEMS if over else EXIT_OK


def _pages_over(pages: dict[str, int], limits: Limits) -> bool:
    return bool((limits.pitch_pages and pages["pitch"] > limits.pitch_pages)
                or (limits.summary_pages and pages["summary"] > limits.summary_pages))


def schema(args: argparse.Namespace, reporter: Reporter) -> int:
    """Print one kind's JSON Schema, or write them all into schemas/."""
    from pitch.inputs.schema import SCHEMA_KINDS, schema_text, write_schemas  # pydantic, only here

    if args.write:
        for path in write_schemas(args.project.schemas):
            reporter.wrote(path)
        return EXIT_OK
    if args.kind not in SCHEMA_KINDS:
        raise UsageError(f"no kind of input '{args.kind}'; choose one of: {', '.join(SCHEMA_KINDS)}")
    sys.stdout.write(schema_text(args.kind))
    return EXIT_OK


def reference_docx(args: argparse.Namespace, reporter: Reporter) -> int:
    """Write the default Word reference styles for a designer."""
    from pitch.word.reference import write_reference_docx  # python-docx, only here

    if args.path.is_dir():
        raise UsageError(f"cannot write {args.path}: it is a folder; name the .docx file to write")
    if args.path.exists() and not args.force:
        raise UsageError(f"{args.path} exists; pass --force to replace it")
    write_reference_docx(args.path)
    reporter.wrote(args.path)
    return EXIT_OK


def new(args: argparse.Namespace, reporter: Reporter) -> int:
    """Scaffold a new pitch project in a new or empty folder."""
    from pitch.scaffold import create_project  # the schemas need pydantic

    files = create_project(args.folder)
    reporter.wrote(args.folder)
    reporter.say(f"created a new pitch ({count(len(files), 'file')}); next:\n"
                 f"  1. edit the files in {args.folder / 'inputs'} (start with pitch.yaml)\n"
                 f"  2. pitch check {args.folder}\n"
                 f"  3. pitch build {args.folder}")
    return EXIT_OK
