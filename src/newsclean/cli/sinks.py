"""Where batch results go: a stream, one file written atomically, or a mirrored folder; and the errors file.

Files are written so that an interrupted run can be finished with ``--resume``: a single output
file grows as ``FILE.part`` (one flushed record at a time) and becomes ``FILE`` only when the batch
is complete; a folder gets one file per document, each written to a temporary name and renamed. On
resume, a torn last line (a kill in the middle of a write) is cut off and the ids already written
are skipped, so no record is missing and none is written twice.
"""

from __future__ import annotations

import json
import logging
import os
import re
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Literal, Protocol

from .inputs import Document

LOGGER = logging.getLogger(__name__)

Status = Literal["cleaned", "empty", "failed"]

#: Characters of an output file name that are percent-encoded (``%`` is one of them, so that two
#: different input names never give one output name).
_UNSAFE = re.compile(r"[^\w.\-]")
_SURROGATE = re.compile("[\ud800-\udfff]")
#: Streams write a file name that is not UTF-8 back as the bytes it had (ids and paths are
#: decoded with surrogateescape, as Python decodes the file system's names).
STREAM_ERRORS = "surrogateescape"


def json_safe(text: str) -> str:
    """JSON text with lone surrogates (bytes of a non-UTF-8 file name) written as ``\\udcXX`` escapes.

    Valid JSON and UTF-8 either way, and lossless: ``json.loads`` gives the same string back, and
    ``os.fsencode`` of it gives the original bytes. Surrogates only occur inside JSON strings.
    """
    if not _SURROGATE.search(text):
        return text
    return _SURROGATE.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


def _encode_name(part: str) -> str:
    """A path part made safe and unambiguous: other characters become ``%XX`` of their bytes."""
    return _UNSAFE.sub(lambda m: "".join(f"%{b:02X}" for b in m.group().encode("utf-8", "surrogateescape")), part)


@dataclass(slots=True)
class Outcome:
    """What became of one document (small: the page itself never travels back from a worker)."""

    id: str
    path: str | None
    url: str | None
    rel: str
    status: Status
    #: Why the document failed or came out empty.
    reason: str | None = None
    #: The rendered output of a cleaned document.
    output: str | None = None


class Sink(Protocol):
    """A destination for cleaned documents."""

    def is_done(self, doc: Document) -> bool:
        """Whether an earlier run already wrote this document (only asked when resuming)."""

    def claim(self, doc_id: str, rel: str) -> str | None:
        """Reserve the document's output name; the id of the document holding it, on a collision."""

    def write(self, outcome: Outcome) -> None:
        """Write one cleaned document."""

    def close(self, complete: bool) -> None:
        """Finish: publish the output when the batch is ``complete``, keep partial work otherwise."""


class StreamSink:
    """Standard output (or any open stream); with ``headers``, each document is introduced by its id."""

    def __init__(self, stream: IO[str], *, headers: bool = False) -> None:
        self.stream, self.headers, self._count = stream, headers, 0

    def is_done(self, doc: Document) -> bool:
        return False

    def claim(self, doc_id: str, rel: str) -> str | None:
        return None

    def write(self, outcome: Outcome) -> None:
        _write(self.stream, outcome, self.headers, self._count)
        self._count += 1

    def close(self, complete: bool) -> None:
        self.stream.flush()


def _write(stream: IO[str], outcome: Outcome, headers: bool, count: int) -> None:
    """Write one document, introduced by ``==> id <==`` when many plain documents share a stream."""
    if headers:
        stream.write(f"{'' if count == 0 else chr(10)}==> {outcome.id} <==\n")
    stream.write(outcome.output or "")
    stream.flush()  # one whole document at a time: a killed run leaves complete records behind


class FileSink:
    """One output file, grown as ``FILE.part`` and renamed to ``FILE`` when the batch completes."""

    def __init__(self, path: Path, *, resume: bool, records: bool, headers: bool = False) -> None:
        self.path, self.headers, self._count = path, headers, 0
        self.part = path.with_name(path.name + ".part")
        self._done: set[str] = set()
        path.parent.mkdir(parents=True, exist_ok=True)
        if resume:
            if not self.part.exists() and path.exists():
                os.replace(path, self.part)  # finished before: new inputs are appended to it
            if self.part.exists() and records:
                self._done = {str(rec.get("id")) for rec in read_jsonl(self.part) if isinstance(rec, dict)}
        self._fh = open(self.part, "a" if resume else "w", encoding="utf-8", errors=STREAM_ERRORS)

    def is_done(self, doc: Document) -> bool:
        return doc.id in self._done

    def claim(self, doc_id: str, rel: str) -> str | None:
        return None

    def write(self, outcome: Outcome) -> None:
        _write(self._fh, outcome, self.headers, self._count)
        self._count += 1

    def close(self, complete: bool) -> None:
        self._fh.flush()
        if complete:
            os.fsync(self._fh.fileno())
        self._fh.close()
        if complete:
            os.replace(self.part, self.path)


class TreeSink:
    """One file per document under ``root``, mirroring the input tree; each written atomically."""

    def __init__(self, root: Path, suffix: str) -> None:
        self.root, self.suffix = root, suffix
        self._owners: dict[Path, str] = {}
        root.mkdir(parents=True, exist_ok=True)

    def target(self, rel: str) -> Path:
        """Output path of a document: its relative input path, whole name kept, made safe, plus the
        format's suffix (``p.html`` -> ``p.html.txt``, ``p.htm`` -> ``p.htm.txt``: never one name)."""
        parts = [p for p in rel.replace("\\", "/").split("/") if p not in ("", ".", "..")] or ["document"]
        parts = ["%2E" + _encode_name(p[1:]) if p.startswith(".") else _encode_name(p) for p in parts]
        return self.root.joinpath(*parts[:-1], parts[-1] + self.suffix)

    def is_done(self, doc: Document) -> bool:
        return self.target(doc.rel).exists()

    def claim(self, doc_id: str, rel: str) -> str | None:
        """Reserve ``rel``'s output name for ``doc_id``; the id already holding it, on a collision."""
        target = self.target(rel)
        owner = self._owners.setdefault(target, doc_id)
        return owner if owner != doc_id else None

    def write(self, outcome: Outcome) -> None:
        target = self.target(outcome.rel)
        target.parent.mkdir(parents=True, exist_ok=True)
        tmp = target.with_name(f".{target.name}.{os.getpid()}.tmp")
        with open(tmp, "w", encoding="utf-8", errors=STREAM_ERRORS) as fh:
            fh.write(outcome.output or "")
        os.replace(tmp, target)

    def close(self, complete: bool) -> None:
        pass


class ErrorLog:
    """Failed and empty documents, one JSON line each: id, path, url, status and reason.

    The file is created only when there is something to write. On resume, the documents an earlier
    run listed are skipped and its failures still count (:attr:`failed_before`), so the exit status
    describes the whole job.
    """

    def __init__(self, path: Path | None, *, resume: bool, fresh: bool = True) -> None:
        self.path = path
        self.failed = 0
        #: Status an earlier run gave each listed document (resume only).
        self._done: dict[str, str] = {}
        self._fh: IO[str] | None = None
        if path is not None and resume and path.exists():
            self._done = {str(rec.get("id")): str(rec.get("status")) for rec in read_jsonl(path)
                          if isinstance(rec, dict)}
        elif path is not None and fresh and path.exists():
            path.unlink()  # this output's own errors file, from an earlier run: replaced

    def is_done(self, doc: Document) -> bool:
        return doc.id in self._done

    def failed_before(self, doc: Document) -> bool:
        """Whether an earlier run of this job listed ``doc`` as failed."""
        return self._done.get(doc.id) == "failed"

    def write(self, outcome: Outcome) -> None:
        if outcome.status == "failed":
            self.failed += 1
        if self.path is None:
            if outcome.status == "failed":  # with no errors file, failures still reach the user
                sys.stderr.write(f"newsclean: {outcome.id}: {outcome.reason}\n")
            return
        if self._fh is None:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self._fh = open(self.path, "a", encoding="utf-8")
        entry = {"id": outcome.id, "path": outcome.path, "url": outcome.url, "status": outcome.status,
                 "reason": outcome.reason}
        self._fh.write(json_safe(json.dumps(entry, ensure_ascii=False)) + "\n")
        self._fh.flush()

    def close(self) -> None:
        if self._fh is not None:
            self._fh.close()


ERROR_FIELDS = ("id", "path", "url", "status", "reason")


def is_errors_file(path: Path) -> bool:
    """Whether ``path`` is empty or holds errors-file entries (and so is no other output's data)."""
    with open(path, "rb") as fh:
        first = fh.readline()
    if not first.strip():
        return True
    try:
        entry = json.loads(first)
    except ValueError:
        return False
    return isinstance(entry, dict) and tuple(entry) == ERROR_FIELDS


def read_jsonl(path: Path) -> Iterator[object]:
    """The complete records of a JSONL file, after cutting off a torn last line left by a killed writer."""
    _cut_torn_tail(path)
    with open(path, "rb") as fh:
        for line in fh:
            if not line.strip():
                continue
            try:
                yield json.loads(line)
            except ValueError:
                LOGGER.warning("%s: skipping an unreadable line", path)


def _cut_torn_tail(path: Path, chunk: int = 1 << 16) -> None:
    """Truncate ``path`` after its last newline (reading backwards, never the whole file)."""
    with open(path, "rb+") as fh:
        size = fh.seek(0, os.SEEK_END)
        pos = size
        while pos > 0:
            start = max(0, pos - chunk)
            fh.seek(start)
            newline = fh.read(pos - start).rfind(b"\n")
            if newline >= 0:
                end = start + newline + 1
                break
            pos = start
        else:
            end = 0
        if end < size:
            LOGGER.info("%s: dropping a torn last line (%d bytes)", path, size - end)
            fh.truncate(end)
