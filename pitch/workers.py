"""The worker processes that lay out PDFs: started early, stopped at once, quiet on Ctrl-C.

A build forks two workers before it reads the inputs, so WeasyPrint's import
(about 0.65 s) happens while the parent checks and renders; `--all-funders`
forks one pool for all its variants. The parent owns Ctrl-C and SIGTERM: a
worker ignores the first and dies quietly of the second.
"""

from __future__ import annotations

import multiprocessing
import signal
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from multiprocessing.pool import Pool
from typing import Any

from pitch.timings import span


@contextmanager
def pdf_workers(jobs: int) -> Iterator[Pool | None]:
    """Two worker processes that start importing WeasyPrint at once.

    Started before the inputs are read, so that checking and rendering run
    while the workers pay WeasyPrint's import; stopped at once on an error.
    """
    if jobs <= 1:
        yield None
        return
    with worker_pool(2, _import_weasyprint) as pool:
        yield pool


@contextmanager
def worker_pool(count: int, initializer: Callable[[], None]) -> Iterator[Pool]:
    """Forked worker processes, stopped at once when the block ends.

    Every result was taken by then, so a worker still importing WeasyPrint
    (nothing needed laying out: the cache had it all) is not waited for.
    """
    pool = multiprocessing.get_context("fork").Pool(count, initializer=initializer)
    try:
        yield pool
    finally:
        pool.terminate()
        pool.join()


def _import_weasyprint() -> None:
    quiet_worker_signals()
    with span("import weasyprint"):
        # Warms the worker: a job's own imports (its function's module included) are then free.
        import weasyprint  # noqa: F401

        import pitch.documents.layout_jobs  # noqa: F401


def quiet_worker_signals() -> None:
    """Workers leave Ctrl-C to the parent and die quietly when it stops them."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)


def run_job(workers: Pool | None, function: Callable[..., Any], *args: Any) -> Callable[[], Any]:
    """Start a job in a worker (or here, with no workers); return how to get its result."""
    if workers is None:
        result = function(*args)
        return lambda: result
    return workers.apply_async(function, args).get
