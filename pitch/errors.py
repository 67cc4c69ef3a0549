"""The one user-facing error: a list of problems, each pointing into a file."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import Enum
from pathlib import Path


class Severity(str, Enum):
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
        """Render as `file:line:column: severity: path: message`."""
        location = self.file
        if self.line:
            location += f":{self.line}"
            if self.column:
                location += f":{self.column}"
        subject = f"{self.field_path}: " if self.field_path else ""
        return f"{location}: {self.severity.value}: {subject}{self.message}"


class PitchError(Exception):
    """Problems in the inputs (or templates) that the writer can fix."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = sorted(set(problems), key=_problem_order)
        super().__init__("\n".join(problem.format() for problem in self.problems))

    def __reduce__(self) -> tuple[type[PitchError], tuple[list[Problem]]]:
        # Rebuilt from its problems when it crosses from a worker process.
        return (PitchError, (self.problems,))

    @property
    def errors(self) -> list[Problem]:
        """The problems that stop a build."""
        return [p for p in self.problems if p.severity is Severity.ERROR]


def _problem_order(problem: Problem) -> tuple[str, int, int, str]:
    return (problem.file, problem.line, problem.column, problem.message)


def display_path(path: Path) -> str:
    """Name a file as the writer can open it: relative to the current folder."""
    try:
        return path.resolve().relative_to(Path.cwd().resolve()).as_posix()
    except ValueError:
        return path.resolve().as_posix()
