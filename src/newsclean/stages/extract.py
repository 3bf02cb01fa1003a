"""Main-content extraction with trafilatura: the only module that imports it.

trafilatura finds the article container and drops navigation, sidebars and (by default here)
comments; its output tree is turned into :class:`Block` records (stages/bodyblocks.py), one per
paragraph, heading, list item, quote or table, so the boilerplate stage can judge each unit on its
own. Its cascade runs step by step (:class:`Cascade`), so that a page needing the full mode after
the fast one does the work the two share once.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from copy import copy
from dataclasses import dataclass, field
from typing import Any

import trafilatura
from htmldate import find_date
from trafilatura.metadata import (
    examine_meta,
    extract_author,
    extract_meta_json,
    extract_sitename,
    extract_title,
    extract_url,
)
from trafilatura.settings import Document, Extractor

from ..models import Block, Options, Removal
from ..textutils import is_prose, normalize, unescape, word_count
from .bodyblocks import body_blocks, element_text
from .standfirst import recover_standfirst

LOGGER = logging.getLogger(__name__)

# trafilatura logs every page it discards at WARNING level; for newsclean an empty page is an
# ordinary result, reported in the article's warnings instead.
logging.getLogger("trafilatura").setLevel(logging.ERROR)
logging.getLogger("htmldate").setLevel(logging.ERROR)

#: A fast-mode extraction shorter than this (characters) is redone with trafilatura's fallback
#: extractors. Measured on the dev and chrome corpora: 1500 keeps `with` recall within 0.1 point
#: of always running the fallback (3000 gains nothing more) and skips the fallback on most pages.
FALLBACK_BELOW_CHARS = 1500
#: A longer fast-mode result is redone too when it reads thin: fewer prose words than this (about
#: what 1,500 characters of prose hold; menu text flattened into lines holds none) ...
FALLBACK_BELOW_PROSE_WORDS = 250
#: ... or less than this share of the prose words of the page's own paragraphs (a pricing box
#: or a teaser instead of the article). The full result then replaces it only when it holds more
#: prose, so that a page the fast mode reads well is never worse off.
FALLBACK_BELOW_COVERAGE = 0.5
#: A paragraph of the page with this share of its text in links is navigation, not prose.
PAGE_LINK_DENSITY = 0.5

_UNSET: Any = object()


@dataclass(slots=True)
class Extracted:
    """What trafilatura found: the body as blocks plus the page's metadata.

    Title, description, site name and URL come from the cheap sources (meta tags, JSON-LD, the
    title element); ``author`` and ``date`` cost trafilatura's author search and htmldate, so they
    are computed only when asked for (the byline asks only when its own sources found nothing).
    """

    blocks: list[Block] = field(default_factory=list)
    title: str | None = None
    description: str | None = None
    sitename: str | None = None
    url: str | None = None
    tree: Any = None
    meta_author: str | None = None
    _author: Any = _UNSET
    _date: Any = _UNSET
    #: Why extraction failed, when trafilatura raised (the page then counts as holding no article).
    error: str | None = None

    @property
    def author(self) -> str | None:
        """Author names as trafilatura finds them (meta tags first, then its DOM search)."""
        if self._author is _UNSET:
            self._author = self.meta_author or (_safe(extract_author, self.tree) if self.tree is not None else None)
            self._author = _clean(self._author)
        return self._author

    @property
    def date(self) -> str | None:
        """Publication date as htmldate finds it (its fast search)."""
        if self._date is _UNSET:
            self._date = _safe(lambda t: find_date(t, extensive_search=False, url=self.url), self.tree) if self.tree is not None else None
        return self._date


def extract(tree: Any, options: Options) -> Extracted:
    """Run trafilatura on a parsed tree and convert its body to blocks.

    Returns an empty :class:`Extracted` when trafilatura finds no article.
    """
    head = _head_metadata(tree, options.url)
    # trafilatura's fast mode skips its fallback extractors (readability, jusText), which cost
    # about a quarter of its time and matter only when its own result is thin: run fast first and
    # fall back to the full cascade only for a short result.
    errors: list[str] = []
    doc, full = _extractions(tree, options, errors)
    if not options.fast:
        doc = _with_fallback(tree, doc, full)
    if doc is None:
        return Extracted(error="; ".join(errors) or None)
    blocks = list(body_blocks(doc.body)) if doc.body is not None else []
    lead = recover_standfirst(tree, blocks, _clean(head.description))
    if lead is not None:
        blocks.insert(0, lead)
    if options.include_comments and doc.commentsbody is not None:
        blocks.extend(body_blocks(doc.commentsbody))
    return Extracted(
        blocks=blocks,
        title=_clean(head.title),
        description=_clean(head.description),
        sitename=_clean(head.sitename),
        url=head.url,
        tree=tree if options.with_byline else None,
        meta_author=head.author if head.author and " " in head.author else None,
    )


def _head_metadata(tree: Any, url: str | None) -> Any:
    """Title, description, site name, URL (and a meta-tag author) from meta tags and JSON-LD."""
    meta = _safe(examine_meta, tree)
    if meta is None:
        return Document()
    try:
        meta = extract_meta_json(tree, meta)
    except Exception as err:  # trafilatura's JSON-LD reader can trip on odd pages
        LOGGER.debug("JSON-LD metadata failed: %r", err)
    if not meta.title:
        meta.title = _safe(extract_title, tree)
    if not meta.sitename:
        meta.sitename = _safe(extract_sitename, tree)
    if meta.sitename:
        meta.sitename = meta.sitename.lstrip("@")
        if meta.sitename and "." not in meta.sitename and not meta.sitename[0].isupper():
            meta.sitename = meta.sitename.title()
    meta.url = meta.url or _safe(lambda t: extract_url(t, url), tree) or url
    return meta


def _safe(function: Any, tree: Any) -> Any:
    try:
        return function(tree)
    except Exception as err:  # a metadata helper failing costs a field, never the page
        LOGGER.debug("metadata helper failed: %r", err)
        return None


def _extractor(options: Options, *, fast: bool) -> Any:
    return Extractor(
        output_format="python",
        fast=fast,
        comments=options.include_comments,
        tables=options.include_tables,
        url=options.url,
        with_metadata=False,  # newsclean reads the metadata it needs itself, see _head_metadata
    )


def _extractions(tree: Any, options: Options, errors: list[str]) -> tuple[Any, Callable[[], Any]]:
    """trafilatura's fast-mode result, and a call that gives its full-mode result (run if asked).

    Both come from one :class:`Cascade` when this trafilatura's internals are the ones it follows;
    otherwise (or with comments on, which it does not cover) from two public calls.
    """
    if _CORE is None or options.include_comments:
        return _bare(tree, options, fast=True, errors=errors), lambda: _bare(tree, options, fast=False, errors=errors)
    cascade = Cascade(_CORE, tree, options, errors)
    return cascade.result(fast=True), lambda: cascade.result(fast=False)


def _bare(tree: Any, options: Options, *, fast: bool, errors: list[str]) -> Any:
    """One public ``trafilatura.bare_extraction`` call (the fallback of :class:`Cascade`)."""
    try:
        doc = trafilatura.bare_extraction(tree, url=options.url, options=_extractor(options, fast=fast))
    except Exception as err:  # trafilatura is robust, but a hostile page must not stop newsclean
        LOGGER.debug("trafilatura failed: %r", err)
        errors.append(repr(err))
        return None
    return None if doc is None or isinstance(doc, dict) else doc


def _with_fallback(tree: Any, doc: Any, full: Callable[[], Any]) -> Any:
    """Take trafilatura's full-mode result (its fallback extractors) for a thin fast-mode one.

    Thin means short (under FALLBACK_BELOW_CHARS), or longer but holding little prose: too few
    prose words, or a small share of the prose the page's own paragraphs hold.
    """
    if doc is None or len(doc.text or "") < FALLBACK_BELOW_CHARS:
        return full() or doc
    got = _result_prose_words(doc)
    if got >= FALLBACK_BELOW_PROSE_WORDS and got >= FALLBACK_BELOW_COVERAGE * page_prose_words(tree):
        return doc
    better = full()
    return better if better is not None and _result_prose_words(better) > got else doc


def _result_prose_words(doc: Any) -> int:
    """Words of the result's blocks that read as prose (a flattened menu or list reads as none)."""
    if doc.body is None:
        return 0
    texts = (line for child in doc.body for line in element_text(child).split("\n"))
    return sum(word_count(t) for t in texts if is_prose(t))


def page_prose_words(tree: Any) -> int:
    """Words of the page's paragraphs that read as prose and are not mostly links."""
    total = 0
    for p in tree.iter("p"):
        text = normalize(p.text_content())
        if not text or not is_prose(text):
            continue
        linked = sum(len(normalize(a.text_content())) for a in p.iter("a"))
        if linked < PAGE_LINK_DENSITY * len(text):
            total += word_count(text)
    return total


def _clean(value: str | None) -> str | None:
    if not value:
        return None
    value = normalize(unescape(value))
    return value or None


#: How many blocks at the top of the body may repeat the headline.
TITLE_LOOKAHEAD = 3


def drop_repeated_title(blocks: list[Block], title: str | None) -> tuple[list[Block], list[Removal]]:
    """trafilatura often repeats the headline at the top of the body: it belongs in ``title``.

    A line of a ``<br>``-broken body paragraph that restates it (a bold headline line over the
    standfirst, written into the article body) is the author's text, and stays."""
    if not title:
        return blocks, []
    key = normalize(title).casefold()
    for i, block in enumerate(blocks[:TITLE_LOOKAHEAD]):
        in_paragraph = block.kind != "h" and (block.continues or (i + 1 < len(blocks) and blocks[i + 1].continues))
        if not in_paragraph and normalize(block.text).casefold() == key:
            removal = Removal(normalize(block.text), "title", "title.repeated", i, "head", evidence=block.origin)
            return blocks[:i] + blocks[i + 1 :], [removal]
    return blocks, []


# --- trafilatura's cascade, step by step -----------------------------------------------------------
# trafilatura's full mode is its fast mode's work (pruning, cleaning and converting the tree, the main
# extractor, the baseline and recall rescues) plus a comparison with readability and jusText. Two
# bare_extraction calls (fast, then full for a thin result) did the shared work twice; Cascade runs
# trafilatura_sequence's steps for newsclean's settings (comments off, balanced focus, Python output,
# no metadata) and does the pruning, the tree preparation and the page-text measure once per page.
# The results are trafilatura's own (tests/stages/test_cascade.py compares them with its public
# calls); a trafilatura outside STEPWISE_VERSIONS, or one lacking a step, gets the public calls.

#: trafilatura versions whose internals Cascade follows, [first, last): pinned in pyproject.toml.
STEPWISE_VERSIONS = ((2, 3, 1), (2, 4))
_STEPS = ("_forum_thread_page", "_prepare_tree", "load_html", "prune_unwanted_nodes", "RAW_TREE_PRUNE_XPATH",
          "REMOVE_COMMENTS_AND_LISTS_XPATH", "extract_content", "compare_extraction", "convert_tags", "baseline",
          "html2txt", "justext_rescue", "strip_tags", "xmltotxt", "ESCALATION_MAX_LENGTH", "ESCALATION_PAGE_SHARE",
          "ESCALATION_ACCEPT_RATIO", "ESCALATION_JUSTEXT_RATIO")


def stepwise_core() -> Any:
    """``trafilatura.core`` when Cascade can follow it (version in range, every step present), else None."""
    try:
        from trafilatura import core

        version = tuple(int(part) for part in trafilatura.__version__.split(".")[:3])
    except (ImportError, AttributeError, ValueError):
        return None
    if not STEPWISE_VERSIONS[0] <= version < STEPWISE_VERSIONS[1]:
        return None
    return core if all(hasattr(core, name) for name in _STEPS) else None


_CORE = stepwise_core()


class Cascade:
    """One page through trafilatura's cascade: the fast-mode result, and the full mode's on demand.

    Mirrors ``trafilatura.core.bare_extraction`` and ``trafilatura_sequence`` (comments off,
    balanced focus). What both modes compute alike is computed once: the copied and pruned raw
    tree, each cleaned-and-converted tree (the second mode converts a copy of the cleaned backup,
    which is what trafilatura converts), the page text the recall escalation measures against.
    A step that raised raises again for the second mode, as a second public call would.
    """

    def __init__(self, core: Any, tree: Any, options: Options, errors: list[str]) -> None:
        self.core, self.tree, self.url, self.errors = core, tree, options.url, errors
        self.modes = {True: _extractor(options, fast=True), False: _extractor(options, fast=False)}
        self._once: dict[str, tuple[bool, Any]] = {}
        self._converted: set[str] = set()  # prepared trees whose converted tree one mode has taken

    def result(self, *, fast: bool) -> Any:
        """The Document ``bare_extraction`` gives in this mode, or None (no article, or a failure)."""
        try:
            return self._document(self.modes[fast])
        except (TypeError, ValueError):  # bare_extraction's own catch: the page is discarded
            return None
        except Exception as err:  # trafilatura is robust, but a hostile page must not stop newsclean
            LOGGER.debug("trafilatura failed: %r", err)
            self.errors.append(repr(err))
            return None

    def once(self, key: str, compute: Callable[[], Any]) -> Any:
        """``compute()``'s value, computed on the first call only; its exception raised on every call."""
        if key not in self._once:
            try:
                self._once[key] = (True, compute())
            except Exception as err:
                self._once[key] = (False, err)
        ok, value = self._once[key]
        if not ok:
            raise value
        return value

    def _raw(self) -> Any:
        """bare_extraction's copy of the page, pruned as trafilatura_sequence prunes it."""
        core = self.core
        tree = core.load_html(self.tree, self.modes[True].max_file_size)
        if tree is None:
            raise ValueError("empty HTML tree")
        if tree is self.tree:
            tree = copy(tree)
        is_forum = core._forum_thread_page(tree)
        tree = core.prune_unwanted_nodes(tree, core.RAW_TREE_PRUNE_XPATH)
        if not is_forum:  # comments off: their containers go before any stage sees the tree
            tree = core.prune_unwanted_nodes(tree, core.REMOVE_COMMENTS_AND_LISTS_XPATH)
        return tree

    def _extract_and_compare(self, key: str, raw: Any, options: Any) -> tuple[Any, str]:
        """Stages 1-2: the main extractor on the converted tree, then (full mode) the comparison."""
        cleaned, backup = self.once(key, lambda: self.core._prepare_tree(raw, options, self.url))
        if key in self._converted:  # the first mode's extractor consumed the converted tree
            cleaned = self.core.convert_tags(copy(backup), options, self.url)
        self._converted.add(key)
        body, text = self.core.extract_content(cleaned, options)
        if not options.fast:
            body, text = self.core.compare_extraction(backup, copy(raw), body, text, options)
        return body, text

    def _sequence(self, options: Any) -> tuple[Any, str]:
        """trafilatura_sequence: stages 1-2, then the baseline rescue (3) and the recall escalation (4)."""
        core = self.core
        raw = self.once("raw", self._raw)
        body, text = self._extract_and_compare("main", raw, options)
        if len(text) < options.min_extracted_size:
            b_body, b_text, b_len = core.baseline(raw)
            if b_len > len(text):
                body, text = b_body, b_text
        if not 0 < len(text) < core.ESCALATION_MAX_LENGTH or len(text) >= core.ESCALATION_PAGE_SHARE * len(
            self.once("page text", lambda: core.html2txt(raw))
        ):
            return body, text
        recall = copy(options)
        recall.focus = "recall"
        r_body, r_text, j_body, j_text = None, "", None, ""
        try:
            r_body, r_text = self._extract_and_compare("recall", raw, recall)
        except Exception as err:  # as trafilatura: a failed retry is no result
            LOGGER.debug("recall retry failed: %r", err)
        if not options.fast:
            try:
                j_body, j_text = core.justext_rescue(copy(raw), options)
            except Exception as err:
                LOGGER.debug("justext candidate failed: %r", err)
        if len(j_text) > len(r_text) and len(j_text) > core.ESCALATION_JUSTEXT_RATIO * len(text):
            return j_body, j_text
        if len(r_text) >= options.min_extracted_size and len(r_text) > core.ESCALATION_ACCEPT_RATIO * len(text):
            return r_body, r_text
        return body, text

    def _document(self, options: Any) -> Any:
        """bare_extraction's checks and its Python result around the sequence."""
        body, text = self._sequence(options)
        if options.max_tree_size and len(body) > options.max_tree_size:
            self.core.strip_tags(body, "hi")
            if len(body) > options.max_tree_size:
                raise ValueError("output tree too long")
        if len(text) < options.min_output_size and options.min_output_comm_size > 0:  # no comments: 0 chars
            raise ValueError("text not long enough")
        doc = Document()
        doc.text = self.core.xmltotxt(body, options.formatting)
        doc.raw_text, doc.body = doc.text, body
        return doc
