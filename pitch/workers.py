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
    """Forked worker processes: closed after a clean exit, terminated at once on any error."""
    pool = multiprocessing.get_context("fork").Pool(count, initializer=initializer)
    try:
        yield pool
    except BaseException:
        pool.terminate()
        raise
    else:
        pool.close()
    finally:
        pool.join()


def _import_weasyprint() -> None:
    quiet_worker_signals()
    import weasyprint  # noqa: F401  (warms the worker; the job's own import is then free)


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
