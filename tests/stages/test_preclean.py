"""DOM pre-cleaning: widget vocabulary examples, hidden elements, and the safety guards."""

from __future__ import annotations

import tomllib
from importlib import resources

import pytest
from lxml import html as lxml_html

from newsclean.stages.preclean import preclean, vocabulary

SPEC = tomllib.loads((resources.files("newsclean") / "rules" / "dom" / "widgets.toml").read_text("utf-8"))
SETTINGS = SPEC.pop("vocabulary")


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


@pytest.mark.parametrize(
    ("value", "category"),
    [
        ("articleSns", "social"),  # camelCase
        ("LoginWall", "paywall"),
        ("hr-login-box", "paywall"),  # kebab-case
        ("news_keyword", "navigation"),  # snake_case
        ("blk-wxfollow", "social"),  # glued: wx + follow
        ("newskeyword", "navigation"),  # glued: news + keyword
        ("contrib-bio", "author-bio"),
        ("apCaption", "image-credit"),
        ("image-credit", "image-credit"),
        ("inline-article-recirc", "related"),
        ("LinkBannerCTA", "newsletter"),  # acronym at the end
        ("fb-post", "social"),
        ("element-invisible", "hidden"),
        ("mensaje_suscripcion_nota", "newsletter"),
    ],
)
def test_class_words_split_as_people_write_them(value: str, category: str) -> None:
    found = vocabulary().category(value)
    assert found is not None and found[0] == category, f"{value!r} -> {found}"


@pytest.mark.parametrize("value", ["credit-card-offers", "unrelated-text", "followup", "shadow-box", "loginless-guide"])
def test_near_misses_name_no_widget(value: str) -> None:
    assert vocabulary().category(value) is None


def test_glue_parts_and_vetoes_are_data() -> None:
    vocab = vocabulary()
    assert set(SETTINGS["glue"]) <= vocab.glue and set(SETTINGS["vetoes"]) <= vocab.vetoes
    assert set(SETTINGS["comment_lists"]) <= vocab.lists <= set(SPEC["comments"]["words"])


LONG = "The council voted to repair the bridge before winter, after a long debate on the costs. " * 6


def test_protection_counts_visible_text_not_script() -> None:
    script = "<script>" + "var popular = {items: [1, 2, 3]};" * 300 + "</script>"
    tree = _tree(ARTICLE * 3 + f'<div class="most-popular">{script}<a href="/a">Top story</a></div>')
    removed = preclean(tree)
    assert [r.rule for r in removed] == ["dom.related.mostpopular"]


def test_protection_ignores_indentation_and_hidden_text() -> None:
    pad = "\n" + " " * 400
    hidden = '<span style="display:none">' + "Page two of the archive listing. " * 20 + "</span>"
    tree = _tree(ARTICLE * 3 + f'<div class="pagination">{pad}<a href="/2">2</a>{pad}<span>Next page</span>{hidden}</div>')
    preclean(tree)
    assert "Next page" not in tree.text_content()


def test_long_prose_widget_is_still_kept() -> None:
    tree = _tree(ARTICLE + f'<div class="gallery"><p>{LONG}</p></div>')
    preclean(tree)
    assert "after a long debate" in tree.text_content()


@pytest.mark.parametrize("name", ['id="comentarios"', 'id="sf_comment_list"', 'class="comment-list"'])
def test_comment_lists_go_whatever_their_length(name: str) -> None:
    comments = "".join(f'<article class="comment"><p>Reader {n}: {LONG}</p></article>' for n in range(3))
    tree = _tree(ARTICLE + f"<section {name}>{comments}</section>")
    removed = preclean(tree)
    assert "Reader 1" not in tree.text_content() and removed[0].category == "comments"


def test_comment_lists_stay_when_comments_are_asked_for() -> None:
    comments = f'<div class="comment-list"><p>Reader: {LONG}</p></div>'
    tree = _tree(ARTICLE + comments)
    preclean(tree, keep_comments=True)
    assert "Reader:" in tree.text_content()


def test_inline_class_match_inside_a_sentence_stays() -> None:
    tree = _tree(
        ARTICLE + '<p>Yesterday the dispute between <span class="wp_keywordlink">Google</span> Spain and the agency'
        ' ended <a href="/x">in court</a><span class="ext"><span class="element-invisible">(link is external)</span></span>.</p>'
    )
    preclean(tree)
    text = tree.text_content()
    assert "between Google Spain" in text and "(link is external)" in text


def test_inline_widget_outside_running_text_goes() -> None:
    tree = _tree(ARTICLE + '<div class="byline"><span>By Ana Ruiz</span>\n<a class="author-follow" href="/f">Follow</a>\n</div>')
    removed = preclean(tree)
    assert "Follow" not in tree.text_content() and [r.rule for r in removed] == ["dom.social.follow"]


def test_caption_that_describes_the_photo_stays_and_credit_line_goes() -> None:
    caption = "Northward prison is considered a Category C facility, yet most inmates are Category B. Photo: A. Serey"
    tree = _tree(ARTICLE + f'<figure><img src="a.jpg"><figcaption class="wp-caption-text">{caption}</figcaption></figure>'
                 '<div class="image-credit">Photo: Reuters/A. Serey</div>')
    preclean(tree)
    text = tree.text_content()
    assert "Category C facility" in text and "Reuters" not in text


_MODAL_PROSE = "<p>" + "Sign up to our morning briefing and get the day's most important stories before breakfast. " * 5 + "</p>"


@pytest.mark.parametrize(
    "opening",
    [
        '<div class="modal fade" aria-hidden="true">',  # a newsletter modal
        '<div id="popup-7" aria-hidden="true">',
        "<div hidden>",  # an AMP lightbox or drawer
        '<div aria-hidden="true"><div role="dialog">',
    ],
)
def test_hidden_modal_with_controls_goes_whatever_its_length(opening: str) -> None:
    closing = "</div>" * opening.count("<div")
    controls = "" if "dialog" in opening else '<form><input type="email" name="e"><button>Sign up</button></form>'
    tree = _tree(ARTICLE + opening + _MODAL_PROSE + controls + closing)
    removed = preclean(tree)
    assert "morning briefing" not in tree.text_content() and "repair the bridge" in tree.text_content()
    assert removed and removed[0].category == "hidden"


@pytest.mark.parametrize(
    "wrapper",
    [
        '<div aria-hidden="true">{}</div>',  # a decorative wrapper around real text, no controls
        '<div style="display:none">{}<button>Show less</button></div>',  # a collapsed "read more" part
        '<div class="js-hidden" hidden>{}<input type="hidden" name="token" value="1"></div>',
        '<div aria-hidden="true"><h1>Bridge repair approved</h1>{}<button>Share</button></div>',
    ],
)
def test_hidden_prose_without_controls_stays_protected(wrapper: str) -> None:
    """Near misses: hidden prose without form controls or a dialog, prose hidden by a style (a
    collapsed part with its toggle), and a hidden subtree holding the headline stay."""
    tree = _tree(ARTICLE + wrapper.format("<p>" + "The works will close the bridge to lorries until spring. " * 5 + "</p>"))
    preclean(tree)
    assert "close the bridge to lorries" in tree.text_content()
