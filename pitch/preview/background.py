"""Run `pitch.build.build` in a separate process while the preview goes on.

A process, not a thread: laying out PDFs is CPU-bound Python that would
hold the GIL and slow the preview's answers, and a process can be stopped
at once. It is spawned, not forked, because the watching process runs
threads (forking a threaded process can copy a held lock). Requests that
arrive during a build are merged into one more build after it.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import os
import signal
import threading
import time
import traceback
from collections.abc import Callable
from dataclasses import dataclass, replace
from multiprocessing.connection import Connection
from pathlib import Path

from pitch.build import BuildOptions, build
from pitch.errors import PitchError, Problem
from pitch.project import Project

STOP_SECONDS = 10.0
NICENESS = 10
"""How much lower the build runs than the preview: on two cores a layout would
otherwise slow the next re-render and the browser's repaint."""
MOST_NICE = 19


@dataclass(frozen=True)
class BuildOutcome:
    """How one background build ended: written, up to date, problems, or a crash."""

    written: tuple[Path, ...] = ()
    up_to_date: bool = False
    warnings: tuple[Problem, ...] = ()
    problems: tuple[Problem, ...] = ()
    crash: str = ""
    seconds: float = 0.0

    @property
    def succeeded(self) -> bool:
        """True when the outputs in the build folder match the inputs."""
        return not self.problems and not self.crash


class BackgroundBuilder:
    """Builds the project in a child process whenever asked, one build at a time."""

    def __init__(
        self, project: Project, options: BuildOptions,
        on_start: Callable[[], None], on_done: Callable[[BuildOutcome], None],
    ) -> None:
        self.project, self.options = project, options
        self._on_start, self._on_done = on_start, on_done
        self._wanted, self._stopping = threading.Event(), threading.Event()
        self._thread = threading.Thread(target=self._run, name="pitch-pdf-builder", daemon=True)
        self._thread.start()

    def request(self) -> None:
        """Build soon: now if idle, else once the running build ends."""
        self._wanted.set()

    def close(self) -> None:
        """Stop a running build (its staged files are removed) and end the thread."""
        self._stopping.set()
        self._wanted.set()
        self._thread.join()

    def _run(self) -> None:
        while self._wanted.wait() and not self._stopping.is_set():
            self._wanted.clear()
            self._on_start()
            outcome = self._build_once()
            if outcome is None:
                return
            self._on_done(outcome)

    def _build_once(self) -> BuildOutcome | None:
        """One build in a spawned process; None if it was stopped."""
        context = multiprocessing.get_context("spawn")
        receiving, sending = context.Pipe(duplex=False)
        process = context.Process(target=build_in_child, args=(self.project, self.options, sending),
                                  name="pitch-pdf-build")
        process.start()
        lower_priority(process)
        sending.close()
        outcome = None
        try:
            outcome = self._await(process, receiving)
            return outcome
        finally:
            receiving.close()
            _end(process, answered=outcome is not None)

    def _await(self, process: multiprocessing.process.BaseProcess,
               receiving: Connection) -> BuildOutcome | None:
        while not receiving.poll(0.1):
            if self._stopping.is_set():
                return None
        try:
            outcome: BuildOutcome = receiving.recv()
        except EOFError:
            process.join(STOP_SECONDS)
            if self._stopping.is_set():
                return None
            return BuildOutcome(crash=f"the build process ended with code {process.exitcode}")
        return outcome


def lower_priority(process: multiprocessing.process.BaseProcess) -> None:
    """Nice the child NICENESS below this process as it starts (its imports too); the
    layout workers it forks inherit it."""
    if process.pid is not None:
        niceness = min(os.getpriority(os.PRIO_PROCESS, 0) + NICENESS, MOST_NICE)
        with contextlib.suppress(OSError):  # it may already have ended
            os.setpriority(os.PRIO_PROCESS, process.pid, niceness)


def _end(process: multiprocessing.process.BaseProcess, *, answered: bool) -> None:
    """Let a child that answered exit; ask any other to stop (it unwinds like Ctrl-C)."""
    if answered:
        process.join(STOP_SECONDS)
    if process.exitcode is None:
        process.terminate()
        process.join(STOP_SECONDS)
        if process.exitcode is None:
            process.kill()
    process.join()
    process.close()


def build_in_child(project: Project, options: BuildOptions, connection: Connection) -> None:
    """The child process: build, then send back a BuildOutcome (module level, so it pickles)."""
    signal.signal(signal.SIGTERM, _interrupt)
    started = time.perf_counter()
    try:
        result = build(project, options)
        outcome = BuildOutcome(written=tuple(result.written), up_to_date=result.up_to_date,
                               warnings=tuple(result.warnings))
    except PitchError as error:
        outcome = BuildOutcome(problems=tuple(error.problems))
    except KeyboardInterrupt:
        connection.close()
        return
    except Exception:  # a bug: its traceback goes back to the watching process
        outcome = BuildOutcome(crash=traceback.format_exc())
    connection.send(replace(outcome, seconds=time.perf_counter() - started))
    connection.close()


def _interrupt(signum: int, frame: object) -> None:
    raise KeyboardInterrupt
