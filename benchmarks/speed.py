"""Speed benchmark: documents per second and peak memory, newsclean against trafilatura.

Run from the project root::

    .venv/bin/python -m benchmarks.speed                   # dev (HTML) and textdumps, 3 rounds
    .venv/bin/python -m benchmarks.speed --rounds 5 --limit 300
    .venv/bin/python -m benchmarks.speed --sets dev wcxb-articles --synthetic 1 2 4 8 16 --stages

``wcxb-articles`` is the article pages of ``train/wcxb`` (timed only: no quality figure is read
from them here). ``--synthetic`` times single-article pages of the given sizes in MB (the
``article`` shape of :mod:`benchmarks.hostile`) and prints the cost per MB, which a linear
cleaner keeps flat. ``--stages`` adds newsclean's CPU time per stage (:mod:`benchmarks.stageprofile`).

Timing: every page is read into memory first; then, round after round, each extractor runs on each
page in turn, the order alternating page by page and round by round so neither side always runs
on a warm cache. Per round, documents/s is pages over summed time, by wall clock and by this
process's CPU time (the steadier figure on a shared machine: it leaves out time spent waiting for
a core); the tables give the median over rounds and the ratio. Parsing alone with lxml is the
floor. Per-page figures (ms/page, size buckets, growth) use each page's median CPU time over the
rounds.

Memory: one fresh subprocess per extractor and set runs every page once and reports its peak
resident set (``VmHWM``), so memory that lxml and libxml2 allocate in C counts too (tracemalloc
would miss it); the baseline after imports is reported beside it.
"""

from __future__ import annotations

import argparse
import json
import resource
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field

from lxml import etree
from lxml import html as lxml_html

from . import corpus
from .hostile import SHAPES
from .extractors import EXTRACTORS, SHORT, Extract, Output, make
from .tables import table

#: The parse-only floor's name in the tables.
LXML = "lxml-parse"
#: Upper bounds (KB) of the page-size buckets; the last bucket is open.
SIZE_BUCKETS_KB = (25, 50, 100, 200, 400)
#: Pages run by each extractor before timing starts (imports, rule compilation, caches).
WARMUP_PAGES = 3


def lxml_parse() -> Extract:
    """Parse alone, no extraction: the floor any HTML extractor pays."""

    def run(data: bytes, url: str | None) -> Output:
        try:
            lxml_html.document_fromstring(data)
        except (etree.ParserError, ValueError):  # an empty or unparsable page costs what it costs
            pass
        return Output("")

    return run


def factory(name: str) -> Callable[[], Extract]:
    """The extractor factory for ``name``, the lxml floor included."""
    return lxml_parse if name == LXML else lambda: make(name)


@dataclass(slots=True)
class Timings:
    """Per extractor: seconds per page per round, wall clock and CPU."""

    wall: dict[str, list[list[float]]] = field(default_factory=dict)
    cpu: dict[str, list[list[float]]] = field(default_factory=dict)


def time_pages(pages: list[tuple[corpus.Page, bytes]], names: list[str], rounds: int) -> Timings:
    """Run every extractor on every page, alternating the order, for ``rounds`` rounds."""
    extractors = {name: factory(name)() for name in names}
    for name, extract in extractors.items():
        for page, data in pages[:WARMUP_PAGES]:
            extract(data, page.url)
    timings = Timings({n: [] for n in names}, {n: [] for n in names})
    for r in range(rounds):
        for n in names:
            timings.wall[n].append([0.0] * len(pages))
            timings.cpu[n].append([0.0] * len(pages))
        for i, (page, data) in enumerate(pages):
            order = names if (i + r) % 2 == 0 else names[::-1]
            for n in order:
                w0, c0 = time.perf_counter(), time.process_time()
                extractors[n](data, page.url)
                timings.wall[n][r][i] = time.perf_counter() - w0
                timings.cpu[n][r][i] = time.process_time() - c0
        print(f"  round {r + 1}/{rounds} done", file=sys.stderr, flush=True)
    return timings


def rate(per_round: list[list[float]]) -> list[float]:
    """Documents per second of each round."""
    return [len(times) / sum(times) if sum(times) else float("inf") for times in per_round]


def throughput_table(timings: Timings, names: list[str]) -> str:
    """Median documents/s over rounds (wall and CPU), the rounds, and ms per page."""
    rows = []
    for n in names:
        wall, cpu = rate(timings.wall[n]), rate(timings.cpu[n])
        per_page = [statistics.median(ts) for ts in zip(*timings.cpu[n])]
        rows.append(
            [
                n,
                f"{statistics.median(wall):.1f}",
                f"{statistics.median(cpu):.1f}",
                " ".join(f"{x:.1f}" for x in wall),
                f"{1000 * statistics.median(per_page):.1f}",
                f"{1000 * statistics.mean(per_page):.1f}",
            ]
        )
    headers = ["extractor", "docs/s wall", "docs/s cpu", "wall docs/s per round", "cpu ms/page median", "cpu ms/page mean"]
    return table(headers, rows)


def ratio_lines(timings: Timings, names: list[str], base: str = "trafilatura") -> list[str]:
    """newsclean's median throughput over each other extractor's."""
    if "newsclean" not in names:
        return []
    lines = []
    for other in (n for n in names if n != "newsclean"):
        for clock, data in (("wall", timings.wall), ("cpu", timings.cpu)):
            nc = statistics.median(rate(data["newsclean"]))
            ot = statistics.median(rate(data[other]))
            lines.append(f"  newsclean / {other} docs/s ({clock}): {nc / ot:.2f}x")
    return lines


def bucket_label(kb: float) -> str:
    """The size bucket a page of ``kb`` kilobytes falls in."""
    low = 0
    for high in SIZE_BUCKETS_KB:
        if kb < high:
            return f"{low}-{high} KB"
        low = high
    return f">= {low} KB"


def size_table(pages: list[tuple[corpus.Page, bytes]], timings: Timings, names: list[str]) -> str:
    """Median CPU ms per page by size bucket, each page's time being its median over the rounds."""
    per_page = {n: [statistics.median(ts) for ts in zip(*timings.cpu[n])] for n in names}
    order = [bucket_label(b - 0.5) for b in SIZE_BUCKETS_KB] + [f">= {SIZE_BUCKETS_KB[-1]} KB"]
    buckets: dict[str, list[int]] = {}
    for i, (_, data) in enumerate(pages):
        buckets.setdefault(bucket_label(len(data) / 1024), []).append(i)
    rows = []
    for label in (b for b in order if b in buckets):
        idx = buckets[label]
        row: list[object] = [label, len(idx)]
        for n in names:
            row.append(f"{1000 * statistics.median(per_page[n][i] for i in idx):.1f}")
        if "newsclean" in names and "trafilatura" in names:
            nc = sum(per_page["newsclean"][i] for i in idx)
            tf = sum(per_page["trafilatura"][i] for i in idx)
            row.append(f"{nc / tf:.2f}" if tf else "-")
        rows.append(row)
    headers = ["size", "pages", *(f"{SHORT.get(n, n)} ms" for n in names)]
    if "newsclean" in names and "trafilatura" in names:
        headers.append("nc/tf time")
    return table(headers, rows)


def growth_lines(pages: list[tuple[corpus.Page, bytes]], timings: Timings, names: list[str]) -> list[str]:
    """Least-squares fit of each page's median CPU time against its size: fixed cost plus cost per 100 KB."""
    sizes = [len(data) / 102400 for _, data in pages]
    if len(set(sizes)) < 2:
        return []
    lines = []
    for n in names:
        times = [1000 * statistics.median(ts) for ts in zip(*timings.cpu[n])]
        slope, intercept = statistics.linear_regression(sizes, times)
        lines.append(f"  {n}: {intercept:.1f} ms + {slope:.1f} ms per 100 KB")
    return lines


def peak_rss_kb() -> int:
    """This process's peak resident set in KB.

    ``VmHWM`` belongs to the current address space, which exec replaces; ``ru_maxrss`` does not
    restart at exec on Linux, so a child would inherit its parent's peak. It is the fallback only.
    """
    try:
        with open("/proc/self/status", encoding="ascii") as fh:
            for line in fh:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss


def memory_child(name: str, set_name: str, limit: int) -> dict[str, float]:
    """In a fresh process: baseline after imports, then peak RSS over every page (kilobytes)."""
    extract = factory(name)()
    baseline = peak_rss_kb()
    for page in select(set_name, limit):
        extract(corpus.read(page), page.url)
    return {"baseline_kb": baseline, "peak_kb": peak_rss_kb()}


def memory_table(sets: list[str], names: list[str], limit: int) -> str:
    """Peak RSS of one subprocess per extractor and set."""
    rows = []
    for set_name in sets:
        for n in [*names, *([LXML] if set_name != "textdumps" else [])]:
            cmd = [sys.executable, "-m", "benchmarks.speed", "--memory-child", n, set_name, "--limit", str(limit)]
            done = subprocess.run(cmd, capture_output=True, text=True, check=True)
            m = json.loads(done.stdout.strip().splitlines()[-1])
            rows.append(
                [
                    set_name,
                    n,
                    f"{m['peak_kb'] / 1024:.0f}",
                    f"{m['baseline_kb'] / 1024:.0f}",
                    f"{(m['peak_kb'] - m['baseline_kb']) / 1024:.0f}",
                ]
            )
    return table(["set", "extractor", "peak RSS MB", "after imports MB", "growth MB"], rows)


#: Timed sets beyond the labelled ones: name -> (folder under the corpus, page types kept).
EXTRA_SETS = {"wcxb-articles": ("train/wcxb", {"article"})}
#: What the tables compare unless told otherwise: the issue's three trafilatura settings.
DEFAULT_EXTRACTORS = ["newsclean", "trafilatura", "trafilatura-fast", "trafilatura-precision"]


def select(set_name: str, limit: int) -> list[corpus.Page]:
    """The pages of a set, the first ``limit`` only when given."""
    pages = extra_set(set_name) if set_name in EXTRA_SETS else corpus.load(set_name)
    return pages[:limit] if limit else pages


def extra_set(set_name: str) -> list[corpus.Page]:
    """The pages of a timed-only set (labels not read beyond page type and URL)."""
    folder, kinds = EXTRA_SETS[set_name]
    data = json.loads((corpus.CORPUS / folder / "labels.json").read_text(encoding="utf-8"))
    pages = [
        corpus.Page(set=set_name, file=e["file"], path=corpus.CORPUS / folder / e["file"], with_=[], without=[],
                    url=e.get("url") if str(e.get("url", "")).startswith("http") else None)
        for e in data.values()
        if e.get("page_type") in kinds
    ]
    return sorted(pages, key=lambda p: p.file)


def set_available(set_name: str) -> bool:
    if set_name in EXTRA_SETS:
        return (corpus.CORPUS / EXTRA_SETS[set_name][0] / "labels.json").is_file()
    return corpus.available(set_name)


def synthetic_lines(sizes_mb: list[float], names: list[str], rounds: int) -> list[str]:
    """CPU seconds per MB of single-article pages of each size, and 16 MB against 16 times 1 MB."""
    pages = [(corpus.Page(set="synthetic", file=f"{mb:g}MB", path=corpus.CORPUS, with_=[], without=[]),
              SHAPES["article"](int(mb * 1_000_000)).encode()) for mb in sizes_mb]
    timings = time_pages(pages, names, rounds)
    rows, lines = [], []
    for n in names:
        per_page = [statistics.median(ts) for ts in zip(*timings.cpu[n])]
        per_mb = [t / mb for t, mb in zip(per_page, sizes_mb)]
        rows.append([n, *(f"{x:.3f}" for x in per_mb)])
        if len(sizes_mb) > 1:
            lines.append(f"  {n}: {sizes_mb[-1]:g} MB takes {per_mb[-1] / per_mb[0]:.2f}x the per-MB cost of "
                         f"{sizes_mb[0]:g} MB (flat: 1; the issue's bound: 2)")
    return [table(["extractor", *(f"{mb:g} MB s/MB" for mb in sizes_mb)], rows), *lines]


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.speed", description=__doc__.splitlines()[0])
    parser.add_argument("--sets", nargs="+", default=["dev", "textdumps"], choices=[*corpus.SETS, *EXTRA_SETS])
    parser.add_argument("--extractors", nargs="+", default=DEFAULT_EXTRACTORS, choices=list(EXTRACTORS))
    parser.add_argument("--synthetic", nargs="*", type=float, metavar="MB",
                        help="also time single-article pages of these sizes in MB (none given: 1 2 4 8 16)")
    parser.add_argument("--stages", action="store_true", help="also print newsclean's CPU time per stage")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--limit", type=int, default=0, help="first N pages of each set only (0: all)")
    parser.add_argument("--no-memory", action="store_true", help="skip the peak-memory subprocesses")
    parser.add_argument("--memory-child", nargs=2, metavar=("EXTRACTOR", "SET"), help=argparse.SUPPRESS)
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    """Print the speed and memory tables; exit 2 when the corpus is missing."""
    args = parse_args(argv)
    if args.memory_child:
        print(json.dumps(memory_child(args.memory_child[0], args.memory_child[1], args.limit)))
        return 0
    missing = [s for s in args.sets if not set_available(s)]
    if missing:
        print(f"corpus set(s) {', '.join(missing)} not found under {corpus.CORPUS}", file=sys.stderr)
        return 2
    for set_name in args.sets:
        pages = [(p, corpus.read(p)) for p in select(set_name, args.limit)]
        html = set_name != "textdumps"
        names = [*args.extractors, *([LXML] if html else [])]
        timings = time_pages(pages, names, args.rounds)
        kind = "HTML pages" if html else "text dumps"
        print(f"== {set_name}: {len(pages)} {kind}, {args.rounds} rounds, order alternated page by page")
        print(throughput_table(timings, names))
        print("\n".join(ratio_lines(timings, names)))
        if not html:
            print("  (trafilatura finds no article in a text dump: its time is that of giving up)")
        print("\n  time by page size (median CPU ms per page)")
        print(size_table(pages, timings, names))
        print("\n  growth with size (least squares of CPU ms over pages)")
        print("\n".join(growth_lines(pages, timings, names)), end="\n\n", flush=True)
        if args.stages:
            from .stageprofile import stage_table

            print(f"  newsclean's CPU time by stage ({set_name}, mean per page)")
            print(stage_table(pages, args.rounds), end="\n\n", flush=True)
    if args.synthetic is not None:
        sizes = sorted(args.synthetic) or [1.0, 2.0, 4.0, 8.0, 16.0]
        print(f"== synthetic single-article pages of {', '.join(f'{mb:g}' for mb in sizes)} MB, {args.rounds} rounds")
        print("\n".join(synthetic_lines(sizes, [*args.extractors, LXML], args.rounds)), end="\n\n", flush=True)
    if not args.no_memory:
        print("== peak memory: one fresh process per extractor and set, every page once (peak RSS, VmHWM)")
        print(memory_table(args.sets, list(args.extractors), args.limit))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
