"""Byline benchmark: newsclean's authors and original sources against trafilatura's metadata.

Run ``python -m benchmarks.byline`` from the project root (``--set dev``/``chrome``/``textdumps``/
``wcxb`` to limit, ``--show N`` to list the first N misses, ``--failures`` to list every wrong author grouped by the
mechanism that gave it, ``--jobs N`` processes). Both extractors run in the same process on
the same pages: newsclean through ``clean()``, trafilatura through newsclean's extraction module
on the untouched page (its ``author`` metadata, split into names the same way as the gold).

Name normalisation used to compare authors (the gold and both outputs alike):

1. split the author string into names on ``; , & | /`` and on the words and/und/et/y (and the
   Chinese/Japanese list marks 、，);
2. per name: NFKC, case-folded, leading "By/Von/Par/Por/De/Written by/文/记者/作者" and titles
   (Dr, Prof, Mr, Mrs, Ms) dropped, then every character that is not a letter or digit removed
   ("J.R. Stone" and "J. R. Stone" compare equal);
3. a page's authors are right when the *set* of normalised names equals the gold set.

Pages whose gold names no author (``author`` present and empty on ``dev``, null on ``chrome`` and
on ``wcxb``) count as *invented* when an extractor returns any author at all. ``wcxb`` is
``train/wcxb/`` (1,358 modern pages of 7 types, authors on 673): held out, never tuned on; its
article pages are also scored on their own (``wcxb-art``), since other page types rarely credit anyone.

Original sources (``chrome``): the gold is split on ``;`` into sources and each source ``X (Y)``
into the alternatives X and Y; the answer is right when its normalised name (as above, a leading
"the" dropped too) equals one of the alternatives. On pages whose gold has no original source,
any answer is a *false source*.
"""

from __future__ import annotations

import argparse
import gzip
import json
import re
import sys
import time
import unicodedata
from collections.abc import Iterable
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from newsclean import Options, clean
from newsclean.stages.extract import extract
from newsclean.stages.load import load as load_page

from . import corpus
from .corpus import Page, available, load

#: The held-out modern set (``train/wcxb``): labels beside gzip pages.
WCXB = "train/wcxb"

_SPLIT = re.compile(r"\s*(?:;|,|&|\||/|、|，|\band\b|\bund\b|\bet\b|\by\b)\s*", re.IGNORECASE)
_PREFIX = re.compile(
    r"^(?:(?:written |posted |words |story )?by|von|par|por|de|文|记者|作者|dr\.?|prof\.?|mr\.?|mrs\.?|ms\.?)[\s:：/／]+",
    re.IGNORECASE,
)


def name_key(name: str) -> str:
    """The normalised form of one name (see the module docstring)."""
    text = unicodedata.normalize("NFKC", name).casefold().strip()
    previous = None
    while previous != text:
        previous, text = text, _PREFIX.sub("", text).strip()
    return "".join(ch for ch in text if ch.isalnum())


def name_keys(names: str | Iterable[str] | None) -> frozenset[str]:
    """The set of normalised names in an author string or list."""
    if not names:
        return frozenset()
    items = [names] if isinstance(names, str) else list(names)
    keys = {name_key(part) for item in items for part in _SPLIT.split(item)}
    return frozenset(k for k in keys if k)


def source_keys(gold: str) -> set[str]:
    """Every accepted spelling of a gold original source."""
    keys = set()
    for item in gold.split(";"):
        for alt in re.split(r"[()（）]", item):
            key = _source_key(alt)
            if key:
                keys.add(key)
    return keys


def _source_key(name: str) -> str:
    text = unicodedata.normalize("NFKC", name).casefold().strip()
    text = re.sub(r"^the\s+", "", text)
    return "".join(ch for ch in text if ch.isalnum())


@dataclass(slots=True)
class Result:
    """Both extractors' answers on one page."""

    page: Page
    ours: tuple[str, ...]
    theirs: tuple[str, ...]
    source: str | None
    seconds: float
    #: Where newsclean's authors came from (the byline's evidence: "json-ld: author", "text: byline.by: ...").
    evidence: str = ""


def load_wcxb() -> list[Page]:
    """The pages of ``train/wcxb`` with their author labels (null: the page names none)."""
    folder = corpus.CORPUS / WCXB
    data = json.loads((folder / "labels.json").read_text(encoding="utf-8"))
    pages = [
        Page(
            set="wcxb",
            file=e["file"],
            path=folder / e["file"],
            with_=[],
            without=[],
            author=(e.get("author") or "").strip() or None,
            url=e.get("url") if str(e.get("url", "")).startswith("http") else None,
            raw=e,
        )
        for e in data.values()
    ]
    return sorted(pages, key=lambda p: p.file)


def _available(name: str) -> bool:
    return (corpus.CORPUS / WCXB / "labels.json").is_file() if name == "wcxb" else available(name)


def read(page: Page) -> bytes:
    """The page's bytes as saved (``.gz`` pages uncompressed)."""
    data = page.path.read_bytes()
    return gzip.decompress(data) if page.path.suffix == ".gz" else data


def run_page(page: Page) -> Result:
    """Clean one page with newsclean and read trafilatura's metadata of the untouched page."""
    data = read(page)
    started = time.perf_counter()
    article = clean(data, url=page.url)
    seconds = time.perf_counter() - started
    theirs: tuple[str, ...] = ()
    loaded = load_page(data, Options(url=page.url))
    if loaded.kind == "html":
        meta = extract(loaded.tree, Options(url=page.url))
        theirs = (meta.author,) if meta.author else ()
    source = article.byline.original_source.name if article.byline.original_source else None
    evidence = article.byline.evidence.get("authors", "")
    return Result(page, article.byline.authors, theirs, source, seconds, evidence)


def _gold_has_no_author(page: Page) -> bool:
    if page.set == "dev":
        return "author" in page.raw and not page.raw["author"]
    return not page.author


@dataclass(slots=True)
class Tally:
    """Author and source figures for one extractor on one set."""

    with_author: int = 0
    right: int = 0
    without_author: int = 0
    invented: int = 0

    def line(self) -> str:
        acc = self.right / self.with_author if self.with_author else 0.0
        inv = self.invented / self.without_author if self.without_author else 0.0
        return (
            f"authors right {self.right}/{self.with_author} = {acc:.1%}   "
            f"invented {self.invented}/{self.without_author} = {inv:.1%}"
        )


def evidence_kind(evidence: str) -> str:
    """The mechanism an author came from: the evidence up to its detail ("text: byline.by", "byline-node")."""
    parts = [p.strip() for p in evidence.split(":")]
    if parts[0] == "text" and len(parts) > 1:
        return f"text: {parts[1]}"
    if parts[0] in ("json-ld", "meta", "trafilatura"):
        return ": ".join(parts[:2])
    return parts[0] or "none"


def failures(results: list[Result]) -> list[str]:
    """Every page whose authors are wrong, invented ones first, grouped by the mechanism that gave them."""
    invented: dict[str, list[str]] = {}
    wrong: dict[str, list[str]] = {}
    for r in results:
        gold, got = name_keys(r.page.author), name_keys(r.ours)
        if got == gold or not (gold or _gold_has_no_author(r.page)):
            continue
        kind = evidence_kind(r.evidence) if got else "none"
        row = f"    {r.page.set}/{r.page.file}: gold {r.page.author!r} got {list(r.ours)!r} ({r.evidence[:100]})"
        (wrong if gold else invented).setdefault(kind, []).append(row)
    lines = []
    for title, groups in (("invented", invented), ("missed or wrong", wrong)):
        for kind, rows in sorted(groups.items(), key=lambda kv: -len(kv[1])):
            lines.append(f"  {title} by {kind}: {len(rows)}")
            lines += rows
    return lines


def score(results: list[Result], show: int, listing: bool = False) -> None:
    """Print the author figures (and sources on chrome sets) for both extractors."""
    ours, theirs = Tally(), Tally()
    misses: list[str] = []
    for r in results:
        gold = name_keys(r.page.author)
        for tally, answer, who in ((ours, r.ours, "newsclean"), (theirs, r.theirs, None)):
            got = name_keys(answer)
            if gold:
                tally.with_author += 1
                tally.right += got == gold
            elif _gold_has_no_author(r.page):
                tally.without_author += 1
                tally.invented += bool(got)
            if who and (gold or _gold_has_no_author(r.page)) and got != gold:
                misses.append(f"  author {r.page.set}/{r.page.file}: gold {r.page.author!r} got {list(answer)!r}")
    name = results[0].page.set if results else "?"
    print(f"{name:10s} newsclean   {ours.line()}")
    print(f"{name:10s} trafilatura {theirs.line()}")
    if name == "wcxb":
        articles = [r for r in results if r.page.raw.get("page_type") == "article"]
        for label, answers in (("newsclean  ", lambda r: r.ours), ("trafilatura", lambda r: r.theirs)):
            t = Tally()
            for r in articles:
                gold, got = name_keys(r.page.author), name_keys(answers(r))
                if gold:
                    t.with_author += 1
                    t.right += got == gold
                else:
                    t.without_author += 1
                    t.invented += bool(got)
            print(f"{'wcxb-art':10s} {label} {t.line()}")
    if any(r.page.set in ("chrome", "textdumps") for r in results):
        _score_sources(results, misses)
    seconds = sorted(r.seconds for r in results)
    if seconds:
        print(f"{name:10s} newsclean clean() per page: median {seconds[len(seconds) // 2] * 1000:.0f} ms")
    for line in misses[:show]:
        print(line)
    if listing:
        print("\n".join(failures(results)))


def _score_sources(results: list[Result], misses: list[str]) -> None:
    with_source = right = false = wrong = 0
    for r in results:
        gold = r.page.original_source
        got = _source_key(r.source) if r.source else None
        if gold:
            with_source += 1
            if got and got in source_keys(gold):
                right += 1
            else:
                wrong += bool(got)
                misses.append(f"  source {r.page.set}/{r.page.file}: gold {gold!r} got {r.source!r}")
        elif got:
            false += 1
            misses.append(f"  source {r.page.set}/{r.page.file}: gold None got {r.source!r}")
    without = len(results) - with_source
    name = results[0].page.set
    acc = right / with_source if with_source else 0.0
    print(
        f"{name:10s} newsclean   original source right {right}/{with_source} = {acc:.1%}   "
        f"wrong {wrong}   false sources {false}/{without}"
    )
    print(f"{name:10s} trafilatura original source: no such field (0/{with_source})")


def main(argv: list[str] | None = None) -> int:
    """Score the byline on the labelled sets present beside the project."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--set", action="append", choices=("dev", "chrome", "textdumps", "wcxb"))
    parser.add_argument("--show", type=int, default=0, help="list the first N misses of each set")
    parser.add_argument("--jobs", "--workers", type=int, default=1, help="processes (default 1)")
    parser.add_argument("--failures", action="store_true", help="list every wrong author, grouped by the mechanism that gave it")
    parser.add_argument("--dump", help="write every page's answers to this JSON file")
    args = parser.parse_args(argv)
    dumped: list[dict[str, object]] = []
    for name in args.set or ("dev", "chrome", "textdumps", "wcxb"):
        if not _available(name):
            print(f"{name}: corpus not found, skipped", file=sys.stderr)
            continue
        pages = load_wcxb() if name == "wcxb" else load(name)
        if args.jobs <= 1:
            results = [run_page(p) for p in pages]
        else:
            with ProcessPoolExecutor(args.jobs) as pool:
                results = list(pool.map(run_page, pages, chunksize=8))
        score(results, args.show, args.failures)
        dumped += [_as_row(r) for r in results]
    if args.dump:
        Path(args.dump).write_text(json.dumps(dumped, ensure_ascii=False, indent=1), encoding="utf-8")
    return 0


def _as_row(r: Result) -> dict[str, object]:
    gold = name_keys(r.page.author)
    return {
        "page": f"{r.page.set}/{r.page.file}",
        "gold": r.page.author,
        "gold_none": _gold_has_no_author(r.page),
        "ours": list(r.ours),
        "theirs": list(r.theirs),
        "ours_right": name_keys(r.ours) == gold,
        "theirs_right": name_keys(r.theirs) == gold,
        "gold_source": r.page.original_source,
        "source": r.source,
        "evidence": r.evidence,
    }


if __name__ == "__main__":
    raise SystemExit(main())
