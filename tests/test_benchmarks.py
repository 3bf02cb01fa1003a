"""The benchmarks' own helpers: segment scoring details, grouping, blame and tables (no corpus needed)."""

from __future__ import annotations

from pathlib import Path

import pytest

from benchmarks import corpus
from benchmarks.extractors import Output
from benchmarks.failures import blame, explain
from benchmarks.speed import bucket_label
from benchmarks.tables import table
from newsclean import Removal

STORY = "The council approved the new budget on Tuesday after a long debate."
SECOND = "Spending on roads rises by a tenth, the mayor said."


def _page(tmp: Path, name: str = "a.html", lang: str | None = None, body: str = "<html></html>") -> corpus.Page:
    path = tmp / name
    path.write_text(body, encoding="utf-8")
    return corpus.Page(
        set="chrome",
        file=name,
        path=path,
        with_=[STORY, SECOND],
        without=["Read more", "© 2024 Gazette"],
        categories=["related/read-more", "copyright/rights"],
        lang=lang,
    )


def test_missing_and_leaked_segments_with_categories(tmp_path: Path) -> None:
    page = _page(tmp_path)
    score = corpus.score_page(page, f"{STORY}\n\nRead   more\u00a0")
    assert score.missing == [SECOND]
    assert score.leaked == [("Read more", "related/read-more")]
    assert not score.fully_right


def test_group_and_category_leaks(tmp_path: Path) -> None:
    en, de = _page(tmp_path, "en.html", "en"), _page(tmp_path, "de.html", "de-DE")
    scores = [corpus.score_page(en, f"{STORY} {SECOND}"), corpus.score_page(de, f"{STORY} © 2024 Gazette")]
    by_lang = corpus.group(scores, corpus.language)
    assert {k: (v.pages, v.fully_right) for k, v in by_lang.items()} == {"en": (1, 1), "de": (1, 0)}
    assert corpus.category_leaks(scores) == {"related/read-more": (0, 2), "copyright/rights": (1, 2)}


def test_language_falls_back_to_the_declared_one(tmp_path: Path) -> None:
    page = _page(tmp_path, body='<!DOCTYPE html><html class="x" lang="pt-BR"><head></head></html>')
    page.with_ = []  # nothing to identify: the declaration decides
    assert corpus.language(page) == "pt"
    bare = _page(tmp_path, "bare.html", body="<html><body>no declaration</body></html>")
    bare.with_ = []
    assert corpus.language(bare) == "?"


def test_blame_finds_the_rule_that_removed_a_lost_segment() -> None:
    dom = Removal(STORY[:50], "related", "dom.related.readmore", -1, "dom")  # DOM ledger text is cut short
    block = Removal(f"Intro. {SECOND}", "social", "en.social.share", 3, "tail")
    generic = Removal("said", "navigation", "en.nav.word", 1, "body")
    assert blame(STORY, [dom, block, generic]) == [dom]
    assert blame(SECOND, [dom, block, generic]) == [block]
    assert blame("Nothing like this was removed at all.", [dom, block, generic]) == []


def test_explain_lists_lost_and_leaked_segments(tmp_path: Path) -> None:
    page = _page(tmp_path)
    score = corpus.score_page(page, f"{STORY} Read more")
    out = Output(f"{STORY} Read more", (Removal(SECOND, "social", "en.social.share", 2, "tail"),))
    text = explain("chrome", "newsclean", [score], {page.file: out})
    assert "1 of 1 pages not fully right" in text
    assert "en.social.share (social, tail)" in text
    assert '[related/read-more] "Read more"' in text


def test_size_buckets() -> None:
    assert [bucket_label(kb) for kb in (3, 25, 99.9, 100, 1000)] == [
        "0-25 KB",
        "25-50 KB",
        "50-100 KB",
        "100-200 KB",
        ">= 400 KB",
    ]


def test_table_pads_columns() -> None:
    lines = table(["name", "n"], [["a", 1], ["long name", 22]], indent="").splitlines()
    assert lines == ["name        n", "---------  --", "a           1", "long name  22"]


def test_encodings_benchmark_flags_and_counts_mojibake() -> None:
    from benchmarks.encodings import mojibake, valid_utf8_declared_otherwise

    page = '<html><head><meta charset="iso-8859-1"></head><body>Der «Tatort» läuft.</body></html>'
    assert valid_utf8_declared_otherwise(page.encode("utf-8"))
    assert not valid_utf8_declared_otherwise(page.encode("iso-8859-1"))  # not valid UTF-8
    assert not valid_utf8_declared_otherwise(page.replace("iso-8859-1", "utf-8").encode("utf-8"))
    raw = page.encode("utf-8").decode("utf-8")
    assert mojibake(page.encode("utf-8").decode("cp1252"), raw) == 3  # Â«, Â», Ã¤
    assert mojibake(raw, raw) == 0


def test_naive_dump_puts_the_title_first_and_each_block_on_its_own_line() -> None:
    from benchmarks.dumps import naive_dump

    page = (
        "<html><head><title>Budget passed | Gazette</title><style>p{}</style></head><body>"
        "<nav><a href='/'>Home</a><a href='/n'>News</a></nav><script>var x = 1;</script>"
        f"<article><h1>Budget passed</h1><p>{STORY} <b>Really.</b></p><p>{SECOND}</p></article>"
        "<footer>© 2024 Gazette</footer></body></html>"
    ).encode()
    lines = naive_dump(page).split("\n")
    assert lines[:2] == ["Budget passed | Gazette", ""]
    assert f"{STORY} Really." in lines and SECOND in lines and "© 2024 Gazette" in lines
    assert "HomeNews" in lines and not any("var x" in line or "p{}" in line for line in lines)


def test_fuzz_range_tallies_inputs_and_the_worker_peak() -> None:
    from benchmarks.fuzz import run_range

    tally = run_range(0, 6, hang=60.0)
    assert tally.inputs == 6
    assert not tally.crashes and not tally.hangs
    assert len(tally.peaks) == 1 and next(iter(tally.peaks.values())) > 0
    assert sorted(n for _, n in tally.slow) == list(range(6))
    assert tally.slow[0][0] == tally.slowest


def test_fuzz_corpus_seeds_are_distinct_real_pages() -> None:
    from benchmarks.corpus import available
    from benchmarks.mutations import corpus_seeds

    if not available("dev"):
        pytest.skip("corpus not beside the project")
    pages = corpus_seeds(5)
    assert len(pages) == 5 and len(set(pages)) == 5
    assert all(len(p) > 500 for p in pages)
