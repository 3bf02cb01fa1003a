"""Byline facts in lines of text: "By X", "文／X", "Source: X", "(AP) —" datelines, wire end tags."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import re2

from ..textutils import normalize
from .lexicons import LinePattern, lexicons
from .outlets import caseless

#: Longest line read for a byline or source (article paragraphs are scanned for datelines only).
MAX_LINE_CHARS = 400
#: Longest bare name line read above a date line.
MAX_BARE_NAME_CHARS = 40


@dataclass(frozen=True, slots=True)
class LineFact:
    """One fact a line states: its kind, the captured value, the pattern and the line."""

    kind: str
    value: str
    rule: str
    line: str


def scan(
    lines: Iterable[str], kinds: tuple[str, ...] = ("byline", "source", "dateline", "credit"), *, reach: str | None = None
) -> Iterator[LineFact]:
    """Every fact of the given kinds stated by the lines, in line order (``reach``: only patterns of that reach)."""
    patterns = [p for p in lexicons().lines if p.kind in kinds and reach in (None, p.reach)]
    for raw in lines:
        line = normalize(raw)
        if not line or len(line) > MAX_LINE_CHARS:
            # a long paragraph can still open with a dateline or end with a wire tag
            if line and "dateline" in kinds:
                yield from _match(line[:150], [p for p in patterns if p.kind == "dateline"])
                yield from _match(line[-80:], [p for p in patterns if p.id == "dateline.end-tag"])
            continue
        yield from _match(line, patterns)


def names_over_dates(lines: Sequence[str]) -> Iterator[LineFact]:
    """Bare name lines right above a date line: "Nathanael Johnson" over "January 10, 2020 9:00AM".

    Text dumps and card layouts print the byline without a cue, but always beside the date; a
    name-shaped line of two to four words over a date line is one. Caseless scripts are left out: a
    section or a headline there has the shape of a name, which needs a byline cue.
    """
    dates = [p for p in lexicons().lines if p.kind == "date"]
    for above, below in zip(lines, lines[1:]):
        name, stamp = normalize(above), normalize(below)
        if not name or len(name) > MAX_BARE_NAME_CHARS or any(ch.isdigit() for ch in name):
            continue
        words = len(name.split())
        if 2 <= words <= 4 and not caseless(name) and any(_match(stamp, dates)):
            yield LineFact("byline", name, "byline.name-over-date", f"{name} / {stamp}")


def _match(line: str, patterns: list[LinePattern]) -> Iterator[LineFact]:
    # One RE2 set scan tells which patterns can match; only those run (with their groups).
    hits = _prefilter(tuple(patterns)).Match(line)
    for index in sorted(hits or ()):
        pattern = patterns[index]
        m = pattern.regex.search(line)
        if m and m.group("value"):
            yield LineFact(pattern.kind, m.group("value").strip(), pattern.id, line)


@lru_cache(maxsize=16)
def _prefilter(patterns: tuple[LinePattern, ...]) -> Any:
    """An RE2 set of ``patterns``, in their order (built once per pattern selection)."""
    options = re2.Options()
    options.max_mem = 64 << 20
    rset = re2.Set.SearchSet(options)
    for pattern in patterns:
        rset.Add(pattern.regex.pattern)
    rset.Compile()
    return rset
