"""Commands that build: build (one variant, or every funder's) and release."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING

from pitch.cli.common import (
    EXIT_OK,
    EXIT_PROBLEMS,
    UsageError,
    check_funder,
    check_language,
    check_output_folder,
    stale_facts,
)
from pitch.cli.reporter import Reporter, count
from pitch.errors import PitchError, Severity

if TYPE_CHECKING:
    from pitch.build import BuildResult


def build_pitch(args: argparse.Namespace, reporter: Reporter) -> int:
    """Check, then write the outputs of the pitch or of funder variants."""
    from pitch.build import BuildOptions, build  # when the command runs, not at start-up

    if args.language is not None:
        check_language(args.language)
    out = args.out if args.out is not None else args.project.build
    if args.language is not None and args.out is None:
        out = out / args.language  # beside the source language's outputs, not over them
    check_output_folder(args.project, out)
    if args.all_funders:
        return _build_all_funders(args, reporter, out)
    if args.funder:
        check_funder(args.project, args.funder)
        out = args.project.variant_output(args.funder, args.out)
        if args.language is not None and args.out is None:
            out = out / args.language
    options = BuildOptions(out=out, paper=args.paper, funder=args.funder, jobs=args.jobs,
                           language=args.language, draft=args.draft, cache=args.cache)
    result = build(args.project, options)
    _report_build(reporter, result, out)
    return EXIT_OK


def _report_build(reporter: Reporter, result: BuildResult, out: Path) -> None:
    """Every path written; on a terminal, the three documents first and the rest counted."""
    reporter.problems(result.warnings)
    if result.up_to_date:
        reporter.say(f"up to date: nothing changed since the last build in {out}")
        return
    if not reporter.interactive or reporter.quiet:
        for path in result.written:
            reporter.wrote(path)
        return
    pages = [result.pages.get("pitch"), result.pages.get("summary"), None]
    for path, count_of_pages in zip(result.main_outputs, pages, strict=True):
        suffix = f"  ({count(count_of_pages, 'page')})" if count_of_pages else ""
        reporter.say(f"{path}{suffix}")
    others = len(result.written) - len(result.main_outputs)
    reporter.say(f"and {count(others, 'more file')} in {out}: the HTML, portal text, "
                 "citation files and manifest.json")


def _build_all_funders(args: argparse.Namespace, reporter: Reporter, out: Path) -> int:
    from pitch.build import BuildOptions, build_funders  # when the command runs

    funders = args.project.funder_ids()
    if not funders:
        raise UsageError("there are no funder files in inputs/funders/")
    options = BuildOptions(out=out, paper=args.paper, jobs=args.jobs, language=args.language,
                           draft=args.draft, cache=args.cache)
    failed = 0
    with reporter.progress("building funder variants", len(funders)) as advance:
        for funder, result in build_funders(args.project, funders, options):
            if isinstance(result, PitchError):
                failed += 1
                reporter.problems(result.problems)
            else:
                _report_build(reporter, result, out / funder)
            advance(funder)
    return EXIT_PROBLEMS if failed else EXIT_OK


def release(args: argparse.Namespace, reporter: Reporter) -> int:
    """Build the pitch and every funder's variant, then freeze them under releases/<version>/."""
    # The stages load when the command runs, not when `pitch` starts.
    from pitch.build import BuildOptions, build, build_funders
    from pitch.inputs.validate import load_inputs
    from pitch.versions.manifest import MANIFEST_NAME, read_manifest
    from pitch.versions.release import make_release

    expired = stale_facts(load_inputs(args.project), Severity.ERROR)
    if expired:
        reporter.problems(expired)
        return EXIT_PROBLEMS
    out = args.project.build
    result = build(args.project, BuildOptions(out=out))
    reporter.problems(result.warnings)
    variants, failed = {}, False
    funders = args.project.funder_ids()
    outcomes = build_funders(args.project, funders, BuildOptions(out=out)) if funders else []
    for funder, outcome in outcomes:
        if isinstance(outcome, PitchError):
            failed = True
            reporter.problems(outcome.problems)
        else:
            reporter.problems(outcome.warnings)
            variants[funder] = out / funder
    if failed:
        return EXIT_PROBLEMS
    manifest = read_manifest(out / MANIFEST_NAME)
    assert manifest is not None, "a successful build always leaves a manifest"
    released = make_release(args.project, out, manifest, dict(sorted(variants.items())))
    version = manifest.pitch["version"]
    if released.created:
        reporter.say(f"released version {version} with {count(len(variants), 'funder variant')}; "
                     f"commit {released.folder} with the inputs")
        reporter.wrote(released.folder)
    else:
        reporter.say(f"version {version} is already released, unchanged, in {released.folder}")
    return EXIT_OK
