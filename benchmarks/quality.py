"""Quality benchmark: newsclean and trafilatura scored side by side on the labelled corpus.

Run from the project root::

    .venv/bin/python -m benchmarks.quality                      # dev, chrome, textdumps
    .venv/bin/python -m benchmarks.quality --explain-failures   # plus the pages not fully right
    .venv/bin/python -m benchmarks.quality --sets --gold-sets wcxb   # train/wcxb against its gold text

``newsclean-judge`` rows are out-of-fold: run ``python -m training.judge`` first (it writes the
fold models and the page -> site map under ``build/judge/``).

For each set it prints pages fully right, ``with`` recall, ``without`` leak rate and segment
precision/recall/F1 for every extractor, computed in the same run; then the same per language and,
where the labels name one, per chrome category. Scoring is ``benchmarks.corpus``'s.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

from . import corpus, goldsets
from .extractors import QUALITY_DEFAULT, SHORT, Output, default_jobs, extract_all
from .failures import explain
from .tables import pct, table

#: The figures newsclean aims at (the issue's targets), checked against newsclean's row.
#: (set, metric, at least): metric is a Summary property or ``fully_right_share``.
TARGETS: tuple[tuple[str, str, float], ...] = (
    ("dev", "f1", 0.95),
    ("dev", "precision", 0.95),
    ("chrome", "fully_right_share", 0.80),
    ("chrome", "recall", 0.98),
    ("textdumps", "fully_right_share", 0.60),
)
#: What the gold sets are scored with by default: trafilatura default, without comments and
#: favor_precision, beside newsclean rules-only and with the judge (out-of-fold).
GOLD_DEFAULT = ("newsclean", "newsclean-judge", "trafilatura", "trafilatura-no-comments", "trafilatura-precision")
#: chrome's leak target is an upper bound, so it is checked on its own.
CHROME_MAX_LEAK = 0.05


@dataclass(slots=True)
class Run:
    """One extractor on one set: figures, page scores, outputs and wall time."""

    summary: corpus.Summary
    scores: list[corpus.PageScore]
    outputs: dict[str, Output] = field(default_factory=dict)
    seconds: float = 0.0


def run(pages: list[corpus.Page], name: str, jobs: int = 1) -> Run:
    """Extract and score every page with the extractor ``name``."""
    started = time.perf_counter()
    outputs = dict(zip((p.file for p in pages), extract_all(name, pages, jobs)))
    seconds = time.perf_counter() - started
    summary, scores = corpus.evaluate(pages, lambda p: outputs[p.file].text)
    return Run(summary, scores, outputs, seconds)


def fully_right_share(s: corpus.Summary) -> float:
    """Pages fully right over all pages."""
    return s.fully_right / s.pages if s.pages else 0.0


def overall_table(runs: dict[str, Run]) -> str:
    """One row per extractor: the issue's figures plus this run's throughput."""
    rows = []
    for name, r in runs.items():
        s = r.summary
        rows.append(
            [
                name,
                f"{s.fully_right}/{s.pages}",
                pct(fully_right_share(s)),
                pct(s.recall),
                pct(s.leak),
                f"{s.precision:.3f}",
                f"{s.recall:.3f}",
                f"{s.f1:.3f}",
                f"{s.pages / r.seconds:.1f}" if r.seconds else "-",
            ]
        )
    headers = ["extractor", "fully right", "", "with kept", "without leaked", "P", "R", "F1", "pages/s*"]
    return table(headers, rows)


def language_table(runs: dict[str, Run]) -> str:
    """Per language: pages, then pages fully right and F1 for each extractor."""
    grouped = {name: corpus.group(r.scores, corpus.language) for name, r in runs.items()}
    first = next(iter(grouped.values()))
    langs = sorted(first, key=lambda lang: (-first[lang].pages, lang))
    rows = []
    for lang in langs:
        row: list[object] = [lang, first[lang].pages]
        for g in grouped.values():
            s = g[lang]
            row += [f"{s.fully_right} {pct(fully_right_share(s))}", f"{s.f1:.3f}", pct(s.leak)]
        rows.append(row)
    headers = ["lang", "pages"]
    for name in runs:
        label = SHORT.get(name, name)
        headers += [f"{label} fully right", f"{label} F1", f"{label} leak"]
    return table(headers, rows)


def category_table(runs: dict[str, Run]) -> str | None:
    """Per chrome category: ``without`` segments labelled, and how many each extractor leaked."""
    leaks = {name: corpus.category_leaks(r.scores) for name, r in runs.items()}
    first = next(iter(leaks.values()))
    if not first or set(first) == {"?"}:
        return None
    cats = sorted(first, key=lambda c: (-first[c][1], c))
    rows = []
    for cat in cats:
        row: list[object] = [cat, first[cat][1]]
        for per_cat in leaks.values():
            leaked, total = per_cat[cat]
            row.append(f"{leaked} {pct(leaked / total)}")
        rows.append(row)
    return table(["category", "segments", *(f"{SHORT.get(n, n)} leaked" for n in runs)], rows)


def target_lines(results: dict[str, dict[str, Run]]) -> list[str]:
    """newsclean against the issue's targets, for the sets that were run."""
    lines = []
    for set_name, metric, goal in TARGETS:
        r = results.get(set_name, {}).get("newsclean")
        if r is None:
            continue
        value = fully_right_share(r.summary) if metric == "fully_right_share" else getattr(r.summary, metric)
        mark = "met" if value >= goal else "NOT met"
        lines.append(f"  {set_name} {metric} {value:.3f} (target >= {goal:.2f}): {mark}")
    r = results.get("chrome", {}).get("newsclean")
    if r is not None:
        mark = "met" if r.summary.leak <= CHROME_MAX_LEAK else "NOT met"
        lines.append(f"  chrome without_leak {r.summary.leak:.3f} (target <= {CHROME_MAX_LEAK:.2f}): {mark}")
    return lines


def report_set(set_name: str, pages: list[corpus.Page], runs: dict[str, Run]) -> str:
    """Every table of one set."""
    withs = sum(len(p.with_) for p in pages)
    withouts = sum(len(p.without) for p in pages)
    parts = [
        f"== {set_name}: {len(pages)} pages, {withs} with / {withouts} without segments",
        overall_table(runs),
        "\n  per language (label; else identified from the with segments; else declared <html lang>; ? when none)",
        language_table(runs),
    ]
    cats = category_table(runs)
    if cats:
        parts += ["\n  per chrome category (without segments leaked)", cats]
    return "\n".join(parts)


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.quality", description=__doc__.splitlines()[0])
    parser.add_argument("--sets", nargs="*", default=list(corpus.SETS), choices=list(corpus.SETS))
    parser.add_argument("--extractors", nargs="+", default=list(QUALITY_DEFAULT), help="extractor names")
    parser.add_argument("--limit", type=int, default=0, help="first N pages of each set only (0: all)")
    parser.add_argument(
        "--explain-failures",
        nargs="?",
        const="newsclean",
        metavar="EXTRACTOR",
        help="list the pages EXTRACTOR (default newsclean) does not get fully right, with the segments",
    )
    parser.add_argument("--jobs", type=int, default=default_jobs(), help="worker processes (default: CPUs, at most 4)")
    parser.add_argument("--gold-sets", nargs="*", default=[], choices=list(goldsets.GOLD_SETS),
                        help="also score these train/ sets against their gold text (with extractors --gold-extractors)")
    parser.add_argument("--gold-extractors", nargs="+", default=list(GOLD_DEFAULT), help="extractors for --gold-sets")
    parser.add_argument("--json", type=Path, help="also write the figures to this JSON file")
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    """Print the quality tables; exit 2 when the corpus is missing."""
    args = parse_args(argv)
    names = list(args.extractors)
    if args.explain_failures and args.explain_failures not in names:
        names.append(args.explain_failures)
    missing = [s for s in args.sets if not corpus.available(s)]
    if missing:
        print(f"corpus set(s) {', '.join(missing)} not found under {corpus.CORPUS}", file=sys.stderr)
        return 2
    results: dict[str, dict[str, Run]] = {}
    for set_name in args.sets:
        pages = corpus.load(set_name)
        if args.limit:
            pages = pages[: args.limit]
        runs = {name: run(pages, name, args.jobs) for name in names}
        results[set_name] = runs
        print(report_set(set_name, pages, runs), end="\n\n", flush=True)
    print("columns: " + ", ".join(f"{SHORT.get(n, n)} = {n}" for n in names))
    print(f"* pages/s: wall time of this run with {args.jobs} worker process(es), reading included;"
          " benchmarks.speed measures throughput")
    print("newsclean against the targets:")
    print("\n".join(target_lines(results)))
    gold_figures = {}
    for set_name in args.gold_sets:
        pages = goldsets.load(set_name)[: args.limit or None]
        per = {name: goldsets.score(pages, [o.text for o in extract_all(name, pages, args.jobs)]) for name in args.gold_extractors}
        gold_figures[set_name] = {n: {k: g.as_dict() for k, g in groups.items()} for n, groups in per.items()}
        print()
        print(goldsets.report(set_name, per, SHORT), flush=True)
    if args.explain_failures:
        for set_name, runs in results.items():
            r = runs[args.explain_failures]
            print()
            print(explain(set_name, args.explain_failures, r.scores, r.outputs))
    if args.json:
        figures = {s: {n: r.summary.as_dict() for n, r in runs.items()} for s, runs in results.items()}
        figures.update(gold_figures)
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(figures, indent=1) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
