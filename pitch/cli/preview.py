"""The live preview: pitch watch."""

from __future__ import annotations

import argparse
import time
from collections.abc import Callable
from contextlib import nullcontext
from threading import Event
from typing import TYPE_CHECKING

from pitch.cli.common import (
    EXIT_OK,
    check_funder,
    check_language,
    check_output_folder,
)
from pitch.cli.reporter import Reporter
from pitch.errors import Severity

if TYPE_CHECKING:
    from pitch.preview.watch import WatchEvent


def watch(args: argparse.Namespace, reporter: Reporter) -> int:
    """Serve the live preview until Ctrl-C."""
    from pitch.preview.watch import PreviewSession, WatchOptions  # only for watch: watchfiles, the server

    out = args.out if args.out is not None else args.project.build
    check_output_folder(args.project, out)
    if args.funder:
        check_funder(args.project, args.funder)
        out = args.project.variant_output(args.funder, args.out)
    if args.language is not None:
        check_language(args.language)
        out = out / args.language if args.out is None else out
    options = WatchOptions(out=out, host=args.host, port=args.port, paper=args.paper,
                           funder=args.funder, language=args.language,
                           build_pdfs=not args.no_pdf)
    rich = not reporter.quiet and reporter.interactive
    spinner = reporter.out.status("watching inputs/ and templates/ · Ctrl-C to stop")
    session = PreviewSession(args.project, options, _watch_report(reporter, rich))
    try:
        reporter.out.print(f"preview: {session.url}", markup=False)
        with session, spinner if rich else nullcontext():
            Event().wait()
    except KeyboardInterrupt:
        session.close()
        if rich:
            reporter.say("stopped")
    return EXIT_OK


def _watch_report(reporter: Reporter, rich: bool) -> Callable[[WatchEvent], None]:
    """Print each watch event: a timed status line on a terminal, else problems and paths."""
    from pitch.preview.watch import event_line  # only for watch

    styles = {"rendered": "green", "pdf-built": "green", "pdf-started": "dim"}

    def report(event: WatchEvent) -> None:
        if not rich:
            reporter.problems(event.problems)
            reporter.err.print(event.crash, markup=False, end="")
            for path in event.written:
                reporter.wrote(path)
            return
        # One console on a terminal, so the lines scroll above the spinner.
        reporter.out.print(f"{time.strftime('%H:%M:%S')} {event_line(event)}",
                           style=styles.get(event.kind, "bold red"), markup=False)
        for problem in event.problems:
            colour = "red" if problem.severity is Severity.ERROR else "yellow"
            reporter.out.print(f"  {problem.format()}", style=colour, markup=False)
        reporter.out.print(event.crash, markup=False, end="")

    return report
