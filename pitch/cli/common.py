"""What the commands share: argument checks, output folders, funders."""

from __future__ import annotations

import argparse
import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from pitch.errors import EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE, Problem, Severity, UsageError
from pitch.project import RELEASES, Project

if TYPE_CHECKING:
    from pitch.inputs.validate import CheckedInputs
    from pitch.inputs.variant import Variant

__all__ = ["EXIT_OK", "EXIT_PROBLEMS", "EXIT_USAGE", "UsageError"]


def project_folder(value: str) -> Path:
    """An argument naming a folder that exists."""
    path = Path(value)
    if not path.is_dir():
        raise argparse.ArgumentTypeError(f"no folder '{value}'")
    return path


def positive(value: str) -> int:
    """An argument that is a whole number of 1 or more."""
    if not value.isdigit() or int(value) < 1:
        raise argparse.ArgumentTypeError(f"expected a whole number of 1 or more, got '{value}'")
    return int(value)


def port(value: str) -> int:
    """An argument that is a port number."""
    if not value.isdigit() or int(value) > 65535:
        raise argparse.ArgumentTypeError(f"expected a port number from 0 to 65535, got '{value}'")
    return int(value)


def existing_file(value: str) -> Path:
    """An argument naming a file that exists."""
    path = Path(value)
    if path.is_dir():
        raise argparse.ArgumentTypeError(f"'{value}' is a folder; name a PDF or DOCX file")
    if not path.is_file():
        raise argparse.ArgumentTypeError(f"no file '{value}'")
    return path


def add_project(sub: argparse.ArgumentParser) -> None:
    """The optional project folder argument most commands take."""
    sub.add_argument("project", nargs="?", type=project_folder, default=Path("."),
                     help="the project folder (default: the current folder)")


def check_output_path(project: Project, path: Path) -> None:
    """Refuse to write outputs among the sources or into a frozen release."""
    folder = project.protected_folder(path)
    if folder is not None:
        holds = "frozen releases" if folder == RELEASES else "the sources"
        raise UsageError(f"will not write into {path}: {folder}/ holds {holds}; "
                         "choose another folder")


def check_output_folder(project: Project, path: Path) -> None:
    """Refuse an output folder that is a file, or lies among the sources or releases."""
    check_output_path(project, path)
    if path.exists() and not path.is_dir():
        raise UsageError(f"{path} is a file; --out names a folder")


def check_funder(project: Project, funder: str) -> None:
    """Refuse a --funder that names no funder file (misuse of the command line)."""
    known = project.funder_ids()
    if funder not in known:
        raise UsageError(f"no funder '{funder}' in inputs/funders/"
                         f" (the funders are: {', '.join(known) or 'none'})")


def check_language(language: str) -> None:
    """Refuse a --language that names no language Babel knows (misuse of the command line)."""
    from pitch.inputs.translations import known_language

    if not known_language(language):
        raise UsageError(f"'{language}' is not a known language tag; use one such as es, "
                         "pt-BR or fr")


def load_variant(args: argparse.Namespace) -> Variant:
    """The checked project, with the funder of --funder applied when given."""
    from pitch.inputs.validate import load_inputs  # pydantic loads only when inputs are read
    from pitch.inputs.variant import base_variant, resolve_variant

    if args.funder:
        check_funder(args.project, args.funder)
    inputs = load_inputs(args.project)
    return resolve_variant(inputs, args.funder) if args.funder else base_variant(inputs)


def stale_facts(inputs: CheckedInputs, severity: Severity) -> list[Problem]:
    """Facts past their review date today: the one place the commands read the clock."""
    from pitch.inputs.facts import review_problems
    from pitch.inputs.rules import project_facts

    return review_problems(project_facts(inputs.pitch), inputs.sources, today(), severity)


def today() -> datetime.date:
    """Today's date (the tests fix it, so the coalition's facts do not expire under them)."""
    return datetime.date.today()
