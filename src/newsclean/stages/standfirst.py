"""Recover the standfirst (lead, chapo, perex, dek) that the extractor dropped as a teaser.

trafilatura drops a lead paragraph styled as a teaser (``p.fig-chapo``, ``div.article__perex``,
``div.introduction``) or standing after a related box. The standfirst is recovered when it stands
between the headline and the first extracted block, is named so by its class or id
(``rules/dom/standfirst.toml``) or equals the page's description meta, reads as prose, is not a
link list and is not already in the blocks.
"""

from __future__ import annotations

import tomllib
from functools import lru_cache
from importlib import resources
from typing import Any

from ..errors import RulesError
from ..headline import find_headline
from ..models import Block
from ..textutils import is_sentence_like, normalize, word_count
from .preclean import class_words, vocabulary

#: Words a standfirst holds: a sentence or three, never a whole article.
STANDFIRST_WORDS = (8, 120)
#: A standfirst has at most this share of its text in links.
MAX_LINK_DENSITY = 0.3
#: Elements after the headline searched when the first block's element is not found.
MAX_ELEMENTS_AFTER_HEADLINE = 80
#: Body blocks a standfirst candidate must not overlap (it would repeat the body's start).
OPENING_BLOCKS = 5
#: Fewest words of a named dek without a final stop (a section title is shorter).
DEK_WORDS = 10
#: A description shorter than this (characters) is too weak a sign on its own.
MIN_DESCRIPTION_CHARS = 60
_TAGS = ("p", "div", "section", "header", "span", "h2", "strong", "em")
#: Elements that hold a dek's own text (a container may hold a teaser row or a player too).
_DEK_TAGS = frozenset({"p", "h2"})


@lru_cache(maxsize=1)
def _data() -> dict[str, Any]:
    resource = resources.files("newsclean") / "rules" / "dom" / "standfirst.toml"
    try:
        return tomllib.loads(resource.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as err:
        raise RulesError(f"rules/dom/standfirst.toml: {err}") from err


def standfirst_words() -> frozenset[str]:
    """The bundled class/id words of standfirsts."""
    return frozenset(w.lower() for w in _data()["standfirst"]["words"])


def standfirst_vetoes() -> frozenset[str]:
    """Class/id words that make an element something else (an author box, a row of teasers)."""
    return frozenset(w.lower() for w in _data()["standfirst"].get("vetoes", ()))


def named_standfirst(value: str) -> bool:
    """Whether a class/id value names a standfirst (and no widget, author box or teaser list)."""
    if vocabulary().category(value) is not None:
        return False
    words, vetoes = standfirst_words(), standfirst_vetoes()
    tokens = class_words(value)
    if any(vetoes.intersection(token) for token in tokens):
        return False
    for token in tokens:
        pairs = {a + b for a, b in zip(token, token[1:])}
        if words.intersection(token) or words.intersection(pairs) or "".join(token) in words:
            return True
    return False


def recover_standfirst(tree: Any, blocks: list[Block], description: str | None) -> Block | None:
    """The standfirst the extractor dropped, as a block to put before ``blocks``; else ``None``."""
    if not blocks:
        return None
    headline = find_headline(tree)  # the story's <h1>, not a logo's
    if headline is None:
        return None
    first = normalize(blocks[0].text)
    known = {normalize(b.text).casefold() for b in blocks}
    opening = [normalize(b.text).casefold() for b in blocks[:OPENING_BLOCKS]]
    wanted = normalize(description).casefold() if description else ""
    for n, el in enumerate(_after(headline)):
        if n > MAX_ELEMENTS_AFTER_HEADLINE:
            return None
        if not isinstance(el.tag, str):
            continue
        text = normalize(el.text_content())
        if text == first or (first and text.startswith(first)):
            return None  # reached the body
        if el.tag not in _TAGS or not text or text.casefold() in known or _overlaps(text.casefold(), opening):
            continue
        if _standfirst(el, text, wanted):
            return Block(text, "p", "standfirst")
    return None


def _after(headline: Any) -> Any:
    """Elements after the headline in document order (its own subtree left out)."""
    for el in headline.itersiblings():
        yield el
        yield from el.iterdescendants()
    parent = headline.getparent()
    while parent is not None:
        for el in parent.itersiblings():
            yield el
            yield from el.iterdescendants()
        parent = parent.getparent()


def _standfirst(el: Any, text: str, description: str) -> bool:
    """Whether ``el`` is the standfirst: a sentence or three, few links, and one sign that it is
    one: its class or id names it, or it is a sentence equal to the page's description. A named
    ``<h2>`` or ``<p>`` dek need not end with a stop when it has ``DEK_WORDS`` words or more
    ("Blue Tomato präsentiert die dritte Auflage des Events in die ..." under the headline)."""
    words = word_count(text)
    if not STANDFIRST_WORDS[0] <= words <= STANDFIRST_WORDS[1]:
        return False
    sentence = is_sentence_like(text, min_words=STANDFIRST_WORDS[0])
    if not sentence and (words < DEK_WORDS or el.tag not in _DEK_TAGS):
        return False  # the cheap tests first: most elements after a headline fail them
    linked = sum(len(normalize(a.text_content())) for a in el.iter("a"))
    if linked > MAX_LINK_DENSITY * len(text):
        return False
    if named_standfirst(" ".join(el.get(attr) or "" for attr in ("class", "id"))):
        return True
    return sentence and len(description) >= MIN_DESCRIPTION_CHARS and _same(text.casefold(), description)


def _overlaps(text: str, opening: list[str]) -> bool:
    """The paragraph holds an opening block of the body, or one of them holds it."""
    return any(text in b or (len(b) >= MIN_DESCRIPTION_CHARS and b in text) for b in opening)


def _same(text: str, description: str) -> bool:
    """The description is the paragraph, or its start cut with an ellipsis."""
    stem = description.rstrip(".… ").rstrip()
    return text == description or (len(stem) >= MIN_DESCRIPTION_CHARS and text.startswith(stem))
