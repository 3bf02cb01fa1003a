"""Labels for the judge's training blocks: chrome (1), article (0) or unknown (None).

Gold-text sets (``train/dragnet``, ``train/cleaneval``, ``train/wcxb``): a block is article text
when it is a line of the gold (short blocks) or when most of its word 3-grams occur in the gold
(longer ones); chrome when it is neither a line of the gold nor, for longer blocks, shares more than
a fifth of its 3-grams with it; anything between is left unlabelled. Matching is tolerant: NFC,
case folded, whitespace collapsed, so spacing and case differences between gold and page do not
count. Snippet sets (``dev/``): a block that holds a ``with`` snippet (or lies inside one) is
article text, one that holds a ``without`` snippet (or lies inside one) is chrome, the rest is
unlabelled.
"""

from __future__ import annotations

import re
import unicodedata

#: Blocks with fewer words are matched as whole gold lines, not by shingles.
SHORT_WORDS = 4
#: Shingle overlap at or above which a block is article text, and below which it is chrome.
CONTENT_OVERLAP = 0.5
CHROME_OVERLAP = 0.2
SHINGLE = 3

_WORD = re.compile(r"[^\W_]+", re.UNICODE)


def norm(text: str) -> str:
    """NFC, case folded, one space for every run of whitespace."""
    return " ".join(unicodedata.normalize("NFC", text).casefold().split())


def _shingles(words: list[str], n: int = SHINGLE) -> set[tuple[str, ...]]:
    if len(words) < n:
        return {tuple(words)} if words else set()
    return {tuple(words[k : k + n]) for k in range(len(words) - n + 1)}


class Gold:
    """A page's gold text, prepared for aligning blocks to it."""

    def __init__(self, text: str) -> None:
        self.lines = {norm(line) for line in text.splitlines() if line.strip()}
        self.text = norm(text)
        self.shingles = _shingles(_WORD.findall(self.text))

    def label(self, block: str) -> int | None:
        key = norm(block)
        if key in self.lines:
            return 0
        words = _WORD.findall(key)
        if len(words) < SHORT_WORDS:
            return None if key in self.text else 1
        mine = _shingles(words)
        overlap = len(mine & self.shingles) / len(mine) if mine else 0.0
        if overlap >= CONTENT_OVERLAP:
            return 0
        return 1 if overlap < CHROME_OVERLAP else None


def snippet_label(block: str, with_: list[str], without: list[str]) -> int | None:
    """A block's label from the page's ``with`` / ``without`` snippets, or None."""
    key = norm(block)
    if len(_WORD.findall(key)) == 0:
        return None
    inside = lambda s: s in key or (len(key) >= 12 and key in s)  # noqa: E731
    content = any(inside(norm(s)) for s in with_)
    chrome = any(inside(norm(s)) for s in without)
    if content == chrome:
        return None
    return 1 if chrome else 0
