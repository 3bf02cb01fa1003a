"""The byline's page facts read each element's text at most about once, whatever the nesting.

Nested line or byline elements around one huge run of text (a page that is one paragraph of
inline markup, or ``<span class="author">`` wrappers around the whole body) must not have each
level normalise the whole of it: the work is counted in characters normalised, not timed.
"""

from __future__ import annotations

import pytest
from lxml import html

from newsclean.byline import elementtext, pagefacts


def _count_normalised(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    seen = [0]
    real = pagefacts.normalize

    def counting(text: str) -> str:
        seen[0] += len(text)
        return real(text)

    monkeypatch.setattr(pagefacts, "normalize", counting)
    monkeypatch.setattr(elementtext, "normalize", counting)  # the elements' own text is read there
    return seen


def _page(wrapper: str, levels: int, words: int) -> str:
    body = "lorem ipsum dolor " * words
    nested = f"<{wrapper}>" * levels + body + f"</{wrapper}>" * levels
    return (f"<html><head><title>A headline</title></head><body><h1>A headline</h1>"
            f'<p class="byline">By Jane Doe</p><div class="article">{nested}</div></body></html>')


@pytest.mark.parametrize("wrapper", ["span", "b", 'span class="author-name"'])
def test_nested_text_is_normalised_about_once(monkeypatch: pytest.MonkeyPatch, wrapper: str) -> None:
    page = _page(wrapper, levels=200, words=5_000)
    seen = _count_normalised(monkeypatch)
    facts = pagefacts.read_page_facts(html.fromstring(page), None)
    assert seen[0] < 4 * len(page), f"{seen[0]} characters normalised for a page of {len(page)}"
    assert any("Jane Doe" in c.text for c in facts.nodes)


@pytest.mark.parametrize("text", ["By Jane Doe", "Von Max Mustermann und Erika Musterfrau", "记者 张三"])
def test_short_lines_are_read_whole(text: str) -> None:
    # near misses of the bound: lines and byline nodes under their limits are read as before
    page = (f"<html><body><h1>A headline</h1><div><span class='byline'>{text}</span></div>"
            f"<p><span>{text}</span></p></body></html>")
    facts = pagefacts.read_page_facts(html.fromstring(page), None)
    assert text in facts.lines
    assert any(c.text == text for c in facts.nodes)


def test_a_line_just_under_the_limit_after_whitespace_collapse_is_kept() -> None:
    # whitespace does not count against the bound: 200 letters (299 characters once collapsed) spread over long runs of spaces
    words = " ".join(["ab" + " " * 40] * 100)
    page = f"<html><body><h1>A headline</h1><p><span>{words}</span></p></body></html>"
    facts = pagefacts.read_page_facts(html.fromstring(page), None)
    expected = " ".join(["ab"] * 100)
    assert expected in facts.lines


def test_an_element_holding_more_elements_than_its_bound_is_too_long_without_a_full_walk() -> None:
    # Nested line elements around thousands of empty elements: each level used to search and
    # walk the whole subtree (a fuzzed 110 kB page of 300 such levels took 6 s of CPU).
    limit = 50
    crowded = html.fromstring("<span>x " + "<i></i>" * (elementtext.TOO_LONG_FACTOR * limit + 1) + "</span>")
    assert elementtext._bounded_chunks(crowded, limit) is None
    assert elementtext.text_of(crowded, limit) == ""
    sparse = html.fromstring("<span>x " + "<i></i>" * (elementtext.TOO_LONG_FACTOR * limit - 1) + "</span>")
    assert elementtext.text_of(sparse, limit) == "x"


@pytest.mark.parametrize(
    "markup",
    [
        "<div>a<!--c-->b<span>x<script>s</script>t</span>u</div>",
        "<div>a<?pi x?>b<!--c--><!--d-->e</div>",
        "<p>By <a href='/a'>Jane</a> Doe<style>p{}</style>, <b>Berlin</b></p>",
        "<div><span><span>deep</span>er</span> text<br>after</div>",
    ],
)
def test_bounded_text_reads_what_the_full_text_reads(markup: str) -> None:
    # script and style text left out, the tails of comments, scripts and styles kept, in document order
    el = html.fromstring(markup)
    assert elementtext.text_of(el, 100) == elementtext.text_of(el)
