"""Where per-report analysis runs: a local process pool, or a Dask distributed cluster.

Both are :class:`concurrent.futures.Executor` objects with the same ``map``,
so :func:`newsdesk.pipeline.ingest` has one code path for either: it keeps a
bounded number of batches in flight (back-pressure), gets results in input
order, and stores and places them in the main process, one transaction per
report.  Only the pure analysis travels; the store never leaves this process.
"""

from __future__ import annotations

import multiprocessing
import os
import select
import threading
import time
from concurrent.futures import Executor, ProcessPoolExecutor
from multiprocessing import forkserver
from typing import Any


def local_pool(workers: int) -> ProcessPoolExecutor:
    """A process pool whose workers share models loaded once.

    Workers are forked from a fork server that has imported
    :mod:`newsdesk._preload` (which calls :func:`warm_up`), so each starts with
    the models loaded instead of spending ~10 s loading them.  Forking this
    process instead would be unsafe: once e5 has run here, its OpenMP runtime
    deadlocks in a forked child.
    """
    watch = (os.getpid(),)  # see _end_with
    context = start_fork_server()
    if context is None:
        return ProcessPoolExecutor(workers, initializer=_end_with, initargs=watch)
    return ProcessPoolExecutor(workers, mp_context=context, initializer=_end_with, initargs=watch)


def start_fork_server() -> Any:
    """Start the pool's fork server loading the models (None where the platform has no fork server).

    The first worker start waits until it has loaded; a fork server already
    running is reused, so a command that will need the pool can call this
    first thing and load the models while it imports and reads its input.
    """
    if "forkserver" not in multiprocessing.get_all_start_methods():
        return None
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload(["newsdesk._preload"])
    forkserver.ensure_running()
    return context


def _end_with(ingest_pid: int) -> None:
    """Pool initializer: end this worker as soon as the ingest process that started the pool is gone.

    A worker waits on its task queue, whose write end it holds itself, so it
    never notices a killed ingest (SIGKILL, the OOM killer); the fork server
    lives as long as any worker.  Without this watch, both would run for ever.
    """
    threading.Thread(target=_wait_for_exit, args=(ingest_pid,), daemon=True).start()


def _wait_for_exit(pid: int) -> None:
    try:
        fd = os.pidfd_open(pid)  # Linux >= 5.3: readable once the process has exited
    except (AttributeError, OSError):  # no pidfd (or the process is already gone): poll
        if os.name == "nt":
            return  # os.kill(pid, 0) would terminate the process there, not probe it
        while _alive(pid):
            time.sleep(1)
    else:
        select.select([fd], [], [])
    os._exit(1)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # exists, owned by someone else
        pass
    return True


class ExecutorUnavailable(RuntimeError):
    """The executor asked for cannot be used (no such scheduler, or Dask not installed)."""


class DaskExecutor(Executor):
    """A Dask distributed cluster seen as an executor: ``map`` submits tasks and yields results in order.

    Workers must have newsdesk installed (the same version: tasks are pickled
    references to its functions).  Each worker loads the models once, on its
    first task or when :meth:`warm_up` runs on every worker.  A task that
    fails raises here, as a local pool's would; the pipeline turns analysis
    errors into per-item errors inside the task, so that means a lost worker.
    """

    def __init__(self, address: str, timeout: float = 10) -> None:
        try:
            from distributed import Client
        except ImportError as exc:  # pragma: no cover - depends on the installation
            raise ExecutorUnavailable(
                "analysis on a Dask cluster needs the scale extra: pip install 'newsdesk[scale]'"
            ) from exc
        try:
            self.client = Client(address, timeout=timeout, set_as_default=False)
        except (OSError, TimeoutError) as exc:
            raise ExecutorUnavailable(f"no Dask scheduler answers at {address}: {exc}") from exc

    def warm_up(self, fn: Any) -> None:
        """Run ``fn`` on every worker now (load the models before the first batch arrives)."""
        self.client.run(fn)

    def submit(self, fn: Any, /, *args: Any, **kwargs: Any) -> Any:
        return self.client.submit(fn, *args, pure=False, **kwargs)

    def map(self, fn: Any, *iterables: Any, timeout: float | None = None, chunksize: int = 1) -> Any:
        futures = self.client.map(fn, *iterables, pure=False)
        return (future.result(timeout=timeout) for future in futures)

    def shutdown(self, wait: bool = True, *, cancel_futures: bool = False) -> None:
        self.client.close()


def executor_for(workers: int, scheduler: str | None) -> Executor:
    """The executor an ingest asks for: the Dask cluster at ``scheduler``, else a local pool of ``workers``."""
    if scheduler:
        return DaskExecutor(scheduler)
    return local_pool(workers)
