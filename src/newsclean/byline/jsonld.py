"""JSON-LD: read the article node(s) of a page's ``application/ld+json`` scripts, tolerantly."""

from __future__ import annotations

import json
import logging
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from ..textutils import unescape

LOGGER = logging.getLogger(__name__)

#: schema.org types whose author, publisher and dates describe the article on the page.
ARTICLE_TYPES = frozenset(
    {
        "Article", "NewsArticle", "BlogPosting", "ReportageNewsArticle", "AnalysisNewsArticle",
        "OpinionNewsArticle", "BackgroundNewsArticle", "ReviewNewsArticle", "AskPublicNewsArticle",
        "LiveBlogPosting", "TechArticle", "ScholarlyArticle", "SocialMediaPosting", "Report",
        "DiscussionForumPosting", "Blog", "Posting", "Review",
    }
)
#: Page types read only when a page has no article node.
PAGE_TYPES = frozenset({"WebPage", "ItemPage"})
#: Deepest nesting walked: real pages nest a few levels, hostile ones thousands.
MAX_DEPTH = 12
#: Longest script parsed (bytes of text); larger ones are data dumps, not article metadata.
MAX_SCRIPT_CHARS = 500_000

_TRAILING_COMMA = re.compile(r",\s*([}\]])")
_WRAPPERS = re.compile(r"^\s*(?:<!--|//\s*<!\[CDATA\[|<!\[CDATA\[)|(?:-->|//\s*\]\]>|\]\]>)\s*$")


@dataclass(slots=True)
class Person:
    """An author entry: a name and whether schema.org calls it a person or an organisation."""

    name: str
    is_org: bool = False


@dataclass(slots=True)
class ArticleLD:
    """What the page's JSON-LD says about its article."""

    authors: list[Person] = field(default_factory=list)
    publisher: str | None = None
    published: str | None = None
    updated: str | None = None
    #: (name, url) of isBasedOn / sourceOrganization entries.
    sources: list[tuple[str | None, str | None]] = field(default_factory=list)


def parse_scripts(texts: list[str]) -> ArticleLD:
    """Combine the article nodes of every JSON-LD script (the first value of a field wins)."""
    result = ArticleLD()
    nodes: list[dict[str, Any]] = []
    for text in texts:
        data = loads(text)
        if data is not None:
            nodes.extend(_walk(data, 0))
    ids = {n["@id"]: n for n in nodes if isinstance(n.get("@id"), str)}
    articles = [n for n in nodes if _types(n) & ARTICLE_TYPES]
    # Some sites describe the article only as a WebPage (with its author): read it when there is no article node.
    for node in articles or [n for n in nodes if _types(n) & PAGE_TYPES]:
        if not result.authors:
            result.authors = list(_people(node.get("author") or node.get("creator"), ids))
        result.publisher = result.publisher or _name(_resolve(node.get("publisher"), ids))
        result.published = result.published or _text(node.get("datePublished") or node.get("dateCreated"))
        result.updated = result.updated or _text(node.get("dateModified"))
        for key in ("isBasedOn", "isBasedOnUrl", "sourceOrganization"):
            for item in _as_list(node.get(key)):
                item = _resolve(item, ids)
                if isinstance(item, str):
                    url = item if item.startswith("http") else None
                    result.sources.append((None if url else item, url))
                elif isinstance(item, dict):
                    name = _name(item) or _name(_resolve(item.get("publisher"), ids))
                    url = _text(item.get("url")) or _text(item.get("@id"))
                    result.sources.append((name, url if url and url.startswith("http") else None))
    return result


def loads(text: str) -> Any:
    """Parse one script's JSON, forgiving HTML comment wrappers, control characters and trailing commas."""
    if not text or len(text) > MAX_SCRIPT_CHARS:
        return None
    text = _WRAPPERS.sub("", text.strip())
    for attempt in (text, _TRAILING_COMMA.sub(r"\1", text)):
        try:
            return json.loads(attempt, strict=False)
        except (ValueError, RecursionError):
            continue
    LOGGER.debug("unreadable JSON-LD script skipped")
    return None


def _walk(data: Any, depth: int) -> Iterator[dict[str, Any]]:
    if depth > MAX_DEPTH:
        return
    if isinstance(data, list):
        for item in data:
            yield from _walk(item, depth + 1)
    elif isinstance(data, dict):
        yield data
        for key in ("@graph", "mainEntity", "mainEntityOfPage", "hasPart", "itemListElement"):
            if key in data:
                yield from _walk(data[key], depth + 1)


def _types(node: dict[str, Any]) -> set[str]:
    return {t.rsplit("/", 1)[-1] for t in _as_list(node.get("@type")) if isinstance(t, str)}


def _people(value: Any, ids: dict[str, Any]) -> Iterator[Person]:
    for item in _as_list(value):
        item = _resolve(item, ids)
        if isinstance(item, str) and item.strip() and not item.startswith("http"):
            yield Person(item.strip())
        elif isinstance(item, dict):
            name = _name(item)
            if name:
                # schema.org types are case-sensitive, pages are not: "@type": "person" is a Person
                types = {t.casefold() for t in _types(item)}
                yield Person(name, is_org=bool(types - {"person"}) and "person" not in types)


def _resolve(value: Any, ids: dict[str, Any]) -> Any:
    if isinstance(value, dict) and set(value) <= {"@id", "@type"} and value.get("@id") in ids:
        return ids[value["@id"]]
    return value


def _name(value: Any) -> str | None:
    if isinstance(value, dict):
        return _text(value.get("name")) or _text(value.get("legalName"))
    return _text(value)


def _text(value: Any) -> str | None:
    if isinstance(value, list):
        value = value[0] if value else None
    if isinstance(value, dict):
        value = value.get("@value") or value.get("name")
    if isinstance(value, (str, int, float)) and str(value).strip():
        return " ".join(unescape(str(value)).split())
    return None


def _as_list(value: Any) -> list[Any]:
    if value is None:
        return []
    return value if isinstance(value, list) else [value]
