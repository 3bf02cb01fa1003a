"""Labels around an author element: a name the page labels as its editor or photographer is no author.

Every page here is written for the test, modelled on layouts many sites share.
"""

from __future__ import annotations

import pytest

from newsclean import clean

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
