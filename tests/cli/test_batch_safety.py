"""Batches that must lose nothing and overwrite nothing: colliding output names, shared folders,
file names that are not UTF-8, and the exit status of a resumed job (the real CLI, as a subprocess)."""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

import pytest

from newsclean.cli.main import EXIT_FAILED_DOCUMENTS, EXIT_OK, EXIT_USAGE

from ..pages import page, sentence
from .test_cli import jsonl, run


def test_inputs_of_one_stem_get_distinct_output_files(tmp_path: Path) -> None:
    import gzip

    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "p.html").write_text(page(1), encoding="utf-8")
    (tmp_path / "in" / "p.htm").write_text(page(2), encoding="utf-8")
    (tmp_path / "in" / "p.html.gz").write_bytes(gzip.compress(page(3).encode()))
    proc = run("in", "-o", "out/", cwd=tmp_path)
    assert proc.returncode == EXIT_OK, proc.stderr
    written = {p.name: p.read_text(encoding="utf-8") for p in (tmp_path / "out").iterdir()}
    assert sorted(written) == ["p.htm.txt", "p.html.gz.txt", "p.html.txt"]
    assert sentence(1) in written["p.html.txt"] and sentence(2) in written["p.htm.txt"]
    assert sentence(3) in written["p.html.gz.txt"]


def test_two_inputs_for_one_output_file_fail_instead_of_overwriting(tmp_path: Path) -> None:
    for folder, n in (("a", 1), ("b", 2)):
        (tmp_path / folder).mkdir()
        (tmp_path / folder / "story.html").write_text(page(n), encoding="utf-8")
    proc = run("a", "b", "-o", "out/", cwd=tmp_path)
    assert proc.returncode == EXIT_FAILED_DOCUMENTS, proc.stderr
    assert sentence(1) in (tmp_path / "out" / "story.html.txt").read_text(encoding="utf-8")
    (error,) = jsonl(tmp_path / "out.errors.jsonl")
    assert error["id"] == "b/story.html" and "already taken by a/story.html" in error["reason"]


def test_errors_file_is_named_after_the_whole_output(tmp_path: Path) -> None:
    (tmp_path / "d").mkdir()
    (tmp_path / "d" / "ok.html").write_text(page(1), encoding="utf-8")
    (tmp_path / "d" / "empty.html").write_text("<html><body></body></html>", encoding="utf-8")
    for name in ("a.v1.jsonl", "a.v2.jsonl"):
        assert run("d", "-o", name, cwd=tmp_path).returncode == EXIT_OK
    assert [e["id"] for e in jsonl(tmp_path / "a.v1.errors.jsonl")] == ["d/empty.html"]
    assert [e["id"] for e in jsonl(tmp_path / "a.v2.errors.jsonl")] == ["d/empty.html"]
    assert not (tmp_path / "a.errors.jsonl").exists()


def test_errors_file_exists_only_when_something_is_listed(tmp_path: Path) -> None:
    (tmp_path / "d").mkdir()
    (tmp_path / "d" / "ok.html").write_text(page(1), encoding="utf-8")
    assert run("d", "-o", "warc.out.jsonl", cwd=tmp_path).returncode == EXIT_OK
    assert not (tmp_path / "warc.out.errors.jsonl").exists()
    (tmp_path / "warc.out.errors.jsonl").write_text('{"id": "x", "path": "x", "url": null, "status": "failed", '
                                                    '"reason": "stale"}\n', encoding="utf-8")
    assert run("d", "-o", "warc.out.jsonl", cwd=tmp_path).returncode == EXIT_OK
    assert not (tmp_path / "warc.out.errors.jsonl").exists()  # this output's stale list is gone


def test_an_errors_file_that_is_another_output_is_never_truncated(tmp_path: Path) -> None:
    (tmp_path / "d").mkdir()
    (tmp_path / "d" / "empty.html").write_text("<html><body></body></html>", encoding="utf-8")
    (tmp_path / "d" / "ok.html").write_text(page(1), encoding="utf-8")
    assert run("d", "-o", "a.errors.jsonl", cwd=tmp_path).returncode == EXIT_OK  # a data file
    data = (tmp_path / "a.errors.jsonl").read_bytes()
    proc = run("d", "-o", "a.jsonl", cwd=tmp_path)
    assert proc.returncode == EXIT_USAGE and b"not an errors file" in proc.stderr
    assert (tmp_path / "a.errors.jsonl").read_bytes() == data
    same = run("d", "-o", "b.jsonl", "--errors", "b.jsonl", cwd=tmp_path)
    assert same.returncode == EXIT_USAGE and b"overwrite the output" in same.stderr


@pytest.mark.skipif(sys.platform == "darwin", reason="the file system refuses non-UTF-8 names")
@pytest.mark.parametrize("output", ["clean.jsonl", "out/"])
def test_a_file_name_that_is_not_utf8_is_cleaned_and_written_losslessly(tmp_path: Path, output: str) -> None:
    folder = os.fsencode(tmp_path / "d")
    os.mkdir(folder)
    with open(os.path.join(folder, b"bad\xff.html"), "wb") as fh:
        fh.write(page(1).encode())
    with open(os.path.join(folder, b"empty\xfe.html"), "wb") as fh:
        fh.write(b"<html><body></body></html>")
    proc = run("d", "-o", output, cwd=tmp_path)
    assert proc.returncode == EXIT_OK, proc.stderr
    errors = jsonl(tmp_path / ("clean.errors.jsonl" if output.endswith("jsonl") else "out.errors.jsonl"))
    assert [os.fsencode(e["id"]) for e in errors] == [b"d/empty\xfe.html"]
    if output == "out/":
        assert sentence(1) in (tmp_path / "out" / "bad%FF.html.txt").read_text(encoding="utf-8")
        return
    (record,) = jsonl(tmp_path / "clean.jsonl")  # valid UTF-8 JSON, the name's bytes as escapes
    assert os.fsencode(record["id"]) == b"d/bad\xff.html" and sentence(1) in record["text"]
    again = run("d", "-o", output, "--resume", cwd=tmp_path)
    assert again.returncode == EXIT_OK and b"2 done before" in again.stderr


def test_exit_status_after_resume_describes_the_whole_job(tmp_path: Path) -> None:
    (tmp_path / "d").mkdir()
    for n in range(3):
        (tmp_path / "d" / f"bad{n}.html.gz").write_bytes(b"\x1f\x8b\x08\x00broken")
    for n in range(3):
        (tmp_path / "d" / f"ok{n}.html").write_text(page(n), encoding="utf-8")
    first = run("d", "-o", "clean.jsonl", cwd=tmp_path)
    assert first.returncode == EXIT_FAILED_DOCUMENTS
    # as if interrupted after the failures: the cleaned records were never written
    os.replace(tmp_path / "clean.jsonl", tmp_path / "clean.jsonl.part")
    (tmp_path / "clean.jsonl.part").write_text("", encoding="utf-8")
    again = run("d", "-o", "clean.jsonl", "--resume", cwd=tmp_path)
    assert again.returncode == EXIT_FAILED_DOCUMENTS, again.stderr
    assert b"3 done before (3 failed)" in again.stderr
    assert len(jsonl(tmp_path / "clean.jsonl")) == 3 and len(jsonl(tmp_path / "clean.errors.jsonl")) == 3


def test_doc_timeout_kills_the_worker_of_a_stuck_document_and_the_batch_goes_on(tmp_path: Path) -> None:
    (tmp_path / "d").mkdir()
    (tmp_path / "d" / "a.html").write_text(page(1), encoding="utf-8")
    # several seconds of parsing and extraction: far past a 0.3 s timeout on any machine
    huge = "<html><body>" + "".join(f"<div><p>{sentence(n)}</p></div>" for n in range(60_000)) + "</body></html>"
    (tmp_path / "d" / "b.html").write_text(huge, encoding="utf-8")
    (tmp_path / "d" / "c.html").write_text(page(3), encoding="utf-8")
    proc = run("d", "-o", "clean.jsonl", "-j", "1", "--doc-timeout", "0.3", cwd=tmp_path)
    assert proc.returncode == EXIT_FAILED_DOCUMENTS, proc.stderr
    assert [r["id"] for r in jsonl(tmp_path / "clean.jsonl")] == ["d/a.html", "d/c.html"]
    (error,) = jsonl(tmp_path / "clean.errors.jsonl")
    assert error["id"] == "d/b.html" and "CPU time" in error["reason"] and "killed" in error["reason"]
