"""The default budget counts work, not time: the same page takes the same path on an idle or a
loaded machine; a wall-clock limit exists only when asked for, and says when it fired."""

from __future__ import annotations

import itertools

import pytest

import newsclean.limits
from newsclean import clean

from .pages import sentence

#: A page big enough that its path depends on the budget: full extraction within 10 s of work.
PAGE = ("<html><head><title>Budget</title><meta name='author' content='Jane Smith'></head><body><article>"
        "<h1>Council budget approved</h1>"
        + "".join(f"<div class='c{n}'><p>{sentence(n)} More words for paragraph {n}.</p></div>" for n in range(3000))
        + "</article></body></html>")


def _slow_clock(monkeypatch: pytest.MonkeyPatch, step: float) -> None:
    """A machine so loaded that every clock reading is ``step`` seconds after the last."""
    ticks = itertools.count()
    monkeypatch.setattr(newsclean.limits, "wall_clock", lambda: next(ticks) * step)


def test_the_default_budget_gives_identical_output_however_slow_the_clock(monkeypatch: pytest.MonkeyPatch) -> None:
    idle = clean(PAGE)
    _slow_clock(monkeypatch, 1000.0)
    loaded = clean(PAGE)
    assert loaded.as_dict() == idle.as_dict()
    assert not any("budget" in w or "time_limit" in w for w in loaded.warnings)


def test_a_wall_clock_limit_is_an_explicit_option_and_says_when_it_fired(monkeypatch: pytest.MonkeyPatch) -> None:
    assert not clean(PAGE, time_limit=3600).warnings  # a large limit does not fire
    _slow_clock(monkeypatch, 1000.0)
    limited = clean(PAGE, time_limit=5)
    assert sentence(7) in limited.text
    assert any("wall-clock time_limit=5 s" in w for w in limited.warnings)


def test_a_small_work_budget_is_deterministic_too(monkeypatch: pytest.MonkeyPatch) -> None:
    small = clean(PAGE, time_budget=0.5)
    assert any("time budget" in w and "predicted work" in w for w in small.warnings)
    _slow_clock(monkeypatch, 1000.0)
    assert clean(PAGE, time_budget=0.5).as_dict() == small.as_dict()


def test_an_article_of_more_blocks_than_the_budget_affords_has_its_byline_read_at_its_ends(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import newsclean.api

    lines = "".join(f"<p>{sentence(n)}</p>" for n in range(300))
    page = (f"<html><body><article><h1>Council budget approved</h1><p>By Jane Smith</p>{lines}"
            "<p>Reporting by Max Muster; editing by Ann Lee</p></article></body></html>")
    whole = clean(page)
    assert not any("byline's reading" in w for w in whole.warnings)
    # a byline line scan priced far above the budget: only the first and last blocks are read
    monkeypatch.setattr(newsclean.api, "BYLINE_SECONDS_PER_BLOCK", 1.0)
    ends = clean(page)
    assert any("byline's reading of all" in w and "first and last" in w for w in ends.warnings)
    assert ends.text == whole.text
    assert ends.byline.authors == whole.byline.authors and "Jane Smith" in ends.byline.authors


def test_pre_cleaning_stops_inside_its_loop_when_its_work_outruns_the_budget(monkeypatch: pytest.MonkeyPatch) -> None:
    from newsclean import Options
    from newsclean.limits import FACTS_SECONDS_PER_ELEMENT, LOAD_SECONDS_PER_ELEMENT, PRECLEAN_SECONDS_PER_ELEMENT
    from newsclean.stages.load import load

    # share-bar classes nested 300 deep around prose: each is kept (prose, not links), and each
    # measures the text of all it holds, so pre-cleaning reads ~45,000 elements for 600
    depth = 300
    page = ("<html><body><article><h1>Council budget approved</h1>"
            + "".join(f"<div class='share-bar'><p>{sentence(n)}</p>" for n in range(depth))
            + "</div>" * depth + "</article></body></html>")
    elements = load(page, Options()).report.elements
    ahead = elements * (LOAD_SECONDS_PER_ELEMENT + FACTS_SECONDS_PER_ELEMENT + PRECLEAN_SECONDS_PER_ELEMENT)
    assert not any("inside pre-cleaning" in w for w in clean(page).warnings)
    tight = clean(page, time_budget=ahead + 0.05)  # pre-cleaning afforded, its real work is not
    assert any("used up inside pre-cleaning" in w for w in tight.warnings), tight.warnings
    assert sentence(0) in tight.text and sentence(depth - 1) in tight.text
    _slow_clock(monkeypatch, 1000.0)
    assert clean(page, time_budget=ahead + 0.05).as_dict() == tight.as_dict()
