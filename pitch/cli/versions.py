"""Commands about versions: diff (what changed) and verify (where a file came from)."""

from __future__ import annotations

import argparse

from pitch.cli.common import (
    EXIT_OK,
    EXIT_PROBLEMS,
    check_output_path,
)
from pitch.cli.reporter import Reporter


def diff(args: argparse.Namespace, reporter: Reporter) -> int:
    """Print what changed between two versions and write the redline."""
    # The stages load when the command runs, not when `pitch` starts.
    from pitch.versions.diff import (
        default_redline_paths,
        describe_changes,
        diff_versions,
    )
    from pitch.versions.redline import write_redline

    diff = diff_versions(args.project, args.old, args.new)
    reporter.problems(diff.warnings)
    tones = {"plain": "", "heading": "bold", "delete": "red", "insert": "green"}
    for line in [] if reporter.quiet else describe_changes(diff):
        reporter.out.print(line.text, style=tones[line.tone], markup=False, emoji=False)
    if not diff.changes:
        return EXIT_OK
    html, pdf = default_redline_paths(args.project, args.old, args.new)
    html, pdf = args.html or html, args.pdf or pdf
    for path in (html, pdf):
        check_output_path(args.project, path)
    result = write_redline(diff, args.project, html, pdf)
    reporter.problems(result.warnings)
    for path in result.written:
        reporter.wrote(path)
    return EXIT_OK


def verify(args: argparse.Namespace, reporter: Reporter) -> int:
    """Say which version and inputs a built file came from."""
    from pitch.versions.verify import describe, unplaced_reason, verify_file  # when it runs

    verification = verify_file(args.file, project=args.project)
    if not verification.placed:
        # The answer, not a problem in any file: this file is not one the manifests know.
        reporter.err.print(unplaced_reason(verification), markup=False)
        return EXIT_PROBLEMS
    for line in describe(verification):
        reporter.result(line)
    return EXIT_OK
