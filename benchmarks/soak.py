"""Soak run: clean many pages in one process and print resident memory every 1,000 pages.

Loops over the dev corpus pages (``../shared/corpus/dev/pages``) until ``--pages`` pages are
cleaned, with one :class:`newsclean.Cleaner`, as a long-running pipeline would. Memory is flat
when the resident size after the first few thousand pages (caches warm) stops growing: the last
line prints the growth from the first report to the last.

    .venv/bin/python -m benchmarks.soak --pages 20000 --every 1000
"""

from __future__ import annotations

import argparse
import gc
import resource
import sys
import time
from pathlib import Path

from benchmarks.corpus import CORPUS

PAGES_DIR = CORPUS / "dev" / "pages"


def rss_mib() -> float:
    """Current resident set size of this process, in MiB (Linux /proc; peak RSS elsewhere)."""
    status = Path("/proc/self/status")
    if status.is_file():
        for line in status.read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main(argv: list[str] | None = None) -> int:
    """Run the soak and print one line per report."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=20_000)
    parser.add_argument("--every", type=int, default=1_000)
    args = parser.parse_args(argv)

    from newsclean import Cleaner

    files = sorted(PAGES_DIR.iterdir())
    if not files:
        print(f"no pages in {PAGES_DIR}", file=sys.stderr)
        return 2
    cleaner = Cleaner()
    reports: list[float] = []
    began = time.perf_counter()
    print(f"pages 0  rss {rss_mib():.1f} MiB (before the first page)", flush=True)
    for n in range(1, args.pages + 1):
        cleaner.clean(files[(n - 1) % len(files)].read_bytes())
        if n % args.every == 0:
            gc.collect()  # measure what is kept, not what is waiting for the collector
            reports.append(rss_mib())
            print(f"pages {n}  rss {reports[-1]:.1f} MiB  elapsed {time.perf_counter() - began:.0f}s", flush=True)
    print(f"peak resident memory of the process: {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.1f} MiB")
    if len(reports) >= 2:
        warm = reports[min(1, len(reports) - 1)]
        print(f"growth after the first {args.every} pages: {reports[-1] - reports[0]:+.1f} MiB; "
              f"after {2 * args.every}: {reports[-1] - warm:+.1f} MiB; max {max(reports):.1f} MiB")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
