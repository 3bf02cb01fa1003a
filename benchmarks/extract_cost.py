"""Extractor cost per element and per text character on the dev corpus.

The time budget predicts the extractor's cost from a tree's size before running it
(``limits.FULL_SECONDS_PER_ELEMENT`` and friends); this prints the quantiles those constants are
read from, for the full and the fast extractor::

    .venv/bin/python -m benchmarks.extract_cost --step 5
"""

from __future__ import annotations

import argparse
import time
from dataclasses import replace

from benchmarks.corpus import load as load_set
from benchmarks.corpus import read
from newsclean.models import Options
from newsclean.stages.extract import extract
from newsclean.stages.load import load

QUANTILES = (0.5, 0.75, 0.9, 0.95, 0.99)


def main(argv: list[str] | None = None) -> int:
    """Time extraction page by page and print per-element and per-character quantiles."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--step", type=int, default=5, help="take every n-th dev page")
    args = parser.parse_args(argv)
    options = Options()
    rows: dict[str, list[tuple[float, float]]] = {"full": [], "fast": []}
    pages = load_set("dev")[:: args.step]
    extract(load(read(pages[0]), options).tree, options)  # warm up: lazy imports, compiled patterns
    for page in pages:
        data = read(page)
        for mode, opts in (("full", options), ("fast", replace(options, fast=True))):
            loaded = load(data, opts)
            if loaded.tree is None or loaded.report is None:
                continue
            began = time.perf_counter()
            extract(loaded.tree, opts)
            took = time.perf_counter() - began
            rows[mode].append((took / max(loaded.report.elements, 1), took / max(loaded.report.text_chars, 1)))
    for mode, values in rows.items():
        per_el = sorted(v[0] for v in values)
        per_ch = sorted(v[1] for v in values)
        if not per_el:
            continue
        q_el = "  ".join(f"p{int(q * 100)} {per_el[int(q * (len(per_el) - 1))] * 1e6:.0f}" for q in QUANTILES)
        q_ch = "  ".join(f"p{int(q * 100)} {per_ch[int(q * (len(per_ch) - 1))] * 1e9:.0f}" for q in QUANTILES)
        print(f"{mode}: {len(per_el)} pages; µs per element: {q_el}; ns per text character: {q_ch}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
