"""Page-level failure listing: what an extractor lost and leaked, and which rule removed a loss."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable

from newsclean import Removal

from . import corpus
from .extractors import Output
from .tables import short

#: Characters of a lost segment that must reappear in a ledger entry to blame that entry; DOM
#: ledger entries keep only the start of the subtree's text, so the whole segment may not be in it.
BLAME_KEY_CHARS = 40
#: A ledger entry shorter than this is not blamed for containing part of a segment (too generic).
BLAME_MIN_CHARS = 20


def blame(segment: str, removed: Iterable[Removal]) -> list[Removal]:
    """The ledger entries whose text holds ``segment`` (or its start), or is held by it."""
    seg = corpus.norm(segment)
    key = seg[:BLAME_KEY_CHARS]
    hits = []
    for r in removed:
        text = corpus.norm(r.text)
        if seg in text or key in text or (len(text) >= BLAME_MIN_CHARS and text in seg):
            hits.append(r)
    return hits


def _cause(segment: str, out: Output | None) -> str:
    hits = blame(segment, out.removed) if out else []
    if not hits:
        return "not in the output, no ledger entry"
    return "; ".join(f"{r.rule} ({r.category}, {r.where})" for r in hits[:3])


def explain(set_name: str, extractor: str, scores: list[corpus.PageScore], outputs: dict[str, Output]) -> str:
    """The pages not fully right, each with its lost and leaked segments, then the patterns."""
    failed = [s for s in scores if not s.fully_right]
    lines = [f"== {set_name}: {len(failed)} of {len(scores)} pages not fully right with {extractor}"]
    leak_cats: Counter[str] = Counter()
    miss_causes: Counter[str] = Counter()
    for s in failed:
        page, out = s.page, outputs.get(s.page.file)
        where = page.url or ""
        lines.append(
            f"-- {set_name}/{page.file} [{corpus.language(page)}] {where}"
            f"  ({sum(s.found_with)}/{len(s.found_with)} with kept,"
            f" {sum(s.found_without)}/{len(s.found_without)} without leaked)"
        )
        if out is not None and not out.text.strip():
            lines.append("   output is empty")
        for seg in s.missing:
            cause = _cause(seg, out)
            miss_causes.update(c.split(" (")[0] for c in cause.split("; "))
            lines.append(f"   - lost    \"{short(seg, 90)}\"  <- {cause}")
        for seg, cat in s.leaked:
            leak_cats[cat] += 1
            lines.append(f"   + leaked  [{cat}] \"{short(seg, 90)}\"")
    if leak_cats:
        lines.append(f"   leaked segments by category: {_counts(leak_cats)}")
    if miss_causes:
        lines.append(f"   lost segments by cause: {_counts(miss_causes)}")
    return "\n".join(lines)


def _counts(counter: Counter[str]) -> str:
    return ", ".join(f"{k} {v}" for k, v in counter.most_common())
