"""Long fuzz run of ``clean()``: crashes, hangs and network attempts over many hostile inputs.

Inputs are numbered; input *n* is rebuilt by ``benchmarks.mutations.make_input(n, seeds())``
(mutations of the hand-written pages in ``tests/robustness_seeds/`` and random bytes). Each worker
process cleans a range of numbers with a socket guard that refuses any connection, and reports:

- crashes: ``clean()`` raised (the contract says it never does on str/bytes);
- hangs: one input took longer than ``--hang`` seconds, or a worker stopped answering;
- internal errors: a failure caught inside the pipeline (an empty article with a warning);
- network: connection attempts refused by the guard.

Input times are CPU seconds of the worker (a shared, loaded machine does not make an input a hang).
``--seeds corpus`` mutates real pages of ``../shared/corpus`` (read there at run time) instead of the
hand-written seeds.

Run (the default 100,000 inputs on the hand-written seeds take about an hour on two idle cores; real
pages are larger and take a few times longer)::

    .venv/bin/python -m benchmarks.fuzz --inputs 100000 --workers 2
    .venv/bin/python -m benchmarks.fuzz --inputs 100000 --workers 2 --seeds corpus
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import socket
import time
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from dataclasses import asdict, dataclass, field
from typing import Any

from benchmarks.mutations import corpus_seeds, make_input, seeds

#: Inputs per task handed to a worker.
BATCH = 200
#: An input slower than this (seconds) counts as a hang; generous: the machine may be shared.
HANG_SECONDS = 60.0
#: How many of the slowest inputs the tally names.
SLOWEST = 10


@dataclass
class Tally:
    """What a range of inputs produced."""

    inputs: int = 0
    crashes: list[str] = field(default_factory=list)
    hangs: list[str] = field(default_factory=list)
    internal_errors: list[str] = field(default_factory=list)
    network: int = 0
    empty: int = 0
    seconds: float = 0.0
    slowest: float = 0.0
    #: The slowest inputs: (CPU seconds, input number), slowest first, at most SLOWEST of them.
    slow: list[tuple[float, int]] = field(default_factory=list)
    #: Peak resident memory (MiB) of each worker process that cleaned a range.
    peaks: dict[int, float] = field(default_factory=dict)

    def add(self, other: Tally) -> None:
        """Fold another tally into this one."""
        self.inputs += other.inputs
        self.crashes += other.crashes
        self.hangs += other.hangs
        self.internal_errors += other.internal_errors
        self.network += other.network
        self.empty += other.empty
        self.seconds += other.seconds
        self.slowest = max(self.slowest, other.slowest)
        self.slow = sorted(self.slow + other.slow, reverse=True)[:SLOWEST]
        for pid, peak in other.peaks.items():
            self.peaks[pid] = max(self.peaks.get(pid, 0.0), peak)


_ATTEMPTS = [0]


def _refuse(*args: Any, **kwargs: Any) -> None:
    _ATTEMPTS[0] += 1
    raise OSError("network access refused by the fuzz guard")


#: Real corpus pages the ``--seeds corpus`` run mutates.
CORPUS_SEEDS = 600


def run_range(start: int, stop: int, hang: float, corpus: bool = False) -> Tally:
    """Clean inputs ``start`` to ``stop - 1`` in this process."""
    from newsclean import Article, clean  # imported in the worker

    socket.socket.connect = _refuse  # type: ignore[method-assign]
    socket.socket.connect_ex = _refuse  # type: ignore[method-assign]
    socket.create_connection = _refuse  # type: ignore[assignment]
    socket.getaddrinfo = _refuse  # type: ignore[assignment]
    pages = corpus_seeds(CORPUS_SEEDS) if corpus else seeds()
    if not pages:
        raise SystemExit("no seed pages (is ../shared/corpus beside the project?)")
    tally = Tally()
    _ATTEMPTS[0] = 0
    for n in range(start, stop):
        page = make_input(n, pages)
        began = time.process_time()
        try:
            article = clean(page)
            ok = isinstance(article, Article) and isinstance(article.text, str)
            json.dumps(article.as_dict())
            if not ok:
                tally.crashes.append(f"{n}: not an Article")
        except Exception as err:  # a contract violation: record it and go on
            tally.crashes.append(f"{n}: {err!r}"[:300])
            article = None
        took = time.process_time() - began
        tally.inputs += 1
        tally.seconds += took
        tally.slowest = max(tally.slowest, took)
        if len(tally.slow) < SLOWEST or took > tally.slow[-1][0]:
            tally.slow = sorted([*tally.slow, (took, n)], reverse=True)[:SLOWEST]
        if took > hang:
            tally.hangs.append(f"{n}: {took:.1f}s")
        if article is not None:
            if not article.text:
                tally.empty += 1
            errors = [w for w in article.warnings if w.startswith(("internal error", "extractor failed"))]
            if errors:
                tally.internal_errors.append(f"{n}: {errors[0]}"[:300])
    tally.network = _ATTEMPTS[0]
    tally.peaks = {os.getpid(): resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}
    return tally


def main(argv: list[str] | None = None) -> int:
    """Run the fuzz campaign and print its tally; exit status 1 on any crash or hang."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--inputs", type=int, default=100_000)
    parser.add_argument("--start", type=int, default=0, help="number of the first input")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--hang", type=float, default=HANG_SECONDS,
                        help="CPU seconds for one input to count as a hang")
    parser.add_argument("--seeds", choices=("hand", "corpus"), default="hand",
                        help="mutate the hand-written seed pages or real pages of ../shared/corpus")
    args = parser.parse_args(argv)

    total = Tally()
    began = time.perf_counter()
    ranges = [(s, min(s + BATCH, args.start + args.inputs)) for s in range(args.start, args.start + args.inputs, BATCH)]
    # A worker that stops answering for a whole batch's worth of hang time is a hang too.
    batch_timeout = BATCH * args.hang
    with ProcessPoolExecutor(max_workers=args.workers) as pool:
        pending: dict[Future[Tally], tuple[int, int]] = {}
        queue = list(reversed(ranges))
        while queue or pending:
            while queue and len(pending) < 2 * args.workers:
                r = queue.pop()
                pending[pool.submit(run_range, r[0], r[1], args.hang, args.seeds == "corpus")] = r
            done, _ = wait(pending, timeout=batch_timeout, return_when=FIRST_COMPLETED)
            if not done:
                stuck = ", ".join(f"{a}-{b - 1}" for a, b in pending.values())
                total.hangs.append(f"worker stopped answering on inputs {stuck}")
                pool.shutdown(wait=False, cancel_futures=True)
                break
            for fut in done:
                total.add(fut.result())
                del pending[fut]
            print(f"... {total.inputs} inputs, {len(total.crashes)} crashes, {len(total.hangs)} hangs", flush=True)
    wall = time.perf_counter() - began
    print(json.dumps({k: v for k, v in asdict(total).items()
                      if k not in ("crashes", "hangs", "internal_errors", "peaks", "slow")}))
    print("slowest inputs (CPU s, number): " + ", ".join(f"{t:.2f} #{n}" for t, n in total.slow))
    peaks = "  ".join(f"{pid}: {peak:.0f}" for pid, peak in sorted(total.peaks.items()))
    print(f"peak resident memory per worker process (MiB): {peaks}; max {max(total.peaks.values(), default=0):.0f}")
    print(f"inputs {total.inputs}  crashes {len(total.crashes)}  hangs {len(total.hangs)}  "
          f"internal errors {len(total.internal_errors)}  network attempts {total.network}  "
          f"empty articles {total.empty}  slowest input {total.slowest:.2f}s  wall {wall:.0f}s")
    for line in (*total.crashes[:20], *total.hangs[:20], *total.internal_errors[:20]):
        print("  " + line)
    return 1 if total.crashes or total.hangs else 0


if __name__ == "__main__":
    raise SystemExit(main())
