"""An ordered, bounded parallel map over worker processes that the parent stops on time.

Results come back in input order, with at most ``window`` items in flight, so memory stays bounded
however long the input stream is and an interrupted run has written a prefix of its inputs. Each
worker process builds its state once (a cleaner with compiled rules) through a factory and cleans
one item at a time. The parent watches every busy worker: one that has spent more than
``timeout`` seconds of CPU on its item (a page that keeps libxml2, RE2 or an XPath busy in C code,
where no signal reaches Python) is killed and replaced at once, and its item becomes
``on_timeout``'s result; one that dies (a segfault, the OOM killer) fails only its own item, through
``on_crash``. CPU time, not wall time, so a loaded machine does not stop good documents; a worker
that sleeps instead (blocked I/O) is stopped after :data:`WALL_FACTOR` times the timeout.
"""

from __future__ import annotations

import logging
import multiprocessing
import os
import signal
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from multiprocessing.connection import Connection, wait
from typing import Any, TypeVar

LOGGER = logging.getLogger(__name__)

T = TypeVar("T")
R = TypeVar("R")

#: Items in flight per worker: enough to keep every worker busy while results are written.
IN_FLIGHT_PER_WORKER = 4
#: How often (seconds) a worker checks that the process that started it is still alive.
PARENT_CHECK_SECONDS = 1.0
#: How often (seconds) the parent reads the CPU time of busy workers when a timeout is set.
POLL_SECONDS = 0.1
#: A worker that spends this many times the timeout in wall time (sleeping, blocked) is stopped too.
WALL_FACTOR = 10.0
_CLOCK_TICKS = os.sysconf("SC_CLK_TCK") if hasattr(os, "sysconf") else 100


def default_workers() -> int:
    """All cores this process may use."""
    try:
        return len(os.sched_getaffinity(0)) or 1
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


@dataclass
class PoolStats:
    """What the workers of one map used: for benchmarks and the batch summary."""

    #: Peak resident memory (bytes) of each worker process, as it ended (Linux; else empty).
    peak_rss: list[int] = field(default_factory=list)
    timed_out: int = 0
    crashed: int = 0
    #: CPU seconds each stopped item had used when its worker was killed.
    stopped_after: list[float] = field(default_factory=list)


def ordered_map(
    factory: Callable[..., Callable[[T], R]],
    args: tuple[Any, ...],
    items: Iterable[T],
    *,
    workers: int,
    on_crash: Callable[[T, BaseException], R],
    timeout: float = 0.0,
    on_timeout: Callable[[T, float], R] | None = None,
    window: int | None = None,
    stats: PoolStats | None = None,
) -> Iterator[R]:
    """Apply ``factory(*args)`` to every item, in ``workers`` processes, yielding results in order.

    ``workers <= 1`` without a ``timeout`` runs in this process (no pickling). ``on_crash`` turns an
    item whose worker died into a result; ``on_timeout`` one whose worker was stopped after
    ``timeout`` seconds of CPU time (0: never). An exception raised by the worker function is
    raised here.
    """
    if workers <= 1 and timeout <= 0:
        func = factory(*args)
        for item in items:
            yield func(item)
        return
    pool = _Pool(factory, args, max(workers, 1), timeout, stats if stats is not None else PoolStats())
    try:
        yield from pool.run(iter(items), window or max(workers, 1) * IN_FLIGHT_PER_WORKER, on_crash,
                            on_timeout or (lambda item, seconds: on_crash(item, TimeoutError(seconds))))
    finally:
        pool.close()


class WorkerDied(Exception):
    """A worker process ended while holding an item (its exit code says how)."""


@dataclass
class _Slot:
    process: Any
    conn: Connection
    job: tuple[int, Any] | None = None
    #: The worker has built its state (its start-up CPU time is not the first item's).
    ready: bool = False
    cpu_start: float = 0.0
    wall_start: float = 0.0


class _Pool:
    def __init__(self, factory: Callable[..., Any], args: tuple[Any, ...], workers: int, timeout: float,
                 stats: PoolStats) -> None:
        self.factory, self.args, self.timeout, self.stats = factory, args, timeout, stats
        self.context = multiprocessing.get_context()
        self.slots = [self._start() for _ in range(workers)]

    def _start(self) -> _Slot:
        parent_end, child_end = self.context.Pipe()
        process = self.context.Process(target=_worker_main, args=(child_end, self.factory, self.args, os.getpid()),
                                       daemon=True)
        process.start()
        child_end.close()
        return _Slot(process, parent_end)

    def run(self, items: Iterator[Any], window: int, on_crash: Callable[[Any, BaseException], Any],
            on_timeout: Callable[[Any, float], Any]) -> Iterator[Any]:
        results: dict[int, Any] = {}
        submitted = emitted = 0
        exhausted = False
        while True:
            for slot in self.slots:  # hand items to idle workers, within the window
                if slot.ready and slot.job is None and not exhausted and submitted - emitted < window:
                    try:
                        item = next(items)
                    except StopIteration:
                        exhausted = True
                        break
                    self._submit(slot, submitted, item)
                    submitted += 1
            while emitted in results:
                yield results.pop(emitted)
                emitted += 1
            busy = [slot for slot in self.slots if slot.job is not None]
            starting = [slot for slot in self.slots if not slot.ready]
            if not busy and (exhausted or not starting):
                if exhausted:
                    return
                continue
            ready = wait([s.conn for s in busy + starting] + [s.process.sentinel for s in busy + starting],
                         POLL_SECONDS if self.timeout > 0 else None)
            for slot in starting:
                if slot.conn in ready:
                    self._started(slot)
            for slot in busy:
                seq, item = slot.job  # type: ignore[misc]
                if slot.conn in ready or slot.conn.poll():
                    try:
                        ok, value = slot.conn.recv()
                    except (EOFError, OSError):
                        ok, value = None, None
                    if ok is not None:
                        slot.job = None
                        if not ok:
                            raise value
                        results[seq] = value
                        continue
                if slot.process.sentinel in ready or not slot.process.is_alive():
                    code = slot.process.exitcode
                    LOGGER.warning("a worker process died (exit code %s); its item fails alone", code)
                    self.stats.crashed += 1
                    results[seq] = on_crash(item, WorkerDied(f"exit code {code}"))
                    self._replace(slot)
                elif self.timeout > 0 and self._overrun(slot):
                    self.stats.timed_out += 1
                    results[seq] = on_timeout(item, self.timeout)
                    self._replace(slot)

    def _started(self, slot: _Slot) -> None:
        """Read a starting worker's first word: ready, or the error its factory raised."""
        try:
            ok, value = slot.conn.recv()
        except (EOFError, OSError):
            raise WorkerDied(f"a worker process died while starting (exit code {slot.process.exitcode})") from None
        if not ok:
            raise value
        slot.ready = True

    def _submit(self, slot: _Slot, seq: int, item: Any) -> None:
        slot.job = (seq, item)
        slot.cpu_start, slot.wall_start = _cpu_seconds(slot.process.pid), time.monotonic()
        slot.conn.send((seq, item))

    def _overrun(self, slot: _Slot) -> bool:
        wall = time.monotonic() - slot.wall_start
        cpu = _cpu_seconds(slot.process.pid)
        used = cpu - slot.cpu_start if cpu >= 0 else wall  # no /proc: wall time is all there is
        if used > self.timeout or wall > self.timeout * WALL_FACTOR:
            self.stats.stopped_after.append(used)
            return True
        return False

    def _replace(self, slot: _Slot) -> None:
        """Kill the slot's worker (stuck, or dead already) and start a fresh one in its place."""
        self._stop(slot, kill=True)
        fresh = self._start()
        slot.process, slot.conn, slot.job, slot.ready = fresh.process, fresh.conn, None, False

    def _stop(self, slot: _Slot, *, kill: bool) -> None:
        peak = _peak_rss(slot.process.pid)
        if peak:
            self.stats.peak_rss.append(peak)
        if kill:
            slot.process.kill()
        else:
            try:
                slot.conn.send(None)
            except OSError:
                pass
        slot.process.join(timeout=None if kill else 5)
        if slot.process.is_alive():
            slot.process.kill()
            slot.process.join()
        slot.conn.close()

    def close(self) -> None:
        for slot in self.slots:
            self._stop(slot, kill=slot.job is not None)


def _worker_main(conn: Connection, factory: Callable[..., Callable[[Any], Any]], args: tuple[Any, ...],
                 parent: int) -> None:
    """Build this worker's state, then clean items until told to stop; Ctrl-C is the parent's."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    threading.Thread(target=_watch_parent, args=(parent,), daemon=True).start()
    try:
        func = factory(*args)
    except Exception as err:
        conn.send((False, err))
        return
    conn.send((True, None))
    while True:
        try:
            message = conn.recv()
        except (EOFError, OSError):
            return
        if message is None:
            return
        seq, item = message
        try:
            reply = (True, func(item))
        except Exception as err:  # raised in the parent, as a plain call would
            reply = (False, err)
        conn.send(reply)


def _watch_parent(parent: int) -> None:
    # A parent killed with SIGKILL cannot stop its workers: orphaned workers would wait forever.
    while os.getppid() == parent:
        time.sleep(PARENT_CHECK_SECONDS)
    os._exit(1)


def _cpu_seconds(pid: int | None) -> float:
    """User plus system CPU seconds of a process (Linux /proc); -1 when unknown."""
    try:
        with open(f"/proc/{pid}/stat", "rb") as fh:
            fields = fh.read().rsplit(b")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / _CLOCK_TICKS
    except (OSError, IndexError, ValueError):
        return -1.0


def _peak_rss(pid: int | None) -> int:
    """Peak resident memory of a live process in bytes (Linux /proc ``VmHWM``); 0 when unknown."""
    try:
        with open(f"/proc/{pid}/status", "rb") as fh:
            for line in fh:
                if line.startswith(b"VmHWM:"):
                    return int(line.split()[1]) * 1024
    except (OSError, ValueError, IndexError):
        pass
    return 0
