"""Throughput of the command line on the dev corpus with -j 1 and -j 2: does batch cleaning scale with cores?

Runs the real CLI (``python -m newsclean PAGES... -o OUT.jsonl -q -j N``) as a subprocess, so process
start-up, reading, cleaning, rendering and writing are all counted. Usage::

    .venv/bin/python -m benchmarks.throughput [--limit N] [--jobs 1 2]
"""

from __future__ import annotations

import argparse
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from benchmarks.corpus import CORPUS, SETS, available


def pages(limit: int | None) -> list[Path]:
    """The dev set's page files, in name order."""
    folder = CORPUS / SETS["dev"][1]
    files = sorted(p for p in folder.iterdir() if p.is_file())
    return files[:limit] if limit else files


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def run(files: list[Path], jobs: int, out: Path) -> tuple[float, float, int]:
    """Clean ``files`` with ``-j jobs``; return wall time, CPU time of all processes, and records written."""
    cmd = [sys.executable, "-m", "newsclean", *map(str, files), "-o", str(out), "-q", "-j", str(jobs)]
    cpu_before = _children_cpu()
    started = time.perf_counter()
    proc = subprocess.run(cmd, capture_output=True)
    seconds = time.perf_counter() - started
    cpu = _children_cpu() - cpu_before
    if proc.returncode not in (0, 3):  # 3: some documents failed, which is a result too
        raise SystemExit(f"newsclean exited {proc.returncode}: {proc.stderr.decode()[-2000:]}")
    return seconds, cpu, sum(1 for _ in out.open(encoding="utf-8"))


def main(argv: list[str] | None = None) -> int:
    """Print one line per -j setting and the speed-up."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--limit", type=int, help="first N pages only")
    parser.add_argument("--jobs", type=int, nargs="+", default=[1, 2])
    args = parser.parse_args(argv)
    if not available("dev"):
        print(f"corpus not found at {CORPUS}", file=sys.stderr)
        return 1
    files = pages(args.limit)
    megabytes = sum(p.stat().st_size for p in files) / 1e6
    print(f"dev corpus: {len(files)} pages, {megabytes:.1f} MB; {os.cpu_count()} cores, load average "
          f"{os.getloadavg()[0]:.2f} (other work on the machine slows every figure)")
    baseline = None
    with tempfile.TemporaryDirectory() as tmp:
        for jobs in args.jobs:
            seconds, cpu, records = run(files, jobs, Path(tmp) / f"j{jobs}.jsonl")
            baseline = baseline or seconds
            peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
            print(f"-j {jobs}: {seconds:6.1f} s  {len(files) / seconds:6.1f} pages/s  {megabytes / seconds:5.2f} MB/s  "
                  f"{records} records  speed-up x{baseline / seconds:.2f}  CPU {cpu:.1f} s ({cpu / seconds:.2f} cores busy)  "
                  f"peak RSS of one process so far {peak:.0f} MB")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
