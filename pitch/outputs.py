"""Atomic writes into an output folder: all of a build's files, or none.

Files are staged in a hidden folder beside their destination and moved into
place only when every one of them was written, so a build that fails (or is
stopped) leaves the last good outputs as they were.
"""

from __future__ import annotations

import os
import shutil
import signal
import tempfile
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from types import TracebackType

from pitch.errors import PitchError, Problem, display_path

STAGING_PREFIX = ".pitch-staging-"


class OutputError(PitchError):
    """An output could not be written (a file where a folder should be, no permission,
    a full disk); nothing was moved into place. Reported at the path, exit 1."""

    def __init__(self, problems: list[Problem] | tuple[Path, str]) -> None:
        if isinstance(problems, tuple):
            path, reason = problems
            problems = [Problem(display_path(path), message=f"cannot write: {reason}")]
        super().__init__(problems)


class OutputFolder:
    """Stage files, then move them all into `folder` when the block succeeds."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.staged: dict[str, Path] = {}
        self._staging: Path | None = None

    def __enter__(self) -> OutputFolder:
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            remove_stale_staging(self.folder)
            prefix = f"{STAGING_PREFIX}{os.getpid()}-"
            self._staging = Path(tempfile.mkdtemp(prefix=prefix, dir=self.folder))
        except OSError as error:
            raise OutputError((self.folder, _reason(error))) from None
        return self

    def write(self, name: str, content: bytes | str) -> Path:
        """Stage one file; return where it will be once the build succeeds."""
        assert self._staging is not None, "OutputFolder used outside a with block"
        data = content.encode("utf-8") if isinstance(content, str) else content
        staged = self._staging / name
        try:
            staged.parent.mkdir(parents=True, exist_ok=True)
            staged.write_bytes(data)
        except OSError as error:
            raise OutputError((self.folder / name, _reason(error))) from None
        self.staged[name] = staged
        return self.folder / name

    def _move_into_place(self) -> None:
        """Check every destination first, so that either all files move or none does."""
        for name in self.staged:
            destination = self.folder / name
            if destination.is_dir():
                raise OutputError((destination, "it is a folder"))
            for parent in reversed(destination.relative_to(self.folder).parents[:-1]):
                if (self.folder / parent).exists() and not (self.folder / parent).is_dir():
                    raise OutputError((destination, f"{display_path(self.folder / parent)} "
                                       "is a file, not a folder"))
        try:
            for name in self.staged:
                (self.folder / name).parent.mkdir(parents=True, exist_ok=True)
            for name, staged in self.staged.items():
                os.replace(staged, self.folder / name)
        except OSError as error:
            raise OutputError((self.folder, _reason(error))) from None

    def __exit__(
        self, kind: type[BaseException] | None, error: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        assert self._staging is not None
        try:
            if kind is None:
                with _signals_held():
                    self._move_into_place()
        finally:
            shutil.rmtree(self._staging, ignore_errors=True)


def _reason(error: OSError) -> str:
    return error.strerror or str(error)


@contextmanager
def _signals_held() -> Iterator[None]:
    """Hold Ctrl-C and SIGTERM while files move into place, so a stop never mixes
    old and new outputs; a signal that arrives meanwhile is handled just after.

    The handlers are swapped, not the signal mask: a mask holds only this
    thread, and the kernel hands a signal to any thread (the worker pool's)
    that does not block it, whose handler then runs here all the same.
    """
    if threading.current_thread() is not threading.main_thread():
        yield  # only the main thread handles signals
        return
    arrived: list[int] = []
    held = (signal.SIGINT, signal.SIGTERM)
    previous = {held_signal: signal.signal(held_signal, lambda number, frame: arrived.append(number))
                for held_signal in held}
    try:
        yield
    finally:
        for held_signal, handler in previous.items():
            signal.signal(held_signal, signal.SIG_DFL if handler is None else handler)
        for number in arrived[:1]:
            signal.raise_signal(number)


def remove_stale_staging(folder: Path) -> None:
    """Remove staging folders left by builds that were killed."""
    for staging in folder.glob(f"{STAGING_PREFIX}*"):
        pid_text = staging.name.removeprefix(STAGING_PREFIX).split("-", 1)[0]
        if not (pid_text.isdigit() and _alive(int(pid_text))):
            shutil.rmtree(staging, ignore_errors=True)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def write_atomically(path: Path, content: bytes | str) -> None:
    """Write one file so that readers see the old bytes or the new, never half."""
    with OutputFolder(path.parent) as folder:
        folder.write(path.name, content)
