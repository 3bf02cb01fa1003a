"""The gold-text sets of ``train/`` (dragnet, cleaneval, wcxb), scored against their gold main text.

dragnet and cleaneval: mean per page of bag-of-word-4-gram (shingle) precision, recall and F1, as
the corpus README says; wcxb: mean per page of word F1 (bag of lower-cased ``\\w+`` tokens, the
benchmark's own metric), for all its pages, its articles alone, and each page type.
"""

from __future__ import annotations

import json
import re
import statistics
from collections import Counter
from dataclasses import dataclass

from . import corpus
from .tables import table

GOLD_SETS = ("dragnet", "cleaneval", "wcxb")
_WORD = re.compile(r"[^\W_]+", re.UNICODE)


def load(name: str) -> list[corpus.Page]:
    """One gold set's pages; the gold text is in ``page.raw["gold_text"]``."""
    folder = corpus.CORPUS / "train" / name
    labels = json.loads((folder / "labels.json").read_text(encoding="utf-8"))
    pages = []
    for key in sorted(labels):
        e = labels[key]
        gold = e.get("main_content") if name == "wcxb" else (folder / e["gold"]).read_text(encoding="utf-8", errors="replace")
        url = e.get("url")
        pages.append(corpus.Page(set=name, file=key, path=folder / e["file"], with_=list(e.get("with") or []),
                                 without=list(e.get("without") or []), url=url if str(url).startswith("http") else None,
                                 raw={**e, "gold_text": gold or ""}))
    return pages


def available(name: str) -> bool:
    return (corpus.CORPUS / "train" / name / "labels.json").is_file()


def _bag_f1(out: list, ref: list) -> tuple[float, float, float]:
    if not out and not ref:
        return 1.0, 1.0, 1.0
    if not out or not ref:
        return 0.0, 0.0, 0.0
    common = sum((Counter(out) & Counter(ref)).values())
    p, r = common / len(out), common / len(ref)
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def word_f1(output: str, gold: str) -> tuple[float, float, float]:
    """Bag-of-words precision, recall, F1 of lower-cased ``\\w+`` tokens."""
    return _bag_f1(_WORD.findall(output.lower()), _WORD.findall(gold.lower()))


def shingle_f1(output: str, gold: str, n: int = 4) -> tuple[float, float, float]:
    """Bag-of-word-4-grams precision, recall, F1."""

    def grams(words: list[str]) -> list[tuple[str, ...]]:
        return [tuple(words[k : k + n]) for k in range(len(words) - n + 1)] or ([tuple(words)] if words else [])

    return _bag_f1(grams(_WORD.findall(output.lower())), grams(_WORD.findall(gold.lower())))


@dataclass(slots=True)
class GoldSummary:
    """Mean per-page precision, recall and F1 over a group of pages."""

    scores: list[tuple[float, float, float]]

    @property
    def pages(self) -> int:
        return len(self.scores)

    def mean(self, k: int) -> float:
        return statistics.fmean(s[k] for s in self.scores) if self.scores else 0.0

    def as_dict(self) -> dict[str, float]:
        return {"pages": self.pages, "precision": round(self.mean(0), 4), "recall": round(self.mean(1), 4),
                "f1": round(self.mean(2), 4)}


def score(pages: list[corpus.Page], texts: list[str]) -> dict[str, GoldSummary]:
    """Per group (the set; for wcxb also ``articles`` and each page type) the mean figures."""
    groups: dict[str, list[tuple[float, float, float]]] = {}
    for page, text in zip(pages, texts):
        metric = word_f1 if page.set == "wcxb" else shingle_f1
        s = metric(text, page.raw["gold_text"])
        keys = ["all"]
        if page.set == "wcxb":
            kind = page.raw.get("page_type") or "?"
            keys += [f"type {kind}"]
        for key in keys:
            groups.setdefault(key, []).append(s)
    return {k: GoldSummary(v) for k, v in sorted(groups.items(), key=lambda kv: (kv[0] != "all", kv[0]))}


def report(name: str, results: dict[str, dict[str, GoldSummary]], short: dict[str, str]) -> str:
    """One row per extractor and group: pages, P, R, F1."""
    metric = "word" if name == "wcxb" else "shingle (word 4-gram)"
    rows = []
    first = next(iter(results.values()))
    for group in first:
        for extractor, groups in results.items():
            g = groups[group]
            rows.append([group, short.get(extractor, extractor), g.pages, f"{g.mean(0):.3f}", f"{g.mean(1):.3f}", f"{g.mean(2):.3f}"])
    return f"== train/{name}: mean per-page {metric} P/R/F1 against the gold text\n" + table(
        ["pages", "extractor", "n", "P", "R", "F1"], rows)
