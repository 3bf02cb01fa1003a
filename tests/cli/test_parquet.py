"""``-o clean.parquet``: the fixed schema, row groups streamed, resumable like JSONL, a clear message without pyarrow."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from newsclean.cli.main import EXIT_OK, EXIT_USAGE
from newsclean.cli.parquet import INPUT_FIELDS, parquet_schema, write_parquet
from newsclean.schema import JSON_SCHEMA, NAMES

from ..pages import page, sentence
from .test_cli import _dump_of_many_pages, jsonl, run

pq = pytest.importorskip("pyarrow.parquet")


def test_parquet_output_has_the_records_of_jsonl(tmp_path: Path) -> None:
    _dump_of_many_pages(tmp_path / "dumps", 3)
    assert run("dumps", "-o", "clean.jsonl", "-j", "1", cwd=tmp_path).returncode == EXIT_OK
    proc = run("dumps", "-o", "clean.parquet", "-j", "1", cwd=tmp_path)
    assert proc.returncode == EXIT_OK, proc.stderr
    table = pq.read_table(tmp_path / "clean.parquet")
    assert table.schema.equals(parquet_schema())
    rows = table.to_pylist()
    assert [{k: r[k] for k in NAMES} for r in rows] == jsonl(tmp_path / "clean.jsonl")
    assert all(r[INPUT_FIELDS] is None for r in rows)
    assert not list(tmp_path.glob("clean.parquet.*"))  # the journal is gone
    jsonschema = pytest.importorskip("jsonschema")
    for rec in jsonl(tmp_path / "clean.jsonl"):  # the CLI's JSONL records are of the schema too
        jsonschema.validate(rec, JSON_SCHEMA, cls=jsonschema.Draft202012Validator)


def test_jsonl_input_fields_go_to_one_json_column(tmp_path: Path) -> None:
    lines = [{"id": "a", "html": page(1), "shard": 4}, {"id": "b", "html": page(2), "lang_hint": "en"}]
    (tmp_path / "in.jsonl").write_text("".join(json.dumps(x) + "\n" for x in lines), encoding="utf-8")
    assert run("in.jsonl", "-o", "out.parquet", cwd=tmp_path).returncode == EXIT_OK
    rows = pq.read_table(tmp_path / "out.parquet").to_pylist()
    assert [json.loads(r[INPUT_FIELDS]) for r in rows] == [{"shard": 4}, {"lang_hint": "en"}]
    assert sentence(2) in rows[1]["text"]


def test_row_groups_are_streamed(tmp_path: Path) -> None:
    records = ({"id": str(n), "text": f"t{n}", "input_kind": "text", "schema_version": 1} for n in range(25))
    filled = ({**{k: None for k in NAMES}, "byline": None, "removed": [], "warnings": [], **r} for r in records)
    rows = write_parquet(pq, (dict(r, byline={"authors": [], "agencies": [], "evidence": []}) for r in filled),
                         tmp_path / "x.parquet", row_group=10)
    meta = pq.ParquetFile(tmp_path / "x.parquet").metadata
    assert rows == 25 and meta.num_rows == 25 and meta.num_row_groups == 3


def test_interrupted_parquet_run_resumes_and_a_finished_one_appends(tmp_path: Path) -> None:
    _dump_of_many_pages(tmp_path / "dumps", 4)
    journal = tmp_path / "clean.parquet.records.jsonl.part"
    # An interrupted run: two records journalled, the second torn by a kill.
    first = run("dumps/0000.html", "dumps/0001.html", "-o", "clean.jsonl", "-q", cwd=tmp_path)
    assert first.returncode == EXIT_OK
    done = (tmp_path / "clean.jsonl").read_text(encoding="utf-8").splitlines()
    journal.write_text(done[0] + "\n" + done[1][:40], encoding="utf-8")
    again = run("dumps", "-o", "clean.parquet", "--resume", "-j", "1", cwd=tmp_path)
    assert again.returncode == EXIT_OK, again.stderr
    assert "1 done before" in again.stderr.decode()
    ids = [r["id"] for r in pq.read_table(tmp_path / "clean.parquet").to_pylist()]
    assert ids == ["dumps/0000.html", "dumps/0001.html", "dumps/0002.html", "dumps/0003.html"]
    (tmp_path / "dumps" / "0004.html").write_text(page(4), encoding="utf-8")
    more = run("dumps", "-o", "clean.parquet", "--resume", "-j", "1", cwd=tmp_path)
    assert more.returncode == EXIT_OK and "4 done before" in more.stderr.decode()
    assert len(pq.read_table(tmp_path / "clean.parquet")) == 5


def test_without_pyarrow_the_message_says_how_to_install_it(tmp_path: Path) -> None:
    (tmp_path / "page.html").write_text(page(1), encoding="utf-8")
    hide = "import sys; sys.modules['pyarrow'] = None; sys.modules['pyarrow.parquet'] = None; "
    proc = subprocess.run([sys.executable, "-c", hide + "from newsclean.cli.main import main; "
                           "raise SystemExit(main(['page.html', '-o', 'x.parquet']))"],
                          cwd=tmp_path, capture_output=True)
    assert proc.returncode == EXIT_USAGE
    assert "pip install 'newsclean[parquet]'" in proc.stderr.decode()
    assert not list(tmp_path.glob("x.parquet*"))
