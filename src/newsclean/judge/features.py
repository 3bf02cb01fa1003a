"""Features of every block of a page, for the learned judge, computed once per page in linear time.

A block's features are short strings ("kind=li", "rule.cat=newsletter@tail", "w0=subscribe"); the
model hashes them (CRC-32, so the same string gives the same index in every process) into a fixed
weight vector. Text features read a bounded window of each block (its first and last words, the
characters of its start), so a page costs time linear in its blocks whatever their length, and
word and character n-grams work in any language and script. Every rule that matches a block is a
feature with its category and placement, and so is what the rules' own zone logic decided.

Change :data:`FEATURE_VERSION` whenever a feature changes: the shipped model records the version it
was trained with, and a test fails when the two differ.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Sequence
from typing import Any

from ..models import Block
from ..textutils import SENTENCE_END, is_prose, normalize, word_count
from .rules import Match

#: Version of the feature set; the model manifest must carry the same number.
FEATURE_VERSION = 2
#: Words read at the start of a block (unigrams) and bigrams among the first of them.
HEAD_WORDS = 8
BIGRAM_WORDS = 4
#: Words read at the end of a block.
TAIL_WORDS = 3
#: Characters of the block's start read as character trigrams (scripts without spaces, affixes).
HEAD_CHARS = 16
#: Characters of a block's start where shares, marks and the first words are read, and of its
#: end where the last words are.
WINDOW_CHARS = 160
TAIL_CHARS = 40
#: Position buckets from each end of the article, in blocks.
EDGE_BUCKETS = 6

_WORD = re.compile(r"[^\W_]+", re.UNICODE)
_DIGIT = re.compile(r"\d")
_UPPER_START = re.compile(r"\b[^\W\d_]", re.UNICODE)
_URL = re.compile(r"https?://|www\.|\.(?:com|org|net)\b", re.IGNORECASE)
_EMAIL = re.compile(r"\S@\S+\.\w")
_HANDLE = re.compile(r"(?:^|\s)@\w")
_MARKS = (("url", _URL), ("email", _EMAIL), ("handle", _HANDLE))
_SEPARATORS = re.compile(r"[|•·/»›]")
_DIGITS_RUN = re.compile(r"\d+")


def _bucket(value: int, edges: Sequence[int]) -> int:
    """The index of the first edge at or above ``value`` (``len(edges)`` past the last)."""
    return bisect_left(edges, value)


_WORD_EDGES = (1, 2, 3, 5, 8, 12, 20, 35, 60, 100)
_SHARE_EDGES = (0, 5, 15, 30, 60)


_STOP_CHARS = ".!?。！？…"
_MARK_CHARS = ":;,)»”\"'"


def _end_class(last: str) -> str:
    """How a block ends: a sentence stop, a punctuation mark, a letter, a digit or something else."""
    if not last:
        return "none"
    if last in _STOP_CHARS:
        return "."
    if last in _MARK_CHARS:
        return last
    return "a" if last.isalpha() else "0" if last.isdigit() else "x"


def block_text_features(text: str) -> list[str]:
    """What one block's own text says: length, shape, and its first and last words.

    Shares (digits, capitals) and marks (URLs, e-mails, handles) are read in the first
    ``WINDOW_CHARS`` characters, words in the first and last ones: the cost per block is bounded.
    """
    return _text_features(text)[0]


def _text_features(text: str) -> tuple[list[str], int, bool]:
    """:func:`block_text_features`, the block's word count and whether it reads as prose."""
    words = word_count(text)
    chars = len(text)
    window = text[:WINDOW_CHARS]
    last = text.rstrip()[-1:]
    feats = [f"words={_bucket(words, _WORD_EDGES)}", f"chars={_bucket(chars // 10, _WORD_EDGES)}",
             f"end={_end_class(last)}"]
    # is_prose and is_sentence_like(min_words=4), with the word count and last character read once
    ends = bool(last) and last in SENTENCE_END
    prose = is_prose(text) if words >= 25 else words >= 12 and ends
    if prose:
        feats.append("prose")
    elif ends and words >= 4:
        feats.append("sentence")
    tokens = _WORD.findall(window.lower())
    if window:
        feats.append(f"digits={_bucket(100 * len(_DIGIT.findall(window)) // len(window), _SHARE_EDGES)}")
    if tokens:
        feats.append(f"caps={_bucket(100 * len(_UPPER_START.findall(window)) // len(tokens), (10, 30, 60, 90))}")
    for mark, pattern in _MARKS:
        if pattern.search(window):
            feats.append(mark)
    seps = len(_SEPARATORS.findall(window))
    if seps:
        feats.append(f"seps={min(seps, 4)}")
    # Tokens hold no spaces: one substitution over the joined words masks the digits of all.
    head = _DIGITS_RUN.sub("0", " ".join(tokens[:HEAD_WORDS])).split(" ") if tokens else []
    if head:
        feats.append(f"w0={head[0]}")
    feats.extend(["w=" + t for t in head])
    feats.extend([f"b={a}_{b}" for a, b in zip(head[: BIGRAM_WORDS - 1], head[1:BIGRAM_WORDS])])
    if chars > WINDOW_CHARS or len(tokens) > HEAD_WORDS:
        tail = _WORD.findall(text[-TAIL_CHARS:].lower())[-TAIL_WORDS:]
        if tail:
            feats.extend(["wl=" + t for t in _DIGITS_RUN.sub("0", " ".join(tail)).split(" ")])
    elif head:
        feats.append("wl=" + head[-1])
    start = _DIGITS_RUN.sub("0", window[:HEAD_CHARS].lower())
    feats.extend(["c=" + start[k : k + 3] for k in range(max(len(start) - 2, 0))])
    return feats, words, prose


#: Ancestor tags that say what part of the page a block is in (read from its element's facts).
LANDMARK_TAGS = frozenset({"article", "main", "aside", "footer", "header", "nav", "form", "figure", "table",
                           "ul", "ol", "blockquote", "button", "label", "select", "section"})
#: Class/id words read per block: of its element, and of its ancestors (nearest first).
OWN_WORDS = 8
ANCESTOR_WORDS = 24
_LINK_EDGES = (0, 19, 49, 79)
_HEADLINE_EDGES = (0, 2, 5, 10, 20, 40, 80)


def dom_features(facts: dict[str, Any] | None, short: bool, zone: str,
                 memo: dict[tuple[Any, ...], list[str]] | None = None) -> list[str]:
    """What the page says about a block's element (``stages/origin.py``'s facts).

    Class/id words are features on their own and paired with the block's shape (``short`` or not):
    a ``share`` class around a one-line link is chrome, around a paragraph often the article.
    Landmarks are paired with the block's zone (head, body, tail of the prose span). ``memo``
    (one per page) keeps the words and landmarks part, which the paragraphs of one container share.
    """
    if facts is None:
        return ["dom=none"]
    shape = "s" if short else "l"
    links = _bucket(int(100 * facts["links"]), _LINK_EDGES)
    feats = [f"dom.tag={facts['tag']}", f"dom.tag={facts['tag']}|{shape}", f"dom.links={links}",
             f"dom.links={links}|{shape}",
             f"dom.sibs={_bucket(facts['siblings'], (0, 1, 3, 10))}"]
    if facts["hidden"]:
        feats.append("dom.hidden")
    if facts["role"]:
        feats.append(f"dom.role={facts['role']}")
    distance = facts["from_headline"]
    feats.append("dom.hl=none" if distance is None else "dom.hl=before" if distance < 0
                 else f"dom.hl={_bucket(distance, _HEADLINE_EDGES)}")
    own = tuple(facts["words"][:OWN_WORDS])
    if memo is None:
        return feats + _word_features(own, facts["ancestors"], shape, zone)
    key = (own, tuple((tag, tuple(words), role) for tag, words, role in facts["ancestors"]), shape, zone)
    words = memo.get(key)
    if words is None:
        words = memo[key] = _word_features(own, facts["ancestors"], shape, zone)
    return feats + words


def _word_features(own: Sequence[str], ancestors: Sequence[tuple[str, list[str], str]], shape: str,
                   zone: str) -> list[str]:
    """The class/id words of an element and its ancestors, and the landmarks above it."""
    feats: list[str] = []
    seen: set[str] = set()
    for w in own:
        if w not in seen:
            seen.add(w)
            feats += [f"dom.w0={w}", f"dom.w={w}", f"dom.w={w}|{shape}"]
    count = 0
    places: set[str] = set()
    for tag, words, role in ancestors:
        if tag in LANDMARK_TAGS and tag not in places:
            places.add(tag)
            feats += [f"dom.in={tag}", f"dom.in={tag}@{zone}"]
        if role and "role=" + role not in places:
            places.add("role=" + role)
            feats.append(f"dom.in.role={role}")
        for w in words:
            if w not in seen and count < ANCESTOR_WORDS:
                seen.add(w)
                count += 1
                feats += [f"dom.w={w}", f"dom.w={w}|{shape}"]
    return feats


def _rule_features(found: Sequence[Match], zone: str, prefix: str) -> list[str]:
    feats = []
    for m in found:
        r = m.rule
        feats += [f"{prefix}rule={r.id}", f"{prefix}cat={r.category}", f"{prefix}cat={r.category}@{zone}",
                  f"{prefix}where={r.where}"]
        if r.opens_section:
            feats.append(f"{prefix}opens")
    if found:
        feats.append(f"{prefix}rules={min(len(found), 3)}")
    return feats


def page_features(
    blocks: Sequence[Block],
    matches: Sequence[Sequence[Match]],
    decided: Sequence[str | None],
    title: str | None = None,
    dom: Sequence[dict[str, Any] | None] | None = None,
) -> list[list[str]]:
    """The features of every block of one page.

    Args:
        blocks: the extracted blocks, in order.
        matches: for each block, every block-scope rule that matches it.
        decided: for each block, where the rules' zone logic removes it (``head``, ``body``,
            ``tail``) or None when the rules keep it.
        title: the page's headline, when known.
        dom: for each block, its element's facts (``stages/origin.py``), or None for a text dump.
    """
    n = len(blocks)
    text_facts = [_text_features(b.text) for b in blocks]
    own = [f for f, _, _ in text_facts]
    prose = [p and not m for (_, _, p), m in zip(text_facts, matches)]
    prose_at = [i for i, p in enumerate(prose) if p]
    first, last = (prose_at[0], prose_at[-1]) if prose_at else (n, -1)
    keys = [normalize(b.text).casefold() for b in blocks]
    seen: dict[str, int] = {}
    for key in keys:
        seen[key] = seen.get(key, 0) + 1
    title_words = set(_WORD.findall(title.lower())) if title else set()
    words_total = sum(w for _, w, _ in text_facts) or 1
    page = [f"page.blocks={_bucket(n, (2, 5, 10, 20, 40, 80))}", f"page.words={_bucket(words_total // 50, (1, 3, 6, 12, 25))}"]
    out: list[list[str]] = []
    memo: dict[tuple[Any, ...], list[str]] = {}
    for i, block in enumerate(blocks):
        zone = "head" if i < first else "tail" if i > last else "body"
        feats = list(own[i])
        feats += page
        feats += [f"kind={block.kind}", f"zone={zone}", f"from_start={min(i, EDGE_BUCKETS)}",
                  f"from_end={min(n - 1 - i, EDGE_BUCKETS)}", f"rel={10 * i // n}"]
        if block.continues:
            feats.append("continues")
        if dom is not None:
            feats += dom_features(dom[i], not prose[i], zone, memo)
        if decided[i]:
            feats += ["ruled", f"ruled@{decided[i]}"]
        feats += _rule_features(matches[i], zone, "")
        if seen[keys[i]] > 1:
            feats.append("repeated")
        if title_words:
            words = set(_WORD.findall(block.text.lower()[:200]))
            if words:
                overlap = len(words & title_words) / len(words)
                feats.append(f"title={_bucket(int(10 * overlap), (0, 3, 6, 9))}")
        for side, j in (("p.", i - 1), ("n.", i + 1)):
            if 0 <= j < n:
                feats += [f"{side}kind={blocks[j].kind}", f"{side}{'prose' if prose[j] else 'short'}"]
                feats += [f"{side}cat={m.rule.category}" for m in matches[j]]
                if decided[j]:
                    feats.append(f"{side}ruled")
                feats.append(f"{side}{own[j][0]}")
            else:
                feats.append(f"{side}none")
        out.append(feats)
    return out
