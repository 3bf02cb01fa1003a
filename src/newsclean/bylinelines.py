"""Byline facts in lines of text: "By X", "文／X", "Source: X", "(AP) —" datelines, wire end tags."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from .bylinedata import LinePattern, lexicons
from .textutils import normalize

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
    for pattern in patterns:
        m = pattern.regex.search(line)
        if m and m.group("value"):
            yield LineFact(pattern.kind, m.group("value").strip(), pattern.id, line)
