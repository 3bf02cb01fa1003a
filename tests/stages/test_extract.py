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


# --- the fallback decision ---------------------------------------------------------------------

from types import SimpleNamespace  # noqa: E402

import pytest  # noqa: E402
from lxml import html as lxml_html  # noqa: E402

from newsclean import Options  # noqa: E402
from newsclean.stages import extract as extract_module  # noqa: E402

SENTENCES = [
    f"The regional council spent hearing number {n} on the costs of the bridge repairs, the mayor said." for n in range(60)
]


def _doc(paragraphs: list[str]) -> SimpleNamespace:
    body = etree.fromstring("<body>" + "".join(f"<p>{t}</p>" for t in paragraphs) + "</body>")
    return SimpleNamespace(body=body, text="\n".join(paragraphs), commentsbody=None, language=None)


def _page(paragraphs: list[str]) -> object:
    return lxml_html.document_fromstring("<html><body>" + "".join(f"<p>{t}</p>" for t in paragraphs) + "</body></html>")


def _run(monkeypatch: pytest.MonkeyPatch, tree: object, fast: SimpleNamespace, full: SimpleNamespace) -> tuple[list[str], list[bool]]:
    calls: list[bool] = []

    def full_result() -> SimpleNamespace:
        calls.append(False)
        return full

    def extractions(tree: object, options: Options, errors: list[str]) -> tuple[SimpleNamespace, object]:
        calls.append(True)
        return fast, full_result

    monkeypatch.setattr(extract_module, "_extractions", extractions)
    found = extract_module.extract(tree, Options())
    return [b.text for b in found.blocks], calls


def test_long_menu_text_is_thin(monkeypatch: pytest.MonkeyPatch) -> None:
    menu = [" ".join(f"Section {n} Topic {n}" for n in range(k * 40, k * 40 + 40)) for k in range(3)]  # 1,500+ chars, no prose
    blocks, calls = _run(monkeypatch, _page(SENTENCES[:10]), _doc(menu), _doc(SENTENCES[:10]))
    assert calls == [True, False] and blocks[0] == SENTENCES[0]


def test_a_box_covering_little_of_the_page_prose_is_thin(monkeypatch: pytest.MonkeyPatch) -> None:
    box = SENTENCES[:20]  # 20 prose sentences: passes the old 1,500-character test
    blocks, calls = _run(monkeypatch, _page(SENTENCES), _doc(box), _doc(SENTENCES))
    assert calls == [True, False] and len(blocks) == len(SENTENCES)


def test_full_result_with_less_prose_does_not_replace_fast(monkeypatch: pytest.MonkeyPatch) -> None:
    blocks, calls = _run(monkeypatch, _page(SENTENCES), _doc(SENTENCES[:20]), _doc(SENTENCES[:3]))
    assert calls == [True, False] and len(blocks) == 20


def test_fast_result_covering_the_page_prose_is_kept(monkeypatch: pytest.MonkeyPatch) -> None:
    blocks, calls = _run(monkeypatch, _page(SENTENCES[:40]), _doc(SENTENCES[:40]), _doc(SENTENCES[:3]))
    assert calls == [True] and len(blocks) == 40


def test_link_paragraphs_are_no_page_prose() -> None:
    linked = [f'<a href="/{n}">{t}</a>' for n, t in enumerate(SENTENCES[:5])]
    assert extract_module.page_prose_words(_page(linked)) == 0
    assert extract_module.page_prose_words(_page(SENTENCES[:5])) > 50


def test_loose_text_in_the_body_becomes_blocks() -> None:
    body = etree.fromstring(
        "<body>Intro line<head rend='h4'>Basic module</head>Training: 2 years<head rend='h4'>Main module</head>"
        "Training: 1.5 years<p>Last paragraph.</p>Closing words</body>"
    )
    texts = [b.text for b in body_blocks(body)]
    assert texts == ["Intro line", "Basic module", "Training: 2 years", "Main module", "Training: 1.5 years",
                     "Last paragraph.", "Closing words"]


def test_cells_and_headings_inside_an_item_are_not_glued() -> None:
    body = etree.fromstring("<body><list><item>Module<head>LF 12</head>Systems<cell>1</cell><cell>Politics</cell> and <hi>more</hi>s</item></list></body>")
    assert [b.text for b in body_blocks(body)] == ["Module LF 12 Systems 1 Politics and mores"]


_STORY = "".join(
    f"<p>Vegetarian menus have spread through the city's canteens this year, and point {n} of the survey shows why.</p>"
    for n in range(5)
)


def test_a_paragraph_restating_the_headline_is_article_text() -> None:
    """The headline above the body goes to ``title``; a paragraph of the body that restates it in
    bold over the standfirst is the author's, and stays in the text."""
    headline = "Vegetarian by choice: need, trend or conviction?"
    page = (
        f"<html><head><title>{headline} | City Post</title></head><body><header><h1>{headline}</h1></header>"
        f"<article><p><strong>{headline}</strong><br><em>Two countries compared, one plate at a time</em></p>"
        f"{_STORY}</article></body></html>"
    )
    article = clean(page)
    assert article.title == headline
    assert headline in article.text and "Two countries compared" in article.text


@pytest.mark.parametrize("repeat", ["<h1>{}</h1>", '<p class="headline">{}</p>'])
def test_a_heading_or_a_lone_paragraph_repeating_the_headline_goes_to_the_title(repeat: str) -> None:
    headline = "Vegetarian by choice: need, trend or conviction?"
    page = (
        f"<html><head><title>{headline}</title></head><body><article>{repeat.format(headline)}{_STORY}</article></body></html>"
    )
    article = clean(page)
    assert article.title == headline and headline not in article.text
    assert any(r.rule == "title.repeated" for r in article.removed)
