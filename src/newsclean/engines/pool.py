"""An ordered, bounded parallel map over worker processes that survives a crashing worker.

Results come back in input order, with at most ``window`` items in flight, so memory stays bounded
however long the input stream is and an interrupted run has written a prefix of its inputs. Each
worker process builds its state once (a cleaner with compiled rules) through a picklable factory.
When a worker dies (a segfault in a parser, the OOM killer), the items that were in flight are run
again one at a time in a fresh pool, so only the item that kills a worker is reported as failed.
"""

from __future__ import annotations

import logging
import os
import signal
import threading
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from typing import Any, TypeVar

LOGGER = logging.getLogger(__name__)

T = TypeVar("T")
R = TypeVar("R")

#: Items in flight per worker: enough to keep every worker busy while results are written.
IN_FLIGHT_PER_WORKER = 4
#: How often (seconds) a worker checks that the process that started it is still alive.
PARENT_CHECK_SECONDS = 1.0

_WORKER: Callable[[Any], Any] | None = None


def default_workers() -> int:
    """All cores this process may use."""
    try:
        return len(os.sched_getaffinity(0)) or 1
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def ordered_map(
    factory: Callable[..., Callable[[T], R]],
    args: tuple[Any, ...],
    items: Iterable[T],
    *,
    workers: int,
    on_crash: Callable[[T, BaseException], R],
    window: int | None = None,
) -> Iterator[R]:
    """Apply ``factory(*args)`` to every item, in ``workers`` processes, yielding results in order.

    ``workers <= 1`` runs in this process (no pool, no pickling). ``on_crash`` turns an item whose
    worker process died into a result.
    """
    if workers <= 1:
        func = factory(*args)
        for item in items:
            yield func(item)
        return
    window = window or workers * IN_FLIGHT_PER_WORKER
    pool = _new_pool(workers, factory, args)
    pending: deque[tuple[T, Future[R]]] = deque()
    try:
        for item in items:
            pending.append((item, pool.submit(_call_worker, item)))
            while len(pending) >= window or (pending and pending[0][1].done()):
                result, pool = _next_result(pending, pool, workers, factory, args, on_crash)
                yield from result
        while pending:
            result, pool = _next_result(pending, pool, workers, factory, args, on_crash)
            yield from result
    finally:
        pool.shutdown(wait=True, cancel_futures=True)


def _next_result(
    pending: deque[tuple[T, Future[R]]],
    pool: ProcessPoolExecutor,
    workers: int,
    factory: Callable[..., Callable[[T], R]],
    args: tuple[Any, ...],
    on_crash: Callable[[T, BaseException], R],
) -> tuple[list[R], ProcessPoolExecutor]:
    """The oldest item's result; after a worker crash, the results of every item that was in flight."""
    item, future = pending[0]
    try:
        result = future.result()
    except BrokenProcessPool:
        LOGGER.warning("a worker process died; re-running %d in-flight item(s) one at a time", len(pending))
    else:
        pending.popleft()
        return [result], pool
    pool.shutdown(wait=True, cancel_futures=True)
    suspects = [it for it, _ in pending]
    pending.clear()
    results: list[R] = []
    for suspect in suspects:
        pool = _new_pool(1, factory, args)
        try:
            results.append(pool.submit(_call_worker, suspect).result())
        except BrokenProcessPool as err:
            results.append(on_crash(suspect, err))
        finally:
            pool.shutdown(wait=True, cancel_futures=True)
    return results, _new_pool(workers, factory, args)


def _new_pool(workers: int, factory: Callable[..., Any], args: tuple[Any, ...]) -> ProcessPoolExecutor:
    return ProcessPoolExecutor(max_workers=workers, initializer=_init_worker, initargs=(factory, args, os.getpid()))


def _init_worker(factory: Callable[..., Callable[[Any], Any]], args: tuple[Any, ...], parent: int) -> None:
    """Build this worker's state; Ctrl-C is the parent's to handle, and a parent's death ends us."""
    global _WORKER
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    _WORKER = factory(*args)
    threading.Thread(target=_watch_parent, args=(parent,), daemon=True).start()


def _watch_parent(parent: int) -> None:
    # A parent killed with SIGKILL cannot stop its pool: orphaned workers would wait forever.
    while os.getppid() == parent:
        time.sleep(PARENT_CHECK_SECONDS)
    os._exit(1)


def _call_worker(item: Any) -> Any:
    assert _WORKER is not None, "worker used before its initializer ran"
    return _WORKER(item)
