"""Small inputs that used to empty the article: characters XML refuses, malformed URLs, deep trees."""

from __future__ import annotations

import pytest

from newsclean import OptionsError, clean
from newsclean.limits import MAX_DEPTH_LIMIT

from .pages import sentence

PARAGRAPHS = "".join(f"<p>{sentence(n)} {sentence(n + 1)}</p>" for n in range(8))


def _page(extra: str = "", head: str = "") -> str:
    return (f"<html><head><title>Council budget</title>{head}</head><body><article><h1>Council budget approved</h1>"
            f"<p class='byline'>By Jane Smith</p>{PARAGRAPHS}{extra}</article></body></html>")


@pytest.mark.parametrize("ref", ["&#x1;", "&#xFFFE;", "&#xFFFF;", "&#x0B;", "&#8;", "&#x1F;"])
def test_a_character_reference_xml_refuses_does_not_delete_the_article(ref: str) -> None:
    article = clean(_page(f"<p>bad {ref} char</p>"))
    assert sentence(0) in article.text and sentence(7) in article.text
    assert "bad  char" in article.text or "bad char" in article.text
    assert not any("internal error" in w for w in article.warnings)


@pytest.mark.parametrize("ref", ["&#x1;", "&#xFFFF;"])
def test_non_xml_characters_in_attributes_and_tails_are_dropped(ref: str) -> None:
    html = _page(f"<p title='t{ref}x' class='note{ref}'>kept <b>bold</b>{ref} tail text here</p>",
                 head=f"<meta name='author' content='Jane{ref} Smith'>")
    article = clean(html)
    assert sentence(3) in article.text and "tail text here" in article.text
    assert not any("internal error" in w for w in article.warnings)


@pytest.mark.parametrize("where", ["url", "canonical", "both"])
def test_a_malformed_url_is_ignored_with_a_warning(where: str) -> None:
    bad = "http://ex[ample.com/x"
    head = f"<link rel='canonical' href='{bad}'>" if where != "url" else ""
    article = clean(_page(head=head), url=bad if where != "canonical" else None)
    assert sentence(0) in article.text
    assert article.byline.authors == ("Jane Smith",)
    assert any("malformed" in w and "ignored" in w for w in article.warnings)
    assert not any("internal error" in w for w in article.warnings)


def test_a_good_url_gives_no_warning() -> None:
    article = clean(_page(head="<link rel='canonical' href='https://herald.example/x'>"), url="https://herald.example/x")
    assert not article.warnings


def test_max_depth_is_validated_against_what_the_pipeline_can_walk() -> None:
    deep = "<html><body>" + "<div>" * 1000 + PARAGRAPHS + "</div>" * 1000 + "</body></html>"
    with pytest.raises(OptionsError, match="max_depth"):
        clean(deep, max_depth=1200)
    article = clean(deep, max_depth=MAX_DEPTH_LIMIT)
    assert sentence(0) in article.text
    assert not any("internal error" in w for w in article.warnings)


def test_a_json_script_whose_string_never_closes_is_dropped_before_the_extractor() -> None:
    import time

    from newsclean.limits import _unbalanced_json

    assert _unbalanced_json('\\"' * 10)
    assert _unbalanced_json('{"name": "Jane \\"JJ')
    assert not _unbalanced_json('{"name": "Jane \\"JJ\\" Smith", "path": "a\\\\b"}')  # valid JSON: kept
    assert not _unbalanced_json('{"name": "no backslash at all')  # the minifier is linear on it
    script = '<script type="application/ld+json">' + '\\"' * 20_000 + "</script>"
    began = time.process_time()
    article = clean(_page(head=script))
    assert time.process_time() - began < 5  # the extractor's minifier alone took minutes on it
    assert sentence(0) in article.text
    assert any("unclosed quote" in w for w in article.warnings)
    ld = ('<script type="application/ld+json">{"@type": "NewsArticle", "author": {"@type": "Person", '
          '"name": "Jane \\"JJ\\" Smith"}}</script>')
    assert not any("unclosed quote" in w for w in clean(_page(head=ld)).warnings)


@pytest.mark.parametrize("ref", ["&#x1;", "&#xFFFF;", "&#0031;"])
def test_a_character_reference_xml_refuses_below_the_depth_limit_is_dropped(ref: str) -> None:
    # the subtree below max_depth becomes one text, never walked node by node: its characters too
    deep = "<div>" * 30 + f"<p>deep {ref} words</p>" + "</div>" * 30
    article = clean(_page(deep), max_depth=20)
    assert sentence(0) in article.text and sentence(7) in article.text
    assert any("flattened" in w for w in article.warnings)
    assert not any("internal error" in w for w in article.warnings)


@pytest.mark.parametrize("ref", ["&#x1;", "&#X0001", "&#11;", "&#x1f;", "&#65534;", "&#xFFFF;"])
def test_every_reference_form_xml_refuses_is_noticed(ref: str) -> None:
    from newsclean.stages.load import _NON_XML_REF

    assert _NON_XML_REF.search(f"a{ref}b")


@pytest.mark.parametrize("ref", ["&#x9;", "&#10;", "&#x0D;", "&#xA0;", "&#8217;", "&#x1F600;", "&#0;", "&#xD800;", "&amp;"])
def test_references_the_parser_accepts_need_no_repair(ref: str) -> None:
    from newsclean.stages.load import _NON_XML_REF

    assert not _NON_XML_REF.search(f"a{ref}b")
