"""Small command-line habits: knowing the batch's size up front, refusing URLs, known output suffixes."""

from __future__ import annotations

import glob
import os
import re
from collections.abc import Iterator
from pathlib import Path

from .inputs import _is_glob, _kind

#: Output suffixes and the format each writes.
SUFFIX_FORMATS = {".jsonl": "jsonl", ".ndjson": "jsonl", ".json": "json", ".md": "markdown", ".markdown": "markdown",
                  ".txt": "text", ".text": "text", ".parquet": "parquet"}
_URL = re.compile(r"^[a-z][a-z0-9+.-]*://", re.IGNORECASE)


def url_message(name: str) -> str | None:
    """What to say when an input is a URL: newsclean reads pages, it does not fetch them."""
    if not _URL.match(name) or os.path.exists(name):
        return None
    return (f"{name!r} is a URL: newsclean does not fetch pages. Fetch it and pipe it in, e.g. "
            f"curl -sL '{name}' | newsclean - --url '{name}'")


def suffix_format(output: str) -> str | None:
    """The format an output file's suffix asks for (``None``: a suffix newsclean does not write)."""
    name = output.lower()
    suffix = Path(name).suffix
    return SUFFIX_FORMATS.get(suffix) if suffix else "text"


def count_pages(names: list[str]) -> int | None:
    """How many documents the inputs hold, when that is known without reading them.

    Files, folders and globs of pages are counted by listing them; standard input, JSONL and WARC
    files would have to be read through, so their count is unknown (``None``).
    """
    total = 0
    for name in names:
        if name == "-":
            return None
        for path, explicit in _listed(name):
            kind = _kind(path)
            if kind in ("records", "warc"):
                return None
            total += kind == "page" or explicit
    return total


def _listed(name: str) -> Iterator[tuple[Path, bool]]:
    """The files an input names; ``True`` for a file named on the line (counted whatever its kind)."""
    if os.path.isdir(name):
        yield from ((p, False) for p in _walk(Path(name)))
    elif os.path.exists(name) or not _is_glob(name):
        yield Path(name), True
    else:
        for match in glob.iglob(name, recursive=True):
            path = Path(match)
            yield from ((p, False) for p in _walk(path)) if path.is_dir() else [(path, True)]


def _walk(root: Path) -> Iterator[Path]:
    for folder, _, filenames in os.walk(root):
        yield from (Path(folder) / f for f in filenames)
