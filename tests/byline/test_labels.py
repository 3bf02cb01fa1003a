"""Labels around an author element: a name the page labels as its editor or photographer is no author.

Every page here is written for the test, modelled on layouts many sites share.
"""

from __future__ import annotations

import pytest

from newsclean import clean
from newsclean.byline.build import build_byline
from newsclean.byline.pagefacts import PageFacts
from newsclean.models import Block

from .test_byline import _page

CASES = [
    ("editor label outside the name element (Bulgarian)",
     '<p class="editor" rel="author" itemprop="author">Редактор: <span itemprop="name">Елин Димитров</span></p>', ()),
    ("edited-by label outside the name element",
     '<p itemprop="author">Edited by <span itemprop="name">Tom Berg</span></p>', ()),
    ("photo label outside the name element",
     '<p itemprop="author">Photo by <span itemprop="name">Tom Berg</span></p>', ()),
    # near misses: an author label, no label at all
    ("author label outside the name element",
     '<p rel="author" itemprop="author">Автор: <span itemprop="name">Елин Димитров</span></p>', ("Елин Димитров",)),
    ("name element without a label", '<p itemprop="author"><span itemprop="name">Tom Berg</span></p>', ("Tom Berg",)),
]


@pytest.mark.parametrize(("name", "byline", "authors"), CASES, ids=[c[0] for c in CASES])
def test_a_name_labelled_as_editor_is_no_author(name: str, byline: str, authors: tuple[str, ...]) -> None:
    assert clean(_page(body=byline), url="https://www.gazette.example/a").byline.authors == authors


STANDFIRST = ("Im Gegensatz zu vielen anderen Herstellern hält sich die Marke beim Umstieg auf den Strom "
              "auffallend zurück und setzt vorerst auf Hybride, wie der Chef der Entwicklung sagte.")


def _under_standfirst(meta: str) -> bytes:
    return _page(body=f'<p class="teaser">{STANDFIRST}</p><div class="meta">{meta}</div>')


@pytest.mark.parametrize(("meta", "authors"), [
    ('<h5>Datum: </h5>03.11.2021 <h5>Autor: </h5>Peter Maahn/SP-X', ("Peter Maahn",)),
    ('<span class="kicker">Politik</span> | <span class="sr">By</span> <span>Jana Berg</span> | <time>April 13, 2020</time>', ("Jana Berg",)),
    # near misses: a label that names no person, a section with no byline cue
    ('<h5>Datum: </h5>03.11.2021 <h5>Lesezeit: </h5>5 min', ()),
    ('<span>Politik</span> | <span>Jana Berg</span> | <time>April 13, 2020</time>', ()),
])
def test_a_byline_under_the_standfirst_is_read(meta: str, authors: tuple[str, ...]) -> None:
    assert clean(_under_standfirst(meta), url="https://www.autos.example/a").byline.authors == authors


AR_BODY = "".join(f"<p>{s}</p>" for s in (
    "شهد وزير الري اليوم توقيع عقد دراسة لتحديد السحب الآمن من الخزانات الجوفية في عدد من المحافظات خلال العام المقبل.",
    "وقال الوزير إن الدراسة ستساعد على حماية المياه الجوفية من الاستنزاف وضمان استدامتها للأجيال القادمة في المنطقة.",
    "وأضاف أن الوزارة تعمل مع الجامعات والمراكز البحثية لوضع خطة شاملة لإدارة الموارد المائية بكفاءة أعلى.",
    "وأشار إلى أن نتائج الدراسة ستعلن قبل نهاية العام وستستخدم في وضع سياسات جديدة لتوزيع المياه على المزارعين.",
))


@pytest.mark.parametrize(("line", "authors"), [
    ("كتبت أسماء نصار", ("أسماء نصار",)),
    ("بقلم: محمد علي", ("محمد علي",)),
    ("كتب الوزير رسالة إلى البرلمان يطلب فيها تمديد المهلة لأسبوعين آخرين بسبب الظروف", ()),  # "wrote" in a sentence
])
def test_arabic_wrote_lines(line: str, authors: tuple[str, ...]) -> None:
    title = "وزير الري يشهد توقيع عقد دراسة السحب الآمن للخزانات"
    page = f'<html><head><title>{title}</title></head><body><article><h1>{title}</h1><span class="writer">{line}</span>{AR_BODY}</article></body></html>'
    assert clean(page.encode(), url="https://www.youm.example/story/1").byline.authors == authors


def test_a_byline_under_the_subtitle_with_the_site_domain_beside_the_name() -> None:
    body = "If you believe what the coaches have said about agents lately, the air is thick with grandstanding. " * 2
    blocks = [Block("Florida grandstanding?"), Block("Are the coaches really closing practices because of agents?"), Block(body)]
    lines = [blocks[0].text, blocks[1].text, "Email Print Comments", "By Ana Ruiz Gazette.com Archive | Contact", body]
    byline = build_byline(facts=PageFacts(lines=lines), blocks=blocks, url="https://www.gazette.example/a")
    assert byline.authors == ("Ana Ruiz",)
