"""Byline mechanisms that must hold on unseen sites: the outlet test, fields of a byline line, reach.

Every page here is written for the test, modelled on layouts many sites share.
"""

from __future__ import annotations

import pytest

from newsclean import clean
from newsclean.byline.lines import names_over_dates
from newsclean.byline.outlets import Outlets, outlet_key, title_suffix

from .test_byline import _ld, _page

BODY = "".join(
    f"<p>{s}</p>"
    for s in (
        "The regional council approved the new water plan on Tuesday after a debate that lasted hours.",
        "Farmers said the plan would secure irrigation for the dry months that have grown longer every year.",
        "Opponents argued that the reservoir would flood a valley used by walkers and by two small villages.",
        "The minister said work on the dam would start in the spring if the courts raise no objection.",
    )
)
TITLE = "Council approves the new water plan after a long debate"


def _html(head: str = "", byline: str = "", title: str = TITLE, site: str = "") -> bytes:
    return _page(head=head, body=byline, title=title, site=site)


OUTLET_CASES = [
    ("site name without its accent", _html('<meta property="og:site_name" content="El Día">', '<div class="author">El Dia</div>'), "https://www.eldia.example/a"),
    ("outlet with its domain in brackets", _html(byline='<span class="byline">Deutsche Welle (www.dw.com)</span>'), "https://www.news.example/a"),
    ("title suffix names the site", _html(byline='<div class="author">Tagesblatt Online</div>', site=" - Tagesblatt"), "https://www.tb.example/a"),
    ("copyright notice names the site", _html('<meta name="copyright" content="© 2024 Rheinische Post">', '<div class="author">Rheinische Post</div>'), "https://rp.example/a"),
    ("Chinese portal as author", _html(_ld({"@type": "NewsArticle", "author": {"@type": "Person", "name": "证券时报网"}}), "<p>证券时报网</p>"), "https://stcn.example/a"),
    ("JSON-LD Person equal to the publisher", _html(_ld({"@type": "NewsArticle", "author": {"@type": "person", "name": "网易"}, "publisher": {"@type": "Organization", "name": "网易新闻"}}), "<p>网易</p>"), "https://163.example/a"),
    ("a police press office signs the release", _html(byline='<div class="author">Polizei Steinfurt</div>'), "https://www.presse.example/a"),
    ("a ministry signs the release", _html(byline='<span class="byline">Por Ministerio de Salud</span>'), "https://www.noticias.example/a"),
]


@pytest.mark.parametrize(("credit", "agency"), [("Agenzia ANSA", "ANSA"), ("Agentur dpa", "dpa"), ("Par Agence France-Presse", "AFP")])
def test_the_word_for_agency_before_a_wire_agency(credit: str, agency: str) -> None:
    byline = clean(_html(byline=f'<div class="byline">{credit}</div>'), url="https://www.gazette.example/a").byline
    assert byline.authors == () and agency in byline.agencies


@pytest.mark.parametrize(("name", "page", "url"), OUTLET_CASES, ids=[c[0] for c in OUTLET_CASES])
def test_the_outlet_is_no_author(name: str, page: bytes, url: str) -> None:
    assert clean(page, url=url).byline.authors == ()


def test_a_blogger_named_like_the_blog_stays_the_author() -> None:
    page = _html('<meta property="og:site_name" content="Matthew Davis\'s Blog">', '<div class="author">Matthew Davis</div>')
    assert clean(page, url="https://matthewdavis.example/post").byline.authors == ("Matthew Davis",)


def test_a_person_named_like_the_host_on_a_personal_site_stays_the_author() -> None:
    page = _html(byline='<div class="author">Wolfgang Michal</div>', site=" | Wolfgang Michal")
    assert clean(page, url="https://www.wolfgangmichal.example/2017/post").byline.authors == ("Wolfgang Michal",)


def test_outlet_keys_compare_across_spellings() -> None:
    assert outlet_key("El Día") == outlet_key("el dia") == "dia"
    assert outlet_key("www.dw.com") == "dw"
    outlets = Outlets.of(["Deutsche Welle"], "https://www.dw.com/en/story")
    assert outlets.named_by("Deutsche Welle (www.dw.com)")
    assert outlets.named_by("DW")
    assert not outlets.named_by("Jane Welle", person_shaped=True)
    assert title_suffix("Water plan approved - Tagesblatt") == "Tagesblatt"
    assert title_suffix("Water plan approved") is None


FIELD_CASES = [
    ("place and reading time after the name", '<div class="byline">By Ana Ruiz | Hamburg, Germany | 5 min read</div>', ["Ana Ruiz"]),
    ("one-word comma field is a place", '<p class="byline">Ana Ruiz, Berlin</p>', ["Ana Ruiz"]),
    ("role head with an agency before it", '<div class="byline">By Matt Kole and Li Wei, AP Technology Writers</div>', ["Matt Kole", "Li Wei"]),
    ("role head with its modifiers", '<div class="byline">Ana Ruiz, Senior Politics Editor</div>', ["Ana Ruiz"]),
    ("editor after the writer", '<div class="byline">Written by Ana Ruiz Edited by Tom Berg</div>', ["Ana Ruiz"]),
    ("role head before the name", '<div class="byline">By Senior Politics Editor Ana Ruiz</div>', ["Ana Ruiz"]),
    ("a role word in a longer title before the name", '<div class="byline">Chief Political Correspondent Ana Maria Ruiz</div>', ["Ana Maria Ruiz"]),
    ("a name of two words after a bare role stays whole", '<div class="byline">By Writer Ana Ruiz</div>', ["Ana Ruiz"]),
    ("a blog footer in German", '<p class="meta">Eingestellt von Ana Ruiz um 09:43</p>', ["Ana Ruiz"]),
    ("the writer, not the editor after her", '<p class="meta">Written by Ana Ruiz, edited by Tom Berg</p>', ["Ana Ruiz"]),
]


@pytest.mark.parametrize(("name", "byline", "authors"), FIELD_CASES, ids=[c[0] for c in FIELD_CASES])
def test_fields_of_a_byline_line(name: str, byline: str, authors: list[str]) -> None:
    assert list(clean(_html(byline=byline), url="https://www.gazette.example/a").byline.authors) == authors


def test_role_head_agency_goes_to_agencies() -> None:
    page = _html(byline='<div class="byline">By Matt Kole, AP Sports Writer</div>')
    assert "The Associated Press" in clean(page, url="https://www.gazette.example/a").byline.agencies


DUMP = """Home
News
Region
{title}
Farmers and walkers disagree over the reservoir
Ana Ruiz
January 10, 2024 9:00AM (UTC)
{body}
"""


def _dump(title: str = TITLE) -> bytes:
    body = "\n".join(p.split("</p>")[0] for p in BODY.split("<p>") if p)
    return DUMP.format(title=title, body=body).encode()


def test_bare_name_over_a_date_in_a_text_dump() -> None:
    assert clean(_dump()).byline.authors == ("Ana Ruiz",)


def test_names_over_dates_needs_a_date_and_a_name_shape() -> None:
    found = [f.value for f in names_over_dates(["Ana Ruiz", "January 10, 2024", "Digital Life", "Read more"])]
    assert found == ["Ana Ruiz"]
    assert not list(names_over_dates(["华夏人文", "2019-05-08"]))  # a caseless section label over a date
    assert not list(names_over_dates(["The council met today", "January 10, 2024 was cold"]))


def test_byline_below_breadcrumbs_and_subtitle_is_read() -> None:
    crumbs = "".join(f"<p>{w}</p>" for w in ("Home", "Ratgeber", "Essen", "Test", "Kurz notiert"))
    page = (
        f"<html><head><title>{TITLE}</title></head><body><div>{crumbs}<p>Das perfekte Steak aus dem Grill</p>"
        f"<p>19.03.2019 11:45 | von Inga Muster</p>{BODY}</div></body></html>"
    ).encode()
    assert clean(page).byline.authors == ("Inga Muster",)


def test_the_headline_is_the_h1_that_matches_the_title_not_the_logo() -> None:
    page = (
        f"<html><head><title>{TITLE} - The Daily Gazette</title></head><body>"
        '<header><h1>The Daily Gazette</h1></header>'
        '<div class="top"><span class="byline">By Tom Berg</span></div>'
        f'<main><h1>{TITLE}</h1><div class="byline">By Ana Ruiz</div>{BODY}</main></body></html>'
    ).encode()
    assert clean(page, url="https://gazette.example/a").byline.authors == ("Ana Ruiz",)


def test_reporting_by_in_the_middle_of_a_long_article_after_a_wire_credit() -> None:
    paragraphs = BODY * 3
    page = (
        f"<html><head><title>{TITLE}</title></head><body><article><h1>{TITLE}</h1>"
        f'<div class="byline">Reuters</div>{paragraphs}<p>(Reporting by Ana Ruiz; Editing by Tom Berg)</p>'
        f"{BODY}{BODY}</article></body></html>"
    ).encode()
    byline = clean(page, url="https://www.gazette.example/a").byline
    assert byline.authors == ("Ana Ruiz",)
    assert byline.agencies[0] == "Reuters"


def _source(page: bytes, url: str) -> str | None:
    found = clean(page, url=url).byline.original_source
    return found.name if found else None


SOURCE_CASES = [
    ("outlet beside the author", _html(byline='<div class="byline">By Kate Sullivan, CNN</div>'), "https://www.wxyz.example/news/a", "CNN"),
    ("own edition is no source", _html('<meta property="og:site_name" content="Vice">', '<div class="byline">By Kate Sullivan, VICE US</div>'), "https://www.vice.example/en/a", None),
    ("affiliation is no source", _html(byline='<div class="byline">Ana Ruiz, Harvard University</div>'), "https://www.opinion.example/a", None),
    ("related headline after Source:", _html(byline="<p>Source: Police arrest two men after the fire at the harbour</p>"), "https://www.gazette.example/a", None),
    ("trailing date cut", _html(byline="<p>Source: Reuters, 12 March 2021</p>"), "https://www.gazette.example/a", "Reuters"),
    ("lower-case agency", _html(byline="<p>Quelle: dpa</p>"), "https://www.tagblatt.example/a", "dpa"),
    ("story provided by", _html(byline="<p>This story was provided by The Texas Tribune.</p>"), "https://www.gazette.example/a", "Texas Tribune"),
    ("original content via a press portal", _html(byline="<p>Original-Content von: Polizei Steinfurt, übermittelt durch news aktuell</p>"), "https://www.presse.example/a", "Polizei Steinfurt"),
    ("Japanese bracket credit", _html(byline="<p>【6月18日 AFP】米国の研究チームは新しい薬を発表した。</p>"), "https://www.afpbb.example/a", "AFP"),
    (
        "JSON-LD publisher the host disowns",
        _html('<meta name="application-name" content="The Harbour Courier, LLC">' + _ld({"@type": "NewsArticle", "publisher": {"@type": "Organization", "name": "The Washington Post"}}),
              '<div class="byline">By Ana Ruiz, The Washington Post</div>'),
        "https://www.harbourcourier.example/a",
        "The Washington Post",
    ),
]


@pytest.mark.parametrize(("name", "page", "url", "source"), SOURCE_CASES, ids=[c[0] for c in SOURCE_CASES])
def test_original_sources(name: str, page: bytes, url: str, source: str | None) -> None:
    assert _source(page, url) == source


def test_several_name_children_of_one_author_element_are_co_authors() -> None:
    byline = '<div itemprop="author"><span itemprop="name">Ana Ruiz</span> and <span itemprop="name">Tom Berg</span></div>'
    assert clean(_html(byline=byline), url="https://www.gazette.example/a").byline.authors == ("Ana Ruiz", "Tom Berg")


ZH_BODY = "".join(
    f"<p>{s}</p>"
    for s in (
        "市政府昨日宣布，新的供水计划将于明年春天开始实施，预计将惠及全市三百万居民。",
        "农民表示，这项计划将保障旱季的灌溉用水，而反对者则担心水库会淹没山谷中的两个小村庄。",
        "部长表示，如果法院不提出异议，大坝工程将于明年春天动工，工期预计为三年。",
    )
)


@pytest.mark.parametrize(
    ("line", "authors", "source"),
    [
        ("<p>北京青年报记者 王小明</p>", ("王小明",), "北京青年报"),
        ("<p>记者 张巨峰</p>", ("张巨峰",), None),
        ("<p>执笔/李明</p>", ("李明",), None),
        ("<p>我已授权</p>", (), None),
    ],
)
def test_chinese_reporter_lines(line: str, authors: tuple[str, ...], source: str | None) -> None:
    page = f"<html><head><title>供水计划获批</title></head><body><article><h1>供水计划获批</h1>{line}{ZH_BODY}</article></body></html>"
    byline = clean(page.encode(), url="https://news.portal.example/a").byline
    assert byline.authors == authors
    assert (byline.original_source.name if byline.original_source else None) == source


def test_a_closing_bio_sentence_names_the_author_when_nothing_else_does() -> None:
    bio = '<div class="author-bio"><p>Ana Ruiz is the Gazette\'s water correspondent. Email: ana.ruiz@gazette.example</p></div>'
    page = f"<html><head><title>{TITLE}</title></head><body><article><h1>{TITLE}</h1>{BODY}{bio}</article></body></html>"
    byline = clean(page.encode(), url="https://www.gazette.example/a").byline
    assert byline.authors == ("Ana Ruiz",)


def test_a_bio_in_a_sidebar_of_other_writers_names_nobody() -> None:
    bio = '<aside class="sidebar"><div class="author-bio"><p>Tom Berg is our columnist on gardening.</p></div></aside>'
    page = f"<html><head><title>{TITLE}</title></head><body><article><h1>{TITLE}</h1>{BODY}</article>{bio}</body></html>"
    assert clean(page.encode(), url="https://www.gazette.example/a").byline.authors == ()


def test_a_one_word_metadata_name_needs_a_byline_cue() -> None:
    tag = _html('<meta name="author" content="Klimaschutz">', '<ul class="tags"><li>Klimaschutz</li></ul>')
    assert clean(tag, url="https://www.ministry.example/a").byline.authors == ()
    handle = _html(_ld({"@type": "BlogPosting", "author": {"@type": "Person", "name": "fhaacker"}}), '<span class="author">fhaacker</span>')
    assert clean(handle, url="https://www.blog.example/a").byline.authors == ("fhaacker",)


def test_the_headline_over_a_date_is_no_byline() -> None:
    dump = f"Home\nRecipes\n{TITLE}\nUpdated June 13, 2019\n" + "\n".join(p.split("</p>")[0] for p in BODY.split("<p>") if p)
    assert clean(dump.encode()).byline.authors == ()
