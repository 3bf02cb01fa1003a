"""Hostile page shapes: CPU time and peak memory of newsclean and trafilatura, side by side.

Each shape is a page built to a size (``--mb``) from one repeated pattern that once cost far more
than its size suggests (a million ``<br>``, a 500k-item list, thousands of 256-attribute tags, an
escaped-quote JSON-LD script...). Every shape is cleaned in a fresh process, so that the peak
resident memory printed is that shape's own; newsclean runs with default options (work budget
10 s). The contract: each shape within the budget plus 2 s of CPU and 600 MB resident at the
default 20 MB input cap.

    .venv/bin/python -m benchmarks.hostile --mb 8            # every shape at 8 MB
    .venv/bin/python -m benchmarks.hostile --mb 8 16 20      # and at 16 and 20 MB (the default input cap)
    .venv/bin/python -m benchmarks.hostile --mb 2 --shape br  # one shape
"""

from __future__ import annotations

import argparse
import multiprocessing
import time
from collections.abc import Callable

_PROSE = "The council approved the budget after a long public hearing on road repairs and the library."


def _fill(head: str, unit: str, tail: str, size: int) -> str:
    return head + unit * max(1, (size - len(head) - len(tail)) // len(unit)) + tail


def _article(size: int) -> str:
    return _fill("<html><head><title>Budget</title></head><body><article><h1>Council budget approved</h1>",
                 f"<p>{_PROSE}</p>\n", "</article></body></html>", size)


#: name -> function of a size in bytes giving a page of about that size.
SHAPES: dict[str, Callable[[int], str]] = {
    "br": lambda n: _fill("<html><body><article><p>", "word<br>", "</p></article></body></html>", n),
    "bare-br": lambda n: _fill("<html><body>", "<br>", "</body></html>", n),
    "list": lambda n: _fill("<html><body><ul>", "<li>item text</li>", "</ul></body></html>", n),
    "author-links": lambda n: _fill("<html><body><article><p>" + _PROSE + "</p>",
                                    '<a rel="author" href="/author/jane">Jane Smith</a> ', "</article></body></html>", n),
    "lt-text": lambda n: _fill("<html><body><p>", "<", "</p></body></html>", n),
    "attributes": lambda n: _fill("<html><body>", "<div " + " ".join(f'a{i}="v"' for i in range(256)) + "></div>",
                                  "</body></html>", n),
    "article": _article,
    "jsonld-quotes": lambda n: _fill('<html><head><script type="application/ld+json">', '\\"',
                                     "</script></head><body><article><p>" + _PROSE + "</p></article></body></html>",
                                     n),
}


def measure(shape: str, size: int, extractor: str) -> tuple[float, float, dict[str, float]]:
    """CPU seconds and peak resident MiB of one extractor on one shape, in a fresh process, and
    newsclean's CPU seconds per stage."""
    with multiprocessing.get_context("spawn").Pool(1, maxtasksperchild=1) as pool:
        return pool.apply(_measure_here, (shape, size, extractor))


def _measure_here(shape: str, size: int, extractor: str) -> tuple[float, float, dict[str, float]]:
    import newsclean  # noqa: F401  (imports are not the shape's cost)
    import trafilatura

    from .speed import peak_rss_kb  # VmHWM: ru_maxrss would carry over the parent's peak
    from .stageprofile import timed_stages

    page = SHAPES[shape](size)
    spent: dict[str, float] = {}
    began = time.process_time()
    if extractor == "newsclean":
        with timed_stages(spent):
            newsclean.clean(page)
    else:
        trafilatura.extract(page)
    took = time.process_time() - began
    return took, peak_rss_kb() / 1024, spent


def main(argv: list[str] | None = None) -> int:
    """Print one line per shape: newsclean's and trafilatura's CPU seconds and peak memory."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mb", type=float, nargs="+", default=[8.0], help="page sizes in MB (default 8)")
    parser.add_argument("--shape", action="append", choices=sorted(SHAPES), help="only this shape (repeatable)")
    parser.add_argument("--no-trafilatura", action="store_true", help="newsclean only")
    parser.add_argument("--stages", action="store_true", help="also newsclean's CPU seconds per stage")
    args = parser.parse_args(argv)
    print(f"{'shape':14} {'MB':>5}  {'newsclean CPU s':>15} {'peak MiB':>8}  {'trafilatura CPU s':>17} {'peak MiB':>8}")
    for shape in args.shape or sorted(SHAPES):
        for mb in args.mb:
            size = int(mb * 1_000_000)
            ours = measure(shape, size, "newsclean")
            theirs = (float("nan"), float("nan")) if args.no_trafilatura else measure(shape, size, "trafilatura")
            print(f"{shape:14} {size / 1e6:5.1f}  {ours[0]:15.2f} {ours[1]:8.0f}  {theirs[0]:17.2f} {theirs[1]:8.0f}",
                  flush=True)
            if args.stages:
                print("    " + ", ".join(f"{name} {s:.2f}" for name, s in ours[2].items() if s >= 0.05), flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
