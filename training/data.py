"""The judge's training pool: corpus pages run through newsclean up to the judge, cached on disk.

Every page of ``dev/`` (less the 9 that ``chrome/`` also holds), ``train/dragnet``,
``train/cleaneval`` and ``train/wcxb`` is loaded and extracted with newsclean's own stages, so the
blocks learned from are the blocks the judge later scores. ``chrome/`` and ``chrome/textdumps/``
are read for scoring only: they are the held-out sets of the quality gate. Extraction is the slow
part (trafilatura), so its result is cached per page under ``build/judge-cache/``, keyed by the
page's bytes and newsclean's version of the stages.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import os
import pickle
import re
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from benchmarks import corpus

ROOT = Path(__file__).resolve().parent.parent
CACHE = ROOT / "build" / "judge-cache"
#: Bump when the stages before the judge change what they hand it (invalidates the cache).
CACHE_VERSION = 2
#: Training sets with gold text, and the labelled sets with with/without snippets.
GOLD_SETS = ("dragnet", "cleaneval", "wcxb")
SNIPPET_SETS = ("dev",)
HELD_OUT_SETS = ("chrome", "textdumps")


@dataclass(slots=True)
class Item:
    """One page of the pool: where it is, its site group, its labels and (once extracted) its blocks."""

    set: str
    id: str
    path: Path
    url: str | None
    group: str
    gold: str | None = None
    with_: list[str] = field(default_factory=list)
    without: list[str] = field(default_factory=list)
    page_type: str | None = None
    #: (text, kind, continues) of each block the judge sees, and the page's title.
    blocks: list[tuple[str, str, bool]] = field(default_factory=list)
    title: str | None = None
    html: bool = True
    #: Each block's element facts (stages/origin.py), for HTML pages.
    dom: list[Any] | None = None
    page: Any = None  # the benchmarks.corpus.Page, for the snippet sets
    #: For a text-dump item: the renderer that turns the HTML page into a dump (training/dumps.py).
    render: str | None = None


_HARD = re.compile(r"^[a-z]+::([^/\s]+?\.[a-z]{2,})(?:-|$)", re.I)


def site_group(url: str | None, fallback: str) -> str:
    """The cross-validation group of a page: its registered domain, else its own fallback name."""
    from newsclean.profiles.sites import site_of

    if url:
        m = _HARD.match(url)
        site = site_of(m.group(1) if m else url) if (m or url.startswith("http")) else None
        if site:
            return site
    return fallback


def _gold_items(name: str) -> list[Item]:
    folder = corpus.CORPUS / "train" / name
    labels = json.loads((folder / "labels.json").read_text(encoding="utf-8"))
    items = []
    for key in sorted(labels):
        e = labels[key]
        if name == "wcxb":
            gold = e.get("main_content") or ""
        else:
            gold = (folder / e["gold"]).read_text(encoding="utf-8", errors="replace")
        url = e.get("url")
        items.append(Item(name, key, folder / e["file"], url, site_group(url, f"{name}:{key}"), gold=gold,
                          with_=list(e.get("with") or []), without=list(e.get("without") or []),
                          page_type=e.get("page_type")))
    return items


def _snippet_items(name: str, skip: set[str] = frozenset()) -> list[Item]:  # type: ignore[assignment]
    items = []
    for page in corpus.load(name):
        if page.file in skip:
            continue
        url = page.raw.get("url")
        items.append(Item(name, page.file, page.path, page.url, site_group(url, f"{name}:{page.file}"),
                          with_=page.with_, without=page.without, page=page))
    return items


def chrome_copies_in_dev() -> set[str]:
    """The dev pages that are byte-identical to a chrome page (kept out of training)."""
    chrome = {hashlib.sha1(p.path.read_bytes()).hexdigest() for p in corpus.load("chrome")}
    return {p.file for p in corpus.load("dev") if hashlib.sha1(p.path.read_bytes()).hexdigest() in chrome}


def pool(sets: tuple[str, ...] = (*SNIPPET_SETS, *GOLD_SETS)) -> list[Item]:
    """The training pool's pages (without blocks): dev less the chrome copies, and the gold sets."""
    items: list[Item] = []
    for name in sets:
        items += _gold_items(name) if name in GOLD_SETS else _snippet_items(name, chrome_copies_in_dev())
    return items


def as_dumps(items: list[Item]) -> list[Item]:
    """The items again as whole-page text dumps, once per renderer (same labels, no blocks yet)."""
    from .dumps import RENDERERS

    return [Item(i.set, i.id, i.path, i.url, i.group, gold=i.gold, with_=i.with_, without=i.without,
                 page_type=i.page_type, html=False, page=i.page, render=r) for r in RENDERERS for i in items]


def held_out(name: str) -> list[Item]:
    """A held-out set's pages (scored only)."""
    return _snippet_items(name)


def read_bytes(path: Path) -> bytes:
    data = path.read_bytes()
    return gzip.decompress(data) if path.suffix == ".gz" else data


def _extract(task: tuple[str, str | None, str | None]) -> tuple[list[tuple[str, str, bool]], str | None, bool, list[Any] | None]:
    from newsclean import Options
    from newsclean.api import extract_blocks

    path, url, renderer = task
    try:
        page: bytes | str = read_bytes(Path(path))
        if renderer:
            from .dumps import render

            page = render(page, renderer)
        ex = extract_blocks(page, Options(url=url, time_budget=0))
    except Exception:  # clean() gives such a page an empty article: nothing for the judge
        return [], None, True, None
    html = not ex.blocks or not ex.blocks[0].origin.startswith("line ")
    return [(b.text, b.kind, b.continues) for b in ex.blocks], ex.title, html, ex.dom if html else None


def _cache_file(item: Item, data_hash: str) -> Path:
    folder = item.set if item.render is None else f"{item.set}-dump-{item.render}"
    return CACHE / f"v{CACHE_VERSION}" / folder / f"{data_hash}.pkl"


def extract_all(items: list[Item], jobs: int = 2) -> None:
    """Fill every item's blocks, from the cache or by running newsclean's stages."""
    todo = []
    for item in items:
        digest = hashlib.sha1(item.path.read_bytes() + (item.url or "").encode()).hexdigest()
        cached = _cache_file(item, digest)
        if cached.is_file():
            item.blocks, item.title, item.html, item.dom = pickle.loads(cached.read_bytes())
        else:
            todo.append((item, cached))
    if not todo:
        return
    tasks = [(str(item.path), item.url, item.render) for item, _ in todo]
    with ProcessPoolExecutor(max_workers=max(jobs, 1)) as ex:
        # Results are written as they come, so an interrupted pass resumes where it stopped.
        for (item, cached), result in zip(todo, ex.map(_extract, tasks, chunksize=4)):
            item.blocks, item.title, item.html, item.dom = result
            cached.parent.mkdir(parents=True, exist_ok=True)
            cached.write_bytes(pickle.dumps(result))


def default_jobs() -> int:
    return int(os.environ.get("NEWSCLEAN_TRAIN_JOBS", "2"))
