"""Remove widget subtrees and hidden elements from the lxml tree before extraction.

Widgets (share and reward bars, comment boxes, newsletter forms, cookie banners, related lists,
ad slots) are recognised by the words of their class and id, from ``rules/dom/widgets.toml``.
Hidden elements (``hidden``, ``aria-hidden="true"``, inline ``display:none`` or
``visibility:hidden``, screen-reader-only classes) are not article text. A subtree that holds a
large share of the page's text, the headline or an ``<article>`` is never removed: names lie more
often than layout does. Text is measured as a reader sees it: script, style and hidden subtrees do
not count, and whitespace is collapsed. Comment lists go whatever their length, unless comments
are asked for, and so do subtrees hidden by their attributes that hold form controls (modals).
"""

from __future__ import annotations

import re
import tomllib
from functools import lru_cache
from importlib import resources
from typing import Any

from lxml import etree

from ..errors import RulesError
from ..limits import Meter
from ..models import Removal
from ..textutils import hidden_from_view, normalize, word_count

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
#: A caption (in a category that keeps sentences) with this many words and a sentence stop
#: describes the photo: it is article text, while a credit line ("Photo: AP") has no stop.
MIN_SENTENCE_WORDS = 8
_SENTENCE_STOP = re.compile(r"[^\W\d_][.!?…。！？](?:\s|$)")
#: Ledger entries quote at most this many characters of a removed subtree.
LEDGER_CHARS = 300

#: Class/id words as people write them: kebab-case, snake_case, camelCase, and an acronym
#: before a capitalised word ("XMLHttp" -> "XML", "Http"; "LinkBannerCTA" -> "Link", "Banner", "CTA").
_WORD_SPLIT = re.compile(r"[^0-9A-Za-z]+|(?<=[a-z0-9])(?=[A-Z])|(?<=[A-Z])(?=[A-Z][a-z])")
#: Inline elements: one inside running text (a keyword link, a screen-reader hint in a sentence)
#: is part of the sentence, whatever its class says.
_INLINE_TAGS = frozenset({"span", "a", "em", "strong", "b", "i", "small", "abbr", "label", "sup", "sub",
                          "mark", "time", "cite", "q", "u", "font", "code", "img"})
#: Elements whose text a reader never sees.
_INVISIBLE_TAGS = frozenset({"script", "style", "noscript", "template", "svg", "object", "iframe"})
_PROTECTED_TAGS = {"html", "body", "article", "main", "h1"}
_CANDIDATES = etree.XPath("//*[@class or @id or @hidden or @aria-hidden or @style]")


def class_words(value: str) -> list[list[str]]:
    """A class/id value's tokens, each as its lower-case words ("articleSns" -> ["article", "sns"])."""
    return [[w.lower() for w in _WORD_SPLIT.split(token) if w] for token in value.split()]


class WidgetVocabulary:
    """Class/id word -> widget category, read from the data file."""

    def __init__(
        self,
        words: dict[str, frozenset[str]],
        *,
        glue: frozenset[str] = frozenset(),
        vetoes: frozenset[str] = frozenset(),
        lists: frozenset[str] = frozenset(),
        keep_sentences: frozenset[str] = frozenset(),
    ) -> None:
        self.words = words
        #: Generic parts glued to a widget word in one run of letters ("wxfollow", "sharebox").
        self.glue = glue
        #: Words or joined pairs that make a token content whatever else it holds ("creditcard").
        self.vetoes = vetoes
        #: Words naming a list of readers' comments: removed whatever their length.
        self.lists = lists
        #: Categories whose widgets stay when their text reads as a sentence (a caption that
        #: describes the photo is article text; a credit line is not).
        self.keep_sentences = keep_sentences
        # One lookup table, first category wins for a word listed twice.
        self._table: dict[str, str] = {}
        for category, vocab in words.items():
            for word in vocab:
                self._table.setdefault(word, category)
        # Class strings repeat heavily within a page and across a site: remember the verdicts.
        self.category = lru_cache(maxsize=4096)(self._category)  # type: ignore[method-assign]

    def _category(self, value: str) -> tuple[str, str] | None:
        """The widget category a class/id value names, with the word that named it."""
        for words in class_words(value):
            pairs = [a + b for a, b in zip(words, words[1:])]
            if self.vetoes.intersection(words) or self.vetoes.intersection(pairs):
                continue
            found = self._token(words, pairs)
            if found:
                return found
        return None

    def _token(self, words: list[str], pairs: list[str]) -> tuple[str, str] | None:
        table = self._table
        for word in [*words, *pairs, "".join(words)]:
            if word in table:
                return table[word], word
        for word in words:
            found = self._glued(word)
            if found:
                return found
        return None

    def _glued(self, word: str) -> tuple[str, str] | None:
        """A widget word glued to a generic part: "newskeyword", "wxfollow", "sharebox"."""
        table, glue = self._table, self.glue
        for cut in range(2, len(word) - 1):
            head, tail = word[:cut], word[cut:]
            if head in glue and len(tail) > 2 and tail in table:
                return table[tail], tail
            if tail in glue and len(head) > 2 and head in table:
                return table[head], head
        return None


@lru_cache(maxsize=1)
def vocabulary() -> WidgetVocabulary:
    """Load the bundled widget vocabulary once."""
    resource = resources.files("newsclean") / "rules" / "dom" / "widgets.toml"
    try:
        data = tomllib.loads(resource.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as err:
        raise RulesError(f"rules/dom/widgets.toml: {err}") from err
    settings = data.pop("vocabulary", {})

    def words(key: str) -> frozenset[str]:
        return frozenset(w.lower() for w in settings.get(key, ()))

    return WidgetVocabulary(
        {cat: frozenset(w.lower() for w in spec["words"]) for cat, spec in data.items()},
        glue=words("glue"),
        vetoes=words("vetoes"),
        lists=words("comment_lists"),
        keep_sentences=frozenset(cat for cat, spec in data.items() if spec.get("keep_sentences")),
    )


def preclean(tree: Any, *, widgets: bool = True, keep_comments: bool = False, meter: Meter | None = None) -> list[Removal]:
    """Remove hidden elements and widget subtrees from ``tree`` in place; return the ledger.

    With ``keep_comments`` comment widgets stay (the extractor is asked for comments too). A
    ``meter`` counts the elements visited (candidates and the subtrees measured for them, which
    nest); when it says stop, the candidates left are kept.
    """
    body = tree.find(".//body")
    total = visible_length(body if body is not None else tree) or 1
    vocab = vocabulary()
    removals: list[Removal] = []
    for el in _CANDIDATES(tree):
        if meter is not None and not meter.tick():
            break
        found = hidden_rule(el) or (_widget(el, vocab) if widgets else None)
        if found is None or el.getparent() is None or _detached(el):
            continue
        category, rule = found
        if category == "comments" and keep_comments:
            continue
        unguarded = _comment_list(el, vocab, rule) or _hidden_controls(el, rule)
        if el.tag in _PROTECTED_TAGS or _protected(el, total, unguarded=unguarded, meter=meter):
            continue
        text = normalize(" ".join(el.itertext()))
        if _kept_by_words(el, text, category, vocab, rule):
            continue
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


#: Rules of hidden elements found by their attributes or inline style, not by class words.
_ATTRIBUTE_RULES = frozenset({"dom.hidden.attribute", "dom.hidden.aria", "dom.hidden.style"})
#: Form controls and dialogs: what a modal, a popup, a login box or a collapsed menu holds.
_CONTROLS = etree.XPath(
    ".//form|.//button|.//select|.//textarea|.//input[not(@type='hidden')]"
    "|.//*[@role='dialog' or @role='alertdialog']"
)


def _hidden_controls(el: Any, rule: str) -> bool:
    """A subtree hidden by its own attributes (``hidden``, ``aria-hidden="true"``) that holds
    form controls or is a dialog: a popup, a consent or newsletter modal, a lightbox, a menu
    drawer. It goes whatever its length. Measured on dev and chrome: none of the 67 subtrees
    hidden by attribute that text length protected held article text (most were such modals),
    while 10 of 207 hidden by inline ``display:none`` did (collapsed "read more" parts, print
    copies, slideshow text), so a hidden style, or a hidden subtree without controls, stays
    protected by its length."""
    if rule not in ("dom.hidden.attribute", "dom.hidden.aria"):
        return False
    return el.get("role") in ("dialog", "alertdialog") or bool(_CONTROLS(el))


def hidden_rule(el: Any) -> tuple[str, str] | None:
    """The category and rule of the markup that hides ``el`` (``hidden``, ``aria-hidden``, inline style), or ``None``."""
    if el.get("hidden") is not None:
        return "hidden", "dom.hidden.attribute"
    if el.get("aria-hidden", "").strip().lower() == "true":
        return "hidden", "dom.hidden.aria"
    how = hidden_from_view(el)
    return ("hidden", f"dom.hidden.{how}") if how else None


def _widget(el: Any, vocab: WidgetVocabulary) -> tuple[str, str] | None:
    for attr in ("class", "id"):
        value = el.get(attr)
        if value:
            found = vocab.category(value)
            if found:
                return found[0], f"dom.{found[0]}.{found[1]}"
    return None


def _kept_by_words(el: Any, text: str, category: str, vocab: WidgetVocabulary, rule: str) -> bool:
    """A class-word match that stays: an inline element inside running text, or a sentence in
    a category that keeps sentences (captions)."""
    if rule in _ATTRIBUTE_RULES:
        return False
    if el.tag in _INLINE_TAGS and _in_running_text(el):
        return True
    return category in vocab.keep_sentences and word_count(text) >= MIN_SENTENCE_WORDS and bool(_SENTENCE_STOP.search(text))


def _in_running_text(el: Any) -> bool:
    """Whether text stands right beside ``el`` (it sits inside a sentence). An inline element
    that is all its inline parent holds is judged by the parent's place ("<a>Text</a><span
    class=ext><span class=sr-only>(link is external)</span></span>")."""
    node = el
    while True:
        parent = node.getparent()
        if parent is None:
            return False
        if (node.tail or "").strip():
            return True
        previous = node.getprevious()
        if previous is not None:
            # glued to an inline element before it, without even a space: one run of text
            return bool((previous.tail or "").strip()) or (previous.tag in _INLINE_TAGS and not previous.tail)
        if (parent.text or "").strip():
            return True
        if parent.tag not in _INLINE_TAGS or node.getnext() is not None:
            return False
        node = parent


def _comment_list(el: Any, vocab: WidgetVocabulary, rule: str) -> bool:
    """Whether the widget word that named ``el`` names a list of readers' comments."""
    return rule.startswith("dom.comments.") and rule.rsplit(".", 1)[-1] in vocab.lists


def _protected(el: Any, total: int, *, unguarded: bool = False, meter: Meter | None = None) -> bool:
    if el.find(".//h1") is not None:
        return True
    if unguarded:
        # A comment thread or a hidden modal may be longer than the article and often marks up
        # its parts as <article>s: only the headline or the article body inside it protects it.
        return el.find(".//*[@itemprop='articleBody']") is not None
    if el.find(".//article") is not None:
        return True
    length = visible_length(el, meter)
    if length > MAX_TEXT_SHARE * total:
        return True
    if length > MAX_PROSE_CHARS:
        linked = sum(visible_length(a, meter) for a in el.iter("a"))
        return linked < MIN_LINK_DENSITY * length
    return False


def _invisible(el: Any) -> bool:
    """Hidden by an attribute, an inline style or a screen-reader-only class."""
    if hidden_rule(el) is not None:
        return True
    value = el.get("class")
    if not value:
        return False
    found = vocabulary().category(value)
    return found is not None and found[0] == "hidden"


def visible_length(el: Any, meter: Meter | None = None) -> int:
    """Characters of ``el``'s text a reader sees: no script, style or hidden subtree, and every
    run of whitespace counted as one space. A ``meter`` is told how many elements were read."""
    if el is None:
        return 0
    parts: list[str] = []
    stack = [el]
    visited = 0
    while stack:
        visited += 1
        node = stack.pop()
        if node.text and isinstance(node.tag, str):
            parts.append(node.text)
        for child in node:
            if child.tail:
                parts.append(child.tail)
            if isinstance(child.tag, str) and child.tag not in _INVISIBLE_TAGS and not _invisible(child):
                stack.append(child)
    if meter is not None:
        meter.tick(visited)
    return len(normalize(" ".join(parts)))


def _detached(el: Any) -> bool:
    # An element whose ancestor was already removed is no longer under the root.
    for ancestor in el.iterancestors():
        if ancestor.getparent() is None:
            return ancestor.tag != "html"
    return False


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
