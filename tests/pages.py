"""Small hand-written news pages and dumps for the CLI and batch tests (no corpus pages)."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

_TOWNS = ("Ashford", "Belmont", "Carrick", "Dunmore", "Elmstead", "Fairview", "Glenwood", "Hartley")


def sentence(n: int) -> str:
    """A sentence unique to page ``n``: tests find each document's text by it."""
    return f"The {_TOWNS[n % len(_TOWNS)]} council approved budget plan number {n} after a long public hearing."


def page(n: int) -> str:
    """An HTML news page with a headline, article paragraphs and some chrome around them."""
    town = _TOWNS[n % len(_TOWNS)]
    return f"""<!DOCTYPE html><html><head><meta charset="utf-8"><title>{town} budget plan {n} approved</title></head>
<body><nav><a href="/">Home</a> <a href="/local">Local</a></nav>
<article><h1>{town} budget plan {n} approved</h1>
<p>{sentence(n)}</p>
<p>Residents spoke for and against the plan for almost three hours, with most asking about road repairs and the library.</p>
<p>The treasurer said the new budget keeps taxes flat while setting aside money for the flood defences along the river.</p>
<p>Advertisement</p>
<p>A final vote on the capital programme is expected next month, once the county has confirmed its share of the funding.</p>
<p>Follow us on Twitter</p>
</article>
<footer>© 2024 {town} Herald. All rights reserved.</footer>
</body></html>"""


def text_dump(n: int) -> str:
    """A plain-text dump of a page: menu lines, the article, footer lines."""
    return (
        f"Home\nLocal\nSport\n\n{_TOWNS[n % len(_TOWNS)]} budget plan {n} approved\n\n{sentence(n)}\n\n"
        "Residents spoke for and against the plan for almost three hours, with most asking about road repairs.\n\n"
        "The treasurer said the new budget keeps taxes flat while setting aside money for the flood defences.\n\n"
        "Share this article\nPrivacy policy\n"
    )


def write_folder(root: Path) -> dict[str, str]:
    """A dump folder with nested pages of every kind, plus a corrupt gzip, a binary and an empty file.

    Returns the good documents' ids (as the CLI names them, run beside ``root``) mapped to their sentence.
    """
    (root / "2024" / "05").mkdir(parents=True)
    good: dict[str, str] = {}

    def put(rel: str, data: bytes, n: int | None) -> None:
        (root / rel).write_bytes(data)
        if n is not None:
            good[f"{root.name}/{rel}"] = sentence(n)

    put("front.html", page(1).encode(), 1)
    put("2024/story.htm", page(2).encode("iso-8859-1").replace(b'charset="utf-8"', b'charset="iso-8859-1"'), 2)
    put("2024/05/wire.html.gz", gzip.compress(page(3).encode()), 3)
    put("2024/05/dump.txt", text_dump(4).encode(), 4)
    put("2024/05/zine.xhtml", page(5).encode(), 5)
    put("2024/broken.html.gz", gzip.compress(page(6).encode())[:200], None)
    put("2024/scan.html", bytes(range(256)) * 16, None)
    put("empty.html", b"", None)
    put("notes.csv", b"a,b\n1,2\n", None)  # not a page kind: not listed at all
    return good


def write_jsonl(path: Path, count: int) -> None:
    """JSONL records with the page in ``body``, a URL, an id and an extra field to keep."""
    with open(path, "w", encoding="utf-8") as fh:
        for n in range(count):
            fh.write(json.dumps({"doc": f"r{n}", "body": page(n), "link": f"https://herald.example/{n}",
                                 "crawl": "2024-05"}) + "\n")
