"""The one user-facing error: a list of problems, each pointing into a file.

Every failure a user can cause (inputs, templates, a file that cannot be
written, a command line that asks the impossible) travels as a PitchError
to the one boundary in pitch/cli, which prints it and picks the exit code.
Bugs stay ordinary exceptions with their tracebacks.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path


class Severity(StrEnum):
    """How bad a problem is: errors stop the build, warnings are reported."""

    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong with the inputs, in the form an editor can jump to."""

    file: str
    line: int = 0
    column: int = 0
    field_path: str = ""
    message: str = ""
    severity: Severity = field(default=Severity.ERROR, compare=False)

    def format(self) -> str:
        """Render as `file:line:column: severity: path: message` (`pitch:` without a file)."""
        location = self.file or "pitch"
        if self.line:
            location += f":{self.line}"
            if self.column:
                location += f":{self.column}"
        subject = f"{self.field_path}: " if self.field_path else ""
        return f"{location}: {self.severity.value}: {subject}{self.message}"


EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE, EXIT_INTERRUPTED = 0, 1, 2, 130


def error_count(problems: Iterable[Problem]) -> int:
    """How many of the problems stop a build (warnings do not)."""
    return sum(problem.severity is Severity.ERROR for problem in problems)


def has_errors(problems: Iterable[Problem]) -> bool:
    """True when any of the problems stops a build."""
    return error_count(problems) > 0


class PitchError(Exception):
    """Problems the writer can fix: in the inputs, the templates, or where outputs go."""

    exit_code = EXIT_PROBLEMS

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = sorted(set(problems), key=_problem_order)
        super().__init__("\n".join(problem.format() for problem in self.problems))

    def __reduce__(self) -> tuple[type[PitchError], tuple[list[Problem]]]:
        # Rebuilt from its problems when it crosses from a worker process.
        return (type(self), (self.problems,))

    @classmethod
    def at(cls, file: str, message: str, field_path: str = "") -> PitchError:
        """One problem about a whole file (or, with no file, about the command)."""
        return cls([Problem(file, field_path=field_path, message=message)])

    @property
    def errors(self) -> list[Problem]:
        """The problems that stop a build."""
        return [p for p in self.problems if p.severity is Severity.ERROR]


class UsageError(PitchError):
    """The command line asks for something that cannot be done as asked (exit 2)."""

    exit_code = EXIT_USAGE

    def __init__(self, problems: list[Problem] | str) -> None:
        if isinstance(problems, str):
            problems = [Problem("", message=problems)]
        super().__init__(problems)


def _problem_order(problem: Problem) -> tuple[str, int, int, str]:
    return (problem.file, problem.line, problem.column, problem.message)


def display_path(path: Path) -> str:
    """Name a file as the writer can open it: relative to the current folder."""
    try:
        return path.resolve().relative_to(Path.cwd().resolve()).as_posix()
    except ValueError:
        return path.resolve().as_posix()
