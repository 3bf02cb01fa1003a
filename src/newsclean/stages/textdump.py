"""Plain-text page dumps: split into blocks, find the title and the article span.

A dump is what a naive scraper saves: one line per block, navigation and footer included, or a
cleaner copy with paragraphs separated by blank lines. Each non-empty line becomes a block. The
article span is the run of lines with the best prose score (a maximum-sum segment: prose lines
score by their length, short non-prose lines cost a fixed penalty), so menus and teaser lists
before and after the article fall outside it without any site knowledge. A bulleted list between
two prose lines is part of the article and costs nothing. A run of teaser blurbs (short prose
lines each under its own headline line) counts for half; prose after the page's copyright line
at the end, or in another script than the dump's prose, scores as chrome. Among runs that score close to the
best one, the one nearest the headline is the article. The headline is the leading title line, or
a later heading-like line that repeats the first line (a dump often opens with the page's
``<title>``, "Headline | Site", and shows the headline again above the article).
"""

from __future__ import annotations

import re
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
#: Longest blurb (in words) of a teaser: a teaser run is made of prose lines no longer than this,
#: each right under a headline line.
TEASER_MAX_WORDS = 40
#: Fewest blurbs that make a teaser run, and what share of its score such a run keeps.
TEASER_RUN = 2
TEASER_WEIGHT = 0.5
#: Runs scoring at least this share of the best run's score are close to it: the one nearest the
#: headline is then the article.
CLOSE_SCORE = 0.8
#: A copyright line in this last share of a dump closes the page: prose after it (a cookie notice,
#: a legal line) is never the article.
FOOTER_SHARE = 0.25
#: In a dump where at least SCRIPT_SHARE of the prose lines are written in a non-Latin script
#: (SCRIPT_LETTERS of their letters or more: Japanese and Chinese prose holds many Latin names), a
#: prose line with less than FOREIGN_SHARE of such letters is in another script: a site or legal
#: line ("The Japanese edition of X is published under license..."), not the article.
SCRIPT_SHARE = 0.8
SCRIPT_LETTERS = 0.3
FOREIGN_SHARE = 0.1
#: Separators between a page title's headline and the site's name ("Headline | Site", "Site - Headline").
_TITLE_PARTS = re.compile(r"\s+[|\-–—:·»]{1,2}\s+")


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
    lines = [(n, normalize(strip_bullet(raw)), strip_bullet(raw) != raw.lstrip()) for n, raw in enumerate(text.splitlines(), 1)]
    lines = [line for line in lines if line[1]]
    blocks = [Block(t, _kind(t), f"line {n}") for n, t, _ in lines]
    bullets = [bulleted for _, _, bulleted in lines]
    if not blocks:
        return TextDocument()
    title = None
    first = blocks[0].text
    if _leading_title(text, first):
        title = blocks[0].text
        title_block, blocks, bullets = blocks[0], blocks[1:], bullets[1:]
    headline = _repeated_headline(blocks, first, skip=0 if title else 1)
    if headline is None and title is not None:
        headline = -1  # the leading title stands above every block
    start, end = _article_span(blocks, rules, bullets, headline=headline)
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


def _repeated_headline(blocks: list[Block], first: str, *, skip: int) -> int | None:
    """Where the dump's first line comes back as a heading-like line (itself, or the headline
    part of "Headline | Site"): the headline above the article. None when it does not."""
    keys = {normalize(first).casefold()}
    keys.update(part.casefold() for part in _TITLE_PARTS.split(normalize(first)) if word_count(part) >= TITLE_WORDS[0])
    for i in range(skip, len(blocks)):
        text = blocks[i].text
        if TITLE_WORDS[0] <= word_count(text) <= TITLE_WORDS[1] and not is_prose(text) and text.casefold() in keys:
            return i
    return None


def _score(block: Block, rules: RuleSet) -> float:
    m = rules.first(block.text)
    if m is not None:
        return -SHORT_LINE_PENALTY
    if is_prose(block.text):
        return float(min(word_count(block.text), PROSE_SCORE_CAP))
    if is_sentence_like(block.text, min_words=4):
        return 1.0
    return -SHORT_LINE_PENALTY if word_count(block.text) < 4 else -1.0


def _article_span(blocks: list[Block], rules: RuleSet, bullets: list[bool] | None = None, *,
                  headline: int | None = None) -> tuple[int, int]:
    """The article span as a half-open range: the best of the maximum-sum runs of block scores,
    or, when the headline's position is known, the run nearest below it among the close ones."""
    scores = [_score(block, rules) for block in blocks]
    for i in _foreign_script_lines(blocks, scores):
        scores[i] = -1.0
    closed = _copyright_close(blocks, rules, scores)
    for i in range(closed + 1, len(blocks)) if closed is not None else ():
        scores[i] = -SHORT_LINE_PENALTY
    prose = [s > 1.0 for s in scores]
    for i in _list_inside_prose(blocks, bullets or [False] * len(blocks), prose):
        scores[i] = max(scores[i], 0.0)
    for i in _teaser_blurbs(blocks, prose):
        scores[i] *= TEASER_WEIGHT
    runs = _runs(scores)
    if not runs:
        return 0, len(blocks)  # nothing reads as prose: keep all, let the rules judge
    best = max(r[0] for r in runs)
    close = [r for r in runs if r[0] >= CLOSE_SCORE * best]
    if headline is None:
        _, start, end = max(runs, key=lambda r: (r[0], -r[1]))
    else:  # below the headline first, then the nearest
        _, start, end = min(close, key=lambda r: (r[1] < headline, abs(r[1] - headline)))
    # Headings directly above the span belong to the article (section title, standfirst).
    while start > 0 and blocks[start - 1].kind == "h" and _score(blocks[start - 1], rules) > -SHORT_LINE_PENALTY \
            and word_count(blocks[start - 1].text) >= 4:
        start -= 1
    return start, end


def _copyright_close(blocks: list[Block], rules: RuleSet, scores: list[float]) -> int | None:
    """The last copyright line in the dump's last FOOTER_SHARE of lines, in the footer (the line
    above it is no prose: a photo's rights line between two paragraphs closes nothing) and with
    prose before it: the end of the page (None when there is none)."""
    for i in range(len(blocks) - 1, max(int(len(blocks) * (1 - FOOTER_SHARE)), 1) - 1, -1):
        m = rules.first(blocks[i].text)
        if m is not None and m.rule.category == "copyright":
            footer = scores[i - 1] <= 1.0 and any(s > 1.0 for s in scores[:i])
            return i if footer else None
    return None


def _non_latin(text: str) -> tuple[int, int]:
    """Letters of ``text`` outside the Latin script, and all its letters."""
    letters = [c for c in text if c.isalpha()]
    return sum(1 for c in letters if ord(c) > 0x24F), len(letters)


def _foreign_script_lines(blocks: list[Block], scores: list[float]) -> list[int]:
    """Prose lines in the Latin script in a dump whose prose is in another script."""
    counts = {i: _non_latin(blocks[i].text) for i, s in enumerate(scores) if s > 1.0}
    if sum(1 for o, n in counts.values() if o >= SCRIPT_LETTERS * n) < SCRIPT_SHARE * len(counts):
        return []
    return [i for i, (o, n) in counts.items() if n and o < FOREIGN_SHARE * n]


def _runs(scores: list[float]) -> list[tuple[float, int, int]]:
    """Each positive run of Kadane's scan at its best end: (sum, start, end), half-open."""
    runs: list[tuple[float, int, int]] = []
    current, start, best = 0.0, 0, (0.0, 0, 0)
    for i, s in enumerate(scores):
        if current <= 0:
            if best[0] > 0:
                runs.append(best)
            current, start, best = s, i, (0.0, i, i)
        else:
            current += s
        if current > best[0]:
            best = (current, start, i + 1)
    if best[0] > 0:
        runs.append(best)
    return runs


def _list_inside_prose(blocks: list[Block], bullets: list[bool], prose: list[bool]) -> list[int]:
    """Bulleted lines of a list whose nearest unbulleted lines on both sides read as prose (a
    line ending with a colon just above the list is its lead-in, part of it)."""
    inside: list[int] = []
    i, n = 0, len(bullets)
    while i < n:
        if not bullets[i]:
            i += 1
            continue
        j = i
        while j < n and bullets[j]:
            j += 1
        first = i - 1 if i > 0 and blocks[i - 1].text.endswith(":") else i
        if first > 0 and j < n and prose[first - 1] and prose[j]:
            inside.extend(range(first, j))
        i = j
    return inside


def _teaser_blurbs(blocks: list[Block], prose: list[bool]) -> list[int]:
    """Blurbs of teaser runs: TEASER_RUN or more (headline line, short prose line) pairs in a row."""
    def blurb(i: int) -> bool:
        return prose[i] and word_count(blocks[i].text) <= TEASER_MAX_WORDS and i > 0 \
            and not prose[i - 1] and blocks[i - 1].kind == "h"

    found: list[int] = []
    run: list[int] = []
    for i in [i for i in range(len(blocks)) if blurb(i)]:
        if run and i == run[-1] + 2:  # the next pair: its headline right after the last blurb
            run.append(i)
            continue
        if len(run) >= TEASER_RUN:
            found.extend(run)
        run = [i]
    if len(run) >= TEASER_RUN:
        found.extend(run)
    return found


def _outside(block: Block, position: int, rules: RuleSet, where: str) -> Removal:
    m = rules.first(block.text)
    if m is not None:
        return Removal(block.text, m.rule.category, m.rule.id, position, where, m.source, block.origin)
    return Removal(block.text, "navigation", "text.outside-article-span", position, where, evidence=block.origin)
