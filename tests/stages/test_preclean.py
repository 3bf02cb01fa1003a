"""DOM pre-cleaning: widget vocabulary examples, hidden elements, and the safety guards."""

from __future__ import annotations

import tomllib
from importlib import resources

import pytest
from lxml import html as lxml_html

from newsclean.stages.preclean import preclean, vocabulary

SPEC = tomllib.loads((resources.files("newsclean") / "rules" / "dom" / "widgets.toml").read_text("utf-8"))


@pytest.mark.parametrize("category", sorted(SPEC), ids=sorted(SPEC))
def test_vocabulary_examples(category: str) -> None:
    vocab = vocabulary()
    for value in SPEC[category]["examples"]:
        found = vocab.category(value)
        assert found is not None and found[0] == category, f"{value!r} -> {found}"
    for value in SPEC[category]["near_misses"]:
        found = vocab.category(value)
        assert found is None or found[0] != category, f"{value!r} wrongly named {category}"


def _tree(body: str):
    return lxml_html.document_fromstring(f"<html><body>{body}</body></html>")


ARTICLE = "<p>" + "The council voted to repair the bridge before winter. " * 12 + "</p>"


def test_hidden_and_widgets_removed_with_ledger() -> None:
    tree = _tree(
        ARTICLE
        + '<div style="display: none">We do not moderate comments.</div>'
        + '<div class="share-bar">Share Tweet</div><p hidden>secret</p>'
    )
    removed = preclean(tree)
    text = tree.text_content()
    assert "moderate" not in text and "Tweet" not in text and "secret" not in text
    assert {r.category for r in removed} == {"hidden", "social"}
    assert all(r.where == "dom" and r.rule.startswith("dom.") for r in removed)


def test_container_holding_the_article_is_kept() -> None:
    tree = _tree('<div class="post has-comments">' + ARTICLE + "</div><div>footer</div>")
    preclean(tree)
    assert "repair the bridge" in tree.text_content()


def test_headline_container_is_kept() -> None:
    tree = _tree('<div class="promo"><h1>Headline</h1></div>' + ARTICLE)
    preclean(tree)
    assert "Headline" in tree.text_content()
