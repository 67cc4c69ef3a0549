"""What the commands share: exit codes, the usage error, argument checks, funders."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE = 0, 1, 2


class UsageError(Exception):
    """The command line asks for something that cannot be done as asked (exit 2)."""


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


PROTECTED_FOLDERS = ("inputs", "templates", "releases")


def check_output_path(project: Path, path: Path) -> None:
    """Refuse to write outputs among the sources or into a frozen release."""
    target = path.resolve()
    for folder in PROTECTED_FOLDERS:
        protected = (project / folder).resolve()
        if target == protected or protected in target.parents:
            raise UsageError(f"will not write into {path}: {folder}/ holds "
                             f"{'frozen releases' if folder == 'releases' else 'the sources'}; "
                             "choose another folder")



def check_output_folder(project: Path, path: Path) -> None:
    """Refuse an output folder that is a file, or lies among the sources or releases."""
    check_output_path(project, path)
    if path.exists() and not path.is_dir():
        raise UsageError(f"{path} is a file; --out names a folder")


def funder_ids(project: Path) -> list[str]:
    """The ids of the project's funder files."""
    return sorted(path.stem for path in (project / "inputs" / "funders").glob("*.yaml"))


def check_funder(project: Path, funder: str) -> None:
    """Refuse a --funder that names no funder file (misuse of the command line)."""
    known = funder_ids(project)
    if funder not in known:
        raise UsageError(f"no funder '{funder}' in inputs/funders/"
                         f" (the funders are: {', '.join(known) or 'none'})")


def load_variant(args: argparse.Namespace) -> Any:
    """The checked project, with the funder of --funder applied when given."""
    from pitch.inputs.validate import load_project
    from pitch.inputs.variant import base_variant, resolve_variant

    if args.funder:
        check_funder(args.project, args.funder)
    project = load_project(args.project)
    return resolve_variant(project, args.funder) if args.funder else base_variant(project)
