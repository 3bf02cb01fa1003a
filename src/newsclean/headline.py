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
#: Share of a title's words an ``<h2>``/``<h3>`` must cover to be the headline (section titles
#: such as "News" stand in titles too, but cover little of them).
MIN_LOWER_SHARE = 0.5

_TOKEN = re.compile(r"\w+")


def page_titles(root: Any) -> list[str]:
    """The page's own titles: its ``og:title`` metas and its ``<title>``."""
    titles = [m.get("content") or "" for m in root.iterfind(".//meta[@property='og:title']")]
    title_el = root.find(".//title")
    if title_el is not None and title_el.text:
        titles.append(title_el.text)
    return [t for t in titles if t.strip()]


def find_headline(root: Any, titles: Iterable[str] | None = None, *, lower: bool = True) -> Any:
    """The headline of ``root`` (see the module docstring), or None.

    ``titles``: the page titles to test against (read from the page when not given). With
    ``lower``, a page whose ``<h1>`` names no title (a logo, or no ``<h1>`` at all, as in CMS news
    views that head the story with an ``<h2>``) has its headline in the ``<h2>`` or ``<h3>`` that
    covers the largest share, at least ``MIN_LOWER_SHARE``, of a title's words.
    """
    heads = [el for el in root.iter("h1") if normalize(el.text_content() or "")]
    folded = [normalize(t).casefold() for t in (page_titles(root) if titles is None else titles)]
    best = _best_match(heads, folded, 0.0)
    if best is None and folded and lower:
        best = _best_match([el for el in root.iter("h2", "h3") if normalize(el.text_content() or "")], folded, MIN_LOWER_SHARE)
    if best is not None or not heads:
        return best
    in_article = [el for el in heads if ancestor(el, "article") is not None]
    return in_article[0] if in_article else heads[0]


def _best_match(heads: list[Any], titles: list[str], least: float) -> Any:
    """The heading whose text stands in a title and covers the largest share (above ``least``) of its words."""
    best, best_share = None, least
    title_words = [set(_TOKEN.findall(t)) for t in titles]
    for el in heads:
        text = normalize(el.text_content()).casefold()
        if len(text) < MIN_HEADLINE_CHARS or not any(text in t for t in titles):
            continue
        words = set(_TOKEN.findall(text))
        share = max((len(words & tw) / max(len(tw), 1) for tw in title_words), default=0.0)
        if share > best_share:
            best, best_share = el, share
    return best


def ancestor(el: Any, tag: str) -> Any:
    """The nearest ancestor of ``el`` with ``tag``, or None."""
    for anc in el.iterancestors():
        if anc.tag == tag:
            return anc
    return None
