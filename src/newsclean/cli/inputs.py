"""Turn command-line inputs into a lazy stream of documents: files, folders, globs, gzip, JSONL, WARC, stdin.

Listing is lazy and cheap: a file document carries only its path and is read (and gunzipped, with a
size bound) by whoever cleans it, so a worker process does the I/O. Records of JSONL and WARC dumps
are read one at a time. A problem found while listing (a bad JSON line, a corrupt archive) becomes a
document carrying an ``error``, so it is reported with the others and the batch goes on.
"""

from __future__ import annotations

import glob
import gzip
import io
import json
import logging
import os
import sys
import zlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

from ..errors import InputError
from ..models import Options

LOGGER = logging.getLogger(__name__)

#: Pages: HTML and plain-text dumps (each may also end in .gz).
PAGE_SUFFIXES = (".html", ".htm", ".xhtml", ".shtml", ".txt")
#: One JSON record per line.
RECORD_SUFFIXES = (".jsonl", ".ndjson")
#: Web archives (gzip is per record inside them, handled by the WARC reader).
WARC_SUFFIXES = (".warc", ".warc.gz", ".arc", ".arc.gz")
#: How much of a file the binary sniffer looks at.
SNIFF_BYTES = 8192
#: Compressed bytes read from a JSONL dump at a time.
INFLATE_READ = 1 << 16
#: Share of control bytes (NUL and C0 controls other than whitespace and ESC) above which a file is
#: binary: text and HTML have next to none, compressed or image data about 10%.
BINARY_CONTROL_SHARE = 0.05
_CONTROL = bytes(b for b in range(32) if b not in (9, 10, 12, 13, 27))
_BOMS = (b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff", b"\x00\x00\xfe\xff")
_GLOB_CHARS = frozenset("*?[")


@dataclass(slots=True)
class Document:
    """One input document: where it came from, and its content once read."""

    #: Stable id: the file path, ``FILE:LINE`` of a JSONL record (or its id field), a WARC record id.
    id: str
    #: The file the document came from (``-`` for standard input).
    path: str | None = None
    #: The page's URL, when the input names one.
    url: str | None = None
    #: Path relative to the input root, used to mirror the input tree in an output folder.
    rel: str = ""
    #: The content when already read (records, stdin); ``None``: read ``path`` when cleaning.
    data: bytes | str | None = None
    #: Other fields of a JSONL record, kept in the output record.
    fields: dict[str, Any] = field(default_factory=dict)
    #: Why the document cannot be read, when listing found out already.
    error: str | None = None


@dataclass(frozen=True, slots=True)
class RecordFields:
    """Which JSONL fields hold the page, its URL and its id."""

    html: str = "html"
    url: str = "url"
    id: str | None = None


def check_inputs(names: list[str]) -> None:
    """Fail early, before any work, on an input that names nothing.

    Raises:
        InputError: a path does not exist, or a glob matches no file.
    """
    for name in names:
        if name == "-" or os.path.exists(name):
            continue
        if _is_glob(name):
            if next(glob.iglob(name, recursive=True), None) is None:
                raise InputError(f"no file matches {name!r}")
            continue
        raise InputError(f"no such file or folder: {name!r}")


def iter_documents(names: list[str], options: Options, fields: RecordFields = RecordFields()) -> Iterator[Document]:
    """Every document named by ``names``, lazily, in a stable order."""
    for name in names:
        if name == "-":
            yield from _stdin_documents(options, fields)
        elif os.path.isdir(name):
            yield from _walk(Path(name), options, fields)
        elif os.path.exists(name) or not _is_glob(name):
            yield from _file_documents(Path(name), Path(name).name, options, fields)
        else:
            root = _glob_root(name)
            for match in sorted(glob.iglob(name, recursive=True)):
                path = Path(match)
                if path.is_dir():
                    yield from _walk(path, options, fields)
                else:
                    yield from _file_documents(path, _relative(path, root), options, fields)


def read_document(doc: Document, options: Options) -> bytes | str:
    """The document's content: the record's own, or its file read and gunzipped within bounds.

    Raises:
        InputError: the document cannot be read (listing error, I/O, corrupt gzip, gzip bomb, binary).
    """
    if doc.error is not None:
        raise InputError(doc.error)
    data = doc.data
    if data is None:
        if doc.path is None:
            raise InputError("document has neither content nor path")
        data = read_file(Path(doc.path), options)
    if isinstance(data, bytes):
        check_not_binary(data)
    return data


def read_file(path: Path, options: Options) -> bytes:
    """Read one page file; ``.gz`` (or gzip magic) is decompressed up to ``max_decompressed_bytes``."""
    # Reading one byte past the input limit lets the cleaner truncate or refuse as configured.
    limit = options.max_input_bytes + 1 if options.max_input_bytes > 0 else -1
    try:
        with open(path, "rb") as fh:
            magic = fh.read(2)
            fh.seek(0)
            if magic == b"\x1f\x8b":
                return gunzip_bounded(fh, options.max_decompressed_bytes)
            return fh.read(limit)
    except OSError as err:
        raise InputError(f"cannot read {path}: {err.strerror or err}") from err


def gunzip_bounded(stream: IO[bytes] | io.RawIOBase, limit: int) -> bytes:
    """Decompress a gzip stream, refusing more than ``limit`` bytes of output (a gzip bomb)."""
    try:
        with gzip.GzipFile(fileobj=stream, mode="rb") as gz:
            data = gz.read(limit + 1) if limit > 0 else gz.read()
    except (OSError, EOFError, zlib.error) as err:
        raise InputError(f"corrupt gzip data: {err}") from err
    if limit > 0 and len(data) > limit:
        raise InputError(f"gzip data decompresses to more than max_decompressed_bytes={limit}")
    return data


def check_not_binary(data: bytes) -> None:
    """Refuse data that is no text: images, archives, executables saved under a page's name.

    Raises:
        InputError: the sniffed head of ``data`` is dense with control bytes.
    """
    head = data[:SNIFF_BYTES]
    if not head or head.startswith(_BOMS):
        return
    controls = len(head) - len(head.translate(None, _CONTROL))
    if controls / len(head) <= BINARY_CONTROL_SHARE:
        return
    # UTF-16 without a byte-order mark: NULs sit at one parity of positions only.
    nuls_even, nuls_odd = head[0::2].count(0), head[1::2].count(0)
    if min(nuls_even, nuls_odd) * 20 < max(nuls_even, nuls_odd) and max(nuls_even, nuls_odd) > len(head) // 4:
        return
    raise InputError(f"binary data, not a page ({controls} control bytes in the first {len(head)})")


def _is_glob(name: str) -> bool:
    return any(c in _GLOB_CHARS for c in name)


def _glob_root(pattern: str) -> Path:
    """The folder part of a glob before its first wildcard: the root of the mirrored tree."""
    fixed: list[str] = []
    for part in Path(pattern).parts:
        if _is_glob(part):
            break
        fixed.append(part)
    return Path(*fixed) if fixed else Path(".")


def _relative(path: Path, root: Path) -> str:
    try:
        return path.relative_to(root).as_posix()
    except ValueError:
        return path.name


def _kind(path: Path) -> str:
    name = path.name.lower()
    if name.endswith(WARC_SUFFIXES):
        return "warc"
    base = name[:-3] if name.endswith(".gz") else name
    if base.endswith(RECORD_SUFFIXES):
        return "records"
    if base.endswith(PAGE_SUFFIXES):
        return "page"
    return "other"


def _walk(root: Path, options: Options, fields: RecordFields) -> Iterator[Document]:
    """Files of known kinds under ``root``, recursively, in sorted order (other files are skipped)."""
    for folder, dirnames, filenames in os.walk(root):
        dirnames.sort()
        for filename in sorted(filenames):
            path = Path(folder) / filename
            if _kind(path) == "other":
                LOGGER.debug("skipping %s: not a page, JSONL or WARC file", path)
                continue
            yield from _file_documents(path, _relative(path, root), options, fields)


def _file_documents(path: Path, rel: str, options: Options, fields: RecordFields) -> Iterator[Document]:
    kind = _kind(path)
    if kind == "records":
        yield from _jsonl_documents(path, rel, options, fields)
    elif kind == "warc":
        from .warc import warc_documents  # warcio is imported only for WARC input

        yield from warc_documents(path, rel, options)
    else:  # a page, or a file named explicitly whatever its suffix
        yield Document(id=str(path), path=str(path), rel=rel)


def _stdin_documents(options: Options, fields: RecordFields) -> Iterator[Document]:
    """Standard input is one page (gzip accepted)."""
    stream = sys.stdin.buffer
    limit = max(options.max_input_bytes, options.max_decompressed_bytes)
    head = stream.read(2)
    if head == b"\x1f\x8b":
        try:
            data = gunzip_bounded(_Prefixed(head, stream), options.max_decompressed_bytes)
        except InputError as err:
            yield Document(id="-", path="-", rel="stdin", error=str(err))
            return
    else:
        data = head + stream.read(limit - len(head) + 1 if limit > 0 else -1)
    yield Document(id="-", path="-", rel="stdin", data=data)


class _Prefixed(io.RawIOBase):
    """A stream with some already-read bytes put back in front (stdin cannot seek)."""

    def __init__(self, prefix: bytes, stream: IO[bytes]) -> None:
        self._prefix, self._stream = prefix, stream

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        view = memoryview(buffer)
        if self._prefix:
            n = min(len(view), len(self._prefix))
            view[:n], self._prefix = self._prefix[:n], self._prefix[n:]
            return n
        chunk = self._stream.read(len(view))
        view[: len(chunk)] = chunk
        return len(chunk)


class _TolerantGunzip(io.RawIOBase):
    """Gzip members decompressed in order; a stream cut inside a member ends (``torn`` says where)
    instead of raising, so every record decompressed before the cut is still read."""

    def __init__(self, fh: IO[bytes]) -> None:
        self._fh = fh
        self._inflater: Any = zlib.decompressobj(16 + zlib.MAX_WBITS)
        self._pending = b""  # compressed bytes not yet fed
        self._started = False  # the current member has received bytes
        self._read = 0  # compressed bytes taken from the file
        #: Why the stream ended early (``None``: it ended cleanly).
        self.torn: str | None = None

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        view = memoryview(buffer)
        while self.torn is None:
            if not self._pending:
                self._pending = self._fh.read(INFLATE_READ)
                self._read += len(self._pending)
                if not self._pending:
                    if self._started:
                        self.torn = f"gzip data cut short at byte {self._read}"
                    return 0
            try:
                out = self._inflater.decompress(self._pending, len(view))
            except zlib.error as err:
                self.torn = f"corrupt gzip data before byte {self._read}: {err}"
                return 0
            self._started = True
            self._pending = self._inflater.unconsumed_tail
            if self._inflater.eof:  # the next member, if any, starts in the unused bytes
                self._pending = self._inflater.unused_data + self._pending
                self._inflater = zlib.decompressobj(16 + zlib.MAX_WBITS)
                self._started = False
            if out:
                view[: len(out)] = out
                return len(out)
        return 0

    def close(self) -> None:
        self._fh.close()
        super().close()


def _open_records(path: Path) -> tuple[IO[bytes], _TolerantGunzip | None]:
    fh = open(path, "rb")
    if fh.read(2) == b"\x1f\x8b":
        fh.seek(0)
        raw = _TolerantGunzip(fh)
        return io.BufferedReader(raw, INFLATE_READ), raw  # type: ignore[return-value]
    fh.seek(0)
    return fh, None


def _jsonl_documents(path: Path, rel: str, options: Options, fields: RecordFields) -> Iterator[Document]:
    """One document per JSON line; lines longer than the decompression bound are refused, not read.

    A file that ends inside a line (a torn write) or inside a gzip member gives every whole line,
    then one failed document for the torn part.
    """
    limit = options.max_decompressed_bytes if options.max_decompressed_bytes > 0 else -1
    try:
        stream, gunzip = _open_records(path)
    except OSError as err:
        yield Document(id=str(path), path=str(path), rel=rel, error=f"cannot read {path}: {err.strerror or err}")
        return
    with stream:
        lineno = 0
        while True:
            lineno += 1
            doc_id = f"{path}:{lineno}"
            try:
                line = stream.readline(limit + 1 if limit > 0 else -1)
            except (OSError, EOFError, zlib.error) as err:
                yield Document(id=doc_id, path=str(path), rel=f"{rel}/{lineno}", error=f"corrupt data: {err}")
                return
            torn = gunzip.torn if gunzip is not None else None
            if not line:
                if torn:  # cut between two records: every record was read, but the file is damaged
                    yield Document(id=doc_id, path=str(path), rel=f"{rel}/{lineno}",
                                   error=f"{torn}; the {lineno - 1} lines before it were read")
                return
            if limit > 0 and len(line) > limit and not line.endswith(b"\n"):
                _skip_line(stream)
                yield Document(id=doc_id, path=str(path), rel=f"{rel}/{lineno}",
                               error=f"record longer than max_decompressed_bytes={limit}")
                continue
            if torn and not line.endswith(b"\n"):
                yield Document(id=doc_id, path=str(path), rel=f"{rel}/{lineno}",
                               error=f"record truncated: {torn}, inside line {lineno}")
                return
            if not line.strip():
                continue
            doc = _record_document(line, doc_id, str(path), f"{rel}/{lineno}", fields)
            if doc.error and doc.error.startswith("invalid JSON") and not line.endswith(b"\n"):
                doc.error = f"record truncated: the file ends inside line {lineno} ({doc.error})"
            yield doc


def _skip_line(stream: IO[bytes]) -> None:
    while True:
        chunk = stream.readline(1 << 20)
        if not chunk or chunk.endswith(b"\n"):
            return


def _record_document(line: bytes, doc_id: str, path: str, rel: str, fields: RecordFields) -> Document:
    try:
        record = json.loads(line)
    except ValueError as err:
        return Document(id=doc_id, path=path, rel=rel, error=f"invalid JSON: {err}")
    if not isinstance(record, dict):
        return Document(id=doc_id, path=path, rel=rel, error="record is not a JSON object")
    if fields.id and record.get(fields.id) not in (None, ""):
        doc_id = str(record[fields.id])
        rel = f"{rel.rsplit('/', 1)[0]}/{doc_id}"
    page = record.pop(fields.html, None)
    url = record.get(fields.url)
    url = url if isinstance(url, str) and url else None
    if not isinstance(page, str):
        return Document(id=doc_id, path=path, url=url, rel=rel, fields=record,
                        error=f"record has no text in field {fields.html!r}")
    return Document(id=doc_id, path=path, url=url, rel=rel, data=page, fields=record)
