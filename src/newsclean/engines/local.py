"""``clean_many``: the library's way to clean an iterable of pages, in order, in worker processes."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

from ..api import Cleaner
from ..models import Article, Options
from .pool import default_workers, ordered_map


class _PageWorker:
    """Cleans one library item: a page, or a ``(url, page)`` pair."""

    def __init__(self, options: Options | None) -> None:
        self.cleaner = Cleaner(options)
        self.cleaner.warm_up()

    def __call__(self, item: Any) -> Article:
        url, page = item if isinstance(item, tuple) else (None, item)
        return self.cleaner.clean(page, url=url)


def _page_crashed(item: Any, err: BaseException) -> Article:
    url = item[0] if isinstance(item, tuple) else None
    return Article(url=url, warnings=(f"internal error: the worker process died while cleaning this page ({err})",))


def _page_timed_out(item: Any, seconds: float) -> Article:
    url = item[0] if isinstance(item, tuple) else None
    return Article(url=url, warnings=(f"timeout: stopped after {seconds:g} s of CPU time; its worker process was killed",))


def clean_many(
    pages: Iterable[Any], options: Options | None = None, *, workers: int = 1, timeout: float = 0.0
) -> Iterator[Article]:
    """Clean many pages, in order, optionally in parallel worker processes.

    Args:
        pages: Pages as :func:`newsclean.clean` takes them (``str``/``bytes``/trees), or
            ``(url, page)`` pairs; consumed lazily, with a bounded number in flight.
        options: One :class:`Options` for every page.
        workers: Worker processes (``1``: clean in this process; ``0``: one per core). Pages and
            options must be picklable when ``workers > 1`` or a ``timeout`` is set.
        timeout: Seconds of CPU time a page may take (0: no limit). A page past it has its worker
            process killed, wherever it is stuck (C code included), and gives an empty article
            with a ``timeout:`` warning; a fresh worker takes the next page. Needs worker
            processes: with ``workers=1`` one is started.

    Returns:
        An iterator of :class:`Article`, one per page, in input order. A page that fails gives an
        empty article with a warning, as with :func:`clean`; a page of a wrong type raises ``TypeError``.
    """
    Cleaner(options)  # validate the options (and compile the rules) before any page is read
    return ordered_map(_PageWorker, (options,), pages, workers=workers if workers > 0 else default_workers(),
                       on_crash=_page_crashed, timeout=timeout, on_timeout=_page_timed_out)
