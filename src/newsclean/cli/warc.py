"""WARC and ARC input: one document per HTML or text response, and a torn record never hidden.

warcio reads records one at a time. A file cut short (a crawl still being written, a copy that
stopped) loses nothing that was complete: every whole record is cleaned, and the torn one becomes
one failed document saying where the data ends. Torn means: a record block shorter than its
``Content-Length``, a gzip member without its end, or bytes after the last whole record that do
not parse as one.
"""

from __future__ import annotations

import os
import zlib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from ..models import Options
from .inputs import Document

#: Content types of records worth cleaning (others: images, scripts, DNS records... are skipped).
TEXT_TYPES = ("html", "xml", "text/plain")


def warc_documents(path: Path, rel: str, options: Options) -> Iterator[Document]:
    """HTML and text responses of a WARC file (other records are skipped), then its torn tail."""
    from warcio.archiveiterator import ArchiveIterator  # only WARC input needs it

    limit = options.max_input_bytes + 1 if options.max_input_bytes > 0 else -1
    count, end = 0, 0  # pages listed; byte offset where the last whole record ends
    try:
        fh = open(path, "rb")
    except OSError as err:
        yield Document(id=f"{path}#1", path=str(path), rel=f"{rel}/1", error=f"cannot read {path}: {err.strerror or err}")
        return
    with fh:
        size = os.fstat(fh.fileno()).st_size
        records = ArchiveIterator(fh, arc2warc=True)
        failure: str | None = None
        while True:
            try:
                record = next(records)
            except StopIteration:
                break
            except Exception as err:  # warcio's parsers fail in many ways on a cut header
                failure = f"{type(err).__name__}: {err}"
                break
            doc = _document(record, path, rel, count + 1, limit, size)
            if doc is None and _missing(record) > 0:  # a record of another kind, torn: still said
                doc = _torn(path, rel, count + 1, size, record)
            try:
                records.read_to_end()
                end = records.get_record_offset() + records.get_record_length()
            except Exception as err:
                failure = f"{type(err).__name__}: {err}"
            if not (record.rec_headers.get_header("Content-Length") or "").strip().isdigit():
                failure = failure or "record header cut short"  # every WARC record states its length
            decompressor = getattr(records.reader, "decompressor", None)
            if failure or (decompressor is not None and not getattr(decompressor, "eof", True)):
                # the record's gzip member has no end: its data may be cut anywhere
                doc = _torn(path, rel, count + 1, size, record)
                failure = failure or "gzip member cut short"
            if doc is not None:
                count += 1
                yield doc
            if failure:
                return
        if _has_more(fh, end, size, gzipped=records.reader is not None and _gzipped(path)):
            reason = f"WARC record truncated at byte {size} (the record starting at byte {end})"
            if end >= size:
                reason = f"corrupt WARC after {count} records: {failure}"
            yield Document(id=f"{path}#{count + 1}", path=str(path), rel=f"{rel}/{count + 1}", error=reason)


def _document(record: Any, path: Path, rel: str, number: int, limit: int, size: int) -> Document | None:
    """The record as a document, ``None`` for a record of another kind."""
    if record.rec_type not in ("response", "resource"):
        return None
    # the HTTP payload's type; a resource record (or a dns: response) has only the WARC one
    headers = record.http_headers if record.http_headers is not None else record.rec_headers
    ctype = (headers.get_header("Content-Type") or "").lower()
    if ctype and not any(t in ctype for t in TEXT_TYPES):
        return None
    record_id = (record.rec_headers.get_header("WARC-Record-ID") or f"{path}#{number}").strip("<>")
    url = record.rec_headers.get_header("WARC-Target-URI")
    where = {"id": record_id, "path": str(path), "url": url, "rel": f"{rel}/{number}"}
    try:
        data = record.content_stream().read(limit)
    except (OSError, EOFError, zlib.error, ValueError) as err:
        return Document(**where, error=f"corrupt WARC record: {err}")
    if (limit < 0 or len(data) < limit) and _missing(record) > 0:
        return Document(**where, error=f"WARC record truncated at byte {size} ({_missing(record)} bytes missing)")
    return Document(**where, data=data)


def _torn(path: Path, rel: str, number: int, size: int, record: Any) -> Document:
    record_id = (record.rec_headers.get_header("WARC-Record-ID") or f"{path}#{number}").strip("<>")
    return Document(id=record_id, path=str(path), rel=f"{rel}/{number}",
                    url=record.rec_headers.get_header("WARC-Target-URI"),
                    error=f"WARC record truncated at byte {size}")


def _missing(record: Any) -> int:
    """Bytes of the record's block that its ``Content-Length`` announced but the file lacks."""
    remaining = getattr(record.raw_stream, "limit", 0)
    if remaining <= 0:
        return 0
    while record.raw_stream.read(1 << 16):  # what is there is read; what is left is missing
        pass
    return max(getattr(record.raw_stream, "limit", 0), 0)


def _gzipped(path: Path) -> bool:
    with open(path, "rb") as fh:
        return fh.read(2) == b"\x1f\x8b"


def _has_more(fh: Any, end: int, size: int, *, gzipped: bool) -> bool:
    """Whether bytes after the last whole record hold more than the blank lines between records."""
    if end >= size:
        return False
    if gzipped or size - end > 1 << 16:
        return True
    fh.seek(end)
    return bool(fh.read(size - end).strip())
