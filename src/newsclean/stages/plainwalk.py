"""Cheap text from markup, for when the full pipeline cannot be afforded or cannot parse a page.

Both functions here run in time linear in their input and keep every visible word: they are the
fallbacks of the time budget (a tree too big for the extractor) and of the parser (markup it
gives up on). The boilerplate rules still run on their output.
"""

from __future__ import annotations

import html
import re
from typing import Any

from lxml import etree

from ..models import Block, BlockKind
from ..textutils import normalize

#: Elements whose content is never text a reader sees.
SKIPPED_TAGS = frozenset({"script", "style", "noscript", "template", "head", "svg", "math", "iframe", "object"})
#: Elements that start a new block of text.
BLOCK_TAGS = frozenset(
    {
        "address", "article", "aside", "blockquote", "body", "br", "dd", "details", "div", "dl", "dt",
        "figcaption", "figure", "footer", "form", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hr",
        "li", "main", "nav", "ol", "p", "pre", "section", "summary", "table", "td", "th", "tr", "ul",
    }
)
_KINDS: dict[str, BlockKind] = {
    "h1": "h", "h2": "h", "h3": "h", "h4": "h", "h5": "h", "h6": "h",
    "li": "li", "blockquote": "quote", "pre": "pre", "figcaption": "caption",
}
_TAG_NAME = re.compile(r"/?([A-Za-z][A-Za-z0-9:-]{0,40})")
#: The closing tag of each skipped element (found case-insensitively without lower-casing the
#: page: lower-casing may change a string's length, and with it every index).
_CLOSERS = {name: re.compile(f"</{name}", re.IGNORECASE) for name in SKIPPED_TAGS}


def walk_blocks(root: Any) -> list[Block]:
    """Blocks of text of a parsed tree, one per block-level element, in document order."""
    blocks: list[Block] = []
    buffer: list[str] = []

    def flush(kind: BlockKind) -> None:
        if not buffer:  # a run of empty block elements (a million <br>) costs no normalising
            return
        text = normalize("".join(buffer))
        buffer.clear()
        if text:
            blocks.append(Block(text, kind, f"walk[{len(blocks)}]"))

    # lxml's own walk (C, no recursion: trees may be deep); skipped subtrees are never entered.
    walker = etree.iterwalk(root, events=("start", "end"))
    for event, el in walker:
        tag = el.tag.lower() if isinstance(el.tag, str) else ""
        if event == "start":
            if tag in SKIPPED_TAGS or not tag:
                walker.skip_subtree()
                continue
            if tag in BLOCK_TAGS:
                flush("p")
            if el.text:
                buffer.append(el.text)
            continue
        if tag in BLOCK_TAGS:
            flush(_KINDS.get(tag, "p"))
        if el.tail:
            buffer.append(el.tail)
    flush("p")
    return blocks


def strip_tags(markup: str) -> str:
    """The text of markup without parsing it: tags, comments and script/style bodies dropped,
    block-level tags turned into line breaks, character references decoded."""
    out: list[str] = []
    pos, end = 0, len(markup)
    while pos < end:
        lt = markup.find("<", pos)
        if lt < 0:
            out.append(markup[pos:])
            break
        out.append(markup[pos:lt])
        if markup.startswith("<!--", lt):
            close = markup.find("-->", lt + 4)
            pos = end if close < 0 else close + 3
            continue
        gt = markup.find(">", lt + 1)
        if gt < 0:
            break  # an unclosed tag runs to the end of the page: nothing visible follows
        name_match = _TAG_NAME.match(markup, lt + 1)
        name = name_match.group(1).lower() if name_match else ""
        pos = gt + 1
        if name in SKIPPED_TAGS and not markup.startswith("</", lt):
            found = _CLOSERS[name].search(markup, pos)
            close_end = markup.find(">", found.end()) if found else -1
            pos = end if close_end < 0 else close_end + 1
        elif name in BLOCK_TAGS:
            out.append("\n")
    return html.unescape("".join(out))
