"""Byline: authors, publisher, original source of syndicated stories, dates, with evidence."""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from .models import Byline, Removal, Source

_AUTHOR_SPLIT = re.compile(r"\s*(?:;|,|&|\band\b|\bund\b|\bet\b|\by\b)\s*")


def build_byline(
    *,
    tree: Any = None,
    meta: Any = None,
    removed: Sequence[Removal] = (),
    url: str | None = None,
) -> Byline:
    """Assemble the byline from extractor metadata and the syndication lines of the ledger."""
    evidence: dict[str, str] = {}
    authors: tuple[str, ...] = ()
    publisher = None
    published = None
    if meta is not None:
        if meta.author:
            authors = tuple(a for a in _AUTHOR_SPLIT.split(meta.author) if a)
            evidence["authors"] = "trafilatura"
        if meta.sitename:
            publisher = meta.sitename
            evidence["publisher"] = "trafilatura"
        if meta.date:
            published = meta.date
            evidence["published"] = "trafilatura"
    original = None
    for entry in removed:
        if entry.category == "syndication" and entry.source:
            if publisher and entry.source.casefold() == publisher.casefold():
                continue
            original = Source(entry.source)
            evidence["original_source"] = f"text: {entry.rule}"
            break
    return Byline(
        authors=authors,
        publisher=publisher,
        original_source=original,
        published=published,
        evidence=evidence,
    )
