"""Site profiles: the boilerplate a site repeats on many of its pages, learned from those pages.

Chrome that no rule knows is obvious across twenty pages of one site: the same disclaimer, footer
or newsletter line, while article text does not repeat. :class:`SiteProfiles` learns, per site,
on how many distinct pages each normalised block appears (``sites``), in an embedded SQLite
store (``store``); the cleaner then removes a block that appears on at least ``min_pages``
pages and on at least ``min_share`` of the site's pages, with the count as evidence.

Learning runs the pipeline's own stages (load, pre-clean, extract; or the text-dump splitter), so
the learned blocks are exactly the blocks the cleaner later judges.
"""

from __future__ import annotations

import logging
import sqlite3
import tempfile
import threading
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from ..judge.rules import ruleset_for
from ..models import Block, Options, Removal
from ..stages.extract import drop_repeated_title, extract
from ..stages.load import load
from ..stages.preclean import preclean
from ..stages.textdump import split_dump
from ..textutils import is_prose, normalize, word_count
from . import export
from .sites import (
    SITE_KEYS,
    SiteKey,
    block_key,
    container_of,
    hash64,
    normalize_block,
    site_of,
)
from .store import BlockRow, ProfileStore

LOGGER = logging.getLogger(__name__)

# Thresholds, chosen with benchmarks/profiles.py (``--sweep``, and the one-page-per-site runs).
#: A block is boilerplate only when seen on at least this many distinct pages of its site. On the
#: corpus sites, learning from all pages, 2 removes gold text (a quote two posts share, a story
#: saved under two URLs with one edit: 4-6 blocks by setting); 3 and more remove none.
DEFAULT_MIN_PAGES = 3
#: ... and on at least this share of the site's pages. Putting all 979 one-site pages of dev/ into
#: one pseudo-site, f=0 removes blocks that unrelated pages happen to share (an Instagram embed
#: line, "Instructions"; with no length floor also "Zutaten", "Fazit", years and prices); f=0.1
#: removes nothing. On the corpus sites 0.1 and 0.2 judge alike; 0.4 misses a byline on 5 of 14.
DEFAULT_MIN_SHARE = 0.1
#: Shortest normalised block (characters) a profile may remove. 30 misses site bylines ("By
#: Stephen Fidler", 17); 0 lets short headings and folded numbers through (see above).
DEFAULT_MIN_CHARS = 12
#: ... and fewest words: a one-word block ("Ingredients", "Background") is a section heading as
#: often as chrome, and one-word chrome ("Advertisement") is the rules' job.
MIN_WORDS = 2
#: Profile matches may not take more than this share of a page's words: when they would, the page
#: repeats a learned page (a duplicate, a reprint) rather than the site's chrome, and all is kept.
MAX_PAGE_SHARE = 0.6
#: Pages learned between commits: bounds what a crash loses and the size of a transaction.
COMMIT_EVERY = 200


@dataclass(frozen=True, slots=True)
class ProfileMatch:
    """A block judged boilerplate for its site, with the counts that back it."""

    index: int
    pages: int
    site_pages: int

    @property
    def evidence(self) -> str:
        """The ledger's evidence line."""
        return f"seen on {self.pages} of {self.site_pages} pages of this site"


@dataclass(slots=True)
class LearnStats:
    """What one learning run did."""

    read: int = 0
    learned: int = 0
    duplicates: int = 0
    no_site: int = 0
    empty: int = 0
    failed: int = 0


class SiteProfiles:
    """Per-site counts of repeated blocks, stored in SQLite, and the judgement built on them.

    Args:
        path: The SQLite file (created when missing), or ``":memory:"``.
        min_pages, min_share, min_chars: Thresholds (see the module constants); None: the value
            stored in the file, else the default.
        site_key: ``"domain"`` (registered domain), ``"host"``, or a function url -> site name.
        options: The cleaner options used to extract blocks while learning (default ``Options()``).
    """

    def __init__(
        self,
        path: str | Path = ":memory:",
        *,
        min_pages: int | None = None,
        min_share: float | None = None,
        min_chars: int | None = None,
        site_key: SiteKey | None = None,
        options: Options | None = None,
        _store: ProfileStore | None = None,
    ) -> None:
        self._store = _store or ProfileStore(path)
        self._lock = threading.RLock()
        self._site_pages: dict[str, int] = {}
        stored = self._store.get_meta
        self.min_pages = int(min_pages if min_pages is not None else stored("min_pages") or DEFAULT_MIN_PAGES)
        self.min_share = float(min_share if min_share is not None else stored("min_share") or DEFAULT_MIN_SHARE)
        self.min_chars = int(min_chars if min_chars is not None else stored("min_chars") or DEFAULT_MIN_CHARS)
        self.site_key: SiteKey = site_key if site_key is not None else stored("site_key") or "domain"
        if self.min_pages < 1 or not 0.0 <= self.min_share <= 1.0 or self.min_chars < 0:
            raise ValueError("min_pages must be >= 1, min_share in [0, 1], min_chars >= 0")
        if not callable(self.site_key) and self.site_key not in SITE_KEYS:
            raise ValueError(f"unknown site key {self.site_key!r}; use one of {SITE_KEYS} or a function")
        self.options = options or Options()
        self._write_settings()

    # --- creating, opening, saving ---------------------------------------------------------------

    @classmethod
    def learn(
        cls, pages: Iterable[tuple[str | None, Any]], path: str | Path = ":memory:", **settings: Any
    ) -> SiteProfiles:
        """Learn new profiles from ``(url, page)`` pairs (HTML or text dumps), streamed once."""
        profiles = cls(path, **settings)
        profiles.add(pages)
        return profiles

    @classmethod
    def open(cls, path: str | Path, **settings: Any) -> SiteProfiles:
        """Open (or create) a profile store file; settings not given come from the file."""
        return cls(path, **settings)

    def save(self, path: str | Path) -> None:
        """Write the whole store to a SQLite file (replacing it)."""
        with self._lock:
            self._store.commit()
            target = ProfileStore(path)
            try:
                self._store.conn.backup(target.conn)
            finally:
                target.close()

    def close(self) -> None:
        """Commit and close the store."""
        with self._lock:
            self._store.close()

    def __enter__(self) -> SiteProfiles:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def __getstate__(self) -> dict[str, Any]:
        # Worker processes get a copy: a file store is reopened by path, an in-memory one travels.
        with self._lock:
            store = self._store.path if self._store.path != ":memory:" else self._store.serialize()
        return {"store": store, "settings": self.settings(), "options": self.options}

    def __setstate__(self, state: dict[str, Any]) -> None:
        store = state["store"]
        self.__init__(  # type: ignore[misc]
            store if isinstance(store, str) else ":memory:",
            **state["settings"],
            options=state["options"],
            _store=None if isinstance(store, str) else ProfileStore.deserialize(store),
        )

    def settings(self) -> dict[str, Any]:
        """The thresholds and site key, as keyword arguments of the constructor."""
        return {
            "min_pages": self.min_pages,
            "min_share": self.min_share,
            "min_chars": self.min_chars,
            "site_key": self.site_key,
        }

    def _write_settings(self) -> None:
        """Store the settings that differ from the file's."""
        # A reader that changes nothing writes nothing: many processes can open one file.
        wanted = {"min_pages": str(self.min_pages), "min_share": repr(self.min_share), "min_chars": str(self.min_chars)}
        if isinstance(self.site_key, str):
            wanted["site_key"] = self.site_key
        with self._lock:
            changed = {k: v for k, v in wanted.items() if self._store.get_meta(k) != v}
            for key, value in changed.items():
                self._store.set_meta(key, value)
            if changed:
                self._store.commit()

    # --- learning ----------------------------------------------------------------------------------

    def add(self, pages: Iterable[tuple[str | None, Any]]) -> LearnStats:
        """Learn more pages, ``(url, page)`` pairs, streamed; a page seen before changes nothing."""
        stats = LearnStats()
        for url, page in pages:
            stats.read += 1
            try:
                blocks, page_url = page_blocks(page, url, self.options)
            except Exception as err:  # one bad page must not end a crawl-sized run
                LOGGER.warning("cannot learn from %s: %r", url or "a page", err)
                stats.failed += 1
                continue
            site = self.site_for(page_url)
            if site is None:
                stats.no_site += 1
            elif not blocks:
                stats.empty += 1
            elif self.add_blocks(site, blocks, url=page_url):
                stats.learned += 1
            else:
                stats.duplicates += 1
            if stats.read % COMMIT_EVERY == 0:
                self._store.commit()
        self._store.commit()
        LOGGER.info("learned %s", stats)
        return stats

    def add_blocks(self, site: str, blocks: Sequence[Block], *, url: str | None = None) -> bool:
        """Record the blocks of one page of ``site``; False when the page was already known.

        A page is known by its article: the hash of its prose blocks (of all blocks when none is
        prose), so copies of one story under several URLs count once.
        """
        rows: dict[int, BlockRow] = {}
        prose: set[int] = set()
        for block in blocks:
            norm, container = normalize_block(block.text), container_of(block)
            if not norm:
                continue
            key = block_key(norm, container)
            rows.setdefault(key, BlockRow(key, normalize(block.text), container))
            if is_prose(block.text):
                prose.add(key)
        if not rows:
            return False
        page = hash64("page", *(format(k, "x") for k in sorted(prose or rows)))
        with self._lock:
            self._site_pages.pop(site, None)
            return self._store.add_page(hash64("site", site), site, page, url, list(rows.values()))

    def merge(self, other: SiteProfiles | str | Path) -> None:
        """Add another store (a worker's partial store, or its file) to this one: a set union."""
        with self._lock:
            if not isinstance(other, SiteProfiles):
                self._store.merge_from(other)
            elif other._store.path != ":memory:":
                other._store.commit()
                self._store.merge_from(other._store.path)
            else:  # SQLite attaches files only: spill the in-memory store to a temporary one
                with tempfile.TemporaryDirectory(prefix="newsclean-") as tmp:
                    other.save(Path(tmp) / "part.sqlite")
                    self._store.merge_from(Path(tmp) / "part.sqlite")
            self._site_pages.clear()

    # --- judging ----------------------------------------------------------------------------------

    def site_for(self, url: str | None) -> str | None:
        """The site a page URL belongs to under this store's site key."""
        return site_of(url, self.site_key)

    def sites(self) -> list[str]:
        """Every site learned."""
        with self._lock:
            return self._store.site_names()

    def page_count(self, site: str) -> int:
        """Distinct pages learned for ``site``."""
        with self._lock:
            n = self._site_pages.get(site)
            if n is None:
                n = self._site_pages[site] = self._store.page_count(hash64("site", site))
            return n

    def match(self, site: str | None, blocks: Sequence[Block]) -> list[ProfileMatch]:
        """The blocks of a page of ``site`` that the site's profile calls boilerplate."""
        if site is None:
            return []
        try:
            site_pages = self.page_count(site)
        except sqlite3.Error as err:
            LOGGER.warning("site profiles unavailable for %s: %r", site, err)
            return []
        if site_pages < self.min_pages:
            return []
        keys: dict[int, int] = {}
        for i, block in enumerate(blocks):
            norm = normalize_block(block.text)
            if _long_enough(norm, self.min_chars):
                keys[i] = block_key(norm, container_of(block))
        try:
            with self._lock:
                counts = self._store.counts(hash64("site", site), keys.values())
        except sqlite3.Error as err:  # a broken store costs the profile step, not the article
            LOGGER.warning("site profiles unavailable for %s: %r", site, err)
            return []
        need = max(self.min_pages, self.min_share * site_pages)
        return [ProfileMatch(i, counts[k], site_pages) for i, k in keys.items() if counts.get(k, 0) >= need]

    def prune(
        self, kept: list[Block], blocks: Sequence[Block], url: str | None, *, remove: bool = True
    ) -> tuple[list[Block], list[Removal]]:
        """The pipeline step: drop profile matches from ``kept``; positions index ``blocks``."""
        site = self.site_for(url)
        matches = self.match(site, kept)
        if not matches:
            return kept, []
        matched = {m.index for m in matches}
        total = sum(word_count(b.text) for b in kept)
        taken = sum(word_count(kept[i].text) for i in matched)
        if total and taken > MAX_PAGE_SHARE * total:
            LOGGER.info("profile of %s matches %d of %d words of %s: kept all", site, taken, total, url)
            return kept, []
        position = {b.origin: i for i, b in enumerate(blocks)}
        removals = [
            Removal(
                text=normalize(kept[m.index].text),
                category="profile",
                rule=f"profile.{site}",
                position=position.get(kept[m.index].origin, m.index),
                where=_where(m.index, matched, len(kept)),
                evidence=m.evidence,
            )
            for m in matches
        ]
        if remove:
            kept = [b for i, b in enumerate(kept) if i not in matched]
        return kept, removals

    # --- review -----------------------------------------------------------------------------------

    def boilerplate(self, site: str, *, min_pages: int | None = None) -> list[dict[str, Any]]:
        """The site's boilerplate blocks (with ``min_pages``: all seen that often) as dicts, most frequent first."""
        site_pages = self.page_count(site)
        if min_pages is None:
            need, floor = max(self.min_pages, self.min_share * site_pages), self.min_pages
        else:
            need, floor = min_pages, min_pages
        with self._lock:
            rows = list(self._store.repeated(hash64("site", site), floor))
        return [
            {"text": r.text, "pages": r.pages, "container": r.container}
            for r in rows
            if r.pages >= need and (min_pages is not None or _long_enough(normalize_block(r.text), self.min_chars))
        ]

    def to_json(self, path: str | Path | None = None, *, min_pages: int | None = None) -> dict[str, Any]:
        """Export every site's profile as a readable JSON document (written to ``path`` if given)."""
        doc = export.document(
            self.settings(),
            {site: (self.page_count(site), self.boilerplate(site, min_pages=min_pages)) for site in self.sites()},
        )
        if path is not None:
            export.write(doc, path)
        return doc

    @classmethod
    def from_json(
        cls, source: str | Path | dict[str, Any], path: str | Path = ":memory:", **settings: Any
    ) -> SiteProfiles:
        """Profiles from an exported (and perhaps hand-edited) JSON document or file."""
        doc = export.read(source)
        profiles = cls(path, **{**export.settings_of(doc), **settings})
        with profiles._lock:
            for site, page, rows in export.stand_in_pages(doc):
                profiles._store.add_page(hash64("site", site), site, page, None, rows)
            profiles._store.commit()
            profiles._site_pages.clear()
        return profiles


def page_blocks(page: Any, url: str | None, options: Options) -> tuple[list[Block], str | None]:
    """The blocks the cleaner would judge on this page, and its URL (the page's own if not given)."""
    opts = replace(options, url=url) if url else options
    page_in = load(page, opts)
    if page_in.kind == "html":
        if opts.preclean:  # as the cleaning pre-cleans: comment lists stay when comments are asked for
            preclean(page_in.tree, keep_comments=opts.include_comments)
        found = extract(page_in.tree, opts)
        blocks, _ = drop_repeated_title(found.blocks, found.title)
        return blocks, url or found.url
    if page_in.kind == "text":
        return split_dump(page_in.text, ruleset_for(opts)).all_blocks, url
    return [], url


def _long_enough(normalized: str, min_chars: int) -> bool:
    """Whether a normalised block is long enough for a profile to remove it."""
    return len(normalized) >= min_chars and len(normalized.split()) >= MIN_WORDS


def _where(index: int, matched: set[int], count: int) -> str:
    """``head``/``tail`` when only matched blocks lie between the block and that end."""
    if all(i in matched for i in range(index)):
        return "head"
    if all(i in matched for i in range(index + 1, count)):
        return "tail"
    return "body"
