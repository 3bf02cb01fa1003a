"""Classify every block of an extracted article and remove the chrome, safely.

Removal is a matter of evidence and placement:

1. a block that a rule marks as a *section opener* ("Related stories", "Comments") ends the
   article when no prose follows it: the opener and all after it go;
2. chrome runs at the tail and at the head go: consecutive blocks that rules mark as chrome, with
   at most one short unmarked line bridged between two marked ones;
3. inside the article only blocks matched by a rule placed ``any`` go (exact UI strings, ad labels);
4. chrome glued to the first or last paragraph is cut at sentence level, and prefix/suffix rules
   trim their match inside a paragraph.

A block that reads as prose and is matched by no rule is never removed.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from .models import Block, Removal
from .rules import Match, RuleSet
from .textutils import is_prose, normalize, split_sentences, word_count

#: A short unmarked line between two chrome blocks of a run is chrome too (UI leftovers such as
#: "Comment" between "Reward" and "Share"); longer lines stop the run.
BRIDGE_MAX_WORDS = 5
#: How far apart (in blocks) the chrome on both sides of a bridged line may be.
BRIDGE_REACH = 2
#: Kept blocks at each end of the article where edge/head/tail affix rules apply.
EDGE_BLOCKS = 2

_TAIL_OK = ("any", "edge", "tail")
_HEAD_OK = ("any", "edge", "head")


@dataclass(slots=True)
class _Decision:
    match: Match | None
    where: str
    rule: str
    category: str


def prune(blocks: list[Block], rules: RuleSet, *, remove: bool = True) -> tuple[list[Block], list[Removal]]:
    """Split ``blocks`` into the article blocks to keep and the ledger of removed ones.

    With ``remove=False`` the ledger is filled the same way but every block is kept.
    """
    matches = [rules.first(b.text) for b in blocks]
    prose = [m is None and is_prose(b.text) for b, m in zip(blocks, matches)]
    decisions: dict[int, _Decision] = {}

    end = _cut_tail_section(matches, prose, decisions)
    end = _tail_run(blocks, matches, end, decisions)
    start = _head_run(blocks, matches, end, decisions)
    for i in range(start, end):
        m = matches[i]
        if m is not None and m.rule.where == "any":
            decisions[i] = _Decision(m, "body", m.rule.id, m.rule.category)

    removals = [
        Removal(
            text=normalize(blocks[i].text),
            category=d.category,
            rule=d.rule,
            position=i,
            where=d.where,
            source=d.match.source if d.match else None,
            evidence=blocks[i].origin or None,
        )
        for i, d in sorted(decisions.items())
    ]
    if not remove:
        return list(blocks), removals
    kept_index = [i for i in range(len(blocks)) if i not in decisions]
    kept = [blocks[i] for i in kept_index]
    kept, inline = _trim_glued(kept, kept_index, rules)
    removals.extend(inline)
    removals.sort(key=lambda r: (r.position, r.where != "inline"))
    return [b for b in kept if b.text.strip()], removals


def _cut_tail_section(matches: list[Match | None], prose: list[bool], decisions: dict[int, _Decision]) -> int:
    """Apply the earliest section opener after the last prose block; return the new end."""
    last_prose = max((i for i, p in enumerate(prose) if p), default=-1)
    for k in range(last_prose + 1, len(matches)):
        m = matches[k]
        if m is not None and m.rule.opens_section and m.rule.where in _TAIL_OK:
            for j in range(k, len(matches)):
                mj = matches[j]
                if mj is not None:
                    decisions[j] = _Decision(mj, "tail", mj.rule.id, mj.rule.category)
                else:
                    decisions[j] = _Decision(m, "tail", f"{m.rule.id}+section", m.rule.category)
            return k
    return len(matches)


def _is_chrome(m: Match | None, allowed: tuple[str, ...]) -> bool:
    return m is not None and m.rule.where in allowed


def _tail_run(blocks: list[Block], matches: list[Match | None], end: int, decisions: dict[int, _Decision]) -> int:
    """Remove the run of chrome at the tail; return the index after the last article block."""
    j = end - 1
    while j >= 0:
        m = matches[j]
        if _is_chrome(m, _TAIL_OK):
            assert m is not None
            decisions[j] = _Decision(m, "tail", m.rule.id, m.rule.category)
            j -= 1
            continue
        below = matches[j + 1] if j + 1 < len(matches) else None
        if (
            m is None
            and j + 1 < end
            and word_count(blocks[j].text) <= BRIDGE_MAX_WORDS
            and any(_is_chrome(matches[k], _TAIL_OK) for k in range(max(0, j - BRIDGE_REACH), j))
            and below is not None
        ):
            decisions[j] = _Decision(None, "tail", "context.between-chrome", below.rule.category)
            j -= 1
            continue
        break
    return j + 1


def _head_run(blocks: list[Block], matches: list[Match | None], end: int, decisions: dict[int, _Decision]) -> int:
    """Remove the run of chrome at the head; return the index of the first article block."""
    i = 0
    while i < end:
        m = matches[i]
        if _is_chrome(m, _HEAD_OK):
            assert m is not None
            decisions[i] = _Decision(m, "head", m.rule.id, m.rule.category)
            i += 1
            continue
        above = matches[i - 1] if i > 0 else None
        if (
            m is None
            and i > 0
            and word_count(blocks[i].text) <= BRIDGE_MAX_WORDS
            and any(_is_chrome(matches[k], _HEAD_OK) for k in range(i + 1, min(end, i + 1 + BRIDGE_REACH)))
            and above is not None
        ):
            decisions[i] = _Decision(None, "head", "context.between-chrome", above.rule.category)
            i += 1
            continue
        break
    return i


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
        if k == n - 1:
            text, cut_tail = _strip_sentences(text, rules, _TAIL_OK, from_end=True)
            removals.extend(_inline(c, m, index[k]) for c, m in cut_tail)
            changed = changed or bool(cut_tail)
        if changed:
            out[k] = replace(block, text=text)
    return out, removals


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
