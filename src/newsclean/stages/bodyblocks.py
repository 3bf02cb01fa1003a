"""trafilatura's output tree as :class:`Block` records: one per paragraph, heading, list item,
quote, table or line of a ``<br>``-broken paragraph, in document order."""

from __future__ import annotations

from typing import Any

from ..models import Block, BlockKind

_BLOCK_TAGS: dict[str, BlockKind] = {
    "p": "p",
    "head": "h",
    "quote": "quote",
    "code": "pre",
    "table": "table",
}


#: Inline elements of trafilatura's output; text on either side of any other element (a cell, a
#: heading or an article inside a list item) is kept apart by a space.
_INLINE_OUTPUT = frozenset({"hi", "ref", "del", "sub", "sup", "span", "a", "b", "i", "em", "strong", "abbr", "code", "graphic", "lb"})


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
        return _table_blocks(child, origin)
    kind = _BLOCK_TAGS.get(tag, "p")
    text = element_text(child)
    if kind == "pre":
        return [Block(text, kind, origin)] if text.strip() else []
    return _lines(text, kind, origin)


def _table_blocks(table: Any, origin: str) -> list[Block]:
    """A data table is one block, a row per line, cells apart by " | ". A layout table (no row
    with two cells that hold text: a page laid out in one column of cells) holds paragraphs, not
    data: each line of it is a block of its own, so that its source, date and print lines are
    judged apart from the story they frame."""
    rows = [[(c, text) for c in row if isinstance(c.tag, str) and (text := element_text(c))] for row in table.iter("row")]
    rows = [cells for cells in rows if cells]
    if any(len(cells) > 1 for cells in rows):
        text = "\n".join(" | ".join(text for _, text in cells) for cells in rows)
        return [Block(text, "table", origin)]
    # a layout cell's paragraphs and headings stand on lines of their own
    return [line for n, ((cell, _),) in enumerate(rows) for line in _lines(element_text(cell, apart="\n"), "p", f"{origin}/row[{n}]")]


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


def element_text(element: Any, skip: str | None = None, apart: str = " ") -> str:
    """Text of an output element, ``<lb/>`` as a line break, runs of spaces collapsed per line;
    subelements tagged ``skip`` are left out (their tails are kept); ``apart`` stands on both sides
    of a subelement that is not inline (a paragraph, heading, list or cell)."""
    parts: list[str] = []

    def walk(el: Any) -> None:
        if el.tag == "lb":
            parts.append("\n")
        elif el.text:
            parts.append(el.text)
        for sub in el:
            block = sub.tag not in _INLINE_OUTPUT  # a cell, heading or paragraph: never glued to its neighbours
            if block:
                parts.append(apart)
            if sub.tag != skip:
                walk(sub)
            elif parts and not parts[-1].endswith("\n"):
                parts.append("\n")  # the nested list stood on its own lines
            if block:
                parts.append(apart)
            if sub.tail:
                parts.append(sub.tail)

    walk(element)
    lines = (" ".join(line.split()) for line in "".join(parts).split("\n"))
    return "\n".join(line for line in lines if line)
