"""Plain-text page dumps: split into blocks, find the title and the article span.

A dump is what a naive scraper saves: one line per block, navigation and footer included, or a
cleaner copy with paragraphs separated by blank lines. Each non-empty line becomes a block. The
article span is the run of lines with the best prose score (a maximum-sum segment: prose lines
score by their length, short non-prose lines cost a fixed penalty), so menus and teaser lists
before and after the article fall outside it without any site knowledge.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ..judge.rules import RuleSet
from ..models import Block, Removal
from ..textutils import is_prose, is_sentence_like, normalize, strip_bullet, word_count

#: What a short, non-prose line costs the span score (a menu item, a UI word, a teaser title).
SHORT_LINE_PENALTY = 6.0
#: Prose lines earn their word count, capped so that one huge line does not swallow the page.
PROSE_SCORE_CAP = 80
#: A title candidate has at least this many words and at most this many.
TITLE_WORDS = (3, 40)


@dataclass(slots=True)
class TextDocument:
    """A dump split into the article span's blocks, the title, and what fell outside the span."""

    blocks: list[Block] = field(default_factory=list)
    title: str | None = None
    outside: list[Removal] = field(default_factory=list)
    #: Position of the first span block among all the dump's blocks (ledger positions use it).
    offset: int = 0
    #: Every block below the title, the span and what lies outside it.
    all_blocks: list[Block] = field(default_factory=list)


def split_dump(text: str, rules: RuleSet) -> TextDocument:
    """Split a dump into blocks and keep the article span."""
    lines = [(n, normalize(strip_bullet(raw))) for n, raw in enumerate(text.splitlines(), 1)]
    blocks = [Block(t, _kind(t), f"line {n}") for n, t in lines if t]
    if not blocks:
        return TextDocument()
    title = None
    if _leading_title(text, blocks[0].text):
        title = blocks[0].text
        title_block, blocks = blocks[0], blocks[1:]
    start, end = _article_span(blocks, rules)
    outside = [
        _outside(blocks[i], i + (1 if title else 0), rules, "head" if i < start else "tail")
        for i in [*range(0, start), *range(end, len(blocks))]
    ]
    offset = start + (1 if title else 0)
    doc = TextDocument(blocks=blocks[start:end], title=title, outside=outside, offset=offset, all_blocks=blocks)
    if title is not None:
        doc.outside.insert(0, Removal(title_block.text, "title", "text.leading-title", 0, "head",
                                      evidence=title_block.origin))
    return doc


def _kind(text: str) -> str:
    return "p" if is_sentence_like(text) or word_count(text) > 12 else "h"


def _leading_title(text: str, first: str) -> bool:
    """The first line is a headline when it stands alone above a blank line and has title length."""
    words = word_count(first)
    if not TITLE_WORDS[0] <= words <= TITLE_WORDS[1]:
        return False
    stripped = text.lstrip()
    first_line, _, rest = stripped.partition("\n")
    return rest.startswith("\n") or rest.lstrip(" \t").startswith("\n")


def _score(block: Block, rules: RuleSet) -> float:
    m = rules.first(block.text)
    if m is not None:
        return -SHORT_LINE_PENALTY
    if is_prose(block.text):
        return float(min(word_count(block.text), PROSE_SCORE_CAP))
    if is_sentence_like(block.text, min_words=4):
        return 1.0
    return -SHORT_LINE_PENALTY if word_count(block.text) < 4 else -1.0


def _article_span(blocks: list[Block], rules: RuleSet) -> tuple[int, int]:
    """Maximum-sum contiguous segment of block scores (Kadane), as a half-open range."""
    best, best_range = float("-inf"), (0, 0)
    current, current_start = 0.0, 0
    for i, block in enumerate(blocks):
        s = _score(block, rules)
        if current <= 0:
            current, current_start = s, i
        else:
            current += s
        if current > best:
            best, best_range = current, (current_start, i + 1)
    if best <= 0:
        return 0, len(blocks)  # nothing reads as prose: keep all, let the rules judge
    start, end = best_range
    # Headings directly above the span belong to the article (section title, standfirst).
    while start > 0 and blocks[start - 1].kind == "h" and _score(blocks[start - 1], rules) > -SHORT_LINE_PENALTY \
            and word_count(blocks[start - 1].text) >= 4:
        start -= 1
    return start, end


def _outside(block: Block, position: int, rules: RuleSet, where: str) -> Removal:
    m = rules.first(block.text)
    if m is not None:
        return Removal(block.text, m.rule.category, m.rule.id, position, where, m.source, block.origin)
    return Removal(block.text, "navigation", "text.outside-article-span", position, where, evidence=block.origin)
