"""Read the labelled corpus in ../shared/corpus and score extractors on it.

Shared by the quality benchmark, the byline benchmark and the quality gate test. Scoring follows
the corpus README: whitespace-normalised (and NFC) substring matching of ``with`` / ``without``
segments; a page is *fully right* when every ``with`` is present and no ``without`` is.
"""

from __future__ import annotations

import json
import os
import unicodedata
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
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
    """The page's bytes as saved."""
    return page.path.read_bytes()


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
