"""Site profiles as a readable JSON document, for review and version control.

::

    {"format": "newsclean.site-profiles", "version": 1,
     "settings": {"min_pages": 3, "min_share": 0.1, "min_chars": 12, "site_key": "domain"},
     "sites": {"example.com": {"pages": 40, "boilerplate": [
         {"text": "Sign up for our morning briefing.", "pages": 37, "container": "p"}]}}}

Each site lists its page count and its boilerplate blocks with the number of pages that showed
them, so an imported document judges as the exported store did. Reading it back creates stand-in
pages: block k is placed on the first ``pages_k`` of the site's ``pages`` stand-ins.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from ..textutils import normalize
from .sites import block_key, hash64, normalize_block
from .store import BlockRow

FORMAT = "newsclean.site-profiles"
VERSION = 1


def document(settings: dict[str, Any], sites: dict[str, tuple[int, list[dict[str, Any]]]]) -> dict[str, Any]:
    """The JSON document of some settings and, per site, its page count and boilerplate entries."""
    site_key = settings.get("site_key")
    return {
        "format": FORMAT,
        "version": VERSION,
        "settings": {**settings, "site_key": site_key if isinstance(site_key, str) else None},
        "sites": {site: {"pages": pages, "boilerplate": entries} for site, (pages, entries) in sites.items()},
    }


def write(doc: dict[str, Any], path: str | Path) -> None:
    """Write a document as indented UTF-8 JSON (one entry per few lines: diffs stay readable)."""
    Path(path).write_text(json.dumps(doc, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")


def read(source: str | Path | dict[str, Any]) -> dict[str, Any]:
    """A document from a file or a dict, checked for format and version."""
    doc = source if isinstance(source, dict) else json.loads(Path(source).read_text(encoding="utf-8"))
    if not isinstance(doc, dict) or doc.get("format") != FORMAT or doc.get("version") != VERSION:
        raise ValueError(f"not a {FORMAT} document of version {VERSION}")
    if not isinstance(doc.get("sites"), dict):
        raise ValueError(f"a {FORMAT} document needs a 'sites' object")
    return doc


def settings_of(doc: dict[str, Any]) -> dict[str, Any]:
    """The settings a document was exported with (those it states)."""
    return {k: v for k, v in (doc.get("settings") or {}).items() if v is not None}


def stand_in_pages(doc: dict[str, Any]) -> Iterator[tuple[str, int, list[BlockRow]]]:
    """``(site, page id, blocks)`` for every stand-in page of every site of the document."""
    for site, entry in doc["sites"].items():
        pages = int(entry["pages"])
        rows: list[list[BlockRow]] = [[] for _ in range(pages)]
        for item in entry.get("boilerplate") or []:
            container = str(item.get("container") or "p")
            text = str(item["text"])
            row = BlockRow(block_key(normalize_block(text), container), normalize(text), container)
            for n in range(min(int(item["pages"]), pages)):
                rows[n].append(row)
        for n, page_rows in enumerate(rows):
            yield site, hash64("imported-page", site, str(n)), page_rows
