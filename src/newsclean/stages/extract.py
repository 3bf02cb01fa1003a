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
from ..textutils import normalize

LOGGER = logging.getLogger(__name__)

# trafilatura logs every page it discards at WARNING level; for newsclean an empty page is an
# ordinary result, reported in the article's warnings instead.
logging.getLogger("trafilatura").setLevel(logging.ERROR)
logging.getLogger("htmldate").setLevel(logging.ERROR)

#: A fast-mode extraction shorter than this (characters) is redone with trafilatura's fallback
#: extractors. Measured on the dev and chrome corpora: 1500 keeps `with` recall within 0.1 point
#: of always running the fallback (3000 gains nothing more) and skips the fallback on most pages.
FALLBACK_BELOW_CHARS = 1500

_BLOCK_TAGS: dict[str, BlockKind] = {
    "p": "p",
    "head": "h",
    "quote": "quote",
    "code": "pre",
    "table": "table",
}


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
    language: str | None = None
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
    if not options.fast and _thin(doc):
        doc = _bare(tree, options, fast=False, errors=errors) or doc
    if doc is None:
        return Extracted(error="; ".join(errors) or None)
    blocks = list(body_blocks(doc.body)) if doc.body is not None else []
    if options.include_comments and doc.commentsbody is not None:
        blocks.extend(body_blocks(doc.commentsbody))
    return Extracted(
        blocks=blocks,
        title=_clean(head.title),
        description=_clean(head.description),
        sitename=_clean(head.sitename),
        language=doc.language,
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


def _thin(doc: Any) -> bool:
    """Whether a fast-mode result is short enough that the fallback extractors may do better."""
    return doc is None or len(doc.text or "") < FALLBACK_BELOW_CHARS


def body_blocks(body: Any) -> list[Block]:
    """Turn trafilatura's output tree into blocks, in document order."""
    blocks: list[Block] = []
    for n, child in enumerate(body):
        tag = child.tag if isinstance(child.tag, str) else ""
        origin = f"{tag}[{n}]"
        if tag == "list":
            blocks.extend(_list_blocks(child, origin))
            continue
        if tag == "table":
            rows = [" | ".join(element_text(c) for c in row if isinstance(c.tag, str)) for row in child.iter("row")]
            text = "\n".join(r for r in rows if r.strip(" |"))
            if text:
                blocks.append(Block(text, "table", origin))
            continue
        kind = _BLOCK_TAGS.get(tag, "p")
        text = element_text(child)
        blocks.extend(_lines(text, kind, origin) if kind != "pre" else [Block(text, kind, origin)] if text.strip() else [])
    return blocks


def _list_blocks(lst: Any, origin: str) -> list[Block]:
    """One block per list item, each piece of text once: an item's own text leaves out the lists
    nested in it, whose items follow as blocks of their own (walking ``lst.iter("item")`` would
    visit nested items twice: glued into their parent item's text, then one by one)."""
    blocks: list[Block] = []
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
            if sub.tag != skip:
                walk(sub)
            elif parts and not parts[-1].endswith("\n"):
                parts.append("\n")  # the nested list stood on its own lines
            if sub.tail:
                parts.append(sub.tail)

    walk(element)
    lines = (" ".join(line.split()) for line in "".join(parts).split("\n"))
    return "\n".join(line for line in lines if line)


def _clean(value: str | None) -> str | None:
    if not value:
        return None
    value = normalize(value)
    return value or None


#: How many blocks at the top of the body may repeat the headline.
TITLE_LOOKAHEAD = 3


def drop_repeated_title(blocks: list[Block], title: str | None) -> tuple[list[Block], list[Removal]]:
    """trafilatura often repeats the headline at the top of the body: it belongs in ``title``."""
    if not title:
        return blocks, []
    key = normalize(title).casefold()
    for i, block in enumerate(blocks[:TITLE_LOOKAHEAD]):
        if normalize(block.text).casefold() == key:
            removal = Removal(normalize(block.text), "title", "title.repeated", i, "head", evidence=block.origin)
            return blocks[:i] + blocks[i + 1 :], [removal]
    return blocks, []
