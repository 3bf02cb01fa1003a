"""The extractors the benchmarks compare, by name: newsclean and trafilatura in two settings.

Each factory returns a function from a page's saved bytes (and its URL, when known) to an
:class:`Output`. Every extractor gets the same bytes, so decoding is part of what is measured.
trafilatura is imported here directly: the library keeps it behind ``stages/extract.py``, the
benchmarks compare against it.
"""

from __future__ import annotations

import json
import logging
import os
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from typing import Any

import trafilatura

from newsclean import Cleaner, Removal

from . import corpus

# trafilatura logs each page it finds no article in; a benchmark table is the place for that.
logging.getLogger("trafilatura").setLevel(logging.ERROR)
logging.getLogger("htmldate").setLevel(logging.ERROR)


@dataclass(frozen=True, slots=True)
class Output:
    """What one extractor made of one page: the text and, for newsclean, the removal ledger."""

    text: str
    removed: tuple[Removal, ...] = ()


Extract = Callable[[bytes, str | None], Output]


def newsclean_extractor(**options: Any) -> Extract:
    """newsclean with default options, except those given.

    The benchmarks pass ``time_budget=0``: the default budget skips boilerplate removal on a page
    that took over ten seconds, which happens only when the machine is loaded; scores must not
    depend on machine load.
    """
    cleaner = Cleaner(**options)

    def run(data: bytes, url: str | None) -> Output:
        article = cleaner.clean(data, url=url)
        return Output(article.text, article.removed)

    return run


#: Where ``python -m training.judge`` leaves its fold models and the page -> site group map.
JUDGE_BUILD = corpus.ROOT / "build" / "judge"


def judge_extractor(mode: str) -> Extract:
    """newsclean with the judge at ``mode``, scored out-of-fold.

    A page of the training pool is cleaned with the model of the fold that held out its site
    (``build/judge/folds/fold-K.npz``, written by ``python -m training.judge``); a page outside the
    pool (``chrome/``, ``chrome/textdumps/``, the dev pages that are chrome copies) with the
    shipped model, which never saw it.
    """
    import zlib

    folds_file = JUDGE_BUILD / "folds.json"
    if not folds_file.is_file():
        raise SystemExit(f"{folds_file} is missing: run python -m training.judge first")
    folds = json.loads(folds_file.read_text(encoding="utf-8"))
    cleaners: dict[int | None, Cleaner] = {}

    def cleaner(fold: int | None) -> Cleaner:
        if fold not in cleaners:
            model = JUDGE_BUILD / "folds" / f"fold-{fold}.npz" if fold is not None else None
            cleaners[fold] = Cleaner(time_budget=0, judge=mode, judge_model=model)
        return cleaners[fold]

    def run(data: bytes, url: str | None, page: corpus.Page | None = None) -> Output:
        group = folds["groups"].get(f"{page.set}/{page.file}") if page is not None else None
        fold = zlib.crc32(group.encode("utf-8")) % folds["k"] if group is not None else None
        article = cleaner(fold).clean(data, url=url)
        return Output(article.text, article.removed)

    run.wants_page = True  # type: ignore[attr-defined]
    return run


def trafilatura_extractor(**settings: Any) -> Extract:
    """``trafilatura.extract`` with its defaults, except the settings given."""

    def run(data: bytes, url: str | None) -> Output:
        return Output(trafilatura.extract(data, url=url, **settings) or "")

    return run


#: name -> factory; the order is the order of the tables' rows.
EXTRACTORS: dict[str, Callable[[], Extract]] = {
    "newsclean": lambda: newsclean_extractor(time_budget=0),
    # Diagnostic: what DOM pre-cleaning costs or gains (compare with the row above).
    "newsclean-no-preclean": lambda: newsclean_extractor(time_budget=0, preclean=False),
    # The learned judge, out-of-fold (see judge_extractor), at each operating point.
    "newsclean-judge": lambda: judge_extractor("balanced"),
    "newsclean-judge-precision": lambda: judge_extractor("precision"),
    "newsclean-judge-recall": lambda: judge_extractor("recall"),
    # The shipped judge on every page (for benchmarks.speed; its quality figures are in-sample on dev).
    "newsclean-judge-shipped": lambda: newsclean_extractor(time_budget=0, judge="balanced"),
    "trafilatura": lambda: trafilatura_extractor(),
    "trafilatura-no-comments": lambda: trafilatura_extractor(include_comments=False),
    "trafilatura-precision": lambda: trafilatura_extractor(favor_precision=True, include_comments=False),
    "trafilatura-fast": lambda: trafilatura_extractor(fast=True),
}
#: Short column labels for the wide tables.
SHORT = {"newsclean": "nc", "newsclean-judge": "nc-judge", "newsclean-judge-precision": "nc-judge-p",
         "newsclean-judge-recall": "nc-judge-r", "newsclean-judge-shipped": "nc-judge-ship", "newsclean-no-preclean": "nc-nopre", "trafilatura": "tf", "trafilatura-precision": "tf-prec", "trafilatura-no-comments": "tf-nocom", "trafilatura-fast": "tf-fast"}
#: What the quality benchmark compares unless told otherwise (the issue's three settings).
QUALITY_DEFAULT = ("newsclean", "newsclean-judge", "trafilatura", "trafilatura-precision")


def make(name: str) -> Extract:
    """The extractor called ``name`` (see :data:`EXTRACTORS`)."""
    try:
        return EXTRACTORS[name]()
    except KeyError:
        raise SystemExit(f"unknown extractor {name!r}; known: {', '.join(EXTRACTORS)}") from None


#: Most worker processes a corpus run uses by default: each holds its own compiled rules.
MAX_JOBS = 4
#: Pages handed to a worker at a time: small, because page costs differ a lot.
CHUNK_PAGES = 4
#: Extractors built once per worker process.
_WORKER_EXTRACTORS: dict[str, Extract] = {}


def default_jobs() -> int:
    """Worker processes for corpus runs: ``NEWSCLEAN_BENCH_JOBS``, else the CPUs (at most MAX_JOBS)."""
    env = os.environ.get("NEWSCLEAN_BENCH_JOBS", "")
    if env.strip().isdigit() and int(env) > 0:
        return int(env)
    return max(1, min(os.cpu_count() or 1, MAX_JOBS))


def _work(task: tuple[str, corpus.Page]) -> Output:
    name, page = task
    if name not in _WORKER_EXTRACTORS:
        _WORKER_EXTRACTORS[name] = make(name)
    return _call(_WORKER_EXTRACTORS[name], page)


def _call(extract: Extract, page: corpus.Page) -> Output:
    if getattr(extract, "wants_page", False):  # the out-of-fold judge picks its model by page
        return extract(corpus.read(page), page.url, page)  # type: ignore[call-arg]
    return extract(corpus.read(page), page.url)


def extract_all(name: str, pages: list[corpus.Page], jobs: int = 1) -> list[Output]:
    """The extractor ``name`` on every page, in page order; ``jobs`` > 1 spreads pages over processes."""
    if jobs <= 1 or len(pages) < 2 * CHUNK_PAGES:
        extract = make(name)
        return [_call(extract, page) for page in pages]
    with ProcessPoolExecutor(max_workers=jobs) as pool:
        return list(pool.map(_work, [(name, page) for page in pages], chunksize=CHUNK_PAGES))
