"""Tables nested deeper than MAX_TABLE_NESTING are read as blocks, their text kept in order.

trafilatura handles every nested table again inside each table around it, so a page of hundreds of
nested tables (a mutated or hostile page) costs the square of its nesting. Real layout tables nest
far less deep than the limit: they stay tables.
"""

from __future__ import annotations

import pytest
from lxml import html

import newsclean
from newsclean.limits import MAX_TABLE_NESTING, cap_tree


def _nested(levels: int) -> str:
    cells = "".join(f"<table><tr><td>cell {i} words here" for i in range(levels))
    return f"<html><body><div>{cells}{'</td></tr></table>' * levels}</div></body></html>"


def _depth(root) -> int:
    return max((sum(1 for _ in t.iterancestors("table")) + 1 for t in root.iter("table")), default=0)


@pytest.mark.parametrize("levels", [MAX_TABLE_NESTING + 1, 120, 300])
def test_deep_tables_become_blocks(levels: int) -> None:
    root = html.fromstring(_nested(levels))
    parsed = _depth(root)  # the parser itself stops nesting at some depth
    assert parsed > MAX_TABLE_NESTING
    text_before = root.text_content()
    report = cap_tree(root, 800)
    assert report.tables_unnested == parsed - MAX_TABLE_NESTING
    assert _depth(root) == MAX_TABLE_NESTING
    assert root.text_content() == text_before  # no word lost, none moved


@pytest.mark.parametrize("levels", [1, 17, MAX_TABLE_NESTING])
def test_layout_tables_within_the_limit_stay(levels: int) -> None:
    root = html.fromstring(_nested(levels))
    assert cap_tree(root, 800).tables_unnested == 0
    assert _depth(root) == levels


def test_many_tables_side_by_side_stay() -> None:
    # a near miss: hundreds of tables, none nested in another
    page = "<html><body>" + "<table><tr><td>x</td></tr></table>" * 500 + "</body></html>"
    root = html.fromstring(page)
    assert cap_tree(root, 800).tables_unnested == 0
    assert len(root.findall(".//table")) == 500


def test_clean_warns_and_keeps_the_text_of_deep_tables() -> None:
    prose = "".join(f"<p>Paragraph {i} of the story tells what happened in the town today.</p>" for i in range(8))
    page = _nested(200).replace("<div>", f"<div><article>{prose}</article>", 1)
    article = newsclean.clean(page)
    assert any(f"nested more than {MAX_TABLE_NESTING} deep" in w for w in article.warnings)
    assert "Paragraph 7 of the story" in article.text
