"""Benchmark site profiles on the labelled corpus.

``sites``: several pages per site with CleanEval gold text. For every page, the site's profile is
learned from the *other* pages of its site (leave one out; the site is the registered domain of
the page URL, the default key), and the page is cleaned with and without it. Output text (title,
then article text) is scored against the gold with bags of word 4-grams: precision is the share of
the output's shingles found in the gold, recall the share of the gold's found in the output,
averaged over pages. A profile removal is *wrong* when most of its shingles (or, under four words,
its whole text) are gold text.

``one-per-site``: ``chrome/`` (and its text dumps) and ``dev/`` hold one page per site, so
profiles have nothing to learn there. Profiles are learned from all pages of the set, then every
page is cleaned with them; every ``with`` segment lost, and every profile removal made, is
reported, with the ``without`` segments left before and after. Stress runs put every page of the
set into one pseudo-site (also with f=0, and with f=0 and no length floor), where anything
repeated on enough unrelated pages would go: quotes, stock phrases, shared widgets.

``--sweep`` scores a grid of thresholds on ``sites`` (the source of the defaults).

    .venv/bin/python -m benchmarks.profiles [--sweep] [--skip-one-per-site]
"""

from __future__ import annotations

import argparse
import html
import json
import re
import time
import unicodedata
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from newsclean import Cleaner, SiteProfiles
from newsclean.models import Article, Block, render_text
from newsclean.profiles.learn import (
    DEFAULT_MIN_CHARS,
    DEFAULT_MIN_PAGES,
    DEFAULT_MIN_SHARE,
    page_blocks,
)
from newsclean.profiles.sites import site_of

from . import corpus

SITES = corpus.CORPUS / "sites"
_WORD = re.compile(r"\w+")
_GOLD_TAG = re.compile(r"^\s*<(?:h|p|l)>", re.MULTILINE)


def words(text: str) -> list[str]:
    """Lower-cased words of a text, NFC."""
    return _WORD.findall(unicodedata.normalize("NFC", text).casefold())


def shingles(text: str, n: int = 4) -> Counter[tuple[str, ...]]:
    """The bag of word n-grams of a text."""
    w = words(text)
    return Counter(tuple(w[i : i + n]) for i in range(len(w) - n + 1))


def read_gold(path: Path) -> str:
    """CleanEval gold as plain text: the URL line and block marks dropped, entities decoded."""
    raw = path.read_text(encoding="utf-8", errors="replace")
    raw = re.sub(r"^\s*URL:.*$", "", raw, count=1, flags=re.MULTILINE)
    return html.unescape(_GOLD_TAG.sub("\n", raw))


def precision_recall(out: str, gold: Counter[tuple[str, ...]]) -> tuple[float, float]:
    """Shingle precision and recall of ``out`` against the gold bag."""
    got = shingles(out)
    common = sum((got & gold).values())
    p = common / sum(got.values()) if got else 1.0
    r = common / sum(gold.values()) if gold else 1.0
    return p, r


def is_gold(text: str, gold: Counter[tuple[str, ...]], gold_text: str) -> bool:
    """Whether a removed block is article text: most of its shingles, or all of it, in the gold."""
    got = shingles(text)
    if got:
        return sum((got & gold).values()) / sum(got.values()) >= 0.5
    return " ".join(words(text)) in gold_text


@dataclass(slots=True)
class SitePage:
    """A page of ``sites/`` with what the benchmark needs, computed once."""

    site: str
    url: str
    data: bytes
    gold: Counter[tuple[str, ...]]
    gold_words: str
    blocks: list[Block] = field(default_factory=list)
    base: Article = field(default_factory=Article)


def load_sites() -> list[SitePage]:
    """Every page of ``sites/``, extracted once (blocks for learning, the cleaner's article)."""
    labels = json.loads((SITES / "labels.json").read_text(encoding="utf-8"))
    out = []
    for entry in sorted(labels.values(), key=lambda e: e["file"]):
        data = (SITES / entry["file"]).read_bytes()
        gold_text = read_gold(SITES / entry["gold"])
        page = SitePage("", entry["url"], data, shingles(gold_text), " ".join(words(gold_text)))
        page.blocks, _ = page_blocks(data, page.url, Cleaner().options)
        page.base = Cleaner().clean(data, url=page.url)
        out.append(page)
    return out


def learn_others(pages: list[SitePage], held_out: SitePage | None, **settings: Any) -> SiteProfiles:
    """Profiles learned from every page except ``held_out`` (None: from all)."""
    profiles = SiteProfiles(**settings)
    for p in pages:
        site = profiles.site_for(p.url)
        if p is not held_out and site is not None and p.blocks:
            profiles.add_blocks(site, p.blocks, url=p.url)
    return profiles


def output(article: Article) -> str:
    """What the scorer reads: the title, then the text."""
    return f"{article.title or ''}\n\n{article.text}"


@dataclass(slots=True)
class Tally:
    """Per-page precision/recall sums and removal counts."""

    pages: int = 0
    p: float = 0.0
    r: float = 0.0
    removed: int = 0
    wrong: int = 0

    def add(self, p: float, r: float) -> None:
        self.pages += 1
        self.p += p
        self.r += r

    def merge(self, other: Tally) -> None:
        self.pages += other.pages
        self.p += other.p
        self.r += other.r
        self.removed += other.removed
        self.wrong += other.wrong

    def row(self) -> tuple[float, float, float]:
        p, r = self.p / max(self.pages, 1), self.r / max(self.pages, 1)
        return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def run_sites(pages: list[SitePage], *, full_pipeline: bool, **settings: Any) -> dict[str, tuple[Tally, Tally]]:
    """Leave-one-out scores per site: (without profiles, with profiles)."""
    result: dict[str, tuple[Tally, Tally]] = {}
    probe = SiteProfiles(**settings)
    for page in pages:
        site = probe.site_for(page.url) or "?"
        without, with_ = result.setdefault(site, (Tally(), Tally()))
        base_text = output(page.base)
        without.add(*precision_recall(base_text, page.gold))
        profiles = learn_others(pages, page, **settings)
        if full_pipeline:  # the real path: Cleaner(profiles=...) runs the whole pipeline again
            article = Cleaner(profiles=profiles).clean(page.data, url=page.url)
            removals = [r for r in article.removed if r.category == "profile"]
        else:  # the same step applied to the cleaner's kept blocks (profiles run last)
            kept, removals = profiles.prune(list(page.base.blocks), page.blocks, page.url)
            article = Article(text=render_text(kept), title=page.base.title)
        with_.add(*precision_recall(output(article), page.gold))
        with_.removed += len(removals)
        with_.wrong += sum(is_gold(r.text, page.gold, page.gold_words) for r in removals)
    return result


def print_sites(result: dict[str, tuple[Tally, Tally]]) -> None:
    """The per-site table and the all-pages line."""
    head = f"{'without: P':>11}{'R':>7}{'F1':>7} | {'with: P':>8}{'R':>7}{'F1':>7}"
    print(f"{'site':<22}{'pages':>6} | {head} | {'removed':>8}{'wrong':>6}")
    total_without, total_with = Tally(), Tally()
    rows = sorted(result.items())
    for site, (without, with_) in rows:
        _print_site_row(site, without, with_)
        for total, t in ((total_without, without), (total_with, with_)):
            total.merge(t)
    _print_site_row("all (mean per page)", total_without, total_with)


def _print_site_row(label: str, without: Tally, with_: Tally) -> None:
    p0, r0, f0 = without.row()
    p1, r1, f1 = with_.row()
    print(
        f"{label:<22}{without.pages:>6} | {p0:>11.3f}{r0:>7.3f}{f0:>7.3f} | {p1:>8.3f}{r1:>7.3f}{f1:>7.3f}"
        f" | {with_.removed:>8}{with_.wrong:>6}"
    )


def sweep(pages: list[SitePage]) -> None:
    """Profile judgements on every extracted block (rules and trafilatura aside), over a grid.

    Each page's profile is learned once (from the other pages of its site, and once more with the
    page itself, as when a crawl is cleaned with the profile learned from it); thresholds are
    judgement settings, so the grid re-judges the same stores. A block judged boilerplate is
    *chrome* when it is not gold text, *wrong* when it is.
    """
    grid = [(k, f, c) for k in (2, 3, 4, 6) for f in (0.0, 0.1, 0.2, 0.4) for c in (0, 12, 30)]
    tallies = {g: [0, 0, 0, 0] for g in grid}  # leave-one-out chrome, wrong; in-sample chrome, wrong
    chrome_blocks = sum(not is_gold(b.text, p.gold, p.gold_words) for p in pages for b in p.blocks)
    for page in pages:
        for slot, held_out in ((0, page), (2, None)):
            profiles = learn_others([p for p in pages if _same_site(p, page)], held_out)
            site = profiles.site_for(page.url)
            for k, f, c in grid:
                profiles.min_pages, profiles.min_share, profiles.min_chars = k, f, c
                for m in profiles.match(site, page.blocks):
                    wrong = is_gold(page.blocks[m.index].text, page.gold, page.gold_words)
                    tallies[(k, f, c)][slot + wrong] += 1
    print(
        f"\nthreshold sweep on sites/: every extracted block ({sum(len(p.blocks) for p in pages)}, "
        f"{chrome_blocks} of them not gold) judged by the profile alone"
    )
    print(
        f"{'k':>3}{'f':>6}{'chars':>7} | {'leave one out: chrome':>22}{'wrong':>7} | {'in-sample: chrome':>18}{'wrong':>7}"
    )
    for (k, f, c), (loo, loo_wrong, ins, ins_wrong) in tallies.items():
        mark = "  <- default" if (k, f, c) == (DEFAULT_MIN_PAGES, DEFAULT_MIN_SHARE, DEFAULT_MIN_CHARS) else ""
        print(f"{k:>3}{f:>6.2f}{c:>7} | {loo:>22}{loo_wrong:>7} | {ins:>18}{ins_wrong:>7}{mark}")


def _same_site(a: SitePage, b: SitePage) -> bool:
    return site_of(a.url) == site_of(b.url)


#: The one-page-per-site checks: (label, site key, threshold overrides).
ONE_PER_SITE_RUNS: tuple[tuple[str, Any, dict[str, Any]], ...] = (
    ("registered domain", "domain", {}),
    ("one pseudo-site", "all", {}),
    ("pseudo-site, f=0", "all", {"min_share": 0.0}),
    ("pseudo-site, f=0 c=0", "all", {"min_share": 0.0, "min_chars": 0}),
)


def one_per_site(name: str) -> None:
    """Learn from all pages of a one-page-per-site set, clean each with the profiles, count damage."""
    pages = corpus.load(name)
    cleaner = Cleaner()
    started = time.monotonic()
    prepared = []
    for page in pages:
        data = corpus.read(page)
        blocks, url = page_blocks(data, page.url, cleaner.options)
        prepared.append((page, blocks, url, cleaner.clean(data, url=page.url)))
    with_total = sum(len(p.with_) for p in pages)
    for label, key, overrides in ONE_PER_SITE_RUNS:
        site_key: Any = _one_site if key == "all" else key
        profiles = SiteProfiles(site_key=site_key, **overrides)
        for page, blocks, url, _ in prepared:
            site = profiles.site_for(url or (f"file:{page.file}" if key == "all" else None))
            if site is not None and blocks:
                profiles.add_blocks(site, blocks, url=url)
        lost = removed = wrong_pages = leaked_before = leaked_after = 0
        for page, blocks, url, article in prepared:
            kept, removals = profiles.prune(
                list(article.blocks), blocks, url or (f"file:{page.file}" if key == "all" else None)
            )
            before = corpus.norm(f"{article.title or ''}\n{article.text}")
            after = corpus.norm(f"{article.title or ''}\n{render_text(kept)}")
            lost_here = sum(corpus.norm(s) in before and corpus.norm(s) not in after for s in page.with_)
            lost += lost_here
            wrong_pages += lost_here > 0
            removed += len(removals)
            leaked_before += sum(corpus.norm(s) in before for s in page.without)
            leaked_after += sum(corpus.norm(s) in after for s in page.without)
        sites = profiles.sites()
        biggest = max((profiles.page_count(s) for s in sites), default=0)
        print(
            f"{name:<10}{label:<22}{len(pages):>6}{len(sites):>7}{biggest:>10}{removed:>9}{lost:>6}/{with_total:<6}"
            f"{wrong_pages:>10}{leaked_before:>14}{leaked_after:>7}"
        )
    print(f"({name}: {time.monotonic() - started:.0f}s)")


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark and print its tables."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sweep", action="store_true", help="also score a grid of thresholds on sites/")
    parser.add_argument("--skip-one-per-site", action="store_true", help="skip chrome/, its text dumps and dev/")
    args = parser.parse_args(argv)
    started = time.monotonic()
    pages = load_sites()
    print(
        f"sites/: {len(pages)} pages; leave one out, full pipeline, defaults k={DEFAULT_MIN_PAGES} "
        f"f={DEFAULT_MIN_SHARE} chars={DEFAULT_MIN_CHARS}; shingle P/R per page, averaged"
    )
    print_sites(run_sites(pages, full_pipeline=True))
    print(f"({time.monotonic() - started:.0f}s)")
    if args.sweep:
        sweep(pages)
    if not args.skip_one_per_site:
        print("\none page per site: profiles learned from every page of the set, then applied to each")
        print(
            f"{'set':<10}{'site key':<22}{'pages':>6}{'sites':>7}{'max pages':>10}{'removed':>9}{'with lost':>13}"
            f"{'pages hit':>10}{'without left':>14}{'after':>7}"
        )
        for name in ("chrome", "textdumps", "dev"):
            if corpus.available(name):
                one_per_site(name)
    return 0


def _one_site(url: str) -> str:
    """Every page in one pseudo-site: the stress setting of the one-per-site check."""
    return "all"


if __name__ == "__main__":
    raise SystemExit(main())
