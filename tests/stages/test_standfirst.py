"""Standfirsts that the extractor drops as teasers come back, between the headline and the body."""

from __future__ import annotations

import tomllib
from importlib import resources

import pytest

from newsclean import clean
from newsclean.stages.standfirst import named_standfirst

SPEC = tomllib.loads((resources.files("newsclean") / "rules" / "dom" / "standfirst.toml").read_text("utf-8"))

BODY = "<p>The council voted on Monday to repair the old bridge before the first snow of winter arrives, officials said.</p>" * 6
LEAD = "A long-delayed repair of the town's oldest bridge will finally begin next month, the council decided."


def _page(lead: str, head: str = "") -> str:
    return (
        f"<html><head><title>Bridge repair</title>{head}</head><body><header><h1>Bridge repair to begin</h1></header>"
        f"{lead}<article>{BODY}</article></body></html>"
    )


def test_vocabulary_examples_and_near_misses() -> None:
    for value in SPEC["standfirst"]["examples"]:
        assert named_standfirst(value), value
    for value in SPEC["standfirst"]["near_misses"]:
        assert not named_standfirst(value), value


def test_a_class_naming_a_widget_is_no_standfirst() -> None:
    assert not named_standfirst("related-teaser") and not named_standfirst("newsletter-intro")


@pytest.mark.parametrize(
    "lead",
    [
        f'<p class="fig-chapo">{LEAD}</p>',
        f'<div class="article__perex">{LEAD}</div>',
        f'<div class="introduction"><p>{LEAD}</p></div>',
        f'<aside><a href="/a">Other story one</a> <a href="/b">Other story two</a></aside><p class="lead">{LEAD}</p>',
    ],
)
def test_named_standfirst_is_recovered_first(lead: str) -> None:
    article = clean(_page(lead))
    assert article.text.startswith(LEAD)
    assert article.text.count("long-delayed") == 1


def test_description_equal_to_the_paragraph_is_a_sign() -> None:
    article = clean(_page(f"<p>{LEAD}</p>", f'<meta name="description" content="{LEAD}">'))
    assert article.text.startswith(LEAD)


def test_link_list_and_unnamed_paragraph_are_not_recovered() -> None:
    links = f'<p class="lead"><a href="/a">{LEAD}</a></p>'
    assert "long-delayed" not in clean(_page(links)).text
    assert "long-delayed" not in clean(_page(f"<p>{LEAD}</p>")).text


def test_paragraph_after_the_body_start_is_not_a_standfirst() -> None:
    page = _page("").replace("<article>", f'<article><p>{BODY[3:80]}.</p><p class="teaser">{LEAD}</p>', 1)
    article = clean(page)
    assert not article.text.startswith(LEAD)


def test_the_headline_is_the_h1_that_matches_the_title_not_a_logo_h1() -> None:
    # A site-name <h1> in the masthead comes first; the story's <h1> and its chapo follow it.
    page = (
        "<html><head><title>Bridge repair to begin - The Riverside Gazette</title></head><body>"
        "<header><h1 class='logo'>The Riverside Gazette</h1><nav>" + "".join(f"<a href='/s{i}'>Section {i}</a> " for i in range(90)) + "</nav></header>"
        "<div class='article__header'><h1>Bridge repair to begin</h1>"
        f"<h2 class='article__lead chapo'>{LEAD}</h2></div><article>{BODY}</article></body></html>"
    )
    article = clean(page)
    assert article.text.startswith(LEAD)


def test_find_headline_prefers_the_title_and_falls_back_to_the_first() -> None:
    from lxml import html as lxml_html

    from newsclean.headline import find_headline

    def pick(page: str) -> str:
        return find_headline(lxml_html.fromstring(page)).text_content()

    two = "<h1>The Riverside Gazette</h1><article><h1>Bridge repair to begin</h1></article>"
    assert pick(f"<html><head><title>Bridge repair to begin | Gazette</title></head><body>{two}</body></html>") == "Bridge repair to begin"
    assert pick(f"<html><head><meta property='og:title' content='Bridge repair to begin'></head><body>{two}</body></html>") == "Bridge repair to begin"
    # no title to go by: the <h1> inside the <article>, else the first
    assert pick(f"<html><body>{two}</body></html>") == "Bridge repair to begin"
    assert pick("<html><body><h1>Gazette</h1><h1>Bridge repair to begin</h1></body></html>") == "Gazette"


def test_a_named_dek_heading_needs_no_final_stop() -> None:
    dek = "The town's oldest bridge will finally be repaired next month after years of delay and debate"
    article = clean(_page(f'<h2 class="article-subheadline">{dek}</h2>'))
    assert article.text.startswith(dek)
    # near misses: a short subtitle, and a container (it can hold a teaser row or a player)
    assert "finally be repaired" not in clean(_page('<h2 class="subtitle">Bridge repair begins next month</h2>' + f"<p>{dek}</p>")).text
    assert "Listen again" not in clean(_page(f'<div class="teaser">Listen again {dek}</div>')).text


def test_a_story_headed_by_an_h2_that_matches_the_title_has_its_lead_back() -> None:
    from lxml import html as lxml_html

    from newsclean.headline import find_headline

    # CMS news views head the story with an <h2>; "News" is a section title inside the page title
    page = (
        "<html><head><title>News: Bridge repair to begin next month</title></head><body>"
        "<h2>News</h2><div class='news-single'><h2>Bridge repair to begin next month</h2>"
        f"<div class='teaser-text'><p>{LEAD}</p></div><div class='news-text-wrap'>{BODY}</div></div></body></html>"
    )
    assert find_headline(lxml_html.fromstring(page)).text_content() == "Bridge repair to begin next month"
    assert find_headline(lxml_html.fromstring(page), lower=False) is None  # the byline's: <h1> only
    assert clean(page).text.startswith(LEAD)
