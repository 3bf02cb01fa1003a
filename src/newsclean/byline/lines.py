"""Byline facts in lines of text: "By X", "文／X", "Source: X", "(AP) —" datelines, wire end tags."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import re2

from ..textutils import normalize
from .lexicons import LinePattern, lexicons

#: Longest line read for a byline or source (article paragraphs are scanned for datelines only).
MAX_LINE_CHARS = 400


@dataclass(frozen=True, slots=True)
class LineFact:
    """One fact a line states: its kind, the captured value, the pattern and the line."""

    kind: str
    value: str
    rule: str
    line: str


def scan(lines: Iterable[str], kinds: tuple[str, ...] = ("byline", "source", "dateline", "credit")) -> Iterator[LineFact]:
    """Every fact of the given kinds stated by the lines, in line order."""
    patterns = [p for p in lexicons().lines if p.kind in kinds]
    for raw in lines:
        line = normalize(raw)
        if not line or len(line) > MAX_LINE_CHARS:
            # a long paragraph can still open with a dateline or end with a wire tag
            if line and "dateline" in kinds:
                yield from _match(line[:150], [p for p in patterns if p.kind == "dateline"])
                yield from _match(line[-80:], [p for p in patterns if p.id == "dateline.end-tag"])
            continue
        yield from _match(line, patterns)


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
