"""Conservation: every block the extractor returns is in the article text or in the ledger.

Checked on the judge alone (kept + removed cover the blocks, position by position) and on the
whole pipeline (the article's text, title and ledger cover the extractor's blocks, over the golden
fixtures and a sample of the labelled corpus); loose text of the extractor's output tree (the tail
of a heading) lands in blocks.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from newsclean import Options, clean
from newsclean.judge.prune import prune, unaccounted
from newsclean.judge.rules import ruleset_for
from newsclean.models import Block
from newsclean.stages import extract as extract_stage
from newsclean.stages.load import load
from newsclean.stages.preclean import preclean
from newsclean.stages.textdump import split_dump
from newsclean.textutils import normalize

from .conftest import CORPUS, FIXTURES

_WORD = re.compile(r"\w+")
#: Every n-th page of each labelled set is checked (the whole corpus is the benchmarks' job).
CORPUS_STEP = 20

LINES = st.sampled_from([
    "Share this article", "Advertisement", "Related stories", "Read more:", "© 2024 The Gazette. All rights reserved.",
    "The council voted on Monday to repair the bridge before the winter, after a long debate about its costs.",
    "Residents asked for a footbridge while the works last, and the council promised to study the idea.",
    "Photo: Reuters", "By Ana Ruiz", "Follow us on Twitter", "Comments", "This article first appeared on The Conversation.",
])


def _words(text: str) -> set[str]:
    return set(_WORD.findall(normalize(text).casefold()))


@settings(max_examples=200, deadline=None)
@given(st.lists(LINES, min_size=1, max_size=14))
def test_judge_keeps_or_explains_every_block(lines: list[str]) -> None:
    blocks = [Block(t, "p", f"p[{n}]") for n, t in enumerate(lines)]
    kept, removed = prune(blocks, ruleset_for(Options()))
    assert unaccounted(blocks, kept, removed) == []


def _pages() -> list[tuple[str, Path]]:
    pages = [(c.name, p) for c in sorted(FIXTURES.iterdir()) for p in (c / "input.html", c / "input.txt") if p.is_file()]
    for labels, folder in (("dev/labels.json", "dev/pages"), ("chrome/labels.json", "chrome"), ("chrome/textdumps/labels.json", "chrome/textdumps")):
        if (CORPUS / labels).is_file():
            entries = json.loads((CORPUS / labels).read_text(encoding="utf-8"))
            entries = list(entries.values()) if isinstance(entries, dict) else entries
            pages += [(f"{folder}/{e['file']}", CORPUS / folder / e["file"]) for e in entries[::CORPUS_STEP]]
    return pages


PAGES = _pages()


def _extractor_blocks(data: bytes) -> list[Block]:
    """What the extractor hands the judge for this page."""
    options = Options(time_budget=0)
    page = load(data, options)
    if page.kind == "text":
        return split_dump(page.text, ruleset_for(options)).all_blocks
    if page.kind != "html":
        return []
    preclean(page.tree)
    return extract_stage.extract(page.tree, options).blocks


@pytest.mark.parametrize(("name", "path"), PAGES, ids=[n for n, _ in PAGES])
def test_every_extracted_block_is_in_the_text_or_the_ledger(name: str, path: Path) -> None:
    data = path.read_bytes()
    blocks = _extractor_blocks(data)
    article = clean(data, time_budget=0)
    covered = _words(article.text) | _words(article.title or "")
    for removal in article.removed:
        covered |= _words(removal.text)
    lost = [b.text for b in blocks if not _words(b.text) <= covered]
    assert not lost, f"{len(lost)} block(s) neither kept nor in the ledger, first: {lost[0][:120]!r}"


def test_loose_text_of_the_extractor_lands_in_blocks() -> None:
    page = (
        "<html><body><article><h1>Apprenticeships</h1><h2>Basic module</h2>Training takes two years in the workshop."
        "<h2>Main module</h2>Training takes another eighteen months, with exams at the end of each term."
        "<p>Students who pass both modules may go on to the master's course at the same school.</p></article></body></html>"
    )
    article = clean(page)
    assert "Training takes two years" in article.text and "eighteen months" in article.text
