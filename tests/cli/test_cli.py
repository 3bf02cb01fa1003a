"""The real command line, run as a subprocess on dumps of every input kind that the tests write."""

from __future__ import annotations

import gzip
import io
import json
import os
import signal
import subprocess
import sys
import time
from dataclasses import fields
from pathlib import Path

import pytest

from newsclean import Options
from newsclean.cli.main import (
    EXIT_FAILED_DOCUMENTS,
    EXIT_OK,
    EXIT_USAGE,
    OPTION_FLAGS,
    build_parser,
    options_from_args,
)

from ..pages import page, sentence, text_dump, write_folder, write_jsonl

ROOT = Path(__file__).resolve().parents[2]


def run(*args: str, cwd: Path, stdin: bytes | None = None, timeout: float = 120) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run([sys.executable, "-m", "newsclean", *args], cwd=cwd, input=stdin,
                          capture_output=True, timeout=timeout)


def jsonl(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def test_single_page_to_stdout(tmp_path: Path) -> None:
    (tmp_path / "page.html").write_text(page(7), encoding="utf-8")
    proc = run("page.html", cwd=tmp_path)
    assert proc.returncode == EXIT_OK, proc.stderr
    out = proc.stdout.decode()
    assert out.startswith("Hartley budget plan 7 approved\n\n")
    assert sentence(7) in out and "flood defences" in out
    assert "Advertisement" not in out and "Follow us on Twitter" not in out
    assert proc.stderr == b""  # one page to stdout: no summary


def test_readme_quick_start_example() -> None:
    proc = run("examples/gate-ceasefire.html", cwd=ROOT)
    assert proc.returncode == EXIT_OK, proc.stderr
    assert "US negotiators arrived in Moscow" in proc.stdout.decode()


def test_stdin_plain_and_gzip(tmp_path: Path) -> None:
    for data in (page(3).encode(), gzip.compress(page(3).encode())):
        proc = run("-", cwd=tmp_path, stdin=data)
        assert proc.returncode == EXIT_OK, proc.stderr
        assert sentence(3) in proc.stdout.decode()


def test_json_format_has_ledger_and_byline(tmp_path: Path) -> None:
    (tmp_path / "page.html").write_text(page(2), encoding="utf-8")
    proc = run("page.html", "--format", "json", "--url", "https://herald.example/2", cwd=tmp_path)
    assert proc.returncode == EXIT_OK, proc.stderr
    data = json.loads(proc.stdout)
    assert data["url"] == "https://herald.example/2"
    assert data["title"] == "Carrick budget plan 2 approved"
    assert sentence(2) in data["text"]
    assert "authors" in data["byline"]
    assert any(r["rule"] == "en.advertising.label" and r["category"] == "advertising" for r in data["removed"])


def test_folder_with_bad_files(tmp_path: Path) -> None:
    good = write_folder(tmp_path / "dumps")
    proc = run("dumps", "-o", "clean.jsonl", "-j", "2", cwd=tmp_path)
    assert proc.returncode == EXIT_FAILED_DOCUMENTS, proc.stderr
    records = jsonl(tmp_path / "clean.jsonl")
    # folders are walked in sorted order, a folder's files before its subfolders
    expected = ["front.html", "2024/story.htm", "2024/05/dump.txt", "2024/05/wire.html.gz", "2024/05/zine.xhtml"]
    assert [r["id"] for r in records] == [f"dumps/{rel}" for rel in expected]
    assert set(good) == {f"dumps/{rel}" for rel in expected}
    for rec in records:
        assert good[rec["id"]] in rec["text"], rec["id"]
        assert rec["path"] == rec["id"]
    errors = {e["id"]: e for e in jsonl(tmp_path / "clean.errors.jsonl")}
    assert errors["dumps/2024/broken.html.gz"]["status"] == "failed"
    assert "gzip" in errors["dumps/2024/broken.html.gz"]["reason"]
    assert errors["dumps/2024/scan.html"]["status"] == "failed"
    assert "binary" in errors["dumps/2024/scan.html"]["reason"]
    assert errors["dumps/empty.html"]["status"] == "empty"
    assert set(errors) == {"dumps/2024/broken.html.gz", "dumps/2024/scan.html", "dumps/empty.html"}
    summary = proc.stderr.decode()
    assert "8 documents: 5 cleaned, 1 empty, 2 failed" in summary
    assert not (tmp_path / "clean.jsonl.part").exists()


def test_folder_order_is_stable_and_jobs_do_not_change_output(tmp_path: Path) -> None:
    write_folder(tmp_path / "dumps")
    one = run("dumps", "-o", "one.jsonl", "-j", "1", cwd=tmp_path)
    two = run("dumps", "-o", "two.jsonl", "-j", "2", cwd=tmp_path)
    assert one.returncode == two.returncode == EXIT_FAILED_DOCUMENTS
    assert (tmp_path / "one.jsonl").read_bytes() == (tmp_path / "two.jsonl").read_bytes()


def test_glob_gzip_to_mirrored_tree(tmp_path: Path) -> None:
    for rel, n in (("a/one.html.gz", 1), ("a/b/two.html.gz", 2), ("c/three.html.gz", 3)):
        (tmp_path / "crawl" / rel).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / "crawl" / rel).write_bytes(gzip.compress(page(n).encode()))
    (tmp_path / "crawl" / "c" / "skip.html").write_text(page(4), encoding="utf-8")  # not matched by the glob
    proc = run("crawl/**/*.html.gz", "-o", "out/", cwd=tmp_path)
    assert proc.returncode == EXIT_OK, proc.stderr
    written = sorted(p.relative_to(tmp_path / "out").as_posix() for p in (tmp_path / "out").rglob("*") if p.is_file())
    assert written == ["a/b/two.html.gz.txt", "a/one.html.gz.txt", "c/three.html.gz.txt"]
    assert sentence(2) in (tmp_path / "out" / "a" / "b" / "two.html.gz.txt").read_text(encoding="utf-8")


def test_jsonl_records_keep_their_fields(tmp_path: Path) -> None:
    write_jsonl(tmp_path / "pages.jsonl", 3)
    with open(tmp_path / "pages.jsonl", "a", encoding="utf-8") as fh:
        fh.write("{not json\n")
        fh.write(json.dumps({"doc": "r-nohtml", "link": "https://herald.example/x"}) + "\n")
    proc = run("pages.jsonl", "--html-field", "body", "--url-field", "link", "--id-field", "doc",
               "-o", "clean.jsonl", cwd=tmp_path)
    assert proc.returncode == EXIT_FAILED_DOCUMENTS, proc.stderr
    records = jsonl(tmp_path / "clean.jsonl")
    assert [r["id"] for r in records] == ["r0", "r1", "r2"]
    for n, rec in enumerate(records):
        assert rec["crawl"] == "2024-05" and rec["doc"] == f"r{n}"
        assert rec["url"] == f"https://herald.example/{n}"
        assert sentence(n) in rec["text"]
        assert "body" not in rec
    errors = {e["id"]: e["reason"] for e in jsonl(tmp_path / "clean.errors.jsonl")}
    assert "invalid JSON" in errors["pages.jsonl:4"]
    assert "'body'" in errors["r-nohtml"]


def test_jsonl_id_field_is_written_as_text(tmp_path: Path) -> None:
    # The record schema types ``id`` as a string on every page, so numeric ids become their text.
    (tmp_path / "in.ndjson").write_text("".join(json.dumps({"id": n, "html": page(n)}) + "\n" for n in (11, 12)),
                                        encoding="utf-8")
    proc = run("in.ndjson", "-o", "out.jsonl", cwd=tmp_path)
    assert proc.returncode == EXIT_OK, proc.stderr
    assert [r["id"] for r in jsonl(tmp_path / "out.jsonl")] == ["11", "12"]
    again = run("in.ndjson", "-o", "out.jsonl", "--resume", cwd=tmp_path)
    assert again.returncode == EXIT_OK and "2 done before" in again.stderr.decode()
    assert [r["id"] for r in jsonl(tmp_path / "out.jsonl")] == ["11", "12"]


def test_warc_responses(tmp_path: Path) -> None:
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    with open(tmp_path / "crawl.warc.gz", "wb") as fh:
        writer = WARCWriter(fh, gzip=True)
        for n, ctype in ((1, "text/html; charset=utf-8"), (2, "image/png"), (3, "text/html")):
            body = page(n).encode() if ctype.startswith("text") else b"\x89PNG\r\n\x1a\n" + bytes(64)
            headers = StatusAndHeaders("200 OK", [("Content-Type", ctype)], protocol="HTTP/1.1")
            url = f"https://herald.example/story/{n}"
            writer.write_record(writer.create_warc_record(url, "request", payload=io.BytesIO(b"GET / HTTP/1.1\r\n\r\n")))
            writer.write_record(writer.create_warc_record(url, "response", payload=io.BytesIO(body),
                                                          http_headers=headers))
    proc = run("crawl.warc.gz", "-o", "clean.jsonl", cwd=tmp_path)
    assert proc.returncode == EXIT_OK, proc.stderr
    records = jsonl(tmp_path / "clean.jsonl")
    assert [r["url"] for r in records] == ["https://herald.example/story/1", "https://herald.example/story/3"]
    assert sentence(1) in records[0]["text"] and sentence(3) in records[1]["text"]
    assert all(r["id"].startswith("urn:uuid:") for r in records)


def test_text_dump_and_markdown(tmp_path: Path) -> None:
    (tmp_path / "dump.txt").write_text(text_dump(5), encoding="utf-8")
    proc = run("dump.txt", "--format", "markdown", cwd=tmp_path)
    assert proc.returncode == EXIT_OK, proc.stderr
    out = proc.stdout.decode()
    assert out.startswith("## Fairview budget plan 5 approved\n\n")  # a heading block, no title line
    assert sentence(5) in out
    assert "Privacy policy" not in out


def test_explain_marks_removals_in_context(tmp_path: Path) -> None:
    (tmp_path / "page.html").write_text(page(1), encoding="utf-8")
    proc = run("page.html", "--explain", cwd=tmp_path)
    assert proc.returncode == EXIT_OK, proc.stderr
    lines = proc.stdout.decode().splitlines()
    ad = next(i for i, line in enumerate(lines) if line.startswith("[- advertising | en.advertising.label | body]"))
    before = max(i for i, line in enumerate(lines[:ad]) if "flood defences" in line)
    after = min(i for i, line in enumerate(lines) if i > ad and "capital programme" in line)
    assert before < ad < after, "the removed block is shown where it stood"
    assert any(line.startswith("TITLE: Belmont budget plan 1 approved") for line in lines)


def test_many_pages_to_stdout_as_jsonl_by_default(tmp_path: Path) -> None:
    (tmp_path / "d").mkdir()
    for n in range(3):
        (tmp_path / "d" / f"{n}.html").write_text(page(n), encoding="utf-8")
    proc = run("d", "-q", cwd=tmp_path)
    assert proc.returncode == EXIT_OK, proc.stderr
    assert [json.loads(line)["id"] for line in proc.stdout.decode().splitlines()] == [f"d/{n}.html" for n in range(3)]
    assert proc.stderr == b""


def test_many_text_documents_are_introduced_by_their_id(tmp_path: Path) -> None:
    for n in (1, 2):
        (tmp_path / f"{n}.html").write_text(page(n), encoding="utf-8")
    proc = run("1.html", "2.html", "-o", "both.txt", cwd=tmp_path)
    assert proc.returncode == EXIT_OK, proc.stderr
    text = (tmp_path / "both.txt").read_text(encoding="utf-8")
    first, second = text.split("==> 2.html <==\n")
    assert first.startswith("==> 1.html <==\n") and sentence(1) in first and sentence(2) in second


def test_gzip_bomb_is_one_failed_document(tmp_path: Path) -> None:
    (tmp_path / "d").mkdir()
    (tmp_path / "d" / "bomb.html.gz").write_bytes(gzip.compress(b"<p>" + b"a" * 2_000_000 + b"</p>"))
    (tmp_path / "d" / "ok.html").write_text(page(1), encoding="utf-8")
    proc = run("d", "-o", "out.jsonl", "--max-decompressed-bytes", "100000", cwd=tmp_path)
    assert proc.returncode == EXIT_FAILED_DOCUMENTS, proc.stderr
    assert [r["id"] for r in jsonl(tmp_path / "out.jsonl")] == ["d/ok.html"]
    (error,) = jsonl(tmp_path / "out.errors.jsonl")
    assert error["id"] == "d/bomb.html.gz" and "max_decompressed_bytes" in error["reason"]


@pytest.mark.parametrize(
    "args",
    [
        ["missing.html"],
        ["nothing/*.html"],
        ["page.html", "--resume"],
        ["page.html", "--jobs", "x"],
        ["page.html", "--no-such-flag"],
        ["page.html", "--rules", "missing-rules.toml"],
        ["page.html", "--explain", "--format", "json"],
        ["d", "--format", "json"],
    ],
)
def test_usage_errors(tmp_path: Path, args: list[str]) -> None:
    (tmp_path / "page.html").write_text(page(1), encoding="utf-8")
    (tmp_path / "d").mkdir()
    proc = run(*args, cwd=tmp_path)
    assert proc.returncode == EXIT_USAGE, proc.stderr
    assert proc.stderr.startswith(b"newsclean: ") or b"usage:" in proc.stderr
    assert proc.stdout == b""


def test_learn_subcommand_is_dispatched(tmp_path: Path) -> None:
    proc = run("learn", "--help", cwd=tmp_path)
    assert proc.returncode == EXIT_OK, proc.stderr
    assert b"learn" in proc.stdout and b"INPUT" in proc.stdout.upper()
    missing = run("learn", "absent-folder", "-o", "p.sqlite", cwd=tmp_path)
    assert missing.returncode == EXIT_USAGE


def test_every_option_has_exactly_one_flag() -> None:
    dests = [dest for _, dest, _ in OPTION_FLAGS]
    assert len(dests) == len(set(dests))
    assert set(dests) == {f.name for f in fields(Options)}


def test_flags_map_onto_options() -> None:
    parser = build_parser()
    assert options_from_args(parser.parse_args(["p.html"])) == Options()
    args = parser.parse_args(["p.html", "--url", "https://herald.example/", "--include-comments", "--no-tables",
                              "--rules", "a.toml", "--rules", "b.toml", "--languages", "en,de", "--keep-all",
                              "--no-preclean", "--no-byline", "--fast", "--max-input-bytes", "10",
                              "--on-oversize", "refuse", "--max-decompressed-bytes", "20", "--max-depth", "30",
                              "--time-budget", "1.5", "--judge", "balanced", "--judge-model", "m.npz"])
    assert options_from_args(args) == Options(
        url="https://herald.example/", include_comments=True, include_tables=False,
        rule_files=(Path("a.toml"), Path("b.toml")), languages=("en", "de"), remove=False, preclean=False,
        with_byline=False, fast=True, max_input_bytes=10, on_oversize="refuse", max_decompressed_bytes=20,
        max_depth=30, time_budget=1.5, judge="balanced", judge_model=Path("m.npz"))


def test_favor_flags_are_shorthands_for_the_judge_option() -> None:
    parser = build_parser()
    assert options_from_args(parser.parse_args(["p.html", "--favor-precision"])).judge == "precision"
    assert options_from_args(parser.parse_args(["p.html", "--favor-recall"])).judge == "recall"
    with pytest.raises(SystemExit):
        parser.parse_args(["p.html", "--judge", "aggressive"])


def test_keep_all_reports_but_keeps(tmp_path: Path) -> None:
    (tmp_path / "page.html").write_text(page(1), encoding="utf-8")
    proc = run("page.html", "--keep-all", cwd=tmp_path)
    assert proc.returncode == EXIT_OK, proc.stderr
    assert "Advertisement" in proc.stdout.decode()


def test_progress_bar_when_asked_and_summary_only_when_piped(tmp_path: Path) -> None:
    _dump_of_many_pages(tmp_path / "dumps", 3)
    piped = run("dumps", "-o", "a.jsonl", cwd=tmp_path)
    (line,) = piped.stderr.decode().splitlines()  # no bar when stderr is no terminal: the summary only
    assert line.startswith("newsclean: 3 documents: 3 cleaned, 0 empty, 0 failed; ")
    forced = run("dumps", "-o", "b.jsonl", "--progress", cwd=tmp_path)
    assert forced.returncode == EXIT_OK
    bar = forced.stderr.decode()
    assert "3/3" in bar and "doc/s" in bar and "cleaned=3" in bar  # the total is known: count of total


def test_ctrl_c_stops_cleanly_and_resume_finishes(tmp_path: Path) -> None:
    _dump_of_many_pages(tmp_path / "dumps", 300)
    # A test run started in the background by a non-interactive shell (as CI may be) inherits
    # SIGINT ignored, and Python keeps an ignored SIGINT ignored: give the child the default back.
    proc = subprocess.Popen([sys.executable, "-m", "newsclean", "dumps", "-o", "clean.jsonl", "-j", "2"],
                            cwd=tmp_path, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                            preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))
    _wait_for_records(proc, tmp_path / "clean.jsonl.part", 10)
    assert proc.poll() is None, "the run ended before it could be interrupted"
    proc.send_signal(signal.SIGINT)
    _, stderr = proc.communicate(timeout=120)
    assert proc.returncode == 130, stderr
    assert b"--resume" in stderr and b"Traceback" not in stderr
    resumed = run("dumps", "-o", "clean.jsonl", "--resume", cwd=tmp_path, timeout=600)
    assert resumed.returncode == EXIT_OK, resumed.stderr
    ids = [r["id"] for r in jsonl(tmp_path / "clean.jsonl")]
    assert ids == [f"dumps/{n:04d}.html" for n in range(300)]


def _wait_for_records(proc: subprocess.Popen[bytes], part: Path, count: int) -> None:
    """Wait (at most two minutes) until the running batch has written ``count`` records or ended."""
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and proc.poll() is None:
        if part.exists() and part.read_bytes().count(b"\n") >= count:
            return
        time.sleep(0.02)


def _dump_of_many_pages(root: Path, count: int) -> None:
    root.mkdir()
    for n in range(count):
        (root / f"{n:04d}.html").write_text(page(n), encoding="utf-8")


def test_killed_run_resumes_to_the_same_records(tmp_path: Path) -> None:
    _dump_of_many_pages(tmp_path / "dumps", 600)
    reference = run("dumps", "-o", "reference.jsonl", "-j", "2", "-q", cwd=tmp_path, timeout=600)
    assert reference.returncode == EXIT_OK, reference.stderr

    cmd = [sys.executable, "-m", "newsclean", "dumps", "-o", "clean.jsonl", "-j", "2", "-q"]
    proc = subprocess.Popen(cmd, cwd=tmp_path, start_new_session=True,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    part = tmp_path / "clean.jsonl.part"
    _wait_for_records(proc, part, 30)
    assert proc.poll() is None, "the run ended before it could be killed"
    os.killpg(proc.pid, signal.SIGKILL)  # the whole job, workers included, as a terminal's kill would
    proc.wait()
    assert not (tmp_path / "clean.jsonl").exists(), "an unfinished output must not look finished"
    written = part.read_bytes().count(b"\n")
    assert 30 <= written < 600
    with open(part, "ab") as fh:  # a write torn by the kill
        fh.write(b'{"id": "dumps/torn.html", "text": "half a rec')

    resumed = run("dumps", "-o", "clean.jsonl", "-j", "2", "--resume", cwd=tmp_path, timeout=600)
    assert resumed.returncode == EXIT_OK, resumed.stderr
    assert f"{written} done before" in resumed.stderr.decode()
    ids = [r["id"] for r in jsonl(tmp_path / "clean.jsonl")]
    assert len(ids) == len(set(ids)) == 600
    assert jsonl(tmp_path / "clean.jsonl") == jsonl(tmp_path / "reference.jsonl")
    assert not part.exists()


def test_resume_into_a_folder_skips_written_files(tmp_path: Path) -> None:
    _dump_of_many_pages(tmp_path / "dumps", 4)
    first = run("dumps", "-o", "out/", cwd=tmp_path)
    assert first.returncode == EXIT_OK, first.stderr
    (tmp_path / "out" / "0002.html.txt").unlink()
    stamp = (tmp_path / "out" / "0001.html.txt").stat().st_mtime_ns
    again = run("dumps", "-o", "out/", "--resume", cwd=tmp_path)
    assert again.returncode == EXIT_OK, again.stderr
    assert "1 document: 1 cleaned" in again.stderr.decode() and "3 done before" in again.stderr.decode()
    assert sentence(2) in (tmp_path / "out" / "0002.html.txt").read_text(encoding="utf-8")
    assert (tmp_path / "out" / "0001.html.txt").stat().st_mtime_ns == stamp
