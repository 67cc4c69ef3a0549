"""Read the spans one build recorded (PITCH_TIMINGS) into a breakdown and its critical path.

The parent's spans are the build's own stages; a worker's are its WeasyPrint
import and its jobs ("job: pitch", with the layout, write and tags inside).
A "wait: X" span in the parent is the time it waited for job X. The critical
path is found walking back from the end: through each wait that lasted, into
the job waited for, then to whatever the job started after: the worker's
import, or the parent's handing it the HTML.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

WAITED = 0.005
"""A wait shorter than this (seconds) is no wait: the result was there."""
SHOWN = 0.001
"""A span shorter than this (seconds) is left out of the tables."""


@dataclass(frozen=True)
class Span:
    """One recorded span, its times in seconds from the spawn of the build."""

    process: str
    name: str
    start: float
    end: float

    @property
    def seconds(self) -> float:
        """How long the span lasted."""
        return self.end - self.start


def read_spans(path: Path, spawned: float) -> list[Span]:
    """The spans in a PITCH_TIMINGS file, named by process: parent, worker 1, worker 2..."""
    lines = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line]
    pids = list(dict.fromkeys(line["pid"] for line in lines))
    names = {pid: "parent" if index == 0 else f"worker {index}" for index, pid in enumerate(pids)}
    spans = [Span(names[line["pid"]], line["name"], line["start"] - spawned,
                  line["end"] - spawned) for line in lines]
    marks = {span.name: span.end for span in spans if span.process == "parent"}
    spans += [Span("parent", "interpreter start", 0.0, marks["interpreter ready"]),
              Span("parent", "import the command line", marks["interpreter ready"], marks["main"])]
    return sorted(spans, key=lambda span: (span.start, -span.end))


def stages(spans: list[Span], ended: float) -> list[Span]:
    """The build's top-level stages, with the exit added."""
    parent = [span for span in spans if span.process == "parent"]
    rows = [span for span in spans if span.seconds >= SHOWN and not _inside_a_job(span, spans)]
    last = max(span.end for span in parent)
    rows.append(Span("parent", "exit (workers stopped, interpreter ends)", last, ended))
    return rows


def _inside_a_job(span: Span, spans: list[Span]) -> bool:
    return not span.name.startswith("job: ") and any(
        other.name.startswith("job: ") and other.process == span.process
        and other.start <= span.start and span.end <= other.end for other in spans)


def critical_path(spans: list[Span], ended: float) -> list[Span]:
    """The chain of spans the build's end waited on, first to last."""
    path: list[Span] = [Span("parent", "exit (workers stopped, interpreter ends)",
                             max(span.end for span in spans if span.process == "parent"), ended)]
    process, before = "parent", path[0].start
    while True:
        span = _last_before(spans, process, before)
        if span is None and process != "parent":
            path.append(Span(process, "fork", before, before))
            process = "parent"
            continue
        if span is None:
            break
        if span.name.startswith("wait: ") and span.seconds > WAITED:
            job = _job(spans, span.name.removeprefix("wait: "))
            if job is not None:
                path += _reversed_inside(spans, job)
                process, before = _after_what(spans, job)
                continue
        path.append(span)
        before = span.start
    return list(reversed(path))


def _last_before(spans: list[Span], process: str, before: float) -> Span | None:
    candidates = [span for span in spans if span.process == process and span.seconds >= SHOWN
                  and span.end <= before + 1e-4 and span.start < before
                  and not span.name.startswith("job: ")
                  and not _inside_a_job(span, spans)]
    return max(candidates, key=lambda span: span.end, default=None)


def _job(spans: list[Span], name: str) -> Span | None:
    return next((span for span in spans if span.name == f"job: {name}"), None)


def _reversed_inside(spans: list[Span], job: Span) -> list[Span]:
    inside = [span for span in spans if span.process == job.process and span is not job
              and job.start <= span.start and span.end <= job.end and span.seconds >= SHOWN]
    return list(reversed(inside)) or [job]


def _after_what(spans: list[Span], job: Span) -> tuple[str, float]:
    """Whom the job waited for: its worker (still importing) or the parent (still rendering)."""
    ready = _last_before(spans, job.process, job.start)
    parent = _last_before(spans, "parent", job.start)
    if ready is not None and (parent is None or ready.end >= parent.end):
        return job.process, job.start
    return "parent", job.start


def format_table(rows: list[Span], title: str) -> str:
    """A Markdown table of spans: process, stage, start, end, seconds."""
    lines = [f"{title}", "", "| process | stage | from s | to s | seconds |", "|---|---|---|---|---|"]
    lines += [f"| {row.process} | {row.name} | {row.start:.3f} | {row.end:.3f} | {row.seconds:.3f} |"
              for row in rows]
    return "\n".join(lines)
