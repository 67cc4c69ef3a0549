"""The `pitch` command. The only module that prints or exits.

Exit codes: 0 success, 1 problems in the inputs, 2 misuse of the command line.
"""

from __future__ import annotations

import argparse
import signal
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

from pitch import __version__
from pitch.errors import PitchError, Problem, Severity

EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE = 0, 1, 2


class Reporter:
    """Writes results to stdout and problems to stderr, in colour on a terminal."""

    def __init__(self, quiet: bool = False) -> None:
        from rich.console import Console

        self.quiet = quiet
        self.out = Console(highlight=False, soft_wrap=True)
        self.err = Console(stderr=True, highlight=False, soft_wrap=True)

    def say(self, text: str) -> None:
        """A line of progress or result; silent with --quiet."""
        if not self.quiet:
            self.out.print(text, markup=False)

    def wrote(self, path: Path) -> None:
        """A path the command wrote: always printed, even with --quiet."""
        self.out.print(str(path), markup=False)

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
    result = build(args.project, BuildOptions(out=out, paper=args.paper, jobs=args.jobs))
    reporter.problems(result.warnings)
    if result.up_to_date:
        reporter.say(f"up to date: nothing changed since the last build in {out}")
        return EXIT_OK
    for path in result.written:
        reporter.wrote(path)
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


class _UsageError(Exception):
    """The command line asks for something that cannot be done as asked."""


def build_parser() -> argparse.ArgumentParser:
    """The argument parser, with one sub-command per verb."""
    parser = argparse.ArgumentParser(
        prog="pitch", description="Turn a coalition's YAML inputs into a funder pitch.")
    parser.add_argument("--version", action="version", version=f"pitch {__version__}")
    parser.add_argument("-q", "--quiet", action="store_true", help="print only problems and paths")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    def add(name: str, handler: Callable[..., int], help_text: str) -> argparse.ArgumentParser:
        sub = commands.add_parser(name, help=help_text, description=help_text)
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
                               help="processes for laying out the PDFs (default: 2)")
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
    return parser


def _stop(signum: int, frame: object) -> None:
    # Unwinds like Ctrl-C, so staged outputs are cleaned up and build/ is untouched.
    raise KeyboardInterrupt


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; return the exit code."""
    parser = build_parser()
    args = parser.parse_args(argv)
    signal.signal(signal.SIGTERM, _stop)
    reporter = Reporter(quiet=args.quiet)
    try:
        return args.handler(args, reporter)
    except PitchError as error:
        reporter.problems(error.problems)
        return EXIT_PROBLEMS
    except _UsageError as error:
        reporter.err.print(f"pitch: error: {error}", markup=False)
        return EXIT_USAGE
    except KeyboardInterrupt:
        reporter.err.print("pitch: interrupted", markup=False)
        return 130
