"""Original sources that stand where the line scan missed them, and the page's own outlet named in a caseless title.

Every page here is written for the test, modelled on layouts many sites share.
"""

from __future__ import annotations

from newsclean import clean
from newsclean.byline.outlets import title_suffix
from newsclean.byline.pagefacts import PageFacts
from newsclean.byline.sources import source_outlets, valid_source

from .test_byline import _page

LONG = (
    "Researchers said the finding would change how botanists think about parasitic plants, and that the "
    "genome of the flower held many more surprises for the teams that study it in the field."
)


def _closing_note(note_lines: list[str]) -> bytes:
    note = "<br>".join([LONG, *note_lines])
    return _page(body=f'<div class="byline">By Ana Ruiz</div>', site=" - Gazette").replace(
        b"</article>", f"<p>{note}</p></article>".encode()
    )


def test_a_closing_note_broken_into_lines_names_the_original() -> None:
    page = _closing_note([
        "Von »Gazette« übersetzte und bearbeitete",
        "Fassung des Artikels »Corpse Flower Genome",
        "Surprises Biologists« aus »Quanta Magazine«, einem",
        "unabhängigen Magazin der Simons Foundation.",
    ])
    source = clean(page, url="https://www.gazette.example/a").byline.original_source
    assert source is not None and source.name == "Quanta Magazine"


def test_lines_of_a_closing_note_that_name_no_original_give_none() -> None:
    page = _closing_note(["Er übersetzte das Buch", "vor vielen Jahren für seine Familie."])
    assert clean(page, url="https://www.gazette.example/a").byline.original_source is None


def test_a_caseless_title_suffix_after_a_bare_hyphen_names_the_site() -> None:
    assert title_suffix("法国全国大罢工再次严重影响交通-新华网") == "新华网"
    assert title_suffix("Covid-19 cases rise again in the north") is None
    assert title_suffix("Water plan approved - Tagesblatt") == "Tagesblatt"


def test_the_site_named_by_a_caseless_title_suffix_is_no_original_source() -> None:
    facts = PageFacts(title="法国全国大罢工再次严重影响交通-新华网")
    outlets = source_outlets(facts, None, "https://www.xinhuanet.example/world/c_1.htm")
    assert not valid_source("新华网", None, None, outlets)  # "来源：新华网" on the site itself
    assert valid_source("中新网", None, None, outlets)  # another outlet stays a source


ZH_STORY = "".join(f"<p>{s}</p>" for s in (
    "芯片制造商周二发布了新一代处理器，称其性能比上一代提高了百分之三十，而功耗降低了四分之一，首批产品将于下月上市。",
    "分析人士表示，这款处理器将帮助公司在数据中心市场与竞争对手展开更激烈的竞争，但供应链紧张可能影响出货速度。",
    "公司首席执行官在发布会上说，新工厂将在明年投产，届时产能将翻一番，并为当地创造数千个就业岗位。",
    "业内人士认为，今年全球芯片需求仍将保持增长，但价格竞争会更加激烈，中小厂商的压力将进一步加大。",
))


def test_a_chinese_compiled_from_note_names_the_original() -> None:
    title = "芯片制造商发布新一代处理器"
    note = "<p>(综合整理自澎湃新闻、智东西、雷锋网等)</p>"
    page = f"<html><head><title>{title}</title></head><body><article><h1>{title}</h1>{ZH_STORY}{note}</article></body></html>"
    source = clean(page.encode(), url="https://www.chips.example/news/1.html").byline.original_source
    assert source is not None and source.name == "澎湃新闻"
