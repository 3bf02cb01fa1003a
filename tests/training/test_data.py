"""The training pool's extraction pass: blocks with their page facts, as the judge sees them at run time."""

from __future__ import annotations

from pathlib import Path

from newsclean.judge.prune import judge_features
from newsclean.judge.rules import load_rules
from newsclean.models import Block
from training.data import _extract

PROSE = ("The council voted on Tuesday to close the old bridge to lorries after engineers found cracks "
         "in two of its piers, and residents were told to expect a long detour.")


def test_an_html_page_keeps_each_blocks_element_facts(tmp_path: Path) -> None:
    page = tmp_path / "p.html"
    page.write_text(f"<html><body><article><h1>Bridge</h1><p>{PROSE}</p><p>{PROSE} Again.</p></article>"
                    "<aside class='relatedLinks'><p>Zorbulate your inbox with our Friday digest</p></aside>"
                    "</body></html>", encoding="utf-8")
    blocks, title, html, dom = _extract((str(page), None, None))
    assert html and dom is not None and len(dom) == len(blocks)
    assert all(f is None or "tag" in f for f in dom)
    feats, _ = judge_features([Block(t, k, continues=c) for t, k, c in blocks], load_rules(), title, dom)
    at = [t for t, _, _ in blocks].index(PROSE)
    assert "dom.in=article" in feats[at] and "dom.tag=p" in feats[at]


def test_a_text_dump_has_no_page_facts(tmp_path: Path) -> None:
    dump = tmp_path / "d.txt"
    dump.write_text("Bridge closed\n\n" + PROSE + "\n\nShare this article\n", encoding="utf-8")
    blocks, _, html, dom = _extract((str(dump), None, None))
    assert blocks and not html and dom is None
