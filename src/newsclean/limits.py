"""Resource limits: option checks, the per-document time budget, bounded gunzip, tree caps.

Everything here is cheap and linear: it runs before the expensive stages so that they only ever
see input of bounded size and shape. No signals and no threads are used, so the limits hold the
same way in any thread and in worker processes.
"""

from __future__ import annotations

import logging
import math
import re
import time
import zlib
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from itertools import islice
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
#: for pages of few elements and much text: trafilatura took 17.4 s of CPU on the one 20 MB text
#: node of the lt-text shape (``python -m benchmarks.hostile --mb 20 --stages``), 8.7e-7 s per
#: character, and htmldate 1.3e-7 (it reads the extractor's tree; 2e-7 in all before, which let
#: them run far past the budget). They only decide when to choose a cheaper extractor, never
#: whether a page is read; no page of dev/ or chrome/ is predicted above 6 s with them.
FULL_SECONDS_PER_ELEMENT = 5e-4
FAST_SECONDS_PER_ELEMENT = 4e-4
SECONDS_PER_TEXT_CHAR = 1.2e-6
#: Work charged to the budget per element for the stages before extraction (p75 of CPU time per
#: element on 150 dev pages, printed by a timing pass of load, page facts and pre-cleaning:
#: 17, 40 and 12 µs): loading, reading byline facts, pre-cleaning.
LOAD_SECONDS_PER_ELEMENT = 2e-5
#: Loading per character of the tree's text (parse and caps: 1.7-2.1 s for the 20 MB of lt-text).
LOAD_SECONDS_PER_CHAR = 1e-7
FACTS_SECONDS_PER_ELEMENT = 4e-5
PRECLEAN_SECONDS_PER_ELEMENT = 1.2e-5
#: Work per element of the plain walk and per block of boilerplate removal (p75 on 80 dev pages
#: walked and judged: 8 µs per element, 152 µs per block; plain-walk blocks are short lines).
WALK_SECONDS_PER_ELEMENT = 8e-6
PRUNE_SECONDS_PER_BLOCK = 1.5e-4
#: ... and per character of the blocks judged: the rules took 3.5 s on the lt-text shape's one
#: block of 20 MB (``benchmarks.hostile --mb 20 --stages``), where the per-block cost predicted
#: nothing.
PRUNE_SECONDS_PER_CHAR = 1.8e-7
#: Work per kept block of the byline's line scan (17 µs per short line measured on a page of
#: 250,000 ``<br>`` lines), and the blocks it still reads at each end of the article when the
#: budget cannot afford them all (bylines, datelines and credits sit at the ends).
BYLINE_SECONDS_PER_BLOCK = 2e-5
BYLINE_EDGE_BLOCKS = 50

_ON_OVERSIZE = ("truncate", "refuse")
#: The deepest ``max_depth`` accepted. Parts of the pipeline (trafilatura's tree walks, lxml's
#: copies) recurse once per level, and Python stops at 1,000 frames: a 1,000-deep page failed at
#: ``max_depth=1000`` and passed at 990. 800 leaves room for the callers' own frames (a worker,
#: a test runner, a web framework).
MAX_DEPTH_LIMIT = 800
#: Characters XML (and so lxml, and the extractor's tree) does not accept; libxml2's HTML parser
#: lets them in from character references (``&#x1;``, ``&#xFFFE;``), and one of them in a text
#: node made the extractor return nothing.
#: A script's text as JSON strings and other characters: fails where a string never closes.
#: Possessive: every token matches one way only, and no backtracking state is kept (a plain
#: ``*`` kept one per token: 457 MiB for an 8 MB script).
_JSON_TOKENS = re.compile(r'(?:"(?:\\.|[^"\\])*+"|[^"])*+', re.DOTALL)
_NON_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]+")


def validate(options: Options) -> Options:
    """Check the limit fields of ``options``; return them unchanged.

    Raises:
        OptionsError: a limit has the wrong type or an out-of-range value.
    """
    for name in ("max_input_bytes", "max_decompressed_bytes"):
        _check_int(name, getattr(options, name), minimum=0)
    _check_int("max_depth", options.max_depth, minimum=1, maximum=MAX_DEPTH_LIMIT)
    if options.on_oversize not in _ON_OVERSIZE:
        raise OptionsError(f"on_oversize must be one of {_ON_OVERSIZE}, not {options.on_oversize!r}")
    for name in ("time_budget", "time_limit"):
        budget = getattr(options, name)
        if isinstance(budget, bool) or not isinstance(budget, (int, float)) or math.isnan(budget) or budget < 0:
            raise OptionsError(f"{name} must be a number of seconds >= 0 (0: none), not {budget!r}")
    if options.judge is not None and options.judge not in JUDGE_MODES:
        raise OptionsError(f"judge must be one of {JUDGE_MODES} or None, not {options.judge!r}")
    return options


def _check_int(name: str, value: Any, *, minimum: int, maximum: int | None = None) -> None:
    if isinstance(value, bool) or not isinstance(value, int):
        raise OptionsError(f"{name} must be an int, not {type(value).__name__}")
    if value < minimum:
        raise OptionsError(f"{name} must be >= {minimum}, not {value}")
    if maximum is not None and value > maximum:
        raise OptionsError(f"{name} must be <= {maximum} (the deepest tree the pipeline can walk), not {value}")


def wall_clock() -> float:
    """The monotonic clock a wall-clock ``time_limit`` reads."""
    return time.monotonic()


class Deadline:
    """The budget of one document: work charged by the stages (deterministic), and optionally a
    wall-clock limit read from a monotonic clock."""

    def __init__(self, budget: float, wall_limit: float = 0.0, clock: Callable[[], float] | None = None) -> None:
        self.budget = float(budget)
        self.wall_limit = float(wall_limit)
        #: Predicted seconds of work charged so far.
        self.work = 0.0
        self._clock = clock or wall_clock
        self.started = self._clock()

    def charge(self, seconds: float) -> None:
        """Count ``seconds`` of predicted work against the budget."""
        self.work += seconds

    def elapsed(self) -> float:
        """Wall-clock seconds since the document started."""
        return self._clock() - self.started

    def work_left(self) -> float:
        """Predicted seconds of work left in the budget (infinite without one)."""
        return math.inf if self.budget <= 0 else self.budget - self.work

    def remaining(self) -> float:
        """Seconds left: of the work budget, or of the wall-clock limit when that is nearer
        (infinite with neither)."""
        left = self.work_left()
        if self.wall_limit > 0:
            left = min(left, self.wall_limit - self.elapsed())
        return left

    def spent(self) -> bool:
        """Whether the budget is used up."""
        return self.remaining() <= 0

    def affords(self, seconds: float, stage: str, warnings: list[str], *, wall: bool = True) -> bool:
        """Whether ``seconds`` of predicted work for ``stage`` fit in what is left; if they do,
        they are charged, else a warning says the stage was skipped and why. ``wall=False``: the
        work budget alone decides (the stage's result must not depend on the machine's load)."""
        if seconds <= 0 or seconds <= (self.remaining() if wall else self.work_left()):
            self.charge(seconds)
            return True
        warnings.append(f"{self.cause()} too small for {stage}: skipped")
        return False

    def cause(self) -> str:
        """What a fallback taken now is due to: the work budget, or the wall-clock limit."""
        if self.wall_limit > 0 and self.wall_limit - self.elapsed() < self.work_left():
            return f"wall-clock time_limit={self.wall_limit:g} s"
        return f"time budget ({self.budget:g} s of predicted work)"

    def meter(self, charged: float, seconds_per_unit: float) -> Meter:
        """A long loop's check of this budget, for a stage charged ``charged`` seconds of work."""
        return Meter(self, charged, seconds_per_unit)


#: A metered loop reads the wall clock (only under a ``time_limit``) once per this many units.
CLOCK_EVERY = 4096


class Meter:
    """The budget inside one stage's long loop. The stage was charged its predicted cost before it
    started; the loop counts its real units of work with :meth:`tick`, and is told to stop once
    they cost more than that prediction plus what the budget still had (counted, so the same page
    stops at the same unit on any machine), or when a wall-clock ``time_limit`` has passed. Work
    past the prediction is not charged: the later stages' choices stay those of the prediction."""

    def __init__(self, deadline: Deadline, charged: float, seconds_per_unit: float) -> None:
        self.deadline = deadline
        self.charged = charged
        self.unit = seconds_per_unit
        self.allowed = (charged + max(0.0, deadline.work_left())) / seconds_per_unit
        self.used = 0
        self.stopped = False
        self._clock_at = CLOCK_EVERY

    def tick(self, units: int = 1) -> bool:
        """Count ``units`` of work; whether the loop may go on."""
        self.used += units
        if self.used > self.allowed:
            self.stopped = True
        elif self.deadline.wall_limit > 0 and self.used >= self._clock_at:
            self._clock_at = self.used + CLOCK_EVERY
            self.stopped = self.deadline.elapsed() >= self.deadline.wall_limit
        return not self.stopped


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
    #: Text nodes and attribute values from which characters XML refuses were dropped.
    non_xml: int = 0
    #: JSON scripts emptied because a quote in them never closes (see :func:`_unbalanced_json`).
    json_dropped: int = 0
    #: Tables nested deeper than :data:`MAX_TABLE_NESTING` read as blocks (see :func:`_cap_table_nesting`).
    tables_unnested: int = 0


def cap_tree(root: Any, max_depth: int, *, non_xml: bool = True) -> TreeReport:
    """Bound the tree in place: no element deeper than ``max_depth``, no attribute value longer
    than :data:`MAX_ATTRIBUTE_CHARS`, no character XML refuses in text or attributes (character
    references put them there; ``non_xml=False`` when the source had none). Also counts elements
    and text for the extraction plan.

    An element at the depth limit keeps the text of its whole subtree as its own text: the
    structure below is lost, the words are not.
    """
    from lxml import etree  # the tree walks of this module; lxml's own, in C

    report = TreeReport()
    if _too_deep_xpath(max_depth)(root):
        too_deep: list[Any] = []
        depth = 0
        walker = etree.iterwalk(root, events=("start", "end"))
        for event, el in walker:
            if event == "end":
                depth -= 1
                continue
            depth += 1
            _cap_element(el, report, non_xml)
            if depth >= max_depth and len(el):
                too_deep.append(el)  # flattened after the walk: its subtree is not entered
                walker.skip_subtree()
        for el in too_deep:
            _flatten(el)
        report.flattened = len(too_deep)
    else:  # nothing too deep (every ordinary page): one pass in document order, no depth kept
        for el in root.iter(etree.Element):
            _cap_element(el, report, non_xml)
    report.tables_unnested = _cap_table_nesting(root)
    return report


#: Deepest nesting of tables kept as tables. Layout tables of real pages nest up to about 17
#: levels; trafilatura handles every nested table again inside each table around it, so its cost
#: grows with the square of the nesting (240 nested tables: about 7 s of CPU).
MAX_TABLE_NESTING = 32
_TABLE_PARTS = ("table", "thead", "tbody", "tfoot", "tr", "td", "th", "caption", "colgroup", "col")


def _cap_table_nesting(root: Any) -> int:
    """Make the tables nested more than :data:`MAX_TABLE_NESTING` deep, with their rows and cells,
    plain ``div`` blocks: their text stays, in order. Returns how many tables were changed."""
    from lxml import etree

    if next(islice(root.iter("table"), MAX_TABLE_NESTING, None), None) is None:
        return 0  # too few tables to nest that deep (every ordinary page): stops at the 33rd
    outermost: list[Any] = []  # the tables one level too deep: each holds all deeper ones
    depth = 0
    for event, el in etree.iterwalk(root, events=("start", "end"), tag="table"):
        if event == "end":
            depth -= 1
            continue
        depth += 1
        if depth == MAX_TABLE_NESTING + 1:
            outermost.append(el)
    changed = 0
    for table in outermost:
        for part in list(table.iter(*_TABLE_PARTS)):
            changed += part.tag == "table"
            part.tag = "div"
    return changed


@lru_cache(maxsize=8)
def _too_deep_xpath(max_depth: int) -> Any:
    """An XPath telling whether an element at ``max_depth`` (the root at 1) has children: each
    step reads one level of the tree only, so it costs one pass whatever the depth."""
    from lxml import etree

    has_children = "[*|comment()|processing-instruction()]"
    path = f"self::*{has_children}" if max_depth <= 1 else "*/" * (max_depth - 2) + f"*{has_children}"
    return etree.XPath(f"boolean({path})")


def _cap_element(el: Any, report: TreeReport, non_xml: bool) -> None:
    """Count one element's text and cap its text, tail and attribute values."""
    report.elements += 1
    text, tail = el.text, el.tail
    if text:
        report.text_chars += len(text)
        if non_xml and _NON_XML.search(text):
            el.text = _NON_XML.sub("", text)
            report.non_xml += 1
    if tail:
        report.text_chars += len(tail)
        if non_xml and _NON_XML.search(tail):
            el.tail = _NON_XML.sub("", tail)
            report.non_xml += 1
    values = el.values()
    if not values:
        return
    # most elements hold short, clean values: the attribute mapping is read only when one is not
    if max(map(len, values)) > MAX_NAME_CHARS or (non_xml and _NON_XML.search(" ".join(values))):
        _cap_attributes(el.attrib, report, non_xml)
    if el.tag == "script" and text and "json" in (el.get("type") or "") and _unbalanced_json(el.text):
        el.text = ""
        report.json_dropped += 1


def _unbalanced_json(text: str) -> bool:
    """Whether a JSON script has a string that never closes: no JSON, and the one shape on which
    the extractor's JSON-LD minifying regex is quadratic (after an unclosed quote it retries from
    every escaped quote: 0.16 / 0.50 s for 2,000 / 4,000 of them). Linear: the tokens' pattern
    has alternatives that start with distinct characters. Without a backslash no quote can stay
    open more than once, and the minifier is linear."""
    return "\\" in text and _JSON_TOKENS.fullmatch(text) is None


def _cap_attributes(attrib: Any, report: TreeReport, non_xml: bool) -> None:
    for name, value in attrib.items():
        limit = MAX_NAME_CHARS if name in _NAME_ATTRIBUTES else MAX_ATTRIBUTE_CHARS
        if non_xml and _NON_XML.search(value):
            value = _NON_XML.sub("", value)
            attrib[name] = value
            report.non_xml += 1
        if len(value) > limit:
            attrib[name] = value[:limit]
            report.attributes_cut += 1


def _flatten(el: Any) -> None:
    """Replace the children of ``el`` by the text they hold, separated by spaces."""
    # the subtree was not walked: its text may still hold characters XML refuses
    text = _NON_XML.sub("", " ".join(t for t in (s.strip() for s in el.itertext()) if t))
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
    if not fast and predicted_cost(report, fast=False) <= remaining:
        return "full"
    if predicted_cost(report, fast=True) <= remaining:
        return "fast"
    return "walk"


def predicted_cost(report: TreeReport, *, fast: bool) -> float:
    """Seconds the extractor is predicted to need on a tree of this size."""
    per_element = FAST_SECONDS_PER_ELEMENT if fast else FULL_SECONDS_PER_ELEMENT
    return report.elements * per_element + report.text_chars * SECONDS_PER_TEXT_CHAR
