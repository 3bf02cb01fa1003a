"""Text-dump benchmark on dumps made from the labelled HTML pages.

The 39 labelled dumps of ``chrome/textdumps`` are held out. To develop the dump path without
fitting to them, this benchmark turns every HTML page of ``dev/`` and ``chrome/`` into the dump a
naive scraper saves (the ``<title>`` on the first line, then one line per block element's text,
navigation and footer included, script, style and hidden-by-tag content left out) and scores
newsclean on that dump against the page's labels, beside trafilatura on the HTML page itself
(trafilatura returns nothing for a text dump, so its HTML figure is the reference)::

    .venv/bin/python -m benchmarks.dumps --sets dev chrome
    .venv/bin/python -m benchmarks.dumps --sets dev --limit 200
"""

from __future__ import annotations

import argparse
from typing import Any

from lxml import html as lxml_html

from newsclean import clean
from newsclean.stages.load import decode

from . import corpus
from .extractors import make
from .tables import table

#: Elements whose text a naive scraper puts on a line of its own.
BLOCKS = frozenset(
    "p div li h1 h2 h3 h4 h5 h6 td th tr section article header footer nav aside blockquote figcaption "
    "dt dd ul ol form table main pre br figure address details summary".split()
)
#: Elements a naive scraper leaves out (not text a page shows).
SKIPPED = frozenset("script style noscript template svg head iframe object".split())


def naive_dump(data: bytes) -> str:
    """The page as a naive scraper dumps it: the title, a blank line, one line per block."""
    text, _ = decode(data)
    try:
        tree = lxml_html.document_fromstring(text)
    except Exception:  # an unparsable page dumps to nothing
        return ""
    title = " ".join((tree.findtext(".//title") or "").split())
    parts: list[str] = []

    def walk(el: Any) -> None:
        block = el.tag in BLOCKS
        if block:
            parts.append("\n")
        if el.text:
            parts.append(el.text)
        for child in el:
            if isinstance(child.tag, str) and child.tag not in SKIPPED:
                walk(child)
            if child.tail:
                parts.append(child.tail)
        if block:
            parts.append("\n")

    body = tree.find(".//body")
    walk(body if body is not None else tree)
    lines = (" ".join(line.split()) for line in "".join(parts).split("\n"))
    return (title + "\n\n" if title else "") + "\n".join(line for line in lines if line) + "\n"


def main(argv: list[str] | None = None) -> int:
    """Score newsclean on naive dumps of the HTML pages, trafilatura on the HTML pages."""
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--sets", nargs="*", default=["dev", "chrome"], choices=["dev", "chrome"])
    ap.add_argument("--limit", type=int, default=0, help="first N pages of each set only (0: all)")
    args = ap.parse_args(argv)
    trafilatura = make("trafilatura")
    for name in args.sets:
        if not corpus.available(name):
            print(f"{name}: not available")
            continue
        pages = [p for p in corpus.load(name) if p.path.suffix == ".html"]
        pages = pages[: args.limit] if args.limit else pages
        ours, theirs = corpus.Summary(), corpus.Summary()
        for page in pages:
            data = corpus.read(page)
            ours.add(corpus.score_page(page, clean(naive_dump(data), url=page.url, time_budget=0).text))
            theirs.add(corpus.score_page(page, trafilatura(data, page.url).text))
        rows = [
            [label, f"{s.fully_right}/{s.pages}", f"{s.recall:.1%}", f"{s.leak:.1%}", f"{s.f1:.3f}"]
            for label, s in (("newsclean on the dump", ours), ("trafilatura on the HTML", theirs))
        ]
        print(f"== {name}: {len(pages)} HTML pages as naive text dumps")
        print(table(["extractor", "fully right", "with kept", "without leaked", "F1"], rows))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
