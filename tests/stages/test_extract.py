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


def test_a_layout_table_of_one_cell_per_row_gives_a_block_per_line() -> None:
    # Older and government sites lay the page out in one column of cells: the source line, the
    # story (lines broken by <lb/>) and the date/editor line each become a block of their own.
    body = etree.fromstring(
        "<body><table><row><cell>Source: East District Office</cell></row>"
        "<row><cell>The council met on Monday.<lb/>It voted to repair the bridge.</cell></row>"
        "<row><cell/></row><row><cell>Published 2019-03-06 | Editor: Long Hui</cell></row></table></body>"
    )
    blocks = body_blocks(body)
    assert [b.text for b in blocks] == [
        "Source: East District Office", "The council met on Monday.", "It voted to repair the bridge.",
        "Published 2019-03-06 | Editor: Long Hui",
    ]
    assert {b.kind for b in blocks} == {"p"}
    assert [b.origin for b in blocks][1:3] == ["table[0]/row[1]", "table[0]/row[1]/line[1]"]
    assert [b.continues for b in blocks] == [False, False, True, False]


def test_a_data_table_stays_one_block() -> None:
    # One row with two cells that hold text makes it data: rows are lines, cells apart by " | ".
    body = etree.fromstring(
        "<body><table><row><cell>Results</cell></row><row><cell>Team</cell><cell>Points</cell></row>"
        "<row><cell>Rovers</cell><cell>12</cell></row><row><cell>United</cell><cell/></row></table></body>"
    )
    (block,) = body_blocks(body)
    assert block.kind == "table"
    assert block.text == "Results\nTeam | Points\nRovers | 12\nUnited"


def test_a_page_laid_out_in_a_table_loses_its_source_and_editor_lines() -> None:
    story = "2019年2月27日下午，佛山顺德区大良街道党工委委员一行八人到众创金融街进行实地考察调研，详细了解金融街的建设进度、招商情况和下一步的工作计划。"
    page = (
        "<html><head><title>调研</title></head><body><table>"
        "<tr><td>现在位置： 首页 &gt;&gt; 东区新闻 &gt;&gt; 正文</td></tr></table><table>"
        "<tr><td><div><span><b>大良街道到众创金融街开展调研工作</b></span><br><font>来源于：东区办事处</font></div></td></tr>"
        f"<tr><td><p>{story}</p><p>{story}</p><p>{story}</p></td></tr>"
        "<tr><td><font>发布日期：2019-03-06 责任编辑：龙慧</font></td></tr>"
        "<tr><td>【打印本页】【关闭窗口】</td></tr></table></body></html>"
    )
    article = clean(page)
    assert article.text.count("实地考察调研") == 3
    assert len(article.blocks) == 4  # the headline and the three paragraphs of the cell
    for chrome in ("来源于", "责任编辑", "打印本页"):
        assert chrome not in article.text, chrome
    assert {"zh.syndication.source-line", "zh.syndication.editor"} <= {r.rule for r in article.removed}
