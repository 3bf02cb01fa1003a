"""An element's text for the byline: a space at every element edge, script and style text left
out, and with a limit, read only as far as the limit needs.

Line and byline elements nest (inline wrappers around a whole paragraph, hundreds of nested spans
around a subtree of empty elements): reading each level's whole text would make the page facts
quadratic in the nesting, so a limited read stops once it has met ``TOO_LONG_FACTOR`` times the
limit in letters or in elements.
"""

from __future__ import annotations

from typing import Any

from ..textutils import normalize

#: An element whose letters (or elements) outnumber a limit this many times is too long without reading it.
TOO_LONG_FACTOR = 4


def text_of(el: Any, limit: int | None = None) -> str:
    """An element's text with a space at every element edge ("By<a>Jane</a>" reads "By Jane").

    With ``limit``, the text of an element that holds far more than ``limit`` characters, or more
    than ``TOO_LONG_FACTOR * limit`` elements, is read as ``""`` (too long for the caller) after
    reading only that much: nested line and byline elements around one huge paragraph, or around
    a subtree of thousands of empty elements, would otherwise each walk the whole of it.
    """
    if limit is not None:
        chunks = _bounded_chunks(el, limit)
        return "" if chunks is None else normalize(" ".join(chunks))
    if el.find(".//script") is None and el.find(".//style") is None:
        return normalize(" ".join(el.itertext()))  # the common case, without an XPath evaluation
    parts = [str(t) for t in el.xpath(".//text()[not(ancestor::script or ancestor::style)]")]
    return normalize(" ".join(parts))


#: Characters read at a time when counting an element's letters against a limit.
_COUNT_WINDOW = 8192
#: Elements whose text is left out of an element's text.
_NO_TEXT_TAGS = frozenset({"script", "style"})


def _bounded_chunks(el: Any, limit: int) -> list[str] | None:
    """The text pieces of ``el`` in document order, script and style text left out; or ``None``
    once they hold more than ``TOO_LONG_FACTOR * limit`` characters that are not whitespace
    (normalising keeps every one of them, up to NFC's composition of combining sequences: the
    factor leaves room for it), or once the walk has met more than as many elements."""
    budget = TOO_LONG_FACTOR * limit
    seen = elements = 0
    chunks: list[str] = []

    def take(chunk: str | None) -> bool:
        nonlocal seen
        if not chunk:
            return True
        for start in range(0, len(chunk), _COUNT_WINDOW):
            seen += len("".join(chunk[start : start + _COUNT_WINDOW].split()))
            if seen > budget:
                return False
        chunks.append(chunk)
        return True

    if el.tag in _NO_TEXT_TAGS:
        return []
    if not take(el.text):
        return None
    stack = [(el, iter(el))]  # document order without recursion: text, children, then the tail
    while stack:
        node, children = stack[-1]
        child = next(children, None)
        if child is None:
            stack.pop()
            if node is not el and not take(node.tail):
                return None
            continue
        elements += 1
        if elements > budget:
            return None
        if isinstance(child.tag, str) and child.tag not in _NO_TEXT_TAGS:
            if not take(child.text):
                return None
            stack.append((child, iter(child)))
        elif not take(child.tail):  # a comment, script or style: its tail only
            return None
    return chunks
