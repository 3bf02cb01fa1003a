"""Main-content extraction with trafilatura: the only module that imports it.

trafilatura finds the article container and drops navigation, sidebars and (by default here)
comments; its output tree is turned into :class:`Block` records, one per paragraph, heading, list
item, quote or table, so the boilerplate stage can judge each unit on its own.
"""

from __future__ import annotations

import logging
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

from ..models import Block, BlockKind, Options, Removal
from .standfirst import recover_standfirst
from ..textutils import is_prose, normalize, unescape, word_count

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

_BLOCK_TAGS: dict[str, BlockKind] = {
    "p": "p",
    "head": "h",
    "quote": "quote",
    "code": "pre",
    "table": "table",
}


_UNSET: Any = object()
#: Inline elements of trafilatura's output; text on either side of any other element (a cell, a
#: heading or an article inside a list item) is kept apart by a space.
_INLINE_OUTPUT = frozenset({"hi", "ref", "del", "sub", "sup", "span", "a", "b", "i", "em", "strong", "abbr", "code", "graphic", "lb"})


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
    doc = _bare(tree, options, fast=True, errors=errors)
    if not options.fast:
        doc = _with_fallback(tree, doc, options, errors)
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


def _bare(tree: Any, options: Options, *, fast: bool, errors: list[str]) -> Any:
    extractor = Extractor(
        output_format="python",
        fast=fast,
        comments=options.include_comments,
        tables=options.include_tables,
        url=options.url,
        with_metadata=False,  # newsclean reads the metadata it needs itself, see _head_metadata
    )
    try:
        doc = trafilatura.bare_extraction(tree, url=options.url, options=extractor)
    except Exception as err:  # trafilatura is robust, but a hostile page must not stop newsclean
        LOGGER.debug("trafilatura failed: %r", err)
        errors.append(repr(err))
        return None
    return None if doc is None or isinstance(doc, dict) else doc


def _with_fallback(tree: Any, doc: Any, options: Options, errors: list[str]) -> Any:
    """Redo a thin fast-mode result with trafilatura's full cascade (its fallback extractors).

    Thin means short (under FALLBACK_BELOW_CHARS), or longer but holding little prose: too few
    prose words, or a small share of the prose the page's own paragraphs hold.
    """
    if doc is None or len(doc.text or "") < FALLBACK_BELOW_CHARS:
        return _bare(tree, options, fast=False, errors=errors) or doc
    got = _result_prose_words(doc)
    if got >= FALLBACK_BELOW_PROSE_WORDS and got >= FALLBACK_BELOW_COVERAGE * page_prose_words(tree):
        return doc
    full = _bare(tree, options, fast=False, errors=errors)
    return full if full is not None and _result_prose_words(full) > got else doc


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


def body_blocks(body: Any) -> list[Block]:
    """Turn trafilatura's output tree into blocks, in document order.

    Text that trafilatura leaves loose in the body (before the first element, or as the tail of
    a heading: ``<head>Module</head>Two years``) is a paragraph of its own: every piece of the
    extractor's text becomes a block.
    """
    blocks: list[Block] = list(_lines(_loose(body.text), "p", "text")) if body.text else []
    for n, child in enumerate(body):
        tag = child.tag if isinstance(child.tag, str) else ""
        origin = f"{tag}[{n}]"
        blocks.extend(_child_blocks(child, tag, origin))
        if child.tail and child.tail.strip():
            blocks.extend(_lines(_loose(child.tail), "p", f"{origin}/tail"))
    return blocks


def _child_blocks(child: Any, tag: str, origin: str) -> list[Block]:
    if tag == "list":
        return _list_blocks(child, origin)
    if tag == "table":
        rows = [" | ".join(element_text(c) for c in row if isinstance(c.tag, str)) for row in child.iter("row")]
        text = "\n".join(r for r in rows if r.strip(" |"))
        return [Block(text, "table", origin)] if text else []
    kind = _BLOCK_TAGS.get(tag, "p")
    text = element_text(child)
    if kind == "pre":
        return [Block(text, kind, origin)] if text.strip() else []
    return _lines(text, kind, origin)


def _loose(text: str) -> str:
    """Loose text as element_text renders text: runs of spaces collapsed."""
    return " ".join(text.split())


def _list_blocks(lst: Any, origin: str) -> list[Block]:
    """One block per list item, each piece of text once: an item's own text leaves out the lists
    nested in it, whose items follow as blocks of their own (walking ``lst.iter("item")`` would
    visit nested items twice: glued into their parent item's text, then one by one)."""
    blocks: list[Block] = list(_lines(_loose(lst.text), "li", f"{origin}/text")) if lst.text else []
    items = lists = 0
    for el in lst.iterdescendants("item", "list"):
        if next(el.iterancestors("list"), None) is not lst:
            continue  # inside a nested list: its own call renders it
        if el.tag == "list":
            under = f"{origin}/item[{items - 1}]" if items else origin
            blocks.extend(_list_blocks(el, f"{under}/list[{lists}]"))
            lists += 1
        else:
            blocks.extend(_lines(element_text(el, skip="list"), "li", f"{origin}/item[{items}]"))
            items += 1
        if el.getparent() is lst and el.tail and el.tail.strip():  # loose text between items
            blocks.extend(_lines(_loose(el.tail), "li", f"{origin}/item[{items - 1}]/tail"))
    return blocks


def _lines(text: str, kind: BlockKind, origin: str) -> list[Block]:
    """One block per line of a paragraph: chrome often shares a ``<br>``-broken paragraph with
    article lines (a "READ MORE:" list, a source line, a copyright line under the last sentence)."""
    lines = [line for line in text.split("\n") if line.strip()]
    return [Block(line, kind, origin if n == 0 else f"{origin}/line[{n}]", continues=n > 0) for n, line in enumerate(lines)]


def element_text(element: Any, skip: str | None = None) -> str:
    """Text of an output element, ``<lb/>`` as a line break, runs of spaces collapsed per line;
    subelements tagged ``skip`` are left out (their tails are kept)."""
    parts: list[str] = []

    def walk(el: Any) -> None:
        if el.tag == "lb":
            parts.append("\n")
        elif el.text:
            parts.append(el.text)
        for sub in el:
            apart = sub.tag not in _INLINE_OUTPUT  # a cell, heading or paragraph: never glued to its neighbours
            if apart:
                parts.append(" ")
            if sub.tag != skip:
                walk(sub)
            elif parts and not parts[-1].endswith("\n"):
                parts.append("\n")  # the nested list stood on its own lines
            if apart:
                parts.append(" ")
            if sub.tail:
                parts.append(sub.tail)

    walk(element)
    lines = (" ".join(line.split()) for line in "".join(parts).split("\n"))
    return "\n".join(line for line in lines if line)


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
