"""Where each extracted block stood in the page: its element in the pre-cleaned tree, and what that says.

trafilatura's output tree holds copies of the page's text, not references to its elements, so
each block is mapped back by its text: one pass over the page's block-level elements builds a
dict from whitespace-normalised, case-folded text to the elements that hold exactly that text,
and each block takes the first unused element with its text (blocks come in document order, so
repeated texts such as two "Share" buttons map in order). A block that is a further line of a
``<br>``-broken paragraph takes its paragraph's element; a block that matches no element text
exactly is tried by the first :data:`PREFIX_CHARS` characters (a paragraph whose first line is
the block); a block found neither way is unmapped (``None``), and the judge reads that as a fact.

For each mapped block, :func:`locate` reads what the page says about it (see :func:`element_facts`):
its tag, its ancestors' tags, roles and class/id words (split as people write them, by the
pre-cleaning stage's splitter), the share of its text in links, whether an ancestor hides it, its
distance (in block-level elements) from the headline, and how many of its siblings share its tag
and class. The result is plain data (dicts), so the judge needs nothing from this module.

Linear time: the index reads each candidate element's text once with lxml's own string function,
and stops when it has read :data:`TEXT_BUDGET_FACTOR` times the page's text (nested lists repeat
their text once per level); facts read at most :data:`MAX_ANCESTORS` ancestors and
:data:`MAX_SIBLINGS` siblings per block.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from lxml import etree

from ..models import Block
from .preclean import class_words, hidden_rule

#: Elements trafilatura turns into blocks (paragraphs, headings, items, cells, quotes), plus
#: containers that hold loose text of their own.
INDEX_TAGS = ("p", "h1", "h2", "h3", "h4", "h5", "h6", "li", "dt", "dd", "td", "th", "blockquote", "pre",
              "figcaption", "caption", "summary", "address", "div", "section", "span", "a", "strong", "b")
#: Containers indexed only when they hold text of their own (not just child elements).
_LOOSE_ONLY = frozenset({"div", "section", "span", "a", "strong", "b"})
#: Characters of a block's text tried as a prefix of an element's text when no text equals it.
PREFIX_CHARS = 48
#: The index reads at most this many times the page's text (then later elements go unindexed).
TEXT_BUDGET_FACTOR = 4
#: Ancestors read per block (class/id words, landmarks, hidden).
MAX_ANCESTORS = 10
#: Siblings compared per block (same tag and class: an item of a repeated teaser list).
MAX_SIBLINGS = 40

_TEXT = etree.XPath("string()")


def _key(text: str) -> str:
    return " ".join(text.split()).casefold()


def _own_text(el: Any) -> bool:
    """The element holds text of its own (not only in child elements): its text or a child's tail."""
    if el.text and el.text.strip():
        return True
    return any(child.tail and child.tail.strip() for child in el)


class ElementIndex:
    """Block-level elements of one page by their normalised text, in document order."""

    def __init__(self, tree: Any) -> None:
        root = tree.getroot() if hasattr(tree, "getroot") else tree
        body = root.find("body") if root is not None and root.tag == "html" else root
        self.exact: dict[str, list[int]] = {}
        self.prefix: dict[str, int] = {}
        self.elements: list[Any] = []
        self.headline: int | None = None
        if body is None:
            return
        budget = TEXT_BUDGET_FACTOR * len(_TEXT(body)) + 10_000
        last_key, last_el = None, None
        for el in body.iter(*INDEX_TAGS):
            if el.tag in _LOOSE_ONLY and not _own_text(el):
                continue
            text = str(_TEXT(el))
            budget -= len(text)
            if budget < 0:
                break
            key = _key(text)
            if not key:
                continue
            if key == last_key and _under(el, last_el):
                # <li><p>text</p></li>: the innermost element is the block's own
                self.elements[self.exact[key][-1]] = el
                last_el = el
                continue
            n = len(self.elements)
            self.elements.append(el)
            self.exact.setdefault(key, []).append(n)
            if len(key) >= PREFIX_CHARS:
                self.prefix.setdefault(key[:PREFIX_CHARS], n)
            if self.headline is None and el.tag == "h1":
                self.headline = n
            last_key, last_el = key, el

    def find(self, blocks: Sequence[Block]) -> list[int | None]:
        """The element index of each block (None when no element holds its text)."""
        used: dict[str, int] = {}
        out: list[int | None] = []
        for block in blocks:
            if block.continues and out:
                out.append(out[-1])
                continue
            key = _key(block.text)
            at: int | None = None
            hits = self.exact.get(key)
            if hits:
                k = used.get(key, 0)
                at = hits[min(k, len(hits) - 1)]
                used[key] = k + 1
            elif len(key) >= PREFIX_CHARS:
                at = self.prefix.get(key[:PREFIX_CHARS])
            out.append(at)
        return out


def _under(el: Any, ancestor: Any, hops: int = 4) -> bool:
    parent = el.getparent()
    while parent is not None and hops:
        if parent is ancestor:
            return True
        parent, hops = parent.getparent(), hops - 1
    return False


def _words(el: Any) -> list[str]:
    words: list[str] = []
    for attr in ("class", "id"):
        value = el.get(attr)
        if value:
            words.extend(w for token in class_words(value[:300]) for w in token)
    return words


def _link_share(el: Any, chars: int) -> float:
    if not chars:
        return 0.0
    linked = sum(len(_key(str(_TEXT(a)))) for a in el.iter("a"))
    return min(linked / chars, 1.0)


def _siblings(el: Any) -> int:
    parent = el.getparent()
    if parent is None:
        return 0
    sig = (el.tag, el.get("class"))
    same = 0
    for n, sib in enumerate(parent):
        if n >= MAX_SIBLINGS:
            break
        if sib is not el and (sib.tag, sib.get("class")) == sig:
            same += 1
    return same


def element_facts(el: Any, index: int, headline: int | None,
                  seen: dict[Any, tuple[str, list[str], str, bool]] | None = None) -> dict[str, Any]:
    """What the page says about one element: a plain dict (see the module docstring).

    ``seen`` keeps what was read of each ancestor, so blocks of one container read it once.
    """
    seen = {} if seen is None else seen
    text = _key(str(_TEXT(el)))
    ancestors: list[tuple[str, list[str], str]] = []
    hidden = hidden_rule(el) is not None
    for depth, anc in enumerate(el.iterancestors()):
        if depth >= MAX_ANCESTORS or anc.tag in ("body", "html"):
            break
        if not isinstance(anc.tag, str):
            continue
        known = seen.get(anc)
        if known is None:
            known = seen[anc] = (anc.tag, _words(anc), (anc.get("role") or "").lower()[:40], hidden_rule(anc) is not None)
        ancestors.append(known[:3])
        hidden = hidden or known[3]
    return {
        "tag": el.tag,
        "words": _words(el),
        "role": (el.get("role") or "").lower()[:40],
        "ancestors": ancestors,
        "links": _link_share(el, len(text)),
        "hidden": hidden,
        "from_headline": None if headline is None else index - headline,
        "siblings": _siblings(el),
    }


def locate(tree: Any, blocks: Sequence[Block]) -> list[dict[str, Any] | None]:
    """The page facts of each block's element (None for a block no element holds)."""
    if tree is None or not blocks:
        return [None] * len(blocks)
    index = ElementIndex(tree)
    found = index.find(blocks)
    cache: dict[int, dict[str, Any]] = {}
    seen: dict[Any, tuple[str, list[str], str, bool]] = {}
    out: list[dict[str, Any] | None] = []
    for at in found:
        if at is None:
            out.append(None)
            continue
        if at not in cache:
            cache[at] = element_facts(index.elements[at], at, index.headline, seen)
        out.append(cache[at])
    return out
