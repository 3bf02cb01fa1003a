"""The extractors the benchmarks compare, by name: newsclean and trafilatura in two settings.

Each factory returns a function from a page's saved bytes (and its URL, when known) to an
:class:`Output`. Every extractor gets the same bytes, so decoding is part of what is measured.
trafilatura is imported here directly: the library keeps it behind ``extraction.py``, the
benchmarks compare against it.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import trafilatura

from newsclean import Cleaner, Removal

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


def trafilatura_extractor(**settings: Any) -> Extract:
    """``trafilatura.extract`` with its defaults, except the settings given."""

    def run(data: bytes, url: str | None) -> Output:
        return Output(trafilatura.extract(data, url=url, **settings) or "")

    return run


#: name -> factory; the order is the order of the tables' rows.
EXTRACTORS: dict[str, Callable[[], Extract]] = {
    "newsclean": lambda: newsclean_extractor(time_budget=0),
    "trafilatura": lambda: trafilatura_extractor(),
    "trafilatura-precision": lambda: trafilatura_extractor(favor_precision=True, include_comments=False),
    "trafilatura-fast": lambda: trafilatura_extractor(fast=True),
}
#: Short column labels for the wide tables.
SHORT = {"newsclean": "nc", "trafilatura": "tf", "trafilatura-precision": "tf-prec", "trafilatura-fast": "tf-fast"}
#: What the quality benchmark compares unless told otherwise (the issue's three settings).
QUALITY_DEFAULT = ("newsclean", "trafilatura", "trafilatura-precision")


def make(name: str) -> Extract:
    """The extractor called ``name`` (see :data:`EXTRACTORS`)."""
    try:
        return EXTRACTORS[name]()
    except KeyError:
        raise SystemExit(f"unknown extractor {name!r}; known: {', '.join(EXTRACTORS)}") from None
