"""Worker processes the parent stops on time: a document stuck in C code is killed with its worker,
which is replaced at once; a crash fails only its own item; CPU time counts, not wall time."""

from __future__ import annotations

import re
import time

import pytest

from newsclean import clean_many
from newsclean.engines.pool import PoolStats, ordered_map

from .cli.test_batch import _DiesOn
from .pages import page, sentence


class _StallsOn:
    """Runs a regex that backtracks for hours on one item: Python's ``re`` never returns to the
    interpreter while it runs, so no signal can stop it (as with libxml2 or an XPath)."""

    def __init__(self, stuck: int) -> None:
        self.stuck = stuck

    def __call__(self, item: int) -> int:
        if item == self.stuck:
            re.match(r"(a+)+$", "a" * 64 + "b")
        return item * 10


class _Sleeps:
    def __call__(self, item: float) -> float:
        time.sleep(item)
        return item


class _Raises:
    def __call__(self, item: int) -> int:
        if item == 2:
            raise KeyError("two")
        return item


@pytest.mark.parametrize("workers", [1, 2])
def test_a_stall_in_c_code_is_stopped_within_the_timeout_plus_two_seconds(workers: int) -> None:
    def timed(stuck: int, stats: PoolStats) -> tuple[list[object], float]:
        started = time.monotonic()
        results = list(ordered_map(_StallsOn, (stuck,), range(8), workers=workers, timeout=1.0, stats=stats,
                                   on_crash=lambda item, err: "crash", on_timeout=lambda item, s: f"stopped {item}"))
        return results, time.monotonic() - started

    _, baseline = timed(-1, PoolStats())  # starting the workers, and the quick items
    stats = PoolStats()
    results, elapsed = timed(3, stats)
    assert results == [0, 10, 20, "stopped 3", 40, 50, 60, 70]
    assert stats.timed_out == 1 and stats.crashed == 0
    # The timeout is CPU time: the stuck worker had used at most the timeout plus 2 s when killed.
    # In wall time that is as long as the machine's load makes it: only a generous bound here.
    (used,) = stats.stopped_after
    assert 1.0 < used < 1.0 + 2.0, used
    assert elapsed - baseline < 1.0 * 10, (elapsed, baseline)
    assert stats.peak_rss and all(peak > 0 for peak in stats.peak_rss)


def test_the_timeout_counts_cpu_time_not_wall_time() -> None:
    # a worker that waits (as on a loaded machine) is not stopped at the CPU timeout
    results = list(ordered_map(_Sleeps, (), [0.0, 1.5, 0.0], workers=2, timeout=0.5,
                               on_crash=lambda item, err: "crash", on_timeout=lambda item, s: "stopped"))
    assert results == [0.0, 1.5, 0.0]


def test_a_crash_fails_only_its_own_item_and_exceptions_reach_the_caller() -> None:
    results = list(ordered_map(_DiesOn, (5,), range(9), workers=2, timeout=30,
                               on_crash=lambda item, err: -item))
    assert results == [0, 10, 20, 30, 40, -5, 60, 70, 80]
    with pytest.raises(KeyError):
        list(ordered_map(_Raises, (), range(5), workers=2, timeout=30, on_crash=lambda item, err: None))


def test_clean_many_with_a_timeout_kills_the_stuck_page_and_goes_on(monkeypatch: pytest.MonkeyPatch) -> None:
    import newsclean.api

    real_run = newsclean.api._run

    def stalls_on_marker(html: object, opts: object) -> object:  # workers are forked: they inherit it
        if isinstance(html, str) and "STALL" in html:
            re.match(r"(a+)+$", "a" * 64 + "b")
        return real_run(html, opts)  # type: ignore[arg-type]

    monkeypatch.setattr(newsclean.api, "_run", stalls_on_marker)
    pages = [page(0), "<p>STALL</p>", page(2)]
    articles = list(clean_many(pages, workers=1, timeout=1))
    assert sentence(0) in articles[0].text and sentence(2) in articles[2].text
    assert not articles[1] and "timeout" in articles[1].warnings[0]
