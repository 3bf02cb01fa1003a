"""The SQLite store behind site profiles: which normalised blocks were seen on which pages.

The store keeps *sets*, not running counts: a row per site, per page and per (site, block, page)
occurrence, all keyed by 64-bit hashes. Adding a page twice, learning in several runs, or merging
partial stores written by several workers is then a set union, which gives the same counts in any
order. Counts are computed with ``COUNT(*)`` over the primary-key index when they are needed.

Schema (version 1)::

    meta(key, value)                          format version and learning settings
    sites(site, name)                         site hash -> site name
    pages(site, page, url)                    distinct pages (page = hash of the page's content)
    occurrences(site, block, page)            block seen on page
    blocks(site, block, text, container)  one readable sample per block, for review and export
"""

from __future__ import annotations

import logging
import sqlite3
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

LOGGER = logging.getLogger(__name__)

SCHEMA_VERSION = "1"
#: Rows per ``IN (...)`` list: well under SQLite's default limit of host parameters.
_CHUNK = 500

_SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS sites (site INTEGER PRIMARY KEY, name TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS pages (
    site INTEGER NOT NULL, page INTEGER NOT NULL, url TEXT,
    PRIMARY KEY (site, page)) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS occurrences (
    site INTEGER NOT NULL, block INTEGER NOT NULL, page INTEGER NOT NULL,
    PRIMARY KEY (site, block, page)) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS blocks (
    site INTEGER NOT NULL, block INTEGER NOT NULL, text TEXT NOT NULL,
    container TEXT NOT NULL, PRIMARY KEY (site, block)) WITHOUT ROWID;
"""

# The readable sample of a block is the smallest text seen (texts of one hash differ only in case,
# digits or spacing): a rule that does not depend on the order pages or stores arrive in.
_UPSERT_BLOCK = """
INSERT INTO blocks (site, block, text, container) VALUES (?, ?, ?, ?)
ON CONFLICT (site, block) DO UPDATE SET
    text = min(text, excluded.text), container = min(container, excluded.container)
"""

# The same upsert fed from an attached store; "WHERE true" tells SQLite's parser that ON CONFLICT
# belongs to the INSERT and not to a join of the SELECT.
_MERGE_BLOCKS = """
INSERT INTO blocks (site, block, text, container)
SELECT site, block, text, container FROM other.blocks WHERE true
ON CONFLICT (site, block) DO UPDATE SET
    text = min(text, excluded.text), container = min(container, excluded.container)
"""


@dataclass(frozen=True, slots=True)
class BlockRow:
    """One block to record: its hash, a readable sample and its container signature."""

    block: int
    text: str
    container: str


@dataclass(frozen=True, slots=True)
class BlockCount:
    """A block of one site with the number of distinct pages it was seen on."""

    block: int
    pages: int
    text: str
    container: str


class ProfileStore:
    """A SQLite file (or ``:memory:``) of page and block sets per site."""

    def __init__(self, path: str | Path = ":memory:") -> None:
        self.path = str(path)
        self.conn = sqlite3.connect(self.path, check_same_thread=False)  # SiteProfiles serialises access
        self.conn.executescript(_SCHEMA)
        version = self.get_meta("schema")
        if version is None:
            self.set_meta("schema", SCHEMA_VERSION)
        elif version != SCHEMA_VERSION:
            raise ValueError(f"{self.path}: profile store schema {version}, expected {SCHEMA_VERSION}")
        self.conn.commit()

    def close(self) -> None:
        """Commit and close the connection."""
        self.conn.commit()
        self.conn.close()

    def commit(self) -> None:
        """Make the writes so far durable."""
        self.conn.commit()

    def get_meta(self, key: str) -> str | None:
        """A stored setting, or None."""
        row = self.conn.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
        return None if row is None else str(row[0])

    def set_meta(self, key: str, value: str) -> None:
        """Store a setting."""
        self.conn.execute("INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)", (key, value))

    def add_page(self, site: int, site_name: str, page: int, url: str | None, blocks: Sequence[BlockRow]) -> bool:
        """Record one page and its blocks; return False when the page was already known."""
        cur = self.conn.cursor()
        cur.execute("INSERT OR IGNORE INTO sites (site, name) VALUES (?, ?)", (site, site_name))
        known = cur.execute("SELECT 1 FROM pages WHERE site = ? AND page = ?", (site, page)).fetchone()
        cur.execute(
            "INSERT INTO pages (site, page, url) VALUES (?, ?, ?)"
            " ON CONFLICT (site, page) DO UPDATE SET url = min(coalesce(url, excluded.url), coalesce(excluded.url, url))",
            (site, page, url),
        )
        # Even a known page adds its blocks: copies of one article with different chrome are one page
        # whose block set is the union of what its copies showed.
        cur.executemany(
            "INSERT OR IGNORE INTO occurrences (site, block, page) VALUES (?, ?, ?)",
            [(site, b.block, page) for b in blocks],
        )
        cur.executemany(_UPSERT_BLOCK, [(site, b.block, b.text, b.container) for b in blocks])
        return known is None

    def merge_from(self, other: str | Path) -> None:
        """Add every set of another store file to this one (a union: order does not matter)."""
        self.conn.commit()
        self.conn.execute("ATTACH DATABASE ? AS other", (str(other),))
        try:
            row = self.conn.execute("SELECT value FROM other.meta WHERE key = 'schema'").fetchone()
            if row is None or row[0] != SCHEMA_VERSION:
                raise ValueError(f"{other}: not a newsclean profile store of schema {SCHEMA_VERSION}")
            with self.conn:
                self.conn.execute("INSERT OR IGNORE INTO sites SELECT site, name FROM other.sites")
                self.conn.execute(
                    "INSERT INTO pages SELECT site, page, url FROM other.pages WHERE true"
                    " ON CONFLICT (site, page) DO UPDATE SET url = min(coalesce(url, excluded.url), coalesce(excluded.url, url))"
                )
                self.conn.execute("INSERT OR IGNORE INTO occurrences SELECT site, block, page FROM other.occurrences")
                self.conn.execute(_MERGE_BLOCKS)
        finally:
            self.conn.execute("DETACH DATABASE other")

    def site_names(self) -> list[str]:
        """Every site learned, sorted."""
        return sorted(name for (name,) in self.conn.execute("SELECT name FROM sites"))

    def page_count(self, site: int) -> int:
        """Distinct pages learned for a site."""
        return int(self.conn.execute("SELECT COUNT(*) FROM pages WHERE site = ?", (site,)).fetchone()[0])

    def counts(self, site: int, blocks: Iterable[int]) -> dict[int, int]:
        """Distinct pages each of ``blocks`` was seen on (blocks never seen are left out)."""
        wanted = sorted(set(blocks))
        out: dict[int, int] = {}
        for start in range(0, len(wanted), _CHUNK):
            chunk = wanted[start : start + _CHUNK]
            marks = ",".join("?" * len(chunk))
            rows = self.conn.execute(
                f"SELECT block, COUNT(*) FROM occurrences WHERE site = ? AND block IN ({marks}) GROUP BY block",
                (site, *chunk),
            )
            out.update((int(b), int(n)) for b, n in rows)
        return out

    def repeated(self, site: int, min_pages: int) -> Iterator[BlockCount]:
        """Blocks of a site seen on at least ``min_pages`` pages, most frequent first."""
        rows = self.conn.execute(
            """
            SELECT o.block, o.n, b.text, b.container
            FROM (SELECT block, COUNT(*) AS n FROM occurrences WHERE site = ? GROUP BY block HAVING n >= ?) AS o
            JOIN blocks AS b ON b.site = ? AND b.block = o.block
            ORDER BY o.n DESC, b.text
            """,
            (site, min_pages, site),
        )
        for block, n, text, container in rows:
            yield BlockCount(int(block), int(n), str(text), str(container))

    def serialize(self) -> bytes:
        """The whole database as bytes (to pickle an in-memory store)."""
        self.conn.commit()
        return self.conn.serialize()

    @classmethod
    def deserialize(cls, data: bytes) -> ProfileStore:
        """An in-memory store from :meth:`serialize` bytes."""
        store = cls.__new__(cls)
        store.path = ":memory:"
        store.conn = sqlite3.connect(":memory:", check_same_thread=False)
        store.conn.deserialize(data)
        return store
