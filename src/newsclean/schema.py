"""The output record: one JSON-ready dict per document, the same for the CLI and the engines."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from .models import Article


def record(article: Article, *, id: str | None = None, path: str | None = None,
           fields: Mapping[str, Any] | None = None) -> dict[str, Any]:
    """One output record: the input record's kept fields, then id and path, then the article's fields."""
    out: dict[str, Any] = dict(fields or {})
    if id is not None and str(out.get("id")) != id:  # a record's own id keeps its JSON type
        out["id"] = id
    if path is not None:
        out["path"] = path
    data = article.as_dict()
    if data.get("url") is None and out.get("url"):
        data["url"] = out["url"]  # keep the record's own URL when the page did not name one
    out.update(data)
    return out
