"""The output record has one schema: every page gives the same fields of the same types.

JSONL records of every golden fixture and of 200 corpus pages validate against the JSON Schema, and
pyarrow takes them with the Arrow form of the schema and reads them back from Parquet unchanged.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from newsclean import Article, Byline, Removal, Source, clean
from newsclean.schema import FIELDS, JSON_SCHEMA, NAMES, SCHEMA_VERSION, arrow_schema, record

from .conftest import CORPUS, FIXTURES
from .test_golden import _input

jsonschema = pytest.importorskip("jsonschema")


def _fixture_records() -> list[dict]:
    out = []
    for spec_file in sorted(FIXTURES.glob("*/spec.json")):
        spec = json.loads(spec_file.read_text(encoding="utf-8"))
        page = _input(spec_file.parent, spec)
        out.append(record(clean(page.read_bytes(), url=spec.get("url")), id=spec_file.parent.name, path=str(page)))
    return out


def _corpus_pages(limit: int = 200) -> list[Path]:
    pages = sorted((CORPUS / "dev" / "pages").glob("*.html"))
    step = max(1, len(pages) // limit)
    return pages[::step][:limit]


@pytest.fixture(scope="module")
def fixture_records() -> list[dict]:
    return _fixture_records()


def _validator():
    return jsonschema.Draft202012Validator(JSON_SCHEMA)


def test_the_json_schema_is_valid_and_names_every_field() -> None:
    jsonschema.Draft202012Validator.check_schema(JSON_SCHEMA)
    assert JSON_SCHEMA["required"] == list(NAMES)
    assert NAMES[0] == "schema_version"


def test_every_golden_fixture_record_validates(fixture_records: list[dict]) -> None:
    assert len(fixture_records) >= 10
    for rec in fixture_records:
        errors = [e.message for e in _validator().iter_errors(json.loads(json.dumps(rec)))]
        assert not errors, (rec["id"], errors)
        assert list(rec) == list(NAMES)  # same fields, same order


@pytest.mark.corpus
def test_200_corpus_pages_validate_and_fit_the_arrow_schema() -> None:
    pages = _corpus_pages()
    if len(pages) < 200:
        pytest.skip(f"dev corpus not found under {CORPUS}")
    pa = pytest.importorskip("pyarrow")
    records = [record(clean(p.read_bytes()), id=p.name) for p in pages]
    validator = _validator()
    for rec in records:
        errors = [e.message for e in validator.iter_errors(json.loads(json.dumps(rec)))]
        assert not errors, (rec["id"], errors)
    table = pa.Table.from_pylist(records, schema=arrow_schema())
    assert table.num_rows == 200 and table.schema.equals(arrow_schema())


def test_empty_and_full_records_have_the_same_shape() -> None:
    empty = record(Article())
    assert list(empty) == list(NAMES)
    assert empty["schema_version"] == SCHEMA_VERSION
    assert empty["byline"] == {"authors": [], "publisher": None, "original_source": None, "agencies": [],
                               "published": None, "updated": None, "evidence": []}
    assert empty["removed"] == [] and empty["warnings"] == [] and empty["error"] is None
    removal = Removal("Share", "social", "en.social.share", 3, "tail")
    assert record(Article(removed=(removal,)))["removed"][0] == {
        "text": "Share", "category": "social", "rule": "en.social.share", "position": 3, "where": "tail",
        "source": None, "evidence": None}


def test_byline_evidence_is_a_list_of_records() -> None:
    byline = Byline(authors=("Ana Ruiz", "Li Wei"), publisher="Herald", original_source=Source("Wire Daily"),
                    evidence={"published": "json-ld: datePublished", "authors": "json-ld: author",
                              "original_source": "byline: wire credit", "agencies": "byline credits and datelines"})
    assert byline.as_dict()["evidence"] == [
        {"field": "authors", "value": "Ana Ruiz; Li Wei", "source": "json-ld", "detail": "author"},
        {"field": "original_source", "value": "Wire Daily", "source": "byline", "detail": "wire credit"},
        {"field": "agencies", "value": None, "source": "byline credits and datelines", "detail": None},
        {"field": "published", "value": None, "source": "json-ld", "detail": "datePublished"},
    ]


def test_input_fields_are_kept_and_ids_are_text() -> None:
    rec = record(Article(text="x"), fields={"id": 7, "shard": 2, "text": "input's own", "error": "theirs"})
    assert rec["shard"] == 2 and rec["id"] == "7" and rec["text"] == "x" and rec["error"] is None
    assert list(rec)[0] == "shard" and list(rec)[1:] == list(NAMES)


def test_arrow_table_round_trips_through_parquet(fixture_records: list[dict], tmp_path: Path) -> None:
    pa = pytest.importorskip("pyarrow")
    pq = pytest.importorskip("pyarrow.parquet")
    records = [*fixture_records, record(Article())]  # an empty article: all its nulls typed
    table = pa.Table.from_pylist(records, schema=arrow_schema())
    target = tmp_path / "clean.parquet"
    pq.write_table(table, target)
    back = pq.read_table(target)
    assert back.schema.equals(arrow_schema())
    assert back.to_pylist() == json.loads(json.dumps(records))
    assert back.schema.metadata[b"newsclean.schema_version"] == str(SCHEMA_VERSION).encode()


def test_arrow_schema_puts_extra_fields_first() -> None:
    pa = pytest.importorskip("pyarrow")
    schema = arrow_schema([pa.field("shard", pa.int64()), pa.field("text", pa.string())])
    assert schema.names == ["shard", *NAMES]  # an input field newsclean names is newsclean's
    assert len(schema) == len(FIELDS) + 1
