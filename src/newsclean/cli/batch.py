"""Clean many documents: in parallel, in order, with progress, a summary, an errors file and resume.

``run_batch`` is what the command line runs on dumps; ``clean_many`` is the library's entry for an
iterable of pages. Both stream: inputs are pulled lazily and only a bounded number are in flight.
"""

from __future__ import annotations

import logging
import signal
import sys
import threading
import time
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any, TextIO

from ..api import Cleaner
from ..engines.pool import default_workers, ordered_map
from ..errors import InputError
from ..models import Options
from .inputs import Document, read_document
from .output import render
from .sinks import ErrorLog, Outcome, Sink, json_safe

LOGGER = logging.getLogger(__name__)


@dataclass(slots=True)
class Summary:
    """Counts and time of one batch run."""

    documents: int = 0
    cleaned: int = 0
    empty: int = 0
    failed: int = 0
    #: Documents an earlier, interrupted run had finished (``--resume``).
    skipped: int = 0
    #: Of those, the ones it listed as failed: the job as a whole has failures.
    failed_before: int = 0
    seconds: float = 0.0

    def add(self, status: str) -> None:
        self.documents += 1
        setattr(self, status, getattr(self, status) + 1)

    @property
    def rate(self) -> float:
        """Documents cleaned (or found empty or failed) per second."""
        return self.documents / self.seconds if self.seconds > 0 else 0.0

    def line(self) -> str:
        """One line for a person."""
        failed_before = f" ({self.failed_before} failed)" if self.failed_before else ""
        resumed = f", {self.skipped} done before{failed_before}" if self.skipped else ""
        return (f"{self.documents} {'document' if self.documents == 1 else 'documents'}: {self.cleaned} cleaned, {self.empty} empty, {self.failed} failed"
                f"{resumed}; {self.seconds:.1f} s, {self.rate:.1f} documents/s")


class DocumentTimeout(BaseException):
    """A document took longer than the batch's hard limit.

    A ``BaseException``, like ``KeyboardInterrupt``: the cleaner turns ``Exception`` into an empty
    article, and a document stopped by force is a failure, not an empty page.
    """


@contextmanager
def deadline(seconds: float) -> Iterator[None]:
    """Raise :class:`DocumentTimeout` in the block after ``seconds`` of this process's CPU time
    (0: no limit; main thread only). For a document cleaned in this process (a single page): a
    signal cannot stop C code, so batches run documents in worker processes that the parent kills."""
    if seconds <= 0 or threading.current_thread() is not threading.main_thread() or not hasattr(signal, "setitimer"):
        yield
        return

    def expire(signum: int, frame: Any) -> None:
        raise DocumentTimeout(timeout_reason(seconds))

    previous = signal.signal(signal.SIGPROF, expire)
    signal.setitimer(signal.ITIMER_PROF, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_PROF, 0)
        signal.signal(signal.SIGPROF, previous)


def timeout_reason(seconds: float) -> str:
    """Why a document was stopped."""
    return f"stopped after {seconds:g} s of CPU time (--doc-timeout)"


class DocumentWorker:
    """Cleans one document and renders it; built once per worker process."""

    def __init__(self, options: Options, fmt: str, timeout: float = 0.0) -> None:
        self.cleaner, self.fmt, self.timeout = Cleaner(options), fmt, timeout
        self.cleaner.warm_up()  # imports and caches now, not on the first document's CPU time

    def __call__(self, doc: Document) -> Outcome:
        try:
            with deadline(self.timeout):
                page = read_document(doc, self.cleaner.options)
                article = self.cleaner.clean(page, url=doc.url)
        except InputError as err:
            return _outcome(doc, "failed", str(err))
        except DocumentTimeout as err:
            LOGGER.warning("%s: %s", doc.id, err)
            return _outcome(doc, "failed", str(err))
        except Exception as err:  # one bad document must not end the batch
            LOGGER.warning("newsclean failed on %s: %r", doc.id, err)
            return _outcome(doc, "failed", f"internal error: {err!r}")
        if not article:
            reason = "; ".join(article.warnings) or "no article text found"
            return _outcome(doc, "empty", reason)
        output = render(self.fmt, article, id=doc.id, path=doc.path, fields=doc.fields)
        if self.fmt in ("json", "jsonl"):
            output = json_safe(output)
        return _outcome(doc, "cleaned", None, output)


def _outcome(doc: Document, status: Any, reason: str | None, output: str | None = None) -> Outcome:
    return Outcome(doc.id, doc.path, doc.url, doc.rel, status, reason, output)


def _crashed(doc: Document, err: BaseException) -> Outcome:
    return _outcome(doc, "failed", f"the worker process died while cleaning this document ({err})")


def _timed_out(doc: Document, seconds: float) -> Outcome:
    LOGGER.warning("%s: %s", doc.id, timeout_reason(seconds))
    return _outcome(doc, "failed", f"{timeout_reason(seconds)}; its worker process was killed")


def run_batch(
    docs: Iterable[Document],
    options: Options,
    *,
    fmt: str,
    sink: Sink,
    errors: ErrorLog,
    workers: int | None = None,
    timeout: float = 0.0,
    resume: bool = False,
    progress: bool = False,
    stream: TextIO | None = None,
    isolate: bool = True,
    total: int | None = None,
) -> Summary:
    """Clean ``docs`` into ``sink``; failed and empty ones go to ``errors``. Returns the counts.

    ``timeout`` (seconds of CPU, 0: none) stops a document that takes longer and reports it as
    failed. With ``isolate``, documents are cleaned in worker processes (even with one worker) and
    a document past its timeout has its worker killed, wherever it is stuck; without it (a single
    page), in this process, stopped by a signal between Python instructions.
    ``total``, the number of documents when known, gives the progress bar its length and an ETA.

    On an interruption (``KeyboardInterrupt``) the sink keeps its partial work for ``resume`` and the
    exception propagates.
    """
    summary = Summary()
    started = time.monotonic()
    bar = _progress_bar(progress, stream or sys.stderr, total)

    def todo() -> Iterator[Document]:
        for doc in docs:
            if resume and (sink.is_done(doc) or errors.is_done(doc)):
                summary.skipped += 1
                summary.failed_before += errors.failed_before(doc)
                if bar is not None:
                    bar.update(1)  # the bar's total counts them too
                continue
            owner = sink.claim(doc.id, doc.rel) if doc.error is None else None
            if owner is not None:  # two inputs would write one output file: never overwrite
                doc.error = f"its output name is already taken by {owner}"
            yield doc

    complete = False
    try:
        in_process = not isolate or (timeout <= 0 and (workers or default_workers()) <= 1)
        results = ordered_map(DocumentWorker, (options, fmt, timeout if in_process else 0.0), todo(),
                              workers=1 if in_process else workers or default_workers(), on_crash=_crashed,
                              timeout=0.0 if in_process else timeout, on_timeout=_timed_out)
        for outcome in results:
            if outcome.status == "cleaned":
                sink.write(outcome)
            else:
                errors.write(outcome)
            summary.add(outcome.status)
            if bar is not None:
                bar.update(1)
                bar.set_postfix(cleaned=summary.cleaned, empty=summary.empty, failed=summary.failed, refresh=False)
        complete = True
    finally:
        summary.seconds = time.monotonic() - started
        if bar is not None:
            bar.close()
        sink.close(complete)
        errors.close()
    return summary


def _progress_bar(enabled: bool, stream: TextIO, total: int | None = None) -> Any:
    if not enabled:
        return None
    from tqdm import tqdm  # only an interactive run draws a bar

    return tqdm(file=stream, unit="doc", desc="newsclean", dynamic_ncols=True, mininterval=0.5, total=total)
