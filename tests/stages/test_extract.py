"""Extraction: trafilatura's output tree turned into blocks."""

from __future__ import annotations

from lxml import etree

from newsclean import clean
from newsclean.stages.extract import body_blocks

PROSE = "<p>The council voted on Monday to repair the old bridge before the first snow of winter arrives.</p>"


def test_nested_list_items_come_out_once() -> None:
    body = etree.fromstring(
        "<body><list><item>Contact information<list><item>Donation information</item>"
        "<item>Mission <hi>statement</hi></item></list></item><item>Board</item></list></body>"
    )
    texts = [b.text for b in body_blocks(body)]
    assert texts == ["Contact information", "Donation information", "Mission statement", "Board"]
    origins = [b.origin for b in body_blocks(body)]
    assert origins[1] == "list[0]/item[0]/list[0]/item[0]"


def test_flat_list_is_one_block_per_item() -> None:
    body = etree.fromstring("<body><list><item>One</item><item>Two <hi>and</hi> a half</item></list></body>")
    assert [b.text for b in body_blocks(body)] == ["One", "Two and a half"]


def test_nested_list_in_a_page_is_not_glued() -> None:
    page = (
        "<html><body><article><h1>Bridge repairs approved by council</h1>" + PROSE * 3
        + "<ul><li>Contact information<ul><li>Donation information</li><li>Mission statement</li></ul></li>"
        "<li>Board members</li></ul>" + PROSE.replace("Monday", "Tuesday") + "</article></body></html>"
    )
    text = clean(page, remove=False).text
    assert "Contact informationDonation" not in text.replace(" ", "")
    assert text.count("Donation information") == 1
