"""Dumps cut short (a crawl still being written, a copy that stopped): every whole record is cleaned,
the torn one is one failed document saying where the data ends, and the exit status is 3."""

from __future__ import annotations

import gzip
import io
import json
from pathlib import Path

import pytest

from newsclean import Options
from newsclean.cli.inputs import iter_documents
from newsclean.cli.main import EXIT_FAILED_DOCUMENTS, EXIT_OK

from ..pages import page, sentence
from .test_cli import jsonl, run

RECORDS = 4


def _warc(path: Path, *, gz: bool, boundaries: list[int] | None = None) -> list[int]:
    """A WARC of RECORDS HTML responses (a request before each); the byte offset where each response
    ends. ``boundaries`` gets every offset at which a cut leaves only whole records."""
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    ends = []
    with open(path, "wb") as fh:
        writer = WARCWriter(fh, gzip=gz)
        for n in range(RECORDS):
            url = f"https://herald.example/story/{n}"
            writer.write_record(writer.create_warc_record(url, "request", payload=io.BytesIO(b"GET / HTTP/1.1\r\n\r\n")))
            _boundary(boundaries, fh.tell(), gz)
            headers = StatusAndHeaders("200 OK", [("Content-Type", "text/html")], protocol="HTTP/1.1")
            writer.write_record(writer.create_warc_record(url, "response", payload=io.BytesIO(page(n).encode()),
                                                          http_headers=headers))
            _boundary(boundaries, fh.tell(), gz)
            ends.append(fh.tell())
    return ends


def _boundary(boundaries: list[int] | None, end: int, gz: bool) -> None:
    if boundaries is not None:  # an uncompressed record is whole without the blank lines after it
        boundaries.extend(range(end - (0 if gz else 4), end + 1))


def _jsonl(path: Path, *, gz: str) -> list[int]:
    """A JSONL dump (plain, one gzip member per line, or one member); where each record's line ends."""
    lines = [json.dumps({"id": f"r{n}", "html": page(n)}).encode() + b"\n" for n in range(RECORDS)]
    if gz == "members":
        chunks = [gzip.compress(line) for line in lines]
    elif gz == "one":
        path.write_bytes(gzip.compress(b"".join(lines)))
        return [len(path.read_bytes())] * RECORDS  # one member: no record is whole before its end
    else:
        chunks = lines
    path.write_bytes(b"".join(chunks))
    ends, pos = [], 0
    for chunk in chunks:
        pos += len(chunk)
        ends.append(pos)
    return ends


def _check_every_cut(path: Path, ends: list[int], step: int, boundaries: list[int]) -> None:
    data = path.read_bytes()
    cut_path = path.with_name("cut." + path.name)
    for cut in range(1, len(data), step):
        cut_path.write_bytes(data[:cut])
        docs = list(iter_documents([str(cut_path)], Options()))
        whole = sum(end <= cut for end in ends)
        good = [d for d in docs if d.error is None]
        torn = [d for d in docs if d.error is not None]
        assert len(good) >= whole, (cut, [d.error for d in docs])
        assert all(sentence(n).encode() in bytes(d.data or b"", "utf-8") if isinstance(d.data, str)
                   else sentence(n).encode() in (d.data or b"") for n, d in enumerate(good))
        assert len(torn) <= 1 and (not torn or docs[-1] is torn[0]), (cut, [d.error for d in docs])
        if cut not in boundaries:  # the cut tore a record: it is said, never silent
            assert torn and ("truncated" in torn[0].error or "cut short" in torn[0].error), (cut, torn)


@pytest.mark.parametrize("gz", [True, False])
def test_warc_cut_anywhere_keeps_whole_records_and_reports_the_torn_one(tmp_path: Path, gz: bool) -> None:
    path = tmp_path / ("crawl.warc.gz" if gz else "crawl.warc")
    boundaries: list[int] = []
    ends = _warc(path, gz=gz, boundaries=boundaries)
    _check_every_cut(path, ends, step=7, boundaries=boundaries)


@pytest.mark.parametrize("gz", ["plain", "members", "one"])
def test_jsonl_cut_anywhere_keeps_whole_records_and_reports_the_torn_one(tmp_path: Path, gz: str) -> None:
    path = tmp_path / ("pages.jsonl" if gz == "plain" else "pages.jsonl.gz")
    ends = _jsonl(path, gz=gz)
    # a last line that lacks only its newline is a whole record
    boundaries = [] if gz == "one" else [*ends, *(end - 1 for end in ends if gz == "plain")]
    _check_every_cut(path, ends, step=5, boundaries=boundaries)


@pytest.mark.parametrize("where", ["after 3rd record", "in 4th header", "in 4th body", "in 4th gzip trailer"])
def test_cli_on_a_torn_warc_writes_the_whole_records(tmp_path: Path, where: str) -> None:
    ends = _warc(tmp_path / "full.warc.gz", gz=True)
    data = (tmp_path / "full.warc.gz").read_bytes()
    cut = {"after 3rd record": ends[2] + 10, "in 4th header": ends[2] + 400,
           "in 4th body": ends[3] - 300, "in 4th gzip trailer": ends[3] - 4}[where]
    (tmp_path / "crawl.warc.gz").write_bytes(data[:cut])
    proc = run("crawl.warc.gz", "-o", "clean.jsonl", cwd=tmp_path)
    assert proc.returncode == EXIT_FAILED_DOCUMENTS, proc.stderr
    records = jsonl(tmp_path / "clean.jsonl")
    assert [r["url"] for r in records] == [f"https://herald.example/story/{n}" for n in range(3)]
    (error,) = jsonl(tmp_path / "clean.errors.jsonl")
    assert error["status"] == "failed" and f"WARC record truncated at byte {cut}" in error["reason"]
    assert b"Traceback" not in proc.stderr


@pytest.mark.parametrize("gz", ["plain", "members", "one"])
def test_cli_on_a_torn_jsonl(tmp_path: Path, gz: str) -> None:
    name = "pages.jsonl" if gz == "plain" else "pages.jsonl.gz"
    _jsonl(tmp_path / name, gz=gz)
    data = (tmp_path / name).read_bytes()
    (tmp_path / name).write_bytes(data[: len(data) - 20])
    proc = run(name, "-o", "clean.jsonl", cwd=tmp_path)
    assert proc.returncode == EXIT_FAILED_DOCUMENTS, proc.stderr
    assert [r["id"] for r in jsonl(tmp_path / "clean.jsonl")] == ["r0", "r1", "r2"]
    (error,) = jsonl(tmp_path / "clean.errors.jsonl")
    assert "truncated" in error["reason"]


def test_a_whole_dump_reports_nothing(tmp_path: Path) -> None:
    _warc(tmp_path / "crawl.warc.gz", gz=True)
    _jsonl(tmp_path / "pages.jsonl.gz", gz="members")
    proc = run("crawl.warc.gz", "pages.jsonl.gz", "-o", "clean.jsonl", cwd=tmp_path)
    assert proc.returncode == EXIT_OK, proc.stderr
    assert len(jsonl(tmp_path / "clean.jsonl")) == 2 * RECORDS
    assert not (tmp_path / "clean.errors.jsonl").exists()
