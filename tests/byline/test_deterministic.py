"""The byline says what the page says, whatever the machine's load: a wall-clock ``time_limit``
that forces the cheapest extraction path must not change the authors, publisher or source."""

from __future__ import annotations

import pytest

from newsclean import clean

from .test_byline import _ld, _page

PAGES = [
    ("json-ld author", _page(head=_ld({"@type": "NewsArticle", "author": {"@type": "Person", "name": "Ana Ruiz"},
                                       "publisher": {"@type": "Organization", "name": "Gazette"}}),
                             body="<p>By Ana Ruiz</p>")),
    ("byline node", _page(body='<div class="byline">By Tom Berg | Hamburg | 5 min read</div>')),
    ("meta author shown on the page", _page(head='<meta name="author" content="Li Wei"><meta property="og:site_name" content="Tagesblatt">',
                                            body='<span class="author">Li Wei</span>')),
]


@pytest.mark.parametrize(("name", "page"), PAGES, ids=[p[0] for p in PAGES])
def test_a_tiny_and_a_large_time_limit_give_the_same_byline(name: str, page: bytes) -> None:
    url = "https://www.gazette.example/2024/story"
    large = clean(page, url=url, time_limit=3600)
    tiny = clean(page, url=url, time_limit=1e-9)  # fires before extraction: the plain-walk fallback
    assert any("time_limit" in w for w in tiny.warnings)  # the cheap path was taken
    assert large.byline.authors  # the page names its author
    assert tiny.byline.authors == large.byline.authors
    assert tiny.byline.publisher == large.byline.publisher
    assert tiny.byline.original_source == large.byline.original_source
