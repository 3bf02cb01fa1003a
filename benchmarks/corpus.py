"""Read the labelled corpus in ../shared/corpus and score extractors on it.

Shared by the quality benchmark, the byline benchmark and the quality gate test. Scoring follows
the corpus README: whitespace-normalised (and NFC) substring matching of ``with`` / ``without``
segments; a page is *fully right* when every ``with`` is present and no ``without`` is.
"""

from __future__ import annotations

import gzip
import json
import os
import re
import unicodedata
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
CORPUS = Path(os.environ.get("NEWSCLEAN_CORPUS", ROOT.parent / "shared" / "corpus"))
#: The labelled sets: name -> (labels file, folder the ``file`` entries are relative to).
SETS = {
    "dev": ("dev/labels.json", "dev/pages"),
    "chrome": ("chrome/labels.json", "chrome"),
    "textdumps": ("chrome/textdumps/labels.json", "chrome/textdumps"),
}


@dataclass(slots=True)
class Page:
    """One labelled page of the corpus."""

    set: str
    file: str
    path: Path
    with_: list[str]
    without: list[str]
    categories: list[str] = field(default_factory=list)
    author: str | None = None
    original_source: str | None = None
    source: str | None = None
    url: str | None = None
    lang: str | None = None
    raw: dict[str, Any] = field(default_factory=dict)


def norm(text: str) -> str:
    """NFC and one space for every run of whitespace (no-break spaces included)."""
    return " ".join(unicodedata.normalize("NFC", text).split())


def available(name: str = "dev") -> bool:
    """Whether the labelled set ``name`` is present beside the project."""
    return (CORPUS / SETS[name][0]).is_file()


def load(name: str) -> list[Page]:
    """All labelled pages of one set, in file order."""
    labels_file, folder = SETS[name]
    data = json.loads((CORPUS / labels_file).read_text(encoding="utf-8"))
    entries = data.values() if isinstance(data, dict) else data
    pages = []
    for e in entries:
        pages.append(
            Page(
                set=name,
                file=e["file"],
                path=CORPUS / folder / e["file"],
                with_=list(e.get("with") or []),
                without=list(e.get("without") or []),
                categories=list(e.get("without_categories") or []),
                author=e.get("author") or None,
                original_source=e.get("original_source"),
                source=e.get("source"),
                url=(e.get("url") if str(e.get("url", "")).startswith("http") else None),
                lang=e.get("lang"),
                raw=e,
            )
        )
    return sorted(pages, key=lambda p: p.file)


@dataclass(slots=True)
class PageScore:
    """How one extractor did on one page."""

    page: Page
    found_with: list[bool]
    found_without: list[bool]

    @property
    def fully_right(self) -> bool:
        return all(self.found_with) and not any(self.found_without)

    @property
    def missing(self) -> list[str]:
        """The ``with`` segments the text lost."""
        return [s for s, found in zip(self.page.with_, self.found_with) if not found]

    @property
    def leaked(self) -> list[tuple[str, str]]:
        """The ``without`` segments left in the text, each with its category (``?`` when unlabelled)."""
        cats = self.page.categories
        return [
            (s, cats[i] if i < len(cats) else "?")
            for i, (s, found) in enumerate(zip(self.page.without, self.found_without))
            if found
        ]


def score_page(page: Page, text: str) -> PageScore:
    """Check every segment of ``page`` against the extracted ``text``."""
    t = norm(text or "")
    return PageScore(page, [norm(s) in t for s in page.with_], [norm(s) in t for s in page.without])


@dataclass(slots=True)
class Summary:
    """Corpus-level figures for one extractor."""

    pages: int = 0
    fully_right: int = 0
    with_total: int = 0
    with_found: int = 0
    without_total: int = 0
    without_found: int = 0

    def add(self, s: PageScore) -> None:
        self.pages += 1
        self.fully_right += s.fully_right
        self.with_total += len(s.found_with)
        self.with_found += sum(s.found_with)
        self.without_total += len(s.found_without)
        self.without_found += sum(s.found_without)

    @property
    def recall(self) -> float:
        """Share of ``with`` segments kept."""
        return self.with_found / self.with_total if self.with_total else 1.0

    @property
    def leak(self) -> float:
        """Share of ``without`` segments left in."""
        return self.without_found / self.without_total if self.without_total else 0.0

    @property
    def precision(self) -> float:
        """Found ``with`` segments over all found segments (a found ``without`` is a false positive)."""
        found = self.with_found + self.without_found
        return self.with_found / found if found else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def as_dict(self) -> dict[str, float]:
        return {
            "pages": self.pages,
            "fully_right": self.fully_right,
            "with_recall": round(self.recall, 4),
            "without_leak": round(self.leak, 4),
            "precision": round(self.precision, 4),
            "recall": round(self.recall, 4),
            "f1": round(self.f1, 4),
        }


def read(page: Page) -> bytes:
    """The page's bytes as saved (gzip-compressed pages of train/ decompressed)."""
    data = page.path.read_bytes()
    return gzip.decompress(data) if page.path.suffix == ".gz" else data


def evaluate(pages: Iterable[Page], extract: Callable[[Page], str]) -> tuple[Summary, list[PageScore]]:
    """Run ``extract`` on every page and score it."""
    summary, scores = Summary(), []
    for page in pages:
        s = score_page(page, extract(page))
        summary.add(s)
        scores.append(s)
    return summary, scores


def iter_pages(names: Iterable[str]) -> Iterator[Page]:
    """Pages of several sets, one after another."""
    for name in names:
        yield from load(name)


#: ``<html lang="..">`` (or ``xml:lang``) near the top of a page: the language of pages whose labels
#: give none (``dev/``), when no language identifier is installed. Only the primary subtag counts.
_HTML_LANG = re.compile(rb"<html\b[^>]*?\b(?:xml:)?lang\s*=\s*[\"']?\s*([A-Za-z]{2,3})\b", re.I)
_META_LANG = re.compile(
    rb"<meta\b[^>]*?(?:http-equiv\s*=\s*[\"']?content-language|property\s*=\s*[\"']?og:locale)[^>]*?"
    rb"content\s*=\s*[\"']?\s*([A-Za-z]{2,3})\b",
    re.I,
)
#: Bytes read to find the language declaration: it sits in the first element or the head.
LANG_SNIFF_BYTES = 65536


def language(page: Page) -> str:
    """The page's language: its label, else identified from its ``with`` text, else declared, else ``?``.

    Pages often declare a wrong language (a Spanish story under ``<html lang="en">``), so the
    labelled article text is identified first, with py3langid (the ``bench`` extra) when installed.
    """
    if page.lang:
        return page.lang.split("-")[0].lower()
    identified = _identify(" ".join(page.with_))
    if identified:
        return identified
    if page.path.suffix.lower() not in (".html", ".htm"):
        return "?"
    with page.path.open("rb") as fh:
        head = fh.read(LANG_SNIFF_BYTES)
    m = _HTML_LANG.search(head) or _META_LANG.search(head)
    return m.group(1).decode("ascii").lower() if m else "?"


@lru_cache(maxsize=None)
def _identify(text: str) -> str | None:
    if not text.strip():
        return None
    try:
        import py3langid  # optional: only the per-language tables need it
    except ImportError:
        return None
    return str(py3langid.classify(text)[0])


def group(scores: Iterable[PageScore], key: Callable[[Page], str]) -> dict[str, Summary]:
    """One :class:`Summary` per value of ``key`` over the scored pages."""
    out: dict[str, Summary] = {}
    for s in scores:
        out.setdefault(key(s.page), Summary()).add(s)
    return out


def category_leaks(scores: Iterable[PageScore]) -> dict[str, tuple[int, int]]:
    """Per chrome category of the labels: (``without`` segments leaked, segments labelled)."""
    out: dict[str, tuple[int, int]] = {}
    for s in scores:
        cats = s.page.categories
        for i, found in enumerate(s.found_without):
            cat = cats[i] if i < len(cats) else "?"
            leaked, total = out.get(cat, (0, 0))
            out[cat] = (leaked + found, total + 1)
    return out
