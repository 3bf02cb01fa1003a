"""Remove widget subtrees and hidden elements from the lxml tree before extraction.

Widgets (share and reward bars, comment boxes, newsletter forms, cookie banners, related lists,
ad slots) are recognised by the words of their class and id, from ``rules/dom/widgets.toml``.
Hidden elements (``hidden``, ``aria-hidden="true"``, inline ``display:none`` or
``visibility:hidden``) are not article text. A subtree that holds a large share of the page's
text, the headline or an ``<article>`` is never removed: names lie more often than layout does.
"""

from __future__ import annotations

import re
import tomllib
from functools import lru_cache
from importlib import resources
from typing import Any

from lxml import etree

from ..errors import RulesError
from ..models import Removal
from ..textutils import normalize

#: A candidate subtree holding more than this share of the body's text is kept (it is likely the
#: article container itself, named after a feature it also hosts).
MAX_TEXT_SHARE = 0.3
#: A widget or hidden subtree with more text than this is removed only when it is mostly links:
#: share bars, ad slots and related lists are short or link lists, while hidden slideshow parts,
#: collapsed "read more" sections and containers misnamed "comment" or "cmp" hold article prose
#: (measured on the dev corpus: removing them lost article text on several pages). Prose chrome
#: left in is judged later, block by block, by the text rules.
MAX_PROSE_CHARS = 200
#: Share of a subtree's text inside links above which it is a link list, whatever its length.
MIN_LINK_DENSITY = 0.5
#: Ledger entries quote at most this many characters of a removed subtree.
LEDGER_CHARS = 300

_WORD_SPLIT = re.compile(r"[^0-9A-Za-z]+|(?<=[a-z])(?=[A-Z])")
_HIDDEN_STYLE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.I)
_PROTECTED_TAGS = {"html", "body", "article", "main", "h1"}
_CANDIDATES = etree.XPath("//*[@class or @id or @hidden or @aria-hidden or @style]")


class WidgetVocabulary:
    """Class/id word -> widget category, read from the data file."""

    def __init__(self, words: dict[str, frozenset[str]]) -> None:
        self.words = words
        # One lookup table, first category wins for a word listed twice.
        self._table: dict[str, str] = {}
        for category, vocab in words.items():
            for word in vocab:
                self._table.setdefault(word, category)
        # Class strings repeat heavily within a page and across a site: remember the verdicts.
        self.category = lru_cache(maxsize=4096)(self._category)  # type: ignore[method-assign]

    def _category(self, value: str) -> tuple[str, str] | None:
        """The widget category a class/id value names, with the word that named it."""
        table = self._table
        for token in value.split():
            words = [w.lower() for w in _WORD_SPLIT.split(token) if w]
            for word in words:
                if word in table:
                    return table[word], word
            for a, b in zip(words, words[1:]):
                if a + b in table:
                    return table[a + b], a + b
            whole = "".join(words)
            if whole in table:
                return table[whole], whole
        return None


@lru_cache(maxsize=1)
def vocabulary() -> WidgetVocabulary:
    """Load the bundled widget vocabulary once."""
    resource = resources.files("newsclean") / "rules" / "dom" / "widgets.toml"
    try:
        data = tomllib.loads(resource.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as err:
        raise RulesError(f"rules/dom/widgets.toml: {err}") from err
    return WidgetVocabulary({cat: frozenset(w.lower() for w in spec["words"]) for cat, spec in data.items()})


def preclean(tree: Any, *, widgets: bool = True) -> list[Removal]:
    """Remove hidden elements and widget subtrees from ``tree`` in place; return the ledger."""
    body = tree.find(".//body")
    total = len(_text(body if body is not None else tree)) or 1
    vocab = vocabulary()
    removals: list[Removal] = []
    for el in _CANDIDATES(tree):
        found = _hidden(el) or (_widget(el, vocab) if widgets else None)
        if found is None or el.getparent() is None or _detached(el):
            continue
        category, rule = found
        if el.tag in _PROTECTED_TAGS or _protected(el, total):
            continue
        text = normalize(" ".join(el.itertext()))
        if text:
            removals.append(
                Removal(
                    text=text[:LEDGER_CHARS],
                    category=category,
                    rule=rule,
                    position=-1,
                    where="dom",
                    evidence=_signature(el),
                )
            )
        _drop(el)
    return removals


def _hidden(el: Any) -> tuple[str, str] | None:
    if el.get("hidden") is not None:
        return "hidden", "dom.hidden.attribute"
    if el.get("aria-hidden", "").strip().lower() == "true":
        return "hidden", "dom.hidden.aria"
    style = el.get("style")
    if style and _HIDDEN_STYLE.search(style):
        return "hidden", "dom.hidden.style"
    return None


def _widget(el: Any, vocab: WidgetVocabulary) -> tuple[str, str] | None:
    for attr in ("class", "id"):
        value = el.get(attr)
        if value:
            found = vocab.category(value)
            if found:
                return found[0], f"dom.{found[0]}.{found[1]}"
    return None


def _protected(el: Any, total: int) -> bool:
    if el.find(".//h1") is not None or el.find(".//article") is not None:
        return True
    length = len(_text(el))
    if length > MAX_TEXT_SHARE * total:
        return True
    if length > MAX_PROSE_CHARS:
        linked = sum(len(_text(a)) for a in el.iter("a"))
        return linked < MIN_LINK_DENSITY * length
    return False


def _detached(el: Any) -> bool:
    # An element whose ancestor was already removed is no longer under the root.
    for ancestor in el.iterancestors():
        if ancestor.getparent() is None:
            return ancestor.tag != "html"
    return False


def _text(el: Any) -> str:
    return "".join(el.itertext()) if el is not None else ""


def _drop(el: Any) -> None:
    parent = el.getparent()
    tail = el.tail
    if tail and tail.strip():
        prev = el.getprevious()
        if prev is not None:
            prev.tail = (prev.tail or "") + tail
        else:
            parent.text = (parent.text or "") + tail
    parent.remove(el)


def _signature(el: Any) -> str:
    sig = el.tag if isinstance(el.tag, str) else "node"
    if el.get("id"):
        sig += "#" + el.get("id")
    if el.get("class"):
        sig += "." + ".".join(el.get("class").split())
    return sig[:120]
