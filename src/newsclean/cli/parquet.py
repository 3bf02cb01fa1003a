"""Parquet output (``-o clean.parquet``): the fixed record schema, row groups streamed, resumable like JSONL.

A Parquet file is only readable once its footer is written, so a killed run cannot leave a partial
one to resume from. While the batch runs, records are journalled as JSONL (``FILE.records.jsonl.part``,
one flushed line per document, exactly as ``-o FILE.jsonl`` grows): ``--resume`` cuts a torn last
line and skips the ids written. When the batch completes, the journal is streamed into Parquet in
row groups of :data:`ROW_GROUP` records under a temporary name, renamed to ``FILE``, and removed.
Resuming a finished file appends: its rows go back into the journal first.

Columns are :func:`newsclean.schema.arrow_schema` plus ``input_fields``: an input record's other
fields (JSONL inputs), as JSON text, since their names and types vary from record to record.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from ..errors import NewscleanError
from ..schema import NAMES, arrow_schema
from .inputs import Document
from .sinks import FileSink, Outcome, read_jsonl

#: Records per row group: bounded memory while converting, big enough for column compression.
ROW_GROUP = 1000
#: The column holding an input record's own other fields, as JSON text.
INPUT_FIELDS = "input_fields"


def require_pyarrow() -> Any:
    """pyarrow's parquet module, or a usage error that says how to install it."""
    try:
        import pyarrow.parquet as pq
    except ImportError as err:
        raise NewscleanError("Parquet output needs pyarrow: pip install 'newsclean[parquet]'") from err
    return pq


def parquet_schema() -> Any:
    import pyarrow as pa

    return arrow_schema([pa.field(INPUT_FIELDS, pa.string())])


class ParquetSink:
    """``-o FILE.parquet``: a JSONL journal while running, one Parquet file when the batch completes."""

    def __init__(self, path: Path, *, resume: bool) -> None:
        self.pq = require_pyarrow()
        self.path = path
        journal = path.with_name(path.name + ".records.jsonl")
        if resume and path.exists() and not journal.with_name(journal.name + ".part").exists():
            _parquet_to_journal(self.pq, path, journal.with_name(journal.name + ".part"))
        self.journal = FileSink(journal, resume=resume, records=True)

    def is_done(self, doc: Document) -> bool:
        return self.journal.is_done(doc)

    def claim(self, doc_id: str, rel: str) -> str | None:
        return self.journal.claim(doc_id, rel)  # one file: documents never share an output name

    def write(self, outcome: Outcome) -> None:
        self.journal.write(outcome)

    def close(self, complete: bool) -> None:
        self.journal.close(complete)
        if not complete:
            return
        tmp = self.path.with_name(f".{self.path.name}.{os.getpid()}.tmp")
        write_parquet(self.pq, read_jsonl(self.journal.path), tmp)
        os.replace(tmp, self.path)
        self.journal.path.unlink()


def write_parquet(pq: Any, records: Iterator[object], target: Path, row_group: int = ROW_GROUP) -> int:
    """Stream records into a Parquet file, ``row_group`` at a time; returns the number of rows."""
    import pyarrow as pa

    schema = parquet_schema()
    rows = 0
    with pq.ParquetWriter(target, schema) as writer:
        batch: list[dict[str, Any]] = []
        for rec in records:
            if isinstance(rec, dict):
                batch.append(_row(rec))
            if len(batch) >= row_group:
                writer.write_table(pa.Table.from_pylist(batch, schema=schema))
                rows, batch = rows + len(batch), []
        if batch or rows == 0:
            writer.write_table(pa.Table.from_pylist(batch, schema=schema))
            rows += len(batch)
    return rows


def _row(rec: dict[str, Any]) -> dict[str, Any]:
    own = set(NAMES)
    other = {k: v for k, v in rec.items() if k not in own}
    row = {name: rec.get(name) for name in NAMES}
    row[INPUT_FIELDS] = json.dumps(other, ensure_ascii=False) if other else None
    return row


def _parquet_to_journal(pq: Any, path: Path, part: Path) -> None:
    """A finished Parquet file back into a journal, so that a resumed run appends to it."""
    with open(part, "w", encoding="utf-8") as fh:
        for batch in pq.ParquetFile(path).iter_batches(batch_size=ROW_GROUP):
            for row in batch.to_pylist():
                other = json.loads(row.pop(INPUT_FIELDS) or "{}")
                fh.write(json.dumps({**other, **row}, ensure_ascii=False) + "\n")
