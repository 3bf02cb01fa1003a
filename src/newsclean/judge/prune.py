"""Classify every block of an extracted article and remove the chrome, safely.

Removal is a matter of evidence and placement:

The *prose span* runs from the first to the last block that reads as prose and that no rule marks.

1. a block that a rule marks as a *section opener* ("Related stories", "Comments") ends the
   article when no prose follows it: the opener and all after it go;
2. before and after the prose span (the head and tail zones), every block that a rule placed
   ``edge``/``head``/``tail`` marks goes, and a short unmarked line between two of them too;
3. inside the prose span only blocks matched by a rule placed ``any`` go (exact UI strings, ad labels);
4. chrome glued to the first or last paragraph is cut at sentence level (a credit glued on
   without a space too: "...shapes.Credit: X/Shutterstock.com"), and prefix/suffix rules trim
   their match inside a paragraph.

A block that reads as prose and is matched by no rule is never removed.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import Any

from ..models import Block, Removal
from ..textutils import (
    is_prose,
    is_sentence_like,
    normalize,
    split_sentences,
    word_count,
)
from .features import page_features
from .model import Judge
from .rules import Match, RuleSet

#: A short unmarked line between two chrome blocks of a run is chrome too (UI leftovers such as
#: "Comment" between "Reward" and "Share"); longer lines stop the run.
BRIDGE_MAX_WORDS = 5
#: How far apart (in blocks) the chrome on both sides of a bridged line may be.
BRIDGE_REACH = 2
#: Longest block (in words) a teaser or comment after a section opener may have; article
#: paragraphs are longer (see ``_cut_tail_section``).
TEASER_MAX_WORDS = 40
#: How many headline-like lines after an in-body "Read more:" header are its links.
LIST_AFTER_HEADER = 3
#: Fewest words the unmarked sentences of a marked block need to be kept as article text.
MIN_SPARED_WORDS = 12
#: How many blocks into the prose span the head and tail zones reach (for rule-marked blocks).
EDGE_MARGIN = 2
#: Kept blocks at each end of the article where edge/head/tail affix rules apply.
EDGE_BLOCKS = 2

#: Origin of the standfirst block that extraction recovers (stages/standfirst.py).
STANDFIRST_ORIGIN = "standfirst"

_TAIL_OK = ("any", "edge", "tail")
#: A line ending so is a statement, not a headline link (headlines may end with "?").
_STATEMENT_END = ".!。！…"
_HEAD_OK = ("any", "edge", "head")
#: A sentence stop after a lower-case word, then the next sentence: prose, never one headline link
#: ("alles. Oder es stirbt."; "U.S. Army" and "Mr. Smith" have no lower-case word before the stop).
_SENTENCE_INSIDE = re.compile(r"[a-zß-ÿа-яё]{2}[.!?]\s+[^\W\d_]|。\s*[^\W\d_]")
#: Where a credit or caption is glued to a paragraph without a space: after a sentence stop
#: ("...shapes.Credit: X/Shutterstock.com") or after a capitals run ("X/REUTERSThe UK may...").
_GLUED = re.compile(r"(?<=[^\W\d_]{2}[.!?])(?=[A-Z])|(?<=[A-Z]{4})(?=[A-Z][a-z])")


@dataclass(slots=True)
class _Decision:
    match: Match | None
    where: str
    rule: str
    category: str
    evidence: str | None = None


def prune(
    blocks: list[Block],
    rules: RuleSet,
    *,
    remove: bool = True,
    judge: Judge | None = None,
    title: str | None = None,
    dom: Sequence[dict[str, Any] | None] | None = None,
) -> tuple[list[Block], list[Removal]]:
    """Split ``blocks`` into the article blocks to keep and the ledger of removed ones.

    With ``remove=False`` the ledger is filled the same way but every block is kept. With a
    ``judge``, a block the rules keep goes too when the model's chrome score reaches the judge's
    threshold (the rules' removals stand: they are sure). ``dom`` holds each block's element
    facts (``stages/origin.py``), features of the judge.
    """
    found = [rules.match(b.text) for b in blocks]
    decisions, span = _rule_decisions(blocks, found)
    if judge is not None:
        _judge(blocks, found, decisions, span, judge, title, dom)
    partial = _spare_article_sentences(blocks, decisions, rules)
    removals = [
        Removal(
            text=normalize(blocks[i].text),
            category=d.category,
            rule=d.rule,
            position=i,
            where=d.where,
            source=d.match.source if d.match else None,
            evidence=d.evidence or blocks[i].origin or None,
        )
        for i, d in sorted(decisions.items())
    ]
    removals.extend(r for cut in partial.values() for r in cut[1])
    if not remove:
        return list(blocks), sorted(removals, key=lambda r: (r.position, r.where == "inline"))
    kept_index = [i for i in range(len(blocks)) if i not in decisions]
    kept = [partial[i][0] if i in partial else blocks[i] for i in kept_index]
    kept, inline = _trim_glued(kept, kept_index, rules)
    removals.extend(inline)
    removals.sort(key=lambda r: (r.position, r.where == "inline"))
    return [b for b in kept if b.text.strip()], removals


def _rule_decisions(
    blocks: list[Block], found: list[list[Match]]
) -> tuple[dict[int, _Decision], tuple[int, int]]:
    """What the rules and their placement remove, and the prose span (first, last block)."""
    # A section header ends with ":" or nothing: a block that a header rule marks but that ends as a
    # statement is a sentence ("mehr aus unserem Leben hätten machen können.").
    matches = [None if f and f[0].rule.opens_section and _statement(b.text) else (f[0] if f else None) for b, f in zip(blocks, found)]
    # A recovered standfirst is article text but does not open the prose span: the date lines and
    # labels between it and the body are still the head zone's.
    prose = [m is None and is_prose(b.text) and b.origin != STANDFIRST_ORIGIN for b, m in zip(blocks, matches)]
    decisions: dict[int, _Decision] = {}

    # The prose span runs from the first to the last block that reads as prose and that no rule
    # marks; outside it (head and tail zones) edge rules apply, inside it only rules placed "any".
    prose_at = [i for i, p in enumerate(prose) if p]
    first, last = (prose_at[0], prose_at[-1]) if prose_at else (len(blocks), -1)
    end = _cut_tail_section(blocks, matches, last, decisions)
    last = min(last, end - 1)
    # The zones reach EDGE_MARGIN blocks into the span: a standfirst often precedes the date line
    # and the photo caption, and a short closing paragraph often follows the author's bio line.
    _zone(blocks, matches, range(end - 1, max(last - EDGE_MARGIN, 0) - 1, -1), _TAIL_OK, "tail", decisions)
    _zone(blocks, matches, range(0, min(first + EDGE_MARGIN + 1, end)), _HEAD_OK, "head", decisions)
    for i in range(first, min(last + 1, end)):
        m = matches[i]
        if m is not None and m.rule.where == "any":
            decisions[i] = _Decision(m, "body", m.rule.id, m.rule.category)
            if m.rule.opens_section:
                _links_after_header(blocks, matches, i, min(last + 1, end), decisions)
    return decisions, (first, last)


def judge_features(
    blocks: list[Block], rules: RuleSet, title: str | None = None,
    dom: Sequence[dict[str, Any] | None] | None = None,
) -> tuple[list[list[str]], list[str | None]]:
    """The judge's features of every block as :func:`prune` computes them, and where the rules
    remove each block (None: kept by the rules, so the judge decides). For training."""
    found = [rules.match(b.text) for b in blocks]
    decisions, _ = _rule_decisions(blocks, found)
    decided = _decided(decisions, len(blocks))
    return page_features(blocks, found, decided, title, dom), decided


def _decided(decisions: dict[int, _Decision], n: int) -> list[str | None]:
    return [decisions[i].where if i in decisions else None for i in range(n)]


def _judge(
    blocks: list[Block],
    found: list[list[Match]],
    decisions: dict[int, _Decision],
    span: tuple[int, int],
    judge: Judge,
    title: str | None,
    dom: Sequence[dict[str, Any] | None] | None,
) -> None:
    """Add the blocks the model scores as chrome, each with its score and strongest features."""
    features = page_features(blocks, found, _decided(decisions, len(blocks)), title, dom)
    first, last = span
    for i, score in enumerate(judge.model.scores(features)):
        if i in decisions or score < judge.threshold:
            continue
        where = "head" if i < first else "tail" if i > last else "body"
        strongest = ", ".join(f"{name} {weight:+.2f}" for name, weight in judge.model.strongest(features[i]))
        if judge.model.trees is not None:  # the weights named are the linear part's, an input of the trees
            strongest = "trees over linear " + strongest
        category = found[i][0].rule.category if found[i] else "other"
        evidence = f"judge {judge.mode}: score {score:.2f} >= {judge.threshold:.2f}; {strongest}"
        decisions[i] = _Decision(None, where, "judge", category, evidence)


def _spare_article_sentences(
    blocks: list[Block], decisions: dict[int, _Decision], rules: RuleSet
) -> dict[int, tuple[Block, list[Removal]]]:
    """Keep the article sentences of a rule-marked block that also holds prose.

    A rule marks a whole block, but a last paragraph may end with a syndication line or begin
    with a disclaimer sentence. When the sentences no rule marks make up a prose sentence of
    ``MIN_SPARED_WORDS`` words or more, only the marked sentences go (as inline removals) and the
    block stays, trimmed: removing a real article sentence is worse than keeping chrome.
    """
    spared: dict[int, tuple[Block, list[Removal]]] = {}
    for i, d in list(decisions.items()):
        if d.match is None or d.rule != d.match.rule.id:
            continue
        sentences = split_sentences(normalize(blocks[i].text))
        if len(sentences) < 2:
            continue
        marks = [rules.first(sentence) for sentence in sentences]
        kept = " ".join(t for t, m in zip(sentences, marks) if m is None)
        if not kept or word_count(kept) < MIN_SPARED_WORDS or not is_sentence_like(kept):
            continue
        cut = [_inline(t, m, i) for t, m in zip(sentences, marks) if m is not None]
        if not cut:
            continue
        spared[i] = (replace(blocks[i], text=kept), cut)
        del decisions[i]
    return spared


def _cut_tail_section(
    blocks: list[Block], matches: list[Match | None], last_prose: int, decisions: dict[int, _Decision]
) -> int:
    """Apply the earliest section opener that ends the article; return the new end.

    An opener ends the article when no prose follows it, or when all that follows is teaser-sized
    (no block over ``TEASER_MAX_WORDS``) and shorter than half of what precedes it: related lists
    with one-line blurbs and comment threads, not the second half of an article.
    """
    # A menu flattened into one long line without sentence stops is no sign that the article
    # goes on: it does not count.
    words = [word_count(b.text) for b in blocks]
    words = [0 if n > TEASER_MAX_WORDS and not is_prose(b.text) else n for n, b in zip(words, blocks)]
    total = sum(words)
    for k, m in enumerate(matches):
        if m is not None and m.rule.opens_section and m.rule.where in _TAIL_OK and k > 0:
            after = words[k + 1 :]
            ends = k > last_prose or (max(after, default=0) <= TEASER_MAX_WORDS and sum(after) < (total - sum(after)) / 2)
        else:
            ends = False
        if ends:
            for j in range(k, len(matches)):
                mj = matches[j]
                if mj is not None:
                    decisions[j] = _Decision(mj, "tail", mj.rule.id, mj.rule.category)
                else:
                    decisions[j] = _Decision(m, "tail", f"{m.rule.id}+section", m.rule.category)
            return k
    return len(matches)


def _links_after_header(
    blocks: list[Block], matches: list[Match | None], at: int, stop: int, decisions: dict[int, _Decision]
) -> None:
    """An in-body "Read more:" header is followed by a few headline links: short lines with no
    sentence end. They go with the header; the first line that reads as a sentence stops it."""
    header = matches[at]
    assert header is not None
    for j in range(at + 1, min(stop, at + 1 + LIST_AFTER_HEADER)):
        text = blocks[j].text.rstrip()
        # a line ending in ":" introduces what follows (a list, a note): no headline link either
        if matches[j] is not None or word_count(text) > 20 or _statement(text) or text.endswith((":", "：")) or _SENTENCE_INSIDE.search(text):
            break
        decisions[j] = _Decision(header, "body", f"{header.rule.id}+links", header.rule.category)


def _statement(text: str) -> bool:
    """Whether ``text`` ends like a statement (a headline link or a header may end with "?" or ":")."""
    return text.rstrip()[-1:] in _STATEMENT_END


def _is_chrome(m: Match | None, allowed: tuple[str, ...]) -> bool:
    return m is not None and m.rule.where in allowed


def _zone(
    blocks: list[Block],
    matches: list[Match | None],
    order: range,
    allowed: tuple[str, ...],
    where: str,
    decisions: dict[int, _Decision],
) -> None:
    """Remove the chrome of a zone outside the prose span, walking from the page edge inwards.

    Every block a rule of an allowed placement marks goes. An unmarked short line goes too when
    chrome stands right beside it on the edge side and again within ``BRIDGE_REACH`` blocks on the
    inner side (UI leftovers such as "Comment" between "Reward" and "Share").
    """
    outer: Match | None = None  # the chrome block just before, on the edge side
    for i in order:
        m = matches[i]
        if _is_chrome(m, allowed):
            assert m is not None
            decisions[i] = _Decision(m, where, m.rule.id, m.rule.category)
            outer = m
            continue
        step = order.step
        inner = range(i + step, i + step * (BRIDGE_REACH + 1), step)
        if (
            m is None
            and outer is not None
            and word_count(blocks[i].text) <= BRIDGE_MAX_WORDS
            and any(0 <= k < len(matches) and k in order and _is_chrome(matches[k], allowed) for k in inner)
        ):
            decisions[i] = _Decision(None, where, "context.between-chrome", outer.rule.category)
            continue
        outer = None


def _trim_glued(kept: list[Block], index: list[int], rules: RuleSet) -> tuple[list[Block], list[Removal]]:
    """Cut chrome glued into paragraphs: affix rules, and chrome sentences at the article's ends."""
    removals: list[Removal] = []
    out = list(kept)
    n = len(out)
    for k, block in enumerate(out):
        allowed_prefix = _HEAD_OK if k < EDGE_BLOCKS else ("any",)
        allowed_suffix = _TAIL_OK if k >= n - EDGE_BLOCKS else ("any",)
        text = normalize(block.text)
        changed = False
        for scope, allowed in (("prefix", allowed_prefix), ("suffix", allowed_suffix)):
            m = rules.first(text, scope)  # type: ignore[arg-type]
            if m is not None and m.rule.where in allowed:
                cut = text[m.start : m.end]
                text = (text[: m.start] + text[m.end :]).strip()
                removals.append(_inline(cut, m, index[k]))
                changed = True
        if k < EDGE_BLOCKS or k >= n - EDGE_BLOCKS:
            text, glued = _cut_glued(text, rules, head=k < EDGE_BLOCKS, tail=k >= n - EDGE_BLOCKS)
            removals.extend(_inline(c, m, index[k]) for c, m in glued)
            changed = changed or bool(glued)
        if k == n - 1:
            text, cut_tail = _strip_sentences(text, rules, _TAIL_OK, from_end=True)
            removals.extend(_inline(c, m, index[k]) for c, m in cut_tail)
            changed = changed or bool(cut_tail)
        if changed:
            out[k] = replace(block, text=text)
    return out, removals


def _cut_glued(text: str, rules: RuleSet, *, head: bool, tail: bool) -> tuple[str, list[tuple[str, Match]]]:
    """Cut a credit glued to a paragraph's end (``tail``) or start (``head``) without a space.

    Only a piece that a rule marks as chrome of a placement allowed there goes, and only when what
    stays reads as a sentence of ``MIN_SPARED_WORDS`` words or more; otherwise the text is unchanged.
    """
    cut: list[tuple[str, Match]] = []
    bounds = [m.start() for m in _GLUED.finditer(text)]
    if tail and bounds:
        piece, rest = text[bounds[-1]:], text[: bounds[-1]]
        m = rules.first(piece)
        if m is not None and m.rule.where in _TAIL_OK and _readable(rest):
            text = rest.strip()
            cut.append((piece, m))
            bounds = bounds[:-1]
    if head and bounds:
        piece, rest = text[: bounds[0]], text[bounds[0]:]
        m = rules.first(piece)
        if m is not None and m.rule.where in _HEAD_OK and _readable(rest):
            text = rest.strip()
            cut.append((piece, m))
    return text, cut


def _readable(text: str) -> bool:
    return word_count(text) >= MIN_SPARED_WORDS and is_sentence_like(text)


def _strip_sentences(
    text: str, rules: RuleSet, allowed: tuple[str, ...], *, from_end: bool
) -> tuple[str, list[tuple[str, Match]]]:
    """Drop whole sentences matched by chrome rules from one end of a paragraph."""
    sentences = split_sentences(text)
    if len(sentences) < 2:
        return text, []
    cut: list[tuple[str, Match]] = []
    while sentences:
        candidate = sentences[-1] if from_end else sentences[0]
        m = rules.first(candidate)
        if m is None or m.rule.where not in allowed:
            break
        cut.append((candidate, m))
        sentences.pop(-1 if from_end else 0)
    if not cut:
        return text, []
    return " ".join(sentences), cut


def _inline(text: str, m: Match, position: int) -> Removal:
    return Removal(
        text=normalize(text),
        category=m.rule.category,
        rule=m.rule.id,
        position=position,
        where="inline",
        source=m.source,
    )


def unaccounted(blocks: list[Block], kept: list[Block], removals: list[Removal]) -> list[int]:
    """Positions of ``blocks`` whose words are neither in the kept blocks nor in the ledger at
    their position: the conservation property (every block is in the text or explained) says
    there are none."""
    kept_words = set().union(*(_words(b.text) for b in kept)) if kept else set()
    ledger: dict[int, set[str]] = {}
    for r in removals:
        ledger.setdefault(r.position, set()).update(_words(r.text))
    return [i for i, b in enumerate(blocks) if not _words(b.text) <= kept_words | ledger.get(i, set())]


def _words(text: str) -> set[str]:
    return set(normalize(text).casefold().split())
