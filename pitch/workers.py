"""The worker processes that lay out PDFs: warmed once, shared by every job, stopped at once.

A build forks one worker before it reads the inputs. That worker imports
WeasyPrint (about 0.3 s, while the parent checks and renders), then forks
the others from itself, so they start warm at no further cost and a build
that finds everything in the layout cache runs beside one importing process,
not two. The workers take jobs from one queue, so whichever is free takes
the next: `--all-funders` hands every variant's layouts to the same workers.

The parent owns Ctrl-C and SIGTERM: a worker ignores the first; the parent
stops the first worker with SIGTERM, and it stops the ones it forked.

A worker collects cycles itself, between jobs, never during one. A job makes
hardly any cyclic garbage until it ends, when its laid-out document (a web of
boxes pointing at their parents) becomes one big cycle; left to run, the
collector swept the pitch's job twice over, 0.1-0.16 s of its 1.8 s, freeing
a few thousand objects. So the imported modules are frozen out of its sight
after the warm-up, and a worker sweeps the documents of its last jobs once it
has been idle for a moment (see `_serve`).
"""

from __future__ import annotations

import ctypes
import gc
import itertools
import multiprocessing
import os
import signal
import traceback
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from multiprocessing.connection import Connection
from multiprocessing.queues import Queue
from queue import Empty
from typing import Any

from pitch.timings import span

PR_SET_PDEATHSIG = 1
STOPS = {signal.SIGINT, signal.SIGTERM}
STOP_SECONDS = 5.0
IDLE_SECONDS = 0.5
"""How long a worker waits for a job before it collects the last jobs' garbage."""
BACKLOG = 3
"""A worker never busy for IDLE_SECONDS collects after this many jobs all the same."""
Job = tuple[int, Callable[..., Any], tuple[Any, ...]]
Outcome = tuple[int, bool, Any]
"""A job's number, whether it succeeded, and its result or its exception."""


class LayoutWorkers:
    """`count` warm worker processes that run jobs in the order they are submitted."""

    def __init__(self, count: int) -> None:
        context = multiprocessing.get_context("fork")
        self._jobs: Queue[Job | None] = context.Queue()
        self._outcomes: Queue[Outcome] = context.Queue()
        self._numbers = itertools.count()
        self._arrived: dict[int, Outcome] = {}
        self._by_key: dict[str, Callable[[], Any]] = {}
        # What the first worker reads as it starts (see `_first_worker`) comes through its
        # own pipe, not the outcomes queue: a queue's feeder thread would not survive the
        # worker's forking the others.
        self._news, news_end = context.Pipe(duplex=False)
        self._heard: list[tuple[bool, Any]] = []
        self._first = context.Process(target=_first_worker, name="pitch-layout",
                                      args=(count, self._jobs, self._outcomes, news_end),
                                      daemon=True)
        # Forked with Ctrl-C and SIGTERM held: a stop that comes before the worker has
        # set its own handlers waits for them, instead of reaching this process's.
        held = signal.pthread_sigmask(signal.SIG_BLOCK, STOPS)
        try:
            self._first.start()
        finally:
            signal.pthread_sigmask(signal.SIG_SETMASK, held)
            news_end.close()  # the worker's end: a worker that dies is then an EOFError here

    def submit(
        self, function: Callable[..., Any], *args: Any, key: str | None = None
    ) -> Callable[[], Any]:
        """Queue `function(*args)` for the next free worker; return how to wait for its result.

        A job of a `key` already submitted is not queued again: it shares that result.
        """
        if key is not None and key in self._by_key:
            return self._by_key[key]
        number = next(self._numbers)
        self._jobs.put((number, function, args))

        def result() -> Any:
            return self._result(number)

        if key is not None:
            self._by_key[key] = result
        return result

    def _result(self, number: int) -> Any:
        while number not in self._arrived:
            outcome = self._outcomes.get()
            self._arrived[outcome[0]] = outcome
        _, succeeded, value = self._arrived[number]
        if not succeeded:
            raise value
        return value

    def font_characters(self) -> dict[str, frozenset[int]] | None:
        """The packaged fonts' code points, which the first worker reads as it starts
        (None if it could not: this process then reads them itself)."""
        succeeded, characters = self._news_item(0)
        return dict(characters) if succeeded else None

    def tool_fingerprint(self) -> dict[str, str] | None:
        """The tools' fingerprint (for the layout cache's keys), if the first worker has
        sent it: it computes it once WeasyPrint is loaded. None if not yet, or if it could
        not: this process then computes it, which takes less than waiting would."""
        succeeded, tools = self._news_item(1, wait=False)
        return dict(tools) if succeeded else None

    def _news_item(self, index: int, *, wait: bool = True) -> tuple[bool, Any]:
        """The `index`th thing the first worker sent; (False, None) if it died, or, not
        to `wait`, if it has not sent it yet."""
        while len(self._heard) <= index:
            try:
                if not wait and not self._news.poll():
                    return False, None
                self._heard.append(self._news.recv())
            except (EOFError, OSError):  # the worker died, or the pipe is closed
                self._heard.append((False, None))
        return self._heard[index]

    def stop(self) -> None:
        """Stop every worker at once, whatever it is doing (every result was taken)."""
        for queue in (self._jobs, self._outcomes):
            queue.cancel_join_thread()
            queue.close()
        self._news.close()
        if self._first.is_alive():
            self._first.terminate()
        self._first.join(STOP_SECONDS)
        if self._first.is_alive():  # a bug, not a plan: never wait on a worker for ever
            self._first.kill()
            self._first.join()


@contextmanager
def pdf_workers(jobs: int) -> Iterator[LayoutWorkers | None]:
    """Workers for the layouts (None with `jobs` 1: everything runs in this process)."""
    if jobs <= 1:
        yield None
        return
    workers = LayoutWorkers(jobs)
    try:
        yield workers
    finally:
        workers.stop()


def run_job(
    workers: LayoutWorkers | None, function: Callable[..., Any], *args: Any,
    key: str | None = None,
) -> Callable[[], Any]:
    """Start a job in a worker (or here, with no workers); return how to get its result.

    Jobs of the same `key` make the same thing: the first one's result serves them all.
    """
    if workers is None:
        result = function(*args)
        return lambda: result
    return workers.submit(function, *args, key=key)


def _first_worker(
    count: int, jobs: Queue[Job | None], outcomes: Queue[Outcome], news: Connection
) -> None:
    """Warm up, fork the other workers from this warm process, then serve jobs.

    On its way, it sends the parent what the parent would otherwise compute on
    its way to the pitch's HTML: the fonts' code points first, the tools'
    fingerprint once WeasyPrint is loaded. Both fit in a pipe's buffer, so a
    worker whose parent never asks (a layout outside a build) never waits.
    """
    quiet_worker_signals()
    signal.pthread_sigmask(signal.SIG_UNBLOCK, STOPS)  # held since the fork
    _stop_with_parent()
    news.send(_font_characters())
    _warm_up()
    news.send(_tool_fingerprint())
    news.close()
    gc.disable()  # from here on, each worker collects between jobs (see the module's docstring)
    # The imports: never garbage, and shared with the workers forked below. No collection
    # first: it found nothing to free and cost 0.027 s on the worker's way to the pitch.
    gc.freeze()
    others = []
    for _ in range(count - 1):
        pid = os.fork()
        if pid == 0:
            _stop_with_parent()
            _serve(jobs, outcomes)
        others.append(pid)

    def stop_the_others(signum: int, frame: object) -> None:
        for pid in others:
            os.kill(pid, signal.SIGTERM)
            os.waitpid(pid, 0)
        os._exit(0)

    signal.signal(signal.SIGTERM, stop_the_others)
    _serve(jobs, outcomes)


def _stop_with_parent() -> None:
    """Have Linux send this process SIGTERM when its parent dies, however it dies.

    A worker holds both ends of the job queue, so it would never see it end.
    """
    try:
        ctypes.CDLL(None).prctl(PR_SET_PDEATHSIG, signal.SIGTERM)
    except (OSError, AttributeError):  # not Linux: the parent's own stop has to do
        pass


def _font_characters() -> tuple[bool, Any]:
    """The fonts' code points, for the parent's glyph check (about 10 KB pickled)."""
    try:
        from pitch.fonts import every_familys_characters

        return True, every_familys_characters()
    except Exception:
        return False, None  # the parent reads them itself, and meets the error there


def _tool_fingerprint() -> tuple[bool, Any]:
    """The tools' fingerprint, for the layout cache's keys (about 1 KB pickled)."""
    try:
        from pitch.documents.cache import read_tool_fingerprint

        return True, read_tool_fingerprint()
    except Exception:
        return False, None  # the parent computes it itself


def _warm_up() -> None:
    """Import what the jobs need, so that a job starts as soon as it arrives."""
    with span("import weasyprint"):
        try:
            from pitch.documents.libraries import import_weasyprint

            import_weasyprint()
            import pitch.documents.layout_jobs  # noqa: F401
        except Exception:
            pass


def _serve(jobs: Queue[Job | None], outcomes: Queue[Outcome]) -> None:
    """Run jobs until the queue ends; send back each result, or its exception.

    The collector stays off during a job. The jobs' garbage is collected once
    no job came for IDLE_SECONDS, or before the next job once BACKLOG jobs left
    theirs (so `--all-funders` holds at most that many documents' worth). Not
    just after a job: the queue's feeder thread is still sending its outcome,
    and a collection holds the interpreter, and so the outcome, while it sweeps.
    """
    litter = 0
    while True:
        job = _next(jobs, IDLE_SECONDS if litter else None)
        if job is _IDLE or litter >= BACKLOG:
            gc.collect()
            litter = 0
        if job is _IDLE:
            continue
        if job is None:
            break
        number, function, args = job
        try:
            outcome: Outcome = (number, True, function(*args))
        except Exception as error:
            outcome = (number, False, _picklable(error))
        outcomes.put(outcome)
        del job, function, args, outcome  # garbage now, for the next collection
        litter += 1
    os._exit(0)


_IDLE: Any = object()
"""What `_next` returns when no job came in time."""


def _next(jobs: Queue[Job | None], timeout: float | None = None) -> Job | None:
    """The next job; None when the queue ends; _IDLE when `timeout` passed without one."""
    try:
        return jobs.get(timeout=timeout)
    except Empty:
        return _IDLE  # type: ignore[no-any-return]
    except (EOFError, OSError):  # the parent is gone
        return None


def _picklable(error: Exception) -> Exception:
    """The exception itself if it crosses to the parent, else its traceback as text."""
    import pickle

    try:
        pickle.dumps(error)
    except Exception:
        return RuntimeError("".join(traceback.format_exception(error)))
    return error


def quiet_worker_signals() -> None:
    """Workers leave Ctrl-C to the parent and die quietly when it stops them."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)


@contextmanager
def worker_pool(count: int, initializer: Callable[[], None]) -> Iterator[Any]:
    """Forked worker processes (multiprocessing.Pool), stopped at once when the block ends."""
    pool = multiprocessing.get_context("fork").Pool(count, initializer=initializer)
    try:
        yield pool
    finally:
        pool.terminate()
        pool.join()
