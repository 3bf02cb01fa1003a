"""An author element the page hides from view is no byline a reader sees.

Themes often keep a hidden author block (``style="display:none"``, ``hidden``) for their feeds or
structured data, on pages that show no author. Only markup that hides from the eyes counts:
``aria-hidden`` hides from screen readers only, the name is still on the screen. Every page here is
written for the test, modelled on layouts many sites share.
"""

from __future__ import annotations

import pytest
from lxml import html

from newsclean import clean
from newsclean.textutils import hidden_from_view

from .test_byline import _page

CASES = [
    ("author block hidden by an inline style",
     '<div class="td-post-author-name" style="display: none"><a href="/author/tom-berg/">Tom Berg</a></div>', ()),
    ("author name inside a hidden wrapper",
     '<div hidden><span class="byline">By Tom Berg</span></div>', ()),
    ("itemprop author hidden by visibility",
     '<span itemprop="author" style="visibility:hidden">Tom Berg</span>', ()),
    # near misses: shown to the reader
    ("aria-hidden author block (seen, only not read aloud)",
     '<div class="byline" aria-hidden="true">By Tom Berg</div>', ("Tom Berg",)),
    ("author block with an unrelated inline style",
     '<div class="byline" style="display:block;color:#333">By Tom Berg</div>', ("Tom Berg",)),
    ("visible byline beside a hidden copy",
     '<span class="author" style="display:none">Tom Berg</span><p class="byline">By Tom Berg</p>', ("Tom Berg",)),
]


@pytest.mark.parametrize(("name", "byline", "authors"), CASES, ids=[c[0] for c in CASES])
def test_a_hidden_author_element_is_no_byline(name: str, byline: str, authors: tuple[str, ...]) -> None:
    assert clean(_page(body=byline), url="https://www.gazette.example/a").byline.authors == authors


@pytest.mark.parametrize(("markup", "how"), [
    ('<div hidden>x</div>', "attribute"),
    ('<div style="DISPLAY : none">x</div>', "style"),
    ('<div style="visibility:hidden">x</div>', "style"),
    ('<div aria-hidden="true">x</div>', None),
    ('<div style="display:flex">x</div>', None),
    ('<div>x</div>', None),
])
def test_hidden_from_view_reads_the_markup(markup: str, how: str | None) -> None:
    assert hidden_from_view(html.fragment_fromstring(markup)) == how
