"""The `pitch` command: the only place that prints or exits.

Exit codes: 0 success, 1 problems in the inputs, 2 misuse of the command line.
Each command lives in the module of its concern (inputs, building, versions,
preview); this module builds the parser and is the one error boundary.
"""

from __future__ import annotations

import argparse
import gc
import signal
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import NoReturn

from pitch import __version__
from pitch.cli import building, inputs, preview, review, versions
from pitch.cli.common import (
    add_project,
    existing_file,
    port,
    positive,
    project_folder,
)
from pitch.cli.reporter import Reporter
from pitch.errors import EXIT_INTERRUPTED, PitchError
from pitch.project import Project
from pitch.timings import mark


def build_parser() -> argparse.ArgumentParser:
    """The argument parser, with one sub-command per verb."""
    parser = argparse.ArgumentParser(
        prog="pitch", description="Turn a coalition's YAML inputs into a funder pitch.")
    parser.add_argument("--version", action="version", version=f"pitch {__version__}")
    parser.add_argument("-q", "--quiet", action="store_true", help="print only problems and paths")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    # -q works after the command too (pitch build -q); SUPPRESS keeps the global value.
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("-q", "--quiet", action="store_true", default=argparse.SUPPRESS,
                        help="print only problems and paths")

    def add(name: str, handler: Callable[..., int], help_text: str) -> argparse.ArgumentParser:
        sub = commands.add_parser(name, help=help_text, description=help_text, parents=[common])
        sub.set_defaults(handler=handler)
        return sub

    add_project(add("check", inputs.check, "check every input file and report all problems"))
    build_command = add("build", building.build_pitch,
                        "check the inputs, then write the pitch PDF, DOCX and summary PDF")
    add_project(build_command)
    build_command.add_argument("--out", type=Path, metavar="DIR",
                               help="where to write (default: build/ in the project)")
    build_command.add_argument("--paper", choices=["a4", "letter"],
                               help="paper size (default: the one in pitch.yaml)")
    build_command.add_argument("--no-cache", dest="cache", action="store_false",
                               help="lay out every document again, ignoring build/.pitch-cache/")
    build_command.add_argument("--jobs", type=positive, default=2, metavar="N",
                               help="processes to use (default: 2)")
    variants = build_command.add_mutually_exclusive_group()
    variants.add_argument("--funder", metavar="ID",
                          help="build one funder's variant into build/<ID>/")
    variants.add_argument("--all-funders", action="store_true",
                          help="build every funder's variant, each into build/<ID>/")
    build_command.add_argument("--language", metavar="LANG",
                               help="build in this language, from inputs/translations/LANG.yaml")
    build_command.add_argument("--draft", action="store_true",
                               help="build even if values are untranslated (they stay in the "
                               "source language; the footer says how many)")
    translate = add("translate", inputs.translate, "create or refresh the translator's file of "
                    "a language, inputs/translations/LANG.yaml")
    translate.add_argument("language", metavar="LANG", help="the language, such as es or pt-BR")
    add_project(translate)
    translate.add_argument("--revised", action="append", metavar="PATH",
                           help="a stale entry whose text you revised: record that it now "
                           "translates the current source (repeat for several)")
    translate.add_argument("--funder", action="append", metavar="ID",
                           help="also the texts this funder's file decides (its overrides and "
                           "additions); a funder with this language: is always included")
    for name, handler, text in (
        ("explain", inputs.explain, "show every resolved value and the file and line it came from"),
        ("stats", inputs.stats, "count the words, characters and pages of each section"),
    ):
        sub = add(name, handler, text)
        add_project(sub)
        sub.add_argument("--funder", metavar="ID", help="the funder's variant (default: none)")
        if name == "stats":
            sub.add_argument("--pages", action="store_true",
                             help="also count pages (lays out the PDFs; slower)")
    add_project(add("release", building.release,
                    "build, then freeze this version's outputs and sources under releases/"))
    schema = add("schema", inputs.schema, "print the JSON Schema of an input file kind")
    schema.add_argument("kind", nargs="?", default="pitch",
                        help="pitch, values, strategy, asks, organisation or funder")
    schema.add_argument("--write", action="store_true", help="write every schema into schemas/")
    schema.add_argument("--project", type=project_folder, default=Path("."),
                        help="the project folder for --write (default: the current folder)")
    reference = add("reference-docx", inputs.reference_docx,
                    "write the default Word reference styles for a designer to restyle")
    reference.add_argument("path", type=Path, help="where to write the .docx")
    reference.add_argument("--force", action="store_true", help="replace an existing file")
    new = add("new", inputs.new,
              "start a new pitch: example inputs with comments, templates and schemas")
    new.add_argument("folder", type=Path,
                     help="where to create it: a new folder, or an empty one")
    diff = add("diff", versions.diff, "show what changed between two versions, and write a "
               "redline (HTML and PDF) to send with the new one")
    diff.add_argument("old", help="a released version, such as 1.0.0, 'working', or a folder "
                      "holding another copy of the project (such as a checkout of the base branch)")
    diff.add_argument("new", nargs="?", default="working",
                      help="a released version, or 'working' for the current inputs (the default)")
    diff.add_argument("--project", type=project_folder, default=Path("."),
                      help="the project folder (default: the current folder)")
    diff.add_argument("--html", type=Path, metavar="PATH",
                      help="where to write the redline HTML (default: build/diff-OLD-to-NEW.html)")
    diff.add_argument("--pdf", type=Path, metavar="PATH",
                      help="where to write the redline PDF (default: build/diff-OLD-to-NEW.pdf)")
    verify = add("verify", versions.verify, "say which version, date, DOI and inputs a built "
                 "PDF or DOCX came from, and whether it is unchanged since")
    verify.add_argument("file", type=existing_file, help="the PDF or DOCX to check")
    verify.add_argument("--project", type=project_folder, default=None,
                        help="the project folder (default: the nearest folder above the file "
                        "that holds inputs/)")
    imported = add("import", review.import_docx, "report what a reviewer changed, commented and "
                   "tracked in a DOCX that pitch built; --apply writes the changes into the YAML")
    imported.add_argument("docx", type=existing_file, metavar="FILE.docx",
                          help="the reviewed Word file")
    add_project(imported)
    imported.add_argument("--apply", action="store_true",
                          help="write the changes into the YAML files (checked, all or nothing)")
    imported.add_argument("--accept-changes", action="store_true",
                          help="apply tracked changes (otherwise they are listed as proposals)")
    watch = add("watch", preview.watch, "serve a live preview on this machine that rebuilds "
                "when inputs/ or templates/ change, and rebuild the PDFs in the background")
    add_project(watch)
    watch.add_argument("--port", type=port, default=8000,
                       help="the port to serve on (default: 8000; 0 picks a free one)")
    watch.add_argument("--host", default="127.0.0.1",
                       help="the address to serve on (default: 127.0.0.1, this machine only)")
    watch.add_argument("--out", type=Path, metavar="DIR",
                       help="where the background build writes (default: build/ in the project)")
    watch.add_argument("--paper", choices=["a4", "letter"],
                       help="paper size (default: the one in pitch.yaml)")
    watch.add_argument("--funder", metavar="ID", help="preview one funder's variant")
    watch.add_argument("--language", metavar="LANG", help="preview the translation into LANG "
                       "(a draft: untranslated values show in the source language)")
    watch.add_argument("--no-pdf", action="store_true",
                       help="preview only; do not rebuild the PDFs and the DOCX")
    return parser


class Interrupted(KeyboardInterrupt):
    """Ctrl-C or SIGTERM: unwinds like Ctrl-C, so staged outputs are removed.

    A subclass, because a plain KeyboardInterrupt that reaches the interpreter
    makes Python kill itself with SIGINT (exit -2) instead of exiting 130.
    """


def _stop(signum: int, frame: object) -> None:
    # Ignore a second signal: it must not break into the cleanup this one starts.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_IGN)
    raise Interrupted


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; return the exit code."""
    mark("main")
    try:
        # A shell starts background jobs with Ctrl-C ignored; `watch` must still stop on it.
        signal.signal(signal.SIGINT, _stop)
        signal.signal(signal.SIGTERM, _stop)
        args = build_parser().parse_args(argv)
        return _run(args, Reporter(quiet=args.quiet))
    except KeyboardInterrupt:
        sys.stderr.write("pitch: interrupted\n")
        return EXIT_INTERRUPTED


def run() -> NoReturn:
    """The `pitch` program: run the command line, then exit with its code."""
    code = main()
    # The work is done, its outputs in place: a stop from here on must not turn a
    # finished build into "interrupted" (or a traceback) on the way out.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_IGN)
    # The objects a build made need no collection on the way out: without this,
    # the interpreter's teardown walks them all (about 0.1 s after a build).
    gc.freeze()
    sys.exit(code)


def _run(args: argparse.Namespace, reporter: Reporter) -> int:
    """Run one command: the one boundary where problems become messages and an exit code.

    Every failure a user can cause arrives as a PitchError (inputs and outputs: 1,
    the command line: 2); anything else is a bug and keeps its traceback.
    """
    if isinstance(getattr(args, "project", None), Path):
        args.project = Project(args.project)
    try:
        return int(args.handler(args, reporter))
    except PitchError as error:
        reporter.problems(error.problems)
        return error.exit_code
