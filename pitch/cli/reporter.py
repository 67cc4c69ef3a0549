"""How the `pitch` command talks: results on stdout, problems on stderr.

On a terminal it uses colour and progress bars; with --quiet, or when the
output goes to a pipe or a file, only problems and the paths written.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING

from pitch.errors import Problem, Severity, error_count

if TYPE_CHECKING:
    from rich.console import Console

    from pitch.documents.limits import SectionMeasure
    from pitch.documents.questions import Answer
    from pitch.inputs.model import Limits


def _interactive() -> bool:
    """True when a person reads the output at a terminal (not a pipe, a file or CI)."""
    return sys.stdout.isatty()


class Reporter:
    """Writes results to stdout and problems to stderr, in colour on a terminal.

    Lines to a pipe or a file are written as they are, without rich: a build
    in a script or a benchmark never pays the 0.03 s of importing it. The
    consoles are made when first needed (a terminal, a table, a spinner).
    """

    def __init__(self, quiet: bool = False) -> None:
        self.quiet = quiet
        self.interactive = _interactive()

    @cached_property
    def out(self) -> Console:
        """The console on stdout."""
        return _console(stderr=False)

    @cached_property
    def err(self) -> Console:
        """The console on stderr."""
        return _console(stderr=True)

    def say(self, text: str) -> None:
        """A status line for a person at a terminal; silent with --quiet or when piped."""
        if self.interactive and not self.quiet:
            self._line(text)

    def result(self, text: str) -> None:
        """The command's answer (what it was asked to show); silent only with --quiet."""
        if not self.quiet:
            self._line(text)

    def wrote(self, path: Path) -> None:
        """A path the command wrote: always printed, even with --quiet."""
        self._line(str(path))

    def _line(self, text: str, *, stderr: bool = False, style: str | None = None) -> None:
        """One line: through rich on a terminal, else exactly as it is."""
        stream = sys.stderr if stderr else sys.stdout
        if stream.isatty():
            (self.err if stderr else self.out).print(text, style=style, markup=False)
        else:
            stream.write(f"{text}\n")
            stream.flush()  # line by line, as rich did: a watcher's log shows each at once

    @contextmanager
    def progress(self, label: str, total: int) -> Iterator[Callable[[str], None]]:
        """A progress bar on a terminal; nothing with --quiet or when piped."""
        if self.quiet or not self.interactive:
            yield lambda name: None
            return
        from rich.progress import Progress  # only for a progress bar

        with Progress(console=self.out, transient=True) as bar:
            task = bar.add_task(label, total=total)
            yield lambda name: bar.update(task, advance=1, description=f"{label}: {name} done")

    def stats_table(
        self, measures: Sequence[SectionMeasure | Answer], pages: dict[str, int] | None,
        limits: Limits, heading: str = "section",
    ) -> None:
        """Sections (or a funder's questions) with their words, characters and limits; then pages."""
        from rich.table import Table  # only for `pitch stats`

        table = Table(box=None, pad_edge=False, header_style="bold")
        for column, justify in ((heading, "left"), ("words", "right"), ("limit", "right"),
                                ("characters", "right"), ("limit", "right")):
            table.add_column(column, justify=justify)  # type: ignore[arg-type]
        for measure in measures:
            style = "red" if measure.over else None
            table.add_row(measure.title, f"{measure.words:,}", limit_text(measure.word_limit),
                          f"{measure.characters:,}", limit_text(measure.character_limit),
                          style=style)
        self.out.print(table)
        if pages is not None:
            pitch_limit, summary_limit = (limit_text(limits.pitch_pages),
                                          limit_text(limits.summary_pages))
            self._line(f"pages: pitch {pages['pitch']} (limit {pitch_limit}), "
                       f"summary {pages['summary']} (limit {summary_limit})")

    def problems(self, problems: Sequence[Problem]) -> None:
        """Compiler-style lines, then a count."""
        for problem in problems:
            colour = "red" if problem.severity is Severity.ERROR else "yellow"
            self._line(problem.format(), stderr=True, style=colour)
        errors = error_count(problems)
        warnings = len(problems) - errors
        files = len({problem.file for problem in problems if problem.file})
        if errors and files:
            self._line(f"{count(errors, 'error')}{_and_warnings(warnings)} in "
                       f"{count(files, 'file')}", stderr=True, style="bold")


def _console(*, stderr: bool) -> Console:
    from rich.console import Console  # rich costs ~0.03 s: only when a console is needed

    # User text and paths print exactly as they are: no emoji codes (`:100:`),
    # no markup (`[bold]`), no highlighting, so file:line:column stays intact.
    return Console(stderr=stderr, emoji=False, markup=False, highlight=False, soft_wrap=True)


def limit_text(value: int | None) -> str:
    return f"{value:,}" if value else "-"


def count(number: int, word: str) -> str:
    return f"{number} {word}{'' if number == 1 else 's'}"


def _and_warnings(warnings: int) -> str:
    return f" and {count(warnings, 'warning')}" if warnings else ""
