"""Markup budgets before the parse: what a hostile page loses, what an ordinary page keeps.

Each budget has a page that must trip it and a near miss that must not: markup that looks like
many tags or attributes but sits in quoted values, scripts or comments, or runs just short of a
limit.
"""

from __future__ import annotations

import pytest

from newsclean import Options, clean
from newsclean.stages.load import load
from newsclean.stages.markup import (
    ELEMENT_BUDGET,
    MAX_EMPTY_RUN,
    MAX_PAGE_ATTRIBUTES,
    OTHER_ATTRIBUTES,
    bound_markup,
)

PROSE = "The harbour board approved the new ferry timetable after a long public hearing on Tuesday."
LATE = "Engineers will replace both engines of the older ferry before the summer season begins."


def _page(body: str) -> str:
    return f"<html><head><title>Ferry</title></head><body><article><h1>Ferry timetable</h1><p>{PROSE}</p>{body}</article></body></html>"


def _tree_text(page: str) -> str:
    return " ".join(load(page, Options()).tree.text_content().split())


def test_an_ordinary_page_comes_back_as_it_is() -> None:
    page = _page("".join(f'<p class="c{i}" data-i="{i}">{PROSE}<br><br></p>' for i in range(2000)))
    warnings: list[str] = []
    assert bound_markup(page, warnings) is page
    assert warnings == []


# --- runs of empty elements ----------------------------------------------------------------------


def test_a_long_run_of_br_is_cut_and_the_text_after_it_keeps_its_structure() -> None:
    page = _page("<br>" * (ELEMENT_BUDGET + 50_000) + f"<p>{LATE}</p>")
    warnings: list[str] = []
    out = bound_markup(page, warnings)
    assert out.count("<br>") == MAX_EMPTY_RUN
    assert f"<p>{LATE}</p>" in out
    assert any("empty elements" in w and f"{ELEMENT_BUDGET + 50_000 - MAX_EMPTY_RUN:,}" in w for w in warnings)
    assert not any("element budget" in w for w in warnings)  # nothing dropped past a budget


@pytest.mark.parametrize("unit", ["<br/>", "<BR>\n", "<hr>", "<wbr>", "<p></p>", "<div> </div>", "<li></li>"])
def test_runs_of_other_empty_elements_are_cut(unit: str) -> None:
    page = _page(unit * (ELEMENT_BUDGET + 1000) + f"<p>{LATE}</p>")
    warnings: list[str] = []
    out = bound_markup(page, warnings)
    assert len(out) < len(page) // 100
    assert LATE in out and any("empty elements" in w for w in warnings)


def test_short_runs_and_runs_broken_by_words_stay() -> None:
    # runs of MAX_EMPTY_RUN <br>, broken by words, on a page of more "<" than the element budget
    # (text "<" count, elements do not): nothing goes
    page = _page(("<br>" * MAX_EMPTY_RUN + "word ") * 3000 + "1 < 2 " * 20_000)
    warnings: list[str] = []
    assert bound_markup(page, warnings) is page
    assert warnings == []
    one_more = page.replace("<br>word", "<br><br>word", 1)
    assert bound_markup(one_more, warnings).count("<br>") == page.count("<br>")
    assert "1 run(s)" in warnings[0]


# --- the page's attribute budget -----------------------------------------------------------------


def test_past_the_attribute_budget_key_attributes_stay_and_others_go() -> None:
    filler = "".join(f'<span data-a="{i}" data-b="x">.</span>' for i in range(OTHER_ATTRIBUTES // 2 + 10))
    page = _page(filler + f'<p class="story-body" data-track="t1" id="late" hidden>{LATE}</p>')
    warnings: list[str] = []
    out = bound_markup(page, warnings)
    assert '<p class="story-body" id="late" hidden>' in out  # key attributes kept, data-track dropped
    assert out.count("data-a=") == OTHER_ATTRIBUTES // 2
    assert any(w.startswith("attribute budget:") and "from character" in w for w in warnings)


def test_quoted_values_holding_markup_are_one_attribute() -> None:
    # each value holds what looks like tags and attributes (five per value: over the budget if
    # they were counted), but is one attribute
    value = "a > b <i x='1' y='2'> \"quoted\" 'single'".replace('"', "&quot;")
    filler = "".join(f'<span title="{value}">.</span>' for _ in range(OTHER_ATTRIBUTES // 4))
    warnings: list[str] = []
    page = _page(filler)
    assert bound_markup(page, warnings) is page
    assert warnings == []


def test_the_budget_of_key_attributes_holds_too() -> None:
    filler = "".join(f'<a href="/{i}" class="k">.</a>' for i in range(MAX_PAGE_ATTRIBUTES // 2 + 100))
    warnings: list[str] = []
    out = bound_markup(_page(filler), warnings)
    assert out.count('class="k"') + out.count('href="') <= MAX_PAGE_ATTRIBUTES
    assert any(w.startswith("attribute budget:") for w in warnings)


def test_attribute_budget_keeps_every_word_of_the_page() -> None:
    filler = "".join(f'<span data-a="{i}" data-b="x">w{i}</span> ' for i in range(OTHER_ATTRIBUTES))
    text = _tree_text(_page(filler + f"<p>{LATE}</p>"))
    assert LATE in text and f"w{OTHER_ATTRIBUTES - 1}" in text


# --- the page's element budget --------------------------------------------------------------------


def test_past_the_element_budget_tags_go_and_text_stays() -> None:
    lines = "".join(f"line{i}<b>x</b><br>" for i in range(ELEMENT_BUDGET))
    page = _page(lines + "<script>var hidden = 'script text';</script><!-- a comment -->" + f"<p>{LATE}</p>")
    warnings: list[str] = []
    out = bound_markup(page, warnings)
    assert LATE in out and f"line{ELEMENT_BUDGET - 1}" in out
    assert "script text" not in out and "a comment" not in out
    assert out.count("<") - out.count("</") <= ELEMENT_BUDGET + 10  # start tags
    message = next(w for w in warnings if w.startswith("element budget:"))
    assert f"first {ELEMENT_BUDGET:,} elements" in message and "past character" in message
    article = clean(page)
    assert PROSE in article.text and any(w.startswith("element budget:") for w in article.warnings)


@pytest.mark.parametrize(
    "hiding",
    [
        lambda tags: f"<script>var s = '{tags}';</script>",
        lambda tags: f"<style>/* {tags} */</style>",
        lambda tags: f"<!-- {tags} -->",
        lambda tags: f"<textarea>{tags}</textarea>",
    ],
    ids=["script", "style", "comment", "textarea"],
)
def test_tags_inside_scripts_and_comments_are_no_elements(hiding: object) -> None:
    tags = "<b class='x'>" * (ELEMENT_BUDGET + 1000)
    page = _page(hiding(tags))  # type: ignore[operator]
    warnings: list[str] = []
    assert bound_markup(page, warnings) is page
    assert warnings == []


def test_an_unclosed_quote_runs_to_the_end_of_the_page() -> None:
    # a quote that never closes: the tag runs to the end of the page, as in the parser; the
    # "<a" inside it are no elements (and no scan starts again from each of them)
    page = _page('<a title="' + "<a b " * (ELEMENT_BUDGET + 1000))
    warnings: list[str] = []
    bound_markup(page, warnings)
    assert not any(w.startswith(("element budget", "attribute budget")) for w in warnings)
