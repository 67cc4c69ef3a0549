"""Where a build's time goes: named spans, recorded only when the benchmark asks.

With PITCH_TIMINGS set to a file path, every process of a build (the parent
and its forked workers) appends one JSON line per span to that file: the
process id, the span's name, and its start and end on the system-wide
monotonic clock (time.perf_counter on Linux), so spans from different
processes line up. Without the variable a span costs one dictionary look-up.
`make bench` (bench/breakdown.py) turns the lines into the breakdown table.
"""

from __future__ import annotations

import json
import os
import time
from collections.abc import Iterator
from contextlib import contextmanager

TIMINGS_VARIABLE = "PITCH_TIMINGS"


@contextmanager
def span(name: str, **details: str) -> Iterator[None]:
    """Record how long the block takes, under `name`, when timings are on."""
    if TIMINGS_VARIABLE not in os.environ:
        yield
        return
    start = time.perf_counter()
    try:
        yield
    finally:
        record(name, start, time.perf_counter(), **details)


def record(name: str, start: float, end: float, **details: str) -> None:
    """Append one span to the timings file (a no-op when timings are off)."""
    path = os.environ.get(TIMINGS_VARIABLE)
    if not path:
        return
    line = json.dumps({"pid": os.getpid(), "name": name, "start": start, "end": end, **details})
    with open(path, "a", encoding="utf-8") as timings:
        timings.write(line + "\n")


def mark(name: str) -> None:
    """Record an instant (a span of no length), such as the moment main() starts."""
    if TIMINGS_VARIABLE in os.environ:
        now = time.perf_counter()
        record(name, now, now)
