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

from .inputs import PAGE_SUFFIXES, Document

LOGGER = logging.getLogger(__name__)

Status = Literal["cleaned", "empty", "failed"]

_UNSAFE = re.compile(r"[^\w.\-]+")


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
        self._fh = open(self.part, "a" if resume else "w", encoding="utf-8")

    def is_done(self, doc: Document) -> bool:
        return doc.id in self._done

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
        root.mkdir(parents=True, exist_ok=True)

    def target(self, rel: str) -> Path:
        """Output path of a document: its relative input path, made safe, with the format's suffix."""
        parts = [p for p in rel.replace("\\", "/").split("/") if p not in ("", ".", "..")] or ["document"]
        parts = [_UNSAFE.sub("_", p).lstrip(".") or "_" for p in parts]
        name = parts[-1]
        base = name[:-3] if name.lower().endswith(".gz") else name
        for suffix in PAGE_SUFFIXES:
            if base.lower().endswith(suffix):
                base = base[: -len(suffix)]
                break
        return self.root.joinpath(*parts[:-1], base + self.suffix)

    def is_done(self, doc: Document) -> bool:
        return self.target(doc.rel).exists()

    def write(self, outcome: Outcome) -> None:
        target = self.target(outcome.rel)
        target.parent.mkdir(parents=True, exist_ok=True)
        tmp = target.with_name(f".{target.name}.{os.getpid()}.tmp")
        tmp.write_text(outcome.output or "", encoding="utf-8")
        os.replace(tmp, target)

    def close(self, complete: bool) -> None:
        pass


class ErrorLog:
    """Failed and empty documents, one JSON line each: id, path, url, status and reason."""

    def __init__(self, path: Path | None, *, resume: bool) -> None:
        self.path = path
        self.failed = 0
        self._done: set[str] = set()
        self._fh: IO[str] | None = None
        if path is not None:
            path.parent.mkdir(parents=True, exist_ok=True)
            if resume and path.exists():
                self._done = {str(rec.get("id")) for rec in read_jsonl(path) if isinstance(rec, dict)}
            self._fh = open(path, "a" if resume else "w", encoding="utf-8")

    def is_done(self, doc: Document) -> bool:
        return doc.id in self._done

    def write(self, outcome: Outcome) -> None:
        if outcome.status == "failed":
            self.failed += 1
        if self._fh is None:
            if outcome.status == "failed":  # with no errors file, failures still reach the user
                sys.stderr.write(f"newsclean: {outcome.id}: {outcome.reason}\n")
            return
        entry = {"id": outcome.id, "path": outcome.path, "url": outcome.url, "status": outcome.status,
                 "reason": outcome.reason}
        self._fh.write(json.dumps(entry, ensure_ascii=False) + "\n")
        self._fh.flush()

    def close(self) -> None:
        if self._fh is not None:
            self._fh.close()


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
