"""Command-line habits: known output suffixes, URLs refused with a way forward, counts, exit codes in --help."""

from __future__ import annotations

import io
import re
from pathlib import Path

from newsclean.cli.batch import Summary, run_batch
from newsclean.cli.habits import count_pages, suffix_format, url_message
from newsclean.cli.inputs import iter_documents
from newsclean.cli.main import EXIT_ERROR, EXIT_FAILED_DOCUMENTS, EXIT_INTERRUPTED, EXIT_OK, EXIT_USAGE
from newsclean.cli.sinks import ErrorLog, StreamSink
from newsclean.models import Options

from ..pages import page, write_jsonl
from .test_cli import run


def test_unknown_output_suffix_is_a_usage_error(tmp_path: Path) -> None:
    (tmp_path / "page.html").write_text(page(1), encoding="utf-8")
    proc = run("page.html", "-o", "x.csv", cwd=tmp_path)
    assert proc.returncode == EXIT_USAGE
    assert "unknown output suffix '.csv'" in proc.stderr.decode()
    assert not list(tmp_path.glob("x.csv*"))
    assert run("page.html", "-o", "x.csv", "--format", "jsonl", cwd=tmp_path).returncode == EXIT_OK


def test_output_suffixes() -> None:
    assert [suffix_format(n) for n in ("a.jsonl", "a.NDJSON", "a.json", "a.md", "a.txt", "a.parquet", "plain")] == [
        "jsonl", "jsonl", "json", "markdown", "text", "parquet", "text"]
    assert suffix_format("a.csv") is None and suffix_format("a.jsonl.gz") is None and suffix_format("a.html") is None


def test_a_url_argument_says_newsclean_does_not_fetch(tmp_path: Path) -> None:
    proc = run("https://news.example/story", cwd=tmp_path)
    assert proc.returncode == EXIT_USAGE
    err = proc.stderr.decode()
    assert "does not fetch" in err and "| newsclean - --url" in err
    assert url_message("HTTP://x.example/") and url_message("ftp://x.example/a")
    assert url_message("pages/story.html") is None and url_message("https:notaurl") is None


def test_a_file_named_like_a_url_is_still_read(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "http:").mkdir()
    (tmp_path / "http:" / "x.html").write_text(page(1), encoding="utf-8")
    assert url_message("http://x.html") is None  # exists on disk: a file, not a URL


def test_counts_of_pages_are_known_and_of_records_are_not(tmp_path: Path) -> None:
    (tmp_path / "d" / "sub").mkdir(parents=True)
    for name in ("a.html", "b.txt.gz", "sub/c.htm", "notes.pdf"):
        (tmp_path / "d" / name).write_bytes(b"x")
    (tmp_path / "one.xml").write_bytes(b"x")
    assert count_pages([str(tmp_path / "d"), str(tmp_path / "one.xml")]) == 4
    assert count_pages([str(tmp_path / "d" / "**" / "*.htm*")]) == 2
    write_jsonl(tmp_path / "r.jsonl", 2)
    assert count_pages([str(tmp_path / "d"), str(tmp_path / "r.jsonl")]) is None
    assert count_pages(["-"]) is None
    listed = list(iter_documents([str(tmp_path / "d"), str(tmp_path / "one.xml")], Options()))
    assert len(listed) == 4  # the count is the listing's


def test_progress_bar_shows_total_and_eta(tmp_path: Path) -> None:
    for n in range(3):
        (tmp_path / f"{n}.html").write_text(page(n), encoding="utf-8")
    stream = io.StringIO()
    docs = iter_documents([str(tmp_path)], Options())
    run_batch(docs, Options(), fmt="text", sink=StreamSink(io.StringIO()), errors=ErrorLog(None, resume=False),
              workers=1, progress=True, stream=stream, total=count_pages([str(tmp_path)]))
    drawn = stream.getvalue()
    assert "3/3" in drawn and "<" in drawn  # tqdm's "elapsed<remaining"


def test_one_document_is_singular() -> None:
    one, two = Summary(), Summary()
    one.add("cleaned")
    two.add("cleaned"), two.add("empty")
    assert one.line().startswith("1 document: 1 cleaned")
    assert two.line().startswith("2 documents: 1 cleaned, 1 empty")


def test_help_lists_every_exit_code(tmp_path: Path) -> None:
    text = " ".join(run("--help", cwd=tmp_path).stdout.decode().split())
    listed = {int(code) for code in re.findall(r"(?:Exit status:|;) (\d+) ", text)}
    assert listed == {EXIT_OK, EXIT_ERROR, EXIT_USAGE, EXIT_FAILED_DOCUMENTS, EXIT_INTERRUPTED}
