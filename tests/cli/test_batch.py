"""The library side of batches: clean_many, the parallel map, inputs, sinks, writers, and a real Dask run."""

from __future__ import annotations

import functools
import gzip
import io
import json
import os
import time
from pathlib import Path

import pytest

from newsclean import InputError, NewscleanError, Options, clean, clean_many
from newsclean.cli.batch import DocumentTimeout, DocumentWorker, deadline
from newsclean.cli.inputs import Document, check_not_binary, gunzip_bounded
from newsclean.cli.output import explain_sequence, render_markdown
from newsclean.cli.sinks import TreeSink, read_jsonl
from newsclean.engines.pool import ordered_map
from newsclean.pipeline import clean_batch, clean_partition, clean_record

from ..pages import page, sentence, text_dump


def test_clean_many_keeps_order_and_matches_clean() -> None:
    items = [page(0), ("https://herald.example/1", page(1)), text_dump(2).encode(), page(3)]
    for workers in (1, 2):
        articles = list(clean_many(iter(items), workers=workers))
        assert [a.text for a in articles] == [
            clean(page(0)).text, clean(page(1)).text, clean(text_dump(2).encode()).text, clean(page(3)).text]
        assert articles[1].url == "https://herald.example/1"
        assert sentence(2) in articles[2].text


def test_clean_many_validates_options_before_any_page() -> None:
    with pytest.raises(NewscleanError):
        clean_many([page(0)], Options(rule_files=(Path("no-such-rules.toml"),)), workers=1)


class _DiesOn:
    """A worker that kills its own process on one item, as a crashing parser would."""

    def __init__(self, fatal: int) -> None:
        self.fatal = fatal

    def __call__(self, item: int) -> int:
        if item == self.fatal:
            os._exit(9)
        return item * 10


def test_a_crashing_worker_fails_only_its_own_item() -> None:
    results = list(ordered_map(_DiesOn, (5,), range(12), workers=2, on_crash=lambda item, err: -item))
    assert results == [0, 10, 20, 30, 40, -5, 60, 70, 80, 90, 100, 110]


def test_deadline_stops_a_stuck_document() -> None:
    started = time.monotonic()
    with pytest.raises(DocumentTimeout):
        with deadline(0.2):
            while True:  # a document stuck in a loop
                pass
    assert time.monotonic() - started < 5
    with deadline(5):  # a quick document is not disturbed, and the timer is gone afterwards
        pass
    time.sleep(0.01)


def _spin(seconds: float) -> None:
    """Keep the CPU busy (the doc timeout counts CPU time, not sleep)."""
    end = time.process_time() + seconds
    while time.process_time() < end:
        pass


def test_worker_reports_a_timed_out_document_as_failed(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "slow.html").write_text(page(1), encoding="utf-8")
    worker = DocumentWorker(Options(), "jsonl", timeout=0.2)
    monkeypatch.setattr(worker.cleaner, "clean", lambda page, url=None: _spin(30))
    outcome = worker(Document(id="slow.html", path=str(tmp_path / "slow.html")))
    assert outcome.status == "failed" and "--doc-timeout" in (outcome.reason or "")
    assert DocumentWorker(Options(), "jsonl", timeout=5)(Document(id="ok", data=page(2))).status == "cleaned"


def test_binary_sniffing() -> None:
    with pytest.raises(InputError, match="binary"):
        check_not_binary(bytes(range(256)) * 8)
    check_not_binary(page(1).encode())
    check_not_binary(page(1).encode("utf-16-le"))  # UTF-16 without a byte-order mark is text
    check_not_binary("\ufeff".encode("utf-16-le") + page(1).encode("utf-16-le"))
    check_not_binary(b"")


def test_gunzip_is_bounded() -> None:
    bomb = gzip.compress(b"\0" * 1_000_000)
    with pytest.raises(InputError, match="max_decompressed_bytes"):
        gunzip_bounded(io.BytesIO(bomb), 10_000)
    assert gunzip_bounded(io.BytesIO(gzip.compress(b"page")), 10_000) == b"page"
    with pytest.raises(InputError, match="corrupt"):
        gunzip_bounded(io.BytesIO(gzip.compress(page(1).encode())[:-12]), 10_000_000)


def test_torn_jsonl_tail_is_cut(tmp_path: Path) -> None:
    path = tmp_path / "out.jsonl.part"
    path.write_bytes(b'{"id": "a"}\n{"id": "b"}\n{"id": "c", "te')
    assert list(read_jsonl(path)) == [{"id": "a"}, {"id": "b"}]
    assert path.read_bytes() == b'{"id": "a"}\n{"id": "b"}\n'
    path.write_bytes(b'{"id": "torn')
    assert list(read_jsonl(path)) == [] and path.read_bytes() == b""


def test_tree_targets_stay_inside_the_output_folder(tmp_path: Path) -> None:
    sink = TreeSink(tmp_path / "out", ".txt")
    assert sink.target("a/b/story.html.gz") == tmp_path / "out" / "a" / "b" / "story.html.gz.txt"
    assert sink.target("../../etc/passwd") == tmp_path / "out" / "etc" / "passwd.txt"
    assert sink.target("pages.jsonl/id with/slash") == tmp_path / "out" / "pages.jsonl" / "id%20with" / "slash.txt"
    assert sink.target(".hidden/.x") == tmp_path / "out" / "%2Ehidden" / "%2Ex.txt"


def test_tree_targets_never_share_a_name(tmp_path: Path) -> None:
    sink = TreeSink(tmp_path / "out", ".txt")
    names = ["p.html", "p.htm", "p.html.gz", "p", "p.txt", "a b.html", "a_b.html", "a%20b.html", "a\udcffb.html"]
    targets = [sink.target(n) for n in names]
    assert len(set(targets)) == len(names)
    assert sink.target("a\udcffb.html").name == "a%FFb.html.txt"


def test_explain_sequence_of_a_text_dump_keeps_document_order() -> None:
    article = clean(text_dump(3))
    sequence = explain_sequence(article)
    texts = [e.text if not isinstance(e, tuple) else e[0].text for e in sequence]
    assert texts.index("Home") < texts.index(sentence(3)) < texts.index("Share this article")
    kept = [e[0] for e in sequence if isinstance(e, tuple)]
    assert kept == list(article.blocks)


def test_markdown_lists_and_headings() -> None:
    html = ("<html><body><article><h1>Ferry timetable changes</h1><p>" + sentence(1) + " " * 1
            + "The ferry company said the winter timetable starts on the first Monday of November this year.</p>"
            "<h2>What changes</h2><ul><li>Fewer early crossings on weekdays</li><li>No late sailing on Sundays</li></ul>"
            "<p>Passengers can check the new times on the company website or at the harbour ticket office.</p>"
            "</article></body></html>")
    md = render_markdown(clean(html))
    assert "## What changes\n\n- Fewer early crossings on weekdays\n- No late sailing on Sundays" in md


def test_clean_record_keeps_fields_and_reports_errors() -> None:
    out = clean_record({"html": page(4), "url": "https://herald.example/4", "shard": 7})
    assert out["shard"] == 7 and out["url"] == "https://herald.example/4" and out["error"] is None
    assert sentence(4) in out["text"] and "html" not in out
    bad = clean_record({"body": page(4), "shard": 8})
    assert bad["shard"] == 8 and bad["text"] == "" and "'html'" in bad["error"]


def test_clean_batch_is_columnar() -> None:
    batch = {"html": [page(1), page(2)], "url": ["https://herald.example/1", None]}
    out = clean_batch(batch)
    assert out["url"] == ["https://herald.example/1", None]
    assert sentence(1) in out["text"][0] and sentence(2) in out["text"][1]
    assert out["error"] == [None, None]


def test_dask_bag_map_partitions_with_processes() -> None:
    db = pytest.importorskip("dask.bag")
    records = [{"html": page(n), "url": f"https://herald.example/{n}", "n": n} for n in range(6)]
    records.append({"n": 6, "url": "https://herald.example/6"})  # no page: one row out, with an error
    bag = db.from_sequence(records, npartitions=3)
    cleaner = functools.partial(clean_partition, options=Options(fast=True))
    out = bag.map_partitions(cleaner).compute(scheduler="processes", num_workers=2)
    assert [r["n"] for r in out] == list(range(7))
    for r in out[:6]:
        assert r["error"] is None and sentence(r["n"]) in r["text"]
    assert out[6]["error"] and out[6]["text"] == ""
    json.dumps(out)  # rows are plain JSON-ready data
