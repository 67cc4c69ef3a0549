"""The layout workers: how they run jobs, and how they collect a job's garbage."""

from __future__ import annotations

import gc
import time
import weakref
from pathlib import Path

import pytest

import pitch.workers
from pitch.documents.cache import read_tool_fingerprint
from pitch.workers import BACKLOG, LayoutWorkers


class Node:
    """An object that can sit in a reference cycle, and be watched by a weakref."""

    def __init__(self) -> None:
        self.partner: Node | None = None


_WATCHED: list[weakref.ref[Node]] = []
"""In the worker: a weakref to the last cycle a job left behind."""


def collector_state() -> tuple[bool, int]:
    """A job: whether the cycle collector is on, and how many objects are frozen."""
    return gc.isenabled(), gc.get_freeze_count()


def leave_a_cycle(marker: str | None = None) -> int:
    """A job that leaves a reference cycle behind (and, given `marker`, a file when it goes)."""
    first, second = Node(), Node()
    first.partner, second.partner = second, first
    _WATCHED.append(weakref.ref(first))
    if marker is not None:
        weakref.finalize(first, Path(marker).write_text, "collected")
    return len(_WATCHED)


def cycle_still_alive() -> bool:
    """A job: whether the cycle the previous job left is still in memory."""
    return _WATCHED[-1]() is not None


def test_a_job_runs_with_the_collector_off_and_the_imports_frozen() -> None:
    workers = LayoutWorkers(1)
    try:
        enabled, frozen = workers.submit(collector_state)()
    finally:
        workers.stop()
    assert not enabled
    assert frozen > 10_000  # the standard library's and WeasyPrint's objects


def test_a_worker_never_idle_collects_after_a_backlog_of_jobs() -> None:
    workers = LayoutWorkers(1)
    try:
        jobs = [workers.submit(leave_a_cycle) for _ in range(BACKLOG)]
        still_alive = workers.submit(cycle_still_alive)  # queued at once: no idle moment
        assert [job() for job in jobs] == list(range(1, BACKLOG + 1))
        assert still_alive() is False
    finally:
        workers.stop()


def test_an_idle_worker_collects_the_last_job_s_garbage(tmp_path: Path) -> None:
    marker = tmp_path / "collected"
    workers = LayoutWorkers(1)
    try:
        workers.submit(leave_a_cycle, str(marker))()
        deadline = time.monotonic() + 30  # IDLE_SECONDS is 0.5: room for a busy machine
        while not (marker.exists() and marker.read_text()) and time.monotonic() < deadline:
            time.sleep(0.05)
        assert marker.read_text() == "collected"
    finally:
        workers.stop()


def test_the_parent_keeps_its_collector_on() -> None:
    workers = LayoutWorkers(2)
    try:
        workers.submit(collector_state)()
    finally:
        workers.stop()
    assert gc.isenabled()


def test_the_first_worker_sends_the_fingerprint_this_process_would_compute() -> None:
    workers = LayoutWorkers(2)
    try:
        assert workers.font_characters()  # the first thing it sends
        deadline = time.monotonic() + 60  # once WeasyPrint is loaded: room for a busy machine
        while (tools := workers.tool_fingerprint()) is None and time.monotonic() < deadline:
            time.sleep(0.05)
    finally:
        workers.stop()
    assert tools == read_tool_fingerprint()


def test_a_fingerprint_not_sent_yet_is_not_waited_for(monkeypatch: pytest.MonkeyPatch) -> None:
    def slow() -> tuple[bool, object]:
        time.sleep(60)
        return False, None

    monkeypatch.setattr(pitch.workers, "_tool_fingerprint", slow)  # forked: the worker's too
    workers = LayoutWorkers(1)
    try:
        started = time.monotonic()
        assert workers.tool_fingerprint() is None
        assert time.monotonic() - started < 30
    finally:
        workers.stop()
