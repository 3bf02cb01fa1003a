"""Names joined by "&": one name where the page's author markup gives one ("Mac & i"), else a list.

Every page here is written for the test, modelled on layouts many sites share.
"""

from __future__ import annotations

import pytest

from newsclean import clean
from newsclean.byline.names import split_credit

from .test_byline import _ld, _page

URL = "https://www.techblatt.example/news/story-1"

def _person(name: str) -> str:
    return _ld({"@type": "NewsArticle", "author": {"@type": "Person", "name": name}})


CASES = [
    ("one itemprop=name child (German magazine credit)",
     "", '<p class="byline">Von <span itemprop="author"><span itemprop="name">Mac &amp; i</span></span></p>', ("Mac & i",)),
    ("an author link of bare text", "", '<p>Von <a rel="author" href="/autor/mac-und-i">Mac &amp; i</a></p>', ("Mac & i",)),
    ("JSON-LD Person", _person("Mac & i"), "<p>Mac &amp; i</p>", ("Mac & i",)),
    # near misses: two people joined by "&" stay two, whatever the markup
    ("two names in one name element",
     "", '<p class="byline">Von <span itemprop="author"><span itemprop="name">Ana Ruiz &amp; Tom Berg</span></span></p>', ("Ana Ruiz", "Tom Berg")),
    ("JSON-LD Person of two names", _person("Ana Ruiz & Tom Berg"), "<p>Ana Ruiz &amp; Tom Berg</p>", ("Ana Ruiz", "Tom Berg")),
    ("a byline node of several elements is no one-name markup",
     "", '<p class="byline">Von <b>Mac</b> &amp; <b>i</b></p>', ()),
]


@pytest.mark.parametrize(("name", "head", "body", "authors"), CASES, ids=[c[0] for c in CASES])
def test_ampersand_names(name: str, head: str, body: str, authors: tuple[str, ...]) -> None:
    assert clean(_page(head=head, body=body), url=URL).byline.authors == authors


def test_a_text_line_is_no_markup_of_one_name() -> None:
    # a plain "Von X & i" line: nothing says it is one name, and "i" is none
    assert split_credit("Von Mac & i", strict=True).authors == []
    assert split_credit("Mac & i", one_name=True).authors == ["Mac & i"]
