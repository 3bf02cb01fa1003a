"""Whole-page text dumps of the training pages, for the dump judge.

A naive scraper saves a page as its whole visible text, one line per block, navigation included
(the form of ``chrome/textdumps/``). The judge of text dumps learns from such dumps of the training
pool's HTML pages: each page is rendered to text and goes through newsclean's own text-dump stages,
so its blocks are the ones the dump judge later scores, and it keeps the page's labels (gold text or
``with``/``without`` snippets, which are verbatim text and so hold in the dump too).

The main renderer is inscriptis (``train`` extra), a CSS-aware HTML-to-text converter that lays out
blocks, list bullets (``*``, ``+`` for nested lists) and table cells the way a browser's text
view does; runs of blank lines are cut to one and lines stripped. Each page is also rendered a
second, plainer way (``plain``: every block element's text on its own line, no bullets and no
blank lines), so the judge does not learn one renderer's layout.
"""

from __future__ import annotations

from typing import Any

#: The two renderings of each page.
RENDERERS = ("inscriptis", "plain")

_SKIP = {"script", "style", "noscript", "template", "head", "iframe", "svg", "object", "embed", "canvas",
         "select", "option", "title", "meta", "link"}
_BLOCK = {"address", "article", "aside", "blockquote", "body", "br", "caption", "center", "dd", "details",
          "div", "dl", "dt", "fieldset", "figcaption", "figure", "footer", "form", "h1", "h2", "h3", "h4",
          "h5", "h6", "header", "hr", "html", "legend", "li", "main", "menu", "nav", "ol", "p", "pre",
          "section", "summary", "table", "tbody", "td", "tfoot", "th", "thead", "tr", "ul"}


def _tidy(text: str, blank_lines: bool = True) -> str:
    """Lines stripped, runs of blank lines cut to one (or, without ``blank_lines``, dropped), a final newline."""
    lines = [" ".join(line.split()) for line in text.splitlines()]
    out: list[str] = []
    for line in lines:
        if not line and (not blank_lines or not out or not out[-1]):
            continue
        out.append(line)
    return "\n".join(out).strip() + "\n"


def _inscriptis(markup: str) -> str:
    from inscriptis import get_text

    return get_text(markup)


def _plain(markup: str) -> str:
    """Every block element's text on a line of its own (an iterative walk: deep pages are fine)."""
    from newsclean.stages.load import parse_html

    root = parse_html(markup, [])  # newsclean's own parser and limits
    if root is None:
        return ""
    out: list[str] = []
    stack: list[tuple[Any, bool]] = [(root, False)]
    while stack:
        el, closing = stack.pop()
        tag = el.tag.lower() if isinstance(el.tag, str) else None
        if closing:
            if tag in _BLOCK:
                out.append("\n")
            if el.tail:
                out.append(el.tail)
            continue
        if tag is None or tag in _SKIP:
            if el.tail:
                out.append(el.tail)
            continue
        if tag in _BLOCK:
            out.append("\n")
        if el.text:
            out.append(el.text)
        stack.append((el, True))
        stack.extend((child, False) for child in reversed(el))
    return "".join(out)


def render(data: bytes, renderer: str = "inscriptis") -> str:
    """A page's whole-page text dump, decoded the way newsclean decodes it."""
    from newsclean.stages.load import decode

    markup, _ = decode(data)
    if renderer == "inscriptis":
        return _tidy(_inscriptis(markup))
    return _tidy(_plain(markup), blank_lines=False)
