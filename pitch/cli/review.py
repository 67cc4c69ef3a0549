"""The Word round trip's command: `pitch import FILE.docx [PROJECT] [--apply] [--accept-changes]`."""

from __future__ import annotations

import argparse

from pitch.cli.common import EXIT_OK, EXIT_PROBLEMS
from pitch.cli.reporter import Reporter
from pitch.errors import display_path


def import_docx(args: argparse.Namespace, reporter: Reporter) -> int:
    """Report what a reviewer changed in a DOCX; with --apply, write it into the YAML."""
    from pitch.outputs import write_atomically
    from pitch.roundtrip.apply import apply_edits, edited_files
    from pitch.roundtrip.importer import read_import
    from pitch.roundtrip.report import report_lines, review_file, summary

    result = read_import(args.docx, args.project, accept_changes=args.accept_changes)
    comparison = result.comparison
    name = display_path(args.docx)
    for line in report_lines(comparison, name, accept_changes=args.accept_changes):
        reporter.out.print(line, markup=False, soft_wrap=True)
    funder = f"{result.variant.funder_id}-" if result.variant.funder_id else ""
    review_path = args.project.build / f"review-{funder}{args.docx.stem}.md"
    write_atomically(review_path, review_file(comparison, name,
                                              accept_changes=args.accept_changes))
    reporter.result(f"{summary(comparison)}; the list is in {display_path(review_path)}")
    if args.apply and comparison.edits:
        texts = edited_files(result.inputs, comparison.edits)
        written = apply_edits(args.project, texts)
        reporter.result(f"applied {len(comparison.edits)} change"
                     f"{'s' if len(comparison.edits) != 1 else ''} to "
                     + ", ".join(display_path(path) for path in written))
    elif comparison.edits:
        reporter.say("run again with --apply to write the changes into the YAML")
    return EXIT_PROBLEMS if comparison.conflicts else EXIT_OK
