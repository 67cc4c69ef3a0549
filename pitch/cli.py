"""The `pitch` command. The only module that prints or exits.

Exit codes: 0 success, 1 problems in the inputs, 2 misuse of the command line.
"""

from __future__ import annotations

import argparse
import signal
import sys
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from pitch import __version__
from pitch.errors import PitchError, Problem, Severity

EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE = 0, 1, 2


def _interactive() -> bool:
    """True when a person reads the output at a terminal (not a pipe, a file or CI)."""
    return sys.stdout.isatty()


class Reporter:
    """Writes results to stdout and problems to stderr, in colour on a terminal."""

    def __init__(self, quiet: bool = False) -> None:
        from rich.console import Console

        self.quiet = quiet
        self.out = Console(highlight=False, soft_wrap=True)
        self.err = Console(stderr=True, highlight=False, soft_wrap=True)
        self.interactive = _interactive()

    def say(self, text: str) -> None:
        """A status line for a person at a terminal; silent with --quiet or when piped."""
        if self.interactive and not self.quiet:
            self.out.print(text, markup=False)

    def result(self, text: str) -> None:
        """The command's answer (what it was asked to show); silent only with --quiet."""
        if not self.quiet:
            self.out.print(text, markup=False)

    def wrote(self, path: Path) -> None:
        """A path the command wrote: always printed, even with --quiet."""
        self.out.print(str(path), markup=False)

    @contextmanager
    def progress(self, label: str, total: int) -> Iterator[Callable[[str], None]]:
        """A progress bar on a terminal; nothing with --quiet or when piped."""
        if self.quiet or not self.interactive:
            yield lambda name: None
            return
        from rich.progress import Progress

        with Progress(console=self.out, transient=True) as bar:
            task = bar.add_task(label, total=total)
            yield lambda name: bar.update(task, advance=1, description=f"{label}: {name} done")

    def stats_table(self, measures: Sequence[Any], pages: dict[str, int] | None, limits: Any) -> None:
        """Sections with their words, characters and limits; then pages."""
        from rich.table import Table

        table = Table(box=None, pad_edge=False, header_style="bold")
        for heading, justify in (("section", "left"), ("words", "right"), ("limit", "right"),
                                 ("characters", "right"), ("limit", "right")):
            table.add_column(heading, justify=justify)  # type: ignore[arg-type]
        for measure in measures:
            style = "red" if measure.over else None
            table.add_row(measure.title, f"{measure.words:,}", _limit(measure.word_limit),
                          f"{measure.characters:,}", _limit(measure.character_limit), style=style)
        self.out.print(table)
        if pages is not None:
            self.out.print(f"pages: pitch {pages['pitch']} (limit {_limit(limits.pitch_pages)}), "
                           f"summary {pages['summary']} (limit {_limit(limits.summary_pages)})",
                           markup=False)

    def problems(self, problems: Sequence[Problem]) -> None:
        """Compiler-style lines, then a count."""
        for problem in problems:
            colour = "red" if problem.severity is Severity.ERROR else "yellow"
            self.err.print(problem.format(), style=colour, markup=False)
        errors = sum(problem.severity is Severity.ERROR for problem in problems)
        warnings = len(problems) - errors
        files = len({problem.file for problem in problems})
        if errors:
            self.err.print(f"{_count(errors, 'error')}{_and_warnings(warnings)} in "
                           f"{_count(files, 'file')}", style="bold", markup=False)


def _limit(value: int | None) -> str:
    return f"{value:,}" if value else "-"


def _count(number: int, word: str) -> str:
    return f"{number} {word}{'' if number == 1 else 's'}"


def _and_warnings(warnings: int) -> str:
    return f" and {_count(warnings, 'warning')}" if warnings else ""


def _project_folder(value: str) -> Path:
    path = Path(value)
    if not path.is_dir():
        raise argparse.ArgumentTypeError(f"no folder '{value}'")
    return path


def _positive(value: str) -> int:
    if not value.isdigit() or int(value) < 1:
        raise argparse.ArgumentTypeError(f"expected a whole number of 1 or more, got '{value}'")
    return int(value)


def _command_check(args: argparse.Namespace, reporter: Reporter) -> int:
    from pitch.validate import load_project

    project = load_project(args.project)
    reporter.problems(project.warnings)
    reporter.say(f"ok: {_count(len(project.sources), 'input file')} checked, no problems")
    return EXIT_OK


def _command_build(args: argparse.Namespace, reporter: Reporter) -> int:
    from pitch.build import BuildOptions, build

    out = args.out if args.out is not None else args.project / "build"
    if args.all_funders:
        return _build_all_funders(args, reporter, out)
    if args.funder:
        _check_funder(args.project, args.funder)
        out = out if args.out is not None else out / args.funder
    options = BuildOptions(out=out, paper=args.paper, funder=args.funder, jobs=args.jobs)
    result = build(args.project, options)
    _report_build(reporter, result, out)
    return EXIT_OK


def _report_build(reporter: Reporter, result: Any, out: Path) -> None:
    reporter.problems(result.warnings)
    if result.up_to_date:
        reporter.say(f"up to date: nothing changed since the last build in {out}")
    for path in result.written:
        reporter.wrote(path)


def _funder_ids(project: Path) -> list[str]:
    return sorted(path.stem for path in (project / "inputs" / "funders").glob("*.yaml"))


def _check_funder(project: Path, funder: str) -> None:
    known = _funder_ids(project)
    if funder not in known:
        raise _UsageError(f"no funder '{funder}' in inputs/funders/"
                          f" (the funders are: {', '.join(known) or 'none'})")


def _build_all_funders(args: argparse.Namespace, reporter: Reporter, out: Path) -> int:
    from pitch.build import BuildOptions, build_funders

    funders = _funder_ids(args.project)
    if not funders:
        raise _UsageError("there are no funder files in inputs/funders/")
    options = BuildOptions(out=out, paper=args.paper, jobs=args.jobs)
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


def _load_variant(args: argparse.Namespace) -> Any:
    from pitch.validate import load_project
    from pitch.variant import base_variant, resolve_variant

    if args.funder:
        _check_funder(args.project, args.funder)
    project = load_project(args.project)
    return resolve_variant(project, args.funder) if args.funder else base_variant(project)


def _command_explain(args: argparse.Namespace, reporter: Reporter) -> int:
    from pitch.explain import resolved_values

    variant = _load_variant(args)
    for value in resolved_values(variant):
        marker = "  ◀ funder" if value.from_funder else ""
        reporter.out.print(f"{value.path} = {value.value}", markup=False, end="")
        reporter.out.print(f"    {value.origin}{marker}", style="dim" if not marker else "cyan",
                           markup=False)
    return EXIT_OK


def _command_stats(args: argparse.Namespace, reporter: Reporter) -> int:
    from pitch.layout import pdf_pages, render_documents

    variant = _load_variant(args)
    documents = render_documents(args.project, variant, None)
    limits = variant.limits
    pages = None
    if limits.pitch_pages or limits.summary_pages or args.pages:
        pages = pdf_pages(args.project, variant, documents)
    reporter.stats_table(documents.measures, pages, limits)
    reporter.problems(documents.problems)
    over = any(problem.severity is Severity.ERROR for problem in documents.problems)
    over = over or bool(pages and _pages_over(pages, limits))
    return EXIT_PROBLEMS if over else EXIT_OK


def _pages_over(pages: dict[str, int], limits: Any) -> bool:
    return bool((limits.pitch_pages and pages["pitch"] > limits.pitch_pages)
                or (limits.summary_pages and pages["summary"] > limits.summary_pages))


def _command_release(args: argparse.Namespace, reporter: Reporter) -> int:
    from pitch.build import BuildOptions, build
    from pitch.manifest import MANIFEST_NAME, read_manifest
    from pitch.release import make_release

    out = args.project / "build"
    result = build(args.project, BuildOptions(out=out))
    reporter.problems(result.warnings)
    manifest = read_manifest(out / MANIFEST_NAME)
    assert manifest is not None, "a successful build always leaves a manifest"
    released = make_release(args.project, out, manifest)
    version = manifest.pitch["version"]
    if released.created:
        reporter.say(f"released version {version}; commit {released.folder} with the inputs")
        reporter.wrote(released.folder)
    else:
        reporter.say(f"version {version} is already released, unchanged, in {released.folder}")
    return EXIT_OK


def _command_schema(args: argparse.Namespace, reporter: Reporter) -> int:
    from pitch.model import FILE_MODELS
    from pitch.schema import schema_text, write_schemas

    if args.write:
        for path in write_schemas(args.project / "schemas"):
            reporter.wrote(path)
        return EXIT_OK
    if args.kind not in FILE_MODELS:
        raise _UsageError(f"no kind of input '{args.kind}'; choose one of: {', '.join(FILE_MODELS)}")
    sys.stdout.write(schema_text(args.kind))
    return EXIT_OK


def _command_reference_docx(args: argparse.Namespace, reporter: Reporter) -> int:
    from pitch.docx_reference import write_reference_docx

    if args.path.exists() and not args.force:
        raise _UsageError(f"{args.path} exists; pass --force to replace it")
    write_reference_docx(args.path)
    reporter.wrote(args.path)
    return EXIT_OK


def _command_new(args: argparse.Namespace, reporter: Reporter) -> int:
    from pitch.new import FolderNotUsable, create_project

    # A folder that cannot take a new project is misuse (2), like `reference-docx`
    # refusing an existing file: no input is wrong, the command line asks the impossible.
    try:
        files = create_project(args.folder)
    except FolderNotUsable as error:
        raise _UsageError(str(error)) from None
    except OSError as error:
        raise _UsageError(f"could not create '{args.folder}': {error.strerror or error}") from None
    reporter.wrote(args.folder)
    reporter.say(f"created a new pitch ({_count(len(files), 'file')}); next:\n"
                 f"  1. edit the files in {args.folder / 'inputs'} (start with pitch.yaml)\n"
                 f"  2. pitch check {args.folder}\n"
                 f"  3. pitch build {args.folder}")
    return EXIT_OK


def _command_diff(args: argparse.Namespace, reporter: Reporter) -> int:
    from pitch.diff import (
        UnknownVersionError, default_redline_paths, describe_changes, diff_versions)
    from pitch.redline import write_redline

    # An unknown version is misuse (2), like a folder that does not exist.
    try:
        diff = diff_versions(args.project, args.old, args.new)
    except UnknownVersionError as error:
        raise _UsageError(str(error)) from None
    reporter.problems(diff.warnings)
    tones = {"plain": "", "heading": "bold", "delete": "red", "insert": "green"}
    for line in [] if reporter.quiet else describe_changes(diff):
        reporter.out.print(line.text, style=tones[line.tone], markup=False, emoji=False)
    if not diff.changes:
        return EXIT_OK
    html, pdf = default_redline_paths(args.project, args.old, args.new)
    result = write_redline(diff, args.project, args.html or html, args.pdf or pdf)
    reporter.problems(result.warnings)
    for path in result.written:
        reporter.wrote(path)
    return EXIT_OK


def _command_verify(args: argparse.Namespace, reporter: Reporter) -> int:
    from pitch.verify import describe, unplaced_reason, verify_file

    try:
        verification = verify_file(args.file, project=args.project)
    except OSError as error:
        raise _UsageError(f"cannot read '{args.file}': {error.strerror or error}") from None
    if not verification.placed:
        reporter.err.print(unplaced_reason(verification), markup=False)
        return EXIT_PROBLEMS
    for line in describe(verification):
        reporter.result(line)
    return EXIT_OK


def _existing_file(value: str) -> Path:
    path = Path(value)
    if path.is_dir():
        raise argparse.ArgumentTypeError(f"'{value}' is a folder; name a PDF or DOCX file")
    if not path.is_file():
        raise argparse.ArgumentTypeError(f"no file '{value}'")
    return path


def _command_watch(args: argparse.Namespace, reporter: Reporter) -> int:
    from contextlib import nullcontext
    from threading import Event

    from pitch.watch import PreviewSession, WatchOptions

    out = args.out if args.out is not None else args.project / "build"
    if args.funder:
        _check_funder(args.project, args.funder)
        out = out if args.out is not None else out / args.funder
    options = WatchOptions(out=out, host=args.host, port=args.port, paper=args.paper,
                           funder=args.funder, build_pdfs=not args.no_pdf)
    rich = not reporter.quiet and reporter.interactive
    spinner = reporter.out.status("watching inputs/ and templates/ · Ctrl-C to stop")
    try:
        session = PreviewSession(args.project, options, _watch_report(reporter, rich))
    except OSError as error:
        raise _UsageError(f"cannot serve on {args.host}:{args.port} ({error.strerror}); "
                          "choose another --port, or --port 0 for any free one") from None
    try:
        reporter.out.print(f"preview: {session.url}", markup=False)
        with session, spinner if rich else nullcontext():
            Event().wait()
    except KeyboardInterrupt:
        session.close()
        if rich:
            reporter.say("stopped")
    return EXIT_OK


def _watch_report(reporter: Reporter, rich: bool) -> Callable[[Any], None]:
    """Print each watch event: a timed status line on a terminal, else problems and paths."""
    import time

    from pitch.watch import event_line

    styles = {"rendered": "green", "pdf-built": "green", "pdf-started": "dim"}

    def report(event: Any) -> None:
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


def _port(value: str) -> int:
    if not value.isdigit() or int(value) > 65535:
        raise argparse.ArgumentTypeError(f"expected a port number from 0 to 65535, got '{value}'")
    return int(value)


class _UsageError(Exception):
    """The command line asks for something that cannot be done as asked."""


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

    def add_project(sub: argparse.ArgumentParser) -> None:
        sub.add_argument("project", nargs="?", type=_project_folder, default=Path("."),
                         help="the project folder (default: the current folder)")

    add_project(add("check", _command_check, "check every input file and report all problems"))
    build_command = add("build", _command_build,
                        "check the inputs, then write the pitch PDF, DOCX and summary PDF")
    add_project(build_command)
    build_command.add_argument("--out", type=Path, metavar="DIR",
                               help="where to write (default: build/ in the project)")
    build_command.add_argument("--paper", choices=["a4", "letter"],
                               help="paper size (default: the one in pitch.yaml)")
    build_command.add_argument("--jobs", type=_positive, default=2, metavar="N",
                               help="processes to use (default: 2)")
    variants = build_command.add_mutually_exclusive_group()
    variants.add_argument("--funder", metavar="ID",
                          help="build one funder's variant into build/<ID>/")
    variants.add_argument("--all-funders", action="store_true",
                          help="build every funder's variant, each into build/<ID>/")
    for name, handler, text in (
        ("explain", _command_explain, "show every resolved value and the file and line it came from"),
        ("stats", _command_stats, "count the words, characters and pages of each section"),
    ):
        sub = add(name, handler, text)
        add_project(sub)
        sub.add_argument("--funder", metavar="ID", help="the funder's variant (default: none)")
        if name == "stats":
            sub.add_argument("--pages", action="store_true",
                             help="also count pages (lays out the PDFs; slower)")
    add_project(add("release", _command_release,
                    "build, then freeze this version's outputs and sources under releases/"))
    schema = add("schema", _command_schema, "print the JSON Schema of an input file kind")
    schema.add_argument("kind", nargs="?", default="pitch",
                        help="pitch, values, strategy, asks, organisation or funder")
    schema.add_argument("--write", action="store_true", help="write every schema into schemas/")
    schema.add_argument("--project", type=_project_folder, default=Path("."),
                        help="the project folder for --write (default: the current folder)")
    reference = add("reference-docx", _command_reference_docx,
                    "write the default Word reference styles for a designer to restyle")
    reference.add_argument("path", type=Path, help="where to write the .docx")
    reference.add_argument("--force", action="store_true", help="replace an existing file")
    new = add("new", _command_new,
              "start a new pitch: example inputs with comments, templates and schemas")
    new.add_argument("folder", type=Path,
                     help="where to create it: a new folder, or an empty one")
    diff = add("diff", _command_diff, "show what changed between two versions, and write a "
               "redline (HTML and PDF) to send with the new one")
    diff.add_argument("old", help="a released version, such as 1.0.0, or 'working'")
    diff.add_argument("new", nargs="?", default="working",
                      help="a released version, or 'working' for the current inputs (the default)")
    diff.add_argument("--project", type=_project_folder, default=Path("."),
                      help="the project folder (default: the current folder)")
    diff.add_argument("--html", type=Path, metavar="PATH",
                      help="where to write the redline HTML (default: build/diff-OLD-to-NEW.html)")
    diff.add_argument("--pdf", type=Path, metavar="PATH",
                      help="where to write the redline PDF (default: build/diff-OLD-to-NEW.pdf)")
    verify = add("verify", _command_verify, "say which version, date, DOI and inputs a built "
                 "PDF or DOCX came from, and whether it is unchanged since")
    verify.add_argument("file", type=_existing_file, help="the PDF or DOCX to check")
    verify.add_argument("--project", type=_project_folder, default=None,
                        help="the project folder (default: the nearest folder above the file "
                        "that holds inputs/)")
    watch = add("watch", _command_watch, "serve a live preview on this machine that rebuilds "
                "when inputs/ or templates/ change, and rebuild the PDFs in the background")
    add_project(watch)
    watch.add_argument("--port", type=_port, default=8000,
                       help="the port to serve on (default: 8000; 0 picks a free one)")
    watch.add_argument("--host", default="127.0.0.1",
                       help="the address to serve on (default: 127.0.0.1, this machine only)")
    watch.add_argument("--out", type=Path, metavar="DIR",
                       help="where the background build writes (default: build/ in the project)")
    watch.add_argument("--paper", choices=["a4", "letter"],
                       help="paper size (default: the one in pitch.yaml)")
    watch.add_argument("--funder", metavar="ID", help="preview one funder's variant")
    watch.add_argument("--no-pdf", action="store_true",
                       help="preview only; do not rebuild the PDFs and the DOCX")
    return parser


def _stop(signum: int, frame: object) -> None:
    # Unwinds like Ctrl-C, so staged outputs are cleaned up and build/ is untouched.
    raise KeyboardInterrupt


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; return the exit code."""
    try:
        # A shell starts background jobs with Ctrl-C ignored; `watch` must still stop on it.
        signal.signal(signal.SIGINT, signal.default_int_handler)
        signal.signal(signal.SIGTERM, _stop)
        args = build_parser().parse_args(argv)
        return _run(args, Reporter(quiet=args.quiet))
    except KeyboardInterrupt:
        sys.stderr.write("pitch: interrupted\n")
        return 130


def _run(args: argparse.Namespace, reporter: Reporter) -> int:
    """Run one command; turn the errors a user can cause into messages and exit codes."""
    try:
        return int(args.handler(args, reporter))
    except PitchError as error:
        reporter.problems(error.problems)
        return EXIT_PROBLEMS
    except _UsageError as error:
        reporter.err.print(f"pitch: error: {error}", markup=False)
        return EXIT_USAGE
