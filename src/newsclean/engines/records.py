"""Picklable entries for distributed engines: Spark ``mapPartitions``, Dask ``map_partitions``, Ray ``map_batches``.

Each takes records (dicts with the page in one field) and returns records: the input's other fields
kept, plus newsclean's (``text``, ``title``, ``byline``, ``removed``...) and ``error`` (``None``
when the record was cleaned). One record in gives exactly one record out, so nothing is lost
silently; a record that cannot be cleaned carries its reason in ``error``.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from typing import Any

from ..api import Cleaner
from ..models import Article, Options
from ..schema import arrow_schema, record

#: The field of a record that holds the page, and the one that holds its URL, unless told otherwise.
HTML_FIELD = "html"
URL_FIELD = "url"


def clean_record(
    rec: Mapping[str, Any],
    options: Options | None = None,
    *,
    html_field: str = HTML_FIELD,
    url_field: str = URL_FIELD,
    cleaner: Cleaner | None = None,
) -> dict[str, Any]:
    """Clean one record: its page field is replaced by newsclean's fields, the rest is kept."""
    cleaner = cleaner or Cleaner(options)
    kept = {k: v for k, v in rec.items() if k != html_field}
    page = rec.get(html_field)
    url = rec.get(url_field)
    url = url if isinstance(url, str) and url else None
    if not isinstance(page, (str, bytes)):
        return record(Article(url=url), fields=kept, error=f"record has no page in field {html_field!r}")
    try:
        article = cleaner.clean(page, url=url)
    except Exception as err:  # one record must not fail a whole partition
        return record(Article(url=url), fields=kept, error=f"internal error: {err!r}")
    return record(article, fields=kept)


def iter_partition(
    records: Iterable[Mapping[str, Any]],
    options: Options | None = None,
    *,
    html_field: str = HTML_FIELD,
    url_field: str = URL_FIELD,
) -> Iterator[dict[str, Any]]:
    """Clean records lazily, with one cleaner (rules compiled once) for all of them (Spark streams it)."""
    cleaner = Cleaner(options)
    for rec in records:
        yield clean_record(rec, html_field=html_field, url_field=url_field, cleaner=cleaner)


def clean_partition(
    records: Iterable[Mapping[str, Any]],
    options: Options | None = None,
    *,
    html_field: str = HTML_FIELD,
    url_field: str = URL_FIELD,
) -> list[dict[str, Any]]:
    """Clean a partition of records into a list (engines that pickle results, as Dask does, need one)."""
    return list(iter_partition(records, options, html_field=html_field, url_field=url_field))


def clean_batch(
    batch: Mapping[str, Iterable[Any]],
    options: Options | None = None,
    *,
    html_field: str = HTML_FIELD,
    url_field: str = URL_FIELD,
) -> dict[str, list[Any]]:
    """Clean a columnar batch (column name -> values, as Ray Data's ``map_batches`` passes it)."""
    columns = {name: list(values) for name, values in batch.items()}
    rows = [dict(zip(columns, values)) for values in zip(*columns.values())]
    cleaned = clean_partition(rows, options, html_field=html_field, url_field=url_field)
    names: dict[str, None] = {}
    for row in cleaned:
        names.update(dict.fromkeys(row))
    return {name: [row.get(name) for row in cleaned] for name in names}


def clean_arrow_batch(
    table: Any,
    options: Options | None = None,
    *,
    html_field: str = HTML_FIELD,
    url_field: str = URL_FIELD,
) -> Any:
    """Clean a ``pyarrow.Table`` into a table of the fixed record schema (Ray's ``batch_format="pyarrow"``).

    The input's other columns keep their types; newsclean's are typed by :func:`newsclean.schema.arrow_schema`,
    so every batch, and every Parquet file written from them, has one schema.
    """
    import pyarrow as pa

    schema = arrow_schema([f for f in table.schema if f.name != html_field])
    rows = clean_partition(table.to_pylist(), options, html_field=html_field, url_field=url_field)
    return pa.Table.from_pylist(rows, schema=schema)
