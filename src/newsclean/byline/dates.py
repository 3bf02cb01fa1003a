"""Publication dates of the byline: JSON-LD, meta tags, then trafilatura's, as ISO 8601."""

from __future__ import annotations

import re
from datetime import date, datetime
from typing import Any

from .pagefacts import PUBLISHED_META, UPDATED_META, PageFacts


def page_dates(facts: PageFacts, meta: Any, evidence: dict[str, str]) -> tuple[str | None, str | None]:
    """(published, updated) of the page, each with its evidence in ``evidence``."""
    published = updated = None
    if facts.ld.published and _iso(facts.ld.published):
        published, evidence["published"] = _iso(facts.ld.published), "json-ld: datePublished"
    elif (hit := facts.first_meta(PUBLISHED_META)) and _iso(hit[0]):
        published, evidence["published"] = _iso(hit[0]), f"meta: {hit[1]}"
    elif meta is not None and getattr(meta, "date", None):
        published, evidence["published"] = _iso(str(meta.date)), "trafilatura: date"
    if facts.ld.updated and _iso(facts.ld.updated):
        updated, evidence["updated"] = _iso(facts.ld.updated), "json-ld: dateModified"
    elif (hit := facts.first_meta(UPDATED_META)) and _iso(hit[0]):
        updated, evidence["updated"] = _iso(hit[0]), f"meta: {hit[1]}"
    return published, updated


def _iso(value: str) -> str | None:
    """ISO 8601 form of a date or date-time as pages write it, or None."""
    text = value.strip().replace("Z", "+00:00")
    try:
        if len(text) == 10:  # a date without a time stays a date
            return date.fromisoformat(text).isoformat()
        return datetime.fromisoformat(text).isoformat()
    except ValueError:
        pass
    m = re.match(r"^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})", text)
    if m:
        try:
            return datetime(int(m[1]), int(m[2]), int(m[3])).date().isoformat()
        except ValueError:
            return None
    return None
