"""What the live preview currently shows, shared between the watcher and the server.

The watcher thread publishes each render (the pages, or the problems that
stopped it) and each background PDF build; server threads read snapshots
and wait for the next change, which is how a page learns to reload.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, field, replace
from typing import Literal

from pitch.errors import Problem, Severity

PdfState = Literal["off", "waiting", "building", "built", "failed"]


@dataclass(frozen=True)
class PdfStatus:
    """Where the background build of the PDFs and the DOCX stands."""

    state: PdfState = "waiting"
    files: tuple[str, ...] = ()
    problems: tuple[Problem, ...] = ()
    seconds: float = 0.0


@dataclass(frozen=True)
class Snapshot:
    """One consistent view of the preview, safe to read from any thread."""

    pages: dict[str, str] = field(default_factory=dict)
    problems: tuple[Problem, ...] = ()
    pdf: PdfStatus = PdfStatus()
    stale: bool = False
    generation: int = 0
    status_version: int = 0
    stopped: bool = False
    language: str = "en"
    """The language of the pages, which the preview's own words follow."""

    @property
    def errors(self) -> tuple[Problem, ...]:
        """The problems that stopped the last render."""
        return tuple(p for p in self.problems if p.severity is Severity.ERROR)


class PreviewState:
    """The latest snapshot, and a way to wait until it changes."""

    def __init__(self) -> None:
        self._snapshot = Snapshot()
        self._changed = threading.Condition()

    @property
    def snapshot(self) -> Snapshot:
        """The current snapshot."""
        with self._changed:
            return self._snapshot

    def publish_render(self, pages: dict[str, str] | None, problems: list[Problem],
                       language: str | None = None) -> None:
        """A new render: new pages, or None to keep the last good ones beside the problems."""
        with self._changed:
            kept = self._snapshot.pages if pages is None else pages
            self._update(replace(self._snapshot, pages=kept, problems=tuple(problems),
                                 language=language or self._snapshot.language,
                                 stale=pages is None, generation=self._snapshot.generation + 1))

    def publish_pdf(self, status: PdfStatus) -> None:
        """A change in the background build (pages stay as they are)."""
        with self._changed:
            self._update(replace(self._snapshot, pdf=status,
                                 status_version=self._snapshot.status_version + 1))

    def stop(self) -> None:
        """Wake every waiting reader and tell it to finish."""
        with self._changed:
            self._update(replace(self._snapshot, stopped=True))

    def wait_for_change(self, generation: int, status_version: int, timeout: float) -> Snapshot:
        """The snapshot once it differs from the versions given, or after `timeout` seconds."""
        with self._changed:
            self._changed.wait_for(
                lambda: self._snapshot.stopped
                or self._snapshot.generation != generation
                or self._snapshot.status_version != status_version,
                timeout=timeout,
            )
            return self._snapshot

    def _update(self, snapshot: Snapshot) -> None:
        self._snapshot = snapshot
        self._changed.notify_all()
