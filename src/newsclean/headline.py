"""The article's headline element: the ``<h1>`` that covers most of the page title.

Pages often have more than one ``<h1>``: a logo or site name ("L'Express - Actualités"), a section
title, then the story's own headline. A logo or site-name ``<h1>`` repeats only the title's suffix
("Story - The Daily Gazette"), so the ``<h1>`` whose text stands in the page title (``og:title`` or
``<title>``) and covers the largest share of its words is the headline; without one, the first
``<h1>`` inside an ``<article>``, else the first ``<h1>`` with text.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

from .textutils import normalize

#: A headline shorter than this (characters) is too weak to test against the title.
MIN_HEADLINE_CHARS = 8

_TOKEN = re.compile(r"\w+")


def page_titles(root: Any) -> list[str]:
    """The page's own titles: its ``og:title`` metas and its ``<title>``."""
    titles = [m.get("content") or "" for m in root.iterfind(".//meta[@property='og:title']")]
    title_el = root.find(".//title")
    if title_el is not None and title_el.text:
        titles.append(title_el.text)
    return [t for t in titles if t.strip()]


def find_headline(root: Any, titles: Iterable[str] | None = None) -> Any:
    """The headline ``<h1>`` of ``root`` (see the module docstring), or None without an ``<h1>``.

    ``titles``: the page titles to test against (read from the page when not given).
    """
    heads = [el for el in root.iter("h1") if normalize(el.text_content() or "")]
    if not heads:
        return None
    folded = [normalize(t).casefold() for t in (page_titles(root) if titles is None else titles)]
    best, best_share = None, 0.0
    for el in heads:
        text = normalize(el.text_content()).casefold()
        if len(text) < MIN_HEADLINE_CHARS or not any(text in t for t in folded):
            continue
        words = set(_TOKEN.findall(text))
        share = max((len(words & set(_TOKEN.findall(t))) / max(len(set(_TOKEN.findall(t))), 1) for t in folded), default=0.0)
        if share > best_share:
            best, best_share = el, share
    if best is not None:
        return best
    in_article = [el for el in heads if ancestor(el, "article") is not None]
    return in_article[0] if in_article else heads[0]


def ancestor(el: Any, tag: str) -> Any:
    """The nearest ancestor of ``el`` with ``tag``, or None."""
    for anc in el.iterancestors():
        if anc.tag == tag:
            return anc
    return None
