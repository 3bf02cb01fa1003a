"""Resource limits: option checks, the per-document time budget, bounded gunzip, tree caps.

Everything here is cheap and linear: it runs before the expensive stages so that they only ever
see input of bounded size and shape. No signals and no threads are used, so the limits hold the
same way in any thread and in worker processes.
"""

from __future__ import annotations

import logging
import math
import time
import zlib
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from .errors import OptionsError
from .models import JUDGE_MODES, Options

LOGGER = logging.getLogger(__name__)

#: The two magic bytes that open a gzip stream.
GZIP_MAGIC = b"\x1f\x8b"
#: Decompression works through the input in pieces of this size (bounded memory per step).
INFLATE_CHUNK = 1 << 16
#: Attribute values are cut to this many characters: class/id words, styles and hidden flags sit
#: in the first few hundred; longer values (data URIs, junk) only cost time in regex scans
#: downstream (the extractor scans class/id values with several patterns each).
MAX_ATTRIBUTE_CHARS = 2000
#: class and id values are word lists that several stages scan with regexes, some of them
#: (outside this module) quadratic in a token's length: kept much shorter.
MAX_NAME_CHARS = 300
_NAME_ATTRIBUTES = ("class", "id")
#: Seconds the extractor is assumed to need per element of the tree (full mode, fallbacks on;
#: fast mode), and per character of text. The per-element costs sit between the median and the
#: 75th percentile measured on the dev corpus on a busy two-core machine (p50/p75: 410/735 µs
#: full, 310/486 µs fast; ``benchmarks/extract_cost.py`` prints them); the per-character cost is
#: a rough floor for pages of few elements and much text. They only decide when to choose a
#: cheaper extractor, never whether a page is read.
FULL_SECONDS_PER_ELEMENT = 5e-4
FAST_SECONDS_PER_ELEMENT = 4e-4
SECONDS_PER_TEXT_CHAR = 2e-7

_ON_OVERSIZE = ("truncate", "refuse")


def validate(options: Options) -> Options:
    """Check the limit fields of ``options``; return them unchanged.

    Raises:
        OptionsError: a limit has the wrong type or an out-of-range value.
    """
    for name in ("max_input_bytes", "max_decompressed_bytes"):
        _check_int(name, getattr(options, name), minimum=0)
    _check_int("max_depth", options.max_depth, minimum=1)
    if options.on_oversize not in _ON_OVERSIZE:
        raise OptionsError(f"on_oversize must be one of {_ON_OVERSIZE}, not {options.on_oversize!r}")
    budget = options.time_budget
    if isinstance(budget, bool) or not isinstance(budget, (int, float)) or math.isnan(budget) or budget < 0:
        raise OptionsError(f"time_budget must be a number of seconds >= 0 (0: no budget), not {budget!r}")
    if options.judge is not None and options.judge not in JUDGE_MODES:
        raise OptionsError(f"judge must be one of {JUDGE_MODES} or None, not {options.judge!r}")
    return options


def _check_int(name: str, value: Any, *, minimum: int) -> None:
    if isinstance(value, bool) or not isinstance(value, int):
        raise OptionsError(f"{name} must be an int, not {type(value).__name__}")
    if value < minimum:
        raise OptionsError(f"{name} must be >= {minimum}, not {value}")


class Deadline:
    """The time budget of one document, read from a monotonic clock between stages."""

    def __init__(self, budget: float, clock: Callable[[], float] = time.monotonic) -> None:
        self.budget = float(budget)
        self._clock = clock
        self.started = clock()

    def elapsed(self) -> float:
        """Seconds since the document started."""
        return self._clock() - self.started

    def remaining(self) -> float:
        """Seconds left (infinite without a budget)."""
        if self.budget <= 0:
            return math.inf
        return self.budget - self.elapsed()

    def spent(self) -> bool:
        """Whether the budget is used up."""
        return self.remaining() <= 0


def is_gzip(data: bytes) -> bool:
    """Whether ``data`` starts like a gzip stream."""
    return data[:2] == GZIP_MAGIC


def inflate(data: bytes, limit: int) -> tuple[bytes, bool, str | None]:
    """Decompress gzip ``data``, never producing more than ``limit`` bytes (0: no limit).

    Returns the output, whether it was cut at ``limit``, and an error message when the stream is
    corrupt or ends early (the output then holds what was readable up to that point).
    """
    out = bytearray()
    pos = 0
    try:
        while pos < len(data):
            # One decompressor per gzip member: concatenated members are one valid stream.
            inflater = zlib.decompressobj(16 + zlib.MAX_WBITS)
            while not inflater.eof and pos < len(data):
                chunk = data[pos : pos + INFLATE_CHUNK]
                pos += len(chunk)
                while chunk:
                    room = limit + 1 - len(out) if limit > 0 else 0
                    out += inflater.decompress(chunk, room)
                    if limit > 0 and len(out) > limit:
                        return bytes(out[:limit]), True, None
                    chunk = inflater.unconsumed_tail
            if not inflater.eof:
                return bytes(out), False, "gzip stream ends early"
            pos -= len(inflater.unused_data)  # the bytes after this member were fed but not used
            if not is_gzip(data[pos : pos + 2]):
                break  # trailing bytes after the last member are ignored, as gzip(1) does
    except zlib.error as err:
        return bytes(out), False, f"gzip stream is corrupt: {err}"
    return bytes(out), False, None


@dataclass(slots=True)
class TreeReport:
    """What :func:`cap_tree` found and changed."""

    elements: int = 0
    text_chars: int = 0
    flattened: int = 0
    attributes_cut: int = 0


def cap_tree(root: Any, max_depth: int) -> TreeReport:
    """Bound the tree in place: no element deeper than ``max_depth``, no attribute value longer
    than :data:`MAX_ATTRIBUTE_CHARS`. Also counts elements and text for the extraction plan.

    An element at the depth limit keeps the text of its whole subtree as its own text: the
    structure below is lost, the words are not.
    """
    report = TreeReport()
    stack: list[tuple[Any, int]] = [(root, 1)]
    while stack:
        el, depth = stack.pop()
        report.elements += 1
        if el.text:
            report.text_chars += len(el.text)
        if el.tail:
            report.text_chars += len(el.tail)
        attrib = el.attrib if isinstance(el.tag, str) else None
        if attrib:
            for name, value in attrib.items():
                limit = MAX_NAME_CHARS if name in _NAME_ATTRIBUTES else MAX_ATTRIBUTE_CHARS
                if len(value) > limit:
                    attrib[name] = value[:limit]
                    report.attributes_cut += 1
        if len(el) == 0:
            continue
        if depth >= max_depth:
            _flatten(el)
            report.flattened += 1
            continue
        stack.extend((child, depth + 1) for child in reversed(el))
    return report


def _flatten(el: Any) -> None:
    """Replace the children of ``el`` by the text they hold, separated by spaces."""
    text = " ".join(t for t in (s.strip() for s in el.itertext()) if t)
    tail = el.tail
    for child in list(el):
        el.remove(child)
    el.text = text
    el.tail = tail


def extraction_mode(report: TreeReport, deadline: Deadline, fast: bool) -> str:
    """``full``, ``fast`` or ``walk``: the most thorough extraction the remaining budget affords.

    The extractor cannot be interrupted once started, so its cost is predicted from the tree's
    size before it starts; a tree too big for the budget gets the cheaper extractor, or the plain
    walk (linear, no extractor) when even that would overrun.
    """
    remaining = deadline.remaining()
    if math.isinf(remaining):
        return "fast" if fast else "full"
    text_cost = report.text_chars * SECONDS_PER_TEXT_CHAR
    if not fast and report.elements * FULL_SECONDS_PER_ELEMENT + text_cost <= remaining:
        return "full"
    if report.elements * FAST_SECONDS_PER_ELEMENT + text_cost <= remaining:
        return "fast"
    return "walk"
