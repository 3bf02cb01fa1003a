"""The output record: one fixed schema for every document, the same for the CLI and the engines.

Every record has the same fields of the same types on every page: empty lists stay lists, missing
values are typed nulls, the byline's evidence is a list of ``{field, value, source, detail}``
records. The schema is written once (:data:`FIELDS`) and given in three forms: a JSON Schema
(:data:`JSON_SCHEMA`, no dependency), a pyarrow schema (:func:`arrow_schema`, needs
``newsclean[parquet]``) and a Spark ``StructType`` (:func:`spark_schema`, needs pyspark). The fields of
an input record that newsclean does not name are kept beside them (JSON Schema allows them; the Arrow
and Spark forms take their types as ``extra``).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from .models import Article

#: Bumped whenever a field is added, removed or changes type.
SCHEMA_VERSION = 1

#: A type: ``"string"``, ``"int64"``, ``("list", TYPE)`` or ``("struct", FIELDS)``; a field is
#: ``(name, type, nullable)``.
Type = Any
Field = tuple[str, Type, bool]

EVIDENCE: tuple[Field, ...] = (
    ("field", "string", False),  # the byline field it backs: authors, publisher, published...
    ("value", "string", True),  # that field's value as text (names joined by "; ")
    ("source", "string", False),  # json-ld, meta, text, byline-node, trafilatura...
    ("detail", "string", True),  # the property, meta name, rule or line
)
BYLINE: tuple[Field, ...] = (
    ("authors", ("list", "string"), False),
    ("publisher", "string", True),
    ("original_source", ("struct", (("name", "string", False), ("url", "string", True))), True),
    ("agencies", ("list", "string"), False),
    ("published", "string", True),
    ("updated", "string", True),
    ("evidence", ("list", ("struct", EVIDENCE)), False),
)
REMOVAL: tuple[Field, ...] = (
    ("text", "string", False),
    ("category", "string", False),
    ("rule", "string", False),
    ("position", "int64", False),
    ("where", "string", False),
    ("source", "string", True),
    ("evidence", "string", True),
)
#: The record, in output order.
FIELDS: tuple[Field, ...] = (
    ("schema_version", "int64", False),
    ("id", "string", True),  # file path, FILE:LINE, the input record's id (as text), WARC record id
    ("path", "string", True),
    ("url", "string", True),
    ("title", "string", True),
    ("description", "string", True),
    ("text", "string", False),
    ("byline", ("struct", BYLINE), False),
    ("language", "string", True),
    ("input_kind", "string", False),
    ("removed", ("list", ("struct", REMOVAL)), False),
    ("warnings", ("list", "string"), False),
    ("error", "string", True),  # why a record could not be cleaned (engines); None when it was
)
NAMES: tuple[str, ...] = tuple(name for name, _, _ in FIELDS)


def record(article: Article, *, id: str | None = None, path: str | None = None,
           fields: Mapping[str, Any] | None = None, error: str | None = None) -> dict[str, Any]:
    """One output record: the input record's other fields, then newsclean's fixed fields in order."""
    kept = dict(fields or {})
    data = article.as_dict()
    if data.get("url") is None and isinstance(kept.get("url"), str) and kept["url"]:
        data["url"] = kept["url"]  # keep the record's own URL when the page did not name one
    own_id = kept.get("id")
    fixed = {
        "schema_version": SCHEMA_VERSION,
        "id": id if id is not None else (None if own_id is None else str(own_id)),
        "path": path if path is not None else _text_or_none(kept.get("path")),
        **data,
        "error": error,
    }
    out = {k: v for k, v in kept.items() if k not in fixed}
    out.update((name, fixed[name]) for name in NAMES)
    return out


def _text_or_none(value: Any) -> str | None:
    return None if value is None else str(value)


# -- JSON Schema ------------------------------------------------------------------------------------

def _json_type(kind: Type, nullable: bool) -> dict[str, Any]:
    if isinstance(kind, tuple) and kind[0] == "list":
        out: dict[str, Any] = {"type": "array", "items": _json_type(kind[1], False)}
    elif isinstance(kind, tuple):
        out = _json_object(kind[1], extra=False)
    else:
        out = {"type": "integer" if kind == "int64" else "string"}
    if nullable:
        out = {"anyOf": [out, {"type": "null"}]}
    return out


def _json_object(fields: Sequence[Field], *, extra: bool) -> dict[str, Any]:
    return {
        "type": "object",
        "properties": {name: _json_type(kind, nullable) for name, kind, nullable in fields},
        "required": [name for name, _, _ in fields],
        "additionalProperties": extra,
    }


#: The record as JSON Schema (draft 2020-12); other properties are the input record's own fields.
JSON_SCHEMA: dict[str, Any] = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "title": f"newsclean record, schema version {SCHEMA_VERSION}",
    **_json_object(FIELDS, extra=True),
}


# -- Arrow and Spark --------------------------------------------------------------------------------

def arrow_schema(extra: Any = None) -> Any:
    """The record as a ``pyarrow.Schema``; ``extra`` (a schema or fields) types the input's other fields first."""
    pa = _require("pyarrow", "parquet")

    def convert(kind: Type) -> Any:
        if isinstance(kind, tuple) and kind[0] == "list":
            return pa.list_(convert(kind[1]))
        if isinstance(kind, tuple):
            return pa.struct([pa.field(n, convert(k), nullable=null) for n, k, null in kind[1]])
        return pa.int64() if kind == "int64" else pa.string()

    own = [pa.field(name, convert(kind), nullable=nullable) for name, kind, nullable in FIELDS]
    before = [f for f in (extra or []) if f.name not in NAMES]
    return pa.schema([*before, *own], metadata={"newsclean.schema_version": str(SCHEMA_VERSION)})


def spark_schema(extra: Any = None) -> Any:
    """The record as a ``pyspark.sql.types.StructType``; ``extra`` (a StructType or fields) as in :func:`arrow_schema`."""
    _require("pyspark", "engines")
    from pyspark.sql import types as T

    def convert(kind: Type) -> Any:
        if isinstance(kind, tuple) and kind[0] == "list":
            return T.ArrayType(convert(kind[1]), containsNull=False)
        if isinstance(kind, tuple):
            return T.StructType([T.StructField(n, convert(k), nullable=null) for n, k, null in kind[1]])
        return T.LongType() if kind == "int64" else T.StringType()

    own = [T.StructField(name, convert(kind), nullable=nullable) for name, kind, nullable in FIELDS]
    before = [f for f in (extra or []) if f.name not in NAMES]
    return T.StructType([*before, *own])


def _require(module: str, extra: str) -> Any:
    import importlib

    try:
        return importlib.import_module(module)
    except ImportError as err:
        raise ImportError(f"{module} is needed here: pip install 'newsclean[{extra}]'") from err
