"""The library call: accepted inputs, options, empty and bad input."""

from __future__ import annotations

import pytest
from bs4 import BeautifulSoup
from lxml import etree
from lxml import html as lxml_html

from newsclean import Article, Options, OptionsError, clean

PAGE = """<!DOCTYPE html><html><head><title>Bridge to close for repairs</title></head><body>
<nav><a href="/">Home</a><a href="/local">Local</a></nav>
<article><h1>Bridge to close for repairs</h1>
<p>The old river bridge will close for six weeks from Monday while engineers replace its deck, the city council said on Thursday.</p>
<p>Drivers will be sent on a signposted detour through the industrial estate, which adds about ten minutes to a typical trip.</p>
<p>The council said the work could not wait until spring because inspectors had found serious corrosion in the steel beams.</p>
<p>Advertisement</p>
<p>Buses will keep running on a changed timetable, and a free shuttle will carry cyclists and pedestrians across the river.</p>
<p>Follow us on Twitter</p>
</article>
<footer>© 2024 Riverside Gazette. All rights reserved.</footer>
</body></html>"""


def test_html_string() -> None:
    article = clean(PAGE)
    assert isinstance(article, Article)
    assert article.input_kind == "html"
    assert article.title == "Bridge to close for repairs"
    assert "replace its deck" in article.text
    assert "free shuttle" in article.text
    assert "Advertisement" not in article.text
    assert "Follow us on Twitter" not in article.text
    assert not article.text.startswith("Bridge to close")  # headline moved to title
    rules = {r.rule for r in article.removed}
    assert "en.advertising.label" in rules


def test_bytes_soup_and_lxml_inputs_agree() -> None:
    by_str = clean(PAGE).text
    assert clean(PAGE.encode("utf-8")).text == by_str
    assert clean(BeautifulSoup(PAGE, "html.parser")).text == by_str
    tree = lxml_html.fromstring(PAGE)
    before = etree.tostring(tree)
    assert clean(tree).text == by_str
    assert etree.tostring(tree) == before, "clean() must not modify the caller's tree"
    assert clean(tree.getroottree()).text == by_str


def test_xml_declaration_with_encoding_in_str() -> None:
    page = '<?xml version="1.0" encoding="utf-8"?>\n' + PAGE.replace("<!DOCTYPE html>", "")
    assert "replace its deck" in clean(page).text


def test_latin1_bytes_with_meta_charset() -> None:
    page = PAGE.replace("<head>", '<head><meta charset="iso-8859-1">').replace("Drivers", "Fahrer über")
    article = clean(page.encode("iso-8859-1"))
    assert "Fahrer über" in article.text


@pytest.mark.parametrize("empty", ["", "   \n\t", b"", b"\x00\x00"])
def test_empty_input_gives_empty_article(empty) -> None:
    article = clean(empty)
    assert not article
    assert article.text == ""


@pytest.mark.parametrize("bad", [None, 42, 3.5, ["<p>x</p>"], {"html": "x"}])
def test_wrong_type_raises_type_error_naming_accepted_types(bad) -> None:
    with pytest.raises(TypeError, match="str, bytes"):
        clean(bad)


def test_garbage_does_not_raise() -> None:
    for junk in [bytes(range(256)) * 40, b"<html><body><p>unclosed <div><span>", "<<<>>>&&&;;;", "\ufffd" * 1000]:
        assert isinstance(clean(junk), Article)


def test_unknown_option_is_rejected() -> None:
    with pytest.raises(OptionsError, match="colour"):
        clean(PAGE, colour="red")


def test_options_object_and_overrides() -> None:
    opts = Options(remove=False)
    kept = clean(PAGE, options=opts)
    assert "Advertisement" in kept.text
    assert any(r.rule == "en.advertising.label" for r in kept.removed)
    assert "Advertisement" not in clean(PAGE, options=opts, remove=True).text


def test_as_dict_is_json_ready() -> None:
    import json

    data = clean(PAGE, url="https://gazette.example/bridge").as_dict()
    json.dumps(data)
    assert data["url"] == "https://gazette.example/bridge"
    assert {"text", "title", "byline", "removed", "warnings"} <= set(data)


def test_nfd_text_is_normalised_before_matching() -> None:
    import unicodedata

    text = "Un titre assez long pour un article\n\n" + unicodedata.normalize(
        "NFD", "Le conseil municipal a voté mardi la rénovation complète du pont, a annoncé la mairie dans un communiqué.\n\nTous droits réservés"
    )
    article = clean(text)
    assert "rénovation" in article.text
    assert "réservés" not in article.text


def test_oversize_refused_or_truncated() -> None:
    refused = clean(PAGE, max_input_bytes=100, on_oversize="refuse")
    assert not refused and "refused" in refused.warnings[0]
    truncated = clean(PAGE * 3, max_input_bytes=len(PAGE))
    assert any("truncated" in w for w in truncated.warnings)


def test_metadata_values_are_html_unescaped() -> None:
    page = (
        '<html><head><title>Volkswagen&amp;#039;s new plant</title>'
        '<meta property="og:title" content="Volkswagen&amp;#039;s new plant">'
        '<meta name="description" content="Jobs &amp;amp; growth">'
        '<script type="application/ld+json">{"@type": "NewsArticle", "headline": "Volkswagen&#039;s new plant",'
        ' "author": {"@type": "Person", "name": "Ana Mar&iacute;a L&oacute;pez"}}</script></head>'
        "<body><article><h1>Volkswagen's new plant</h1>"
        + "<p>The carmaker said on Monday that its new plant would open next spring with two thousand jobs.</p>" * 3
        + "</article></body></html>"
    )
    article = clean(page)
    assert article.title == "Volkswagen's new plant"
    assert article.description == "Jobs & growth"
    from newsclean.byline.jsonld import parse_scripts

    ld = parse_scripts(['{"@type": "NewsArticle", "author": {"@type": "Person", "name": "Ana Mar&iacute;a L&oacute;pez"}}'])
    assert [a.name for a in ld.authors] == ["Ana María López"]
