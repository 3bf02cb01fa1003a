"""Hostile inputs for the robustness tests and the fuzz run: mutations of seed pages.

The seed pages are the hand-written ones of ``tests/robustness_seeds/`` (modelled on common layouts)
or, for the fuzz run's ``--seeds corpus``, real pages read from ``../shared/corpus``. Each
mutation is a plain function of a seeded ``random.Random`` so that a failing input can be rebuilt
from its number alone.
"""

from __future__ import annotations

import gzip
import random
from collections.abc import Callable
from functools import lru_cache
from pathlib import Path

SEEDS_DIR = Path(__file__).resolve().parent.parent / "tests" / "robustness_seeds"
#: Encodings a mutated page may be written in (some of them lie about themselves on purpose).
ENCODINGS = ("utf-8", "utf-16-le", "utf-16-be", "utf-16", "latin-1", "cp1251", "shift_jis", "gb18030", "koi8-r")
#: Fragments spliced into pages: markup that tends to upset parsers and extractors.
FRAGMENTS = (
    "<div>", "</div>", "<p>", "</p>", "<table><tr><td>", "<script>", "</script>", "<style>", "<!--",
    "-->", "<![CDATA[", "]]>", "<svg><path d='M0 0'/>", "<math>", "<template>", "<noscript>",
    "&amp;", "&#0;", "&#xD800;", "&#x110000;", "&nbsp;", "&unknown;", "&lt;", "\u202e", "\ufeff",
    "\x00", "\x0b", "\x1b[31m", "\ud7ff", "\U0001f600", "<?php echo 1; ?>", "<!DOCTYPE html>",
    '<meta charset="utf-16">', '<meta charset="utf-7">', '<meta charset="no-such-charset">',
    '<meta http-equiv="refresh" content="0;url=http://127.0.0.1:9/">', '<base href="http://127.0.0.1:9/">',
    '<link rel="stylesheet" href="http://127.0.0.1:9/x.css">', '<img src="http://127.0.0.1:9/x.png">',
    '<iframe src="http://127.0.0.1:9/"></iframe>', "<p>By Jane Doe</p>", "<p>Advertisement</p>",
)
XXE = (
    '<?xml version="1.0"?>\n<!DOCTYPE html [<!ENTITY xxe SYSTEM "file:///etc/passwd">'
    '<!ENTITY net SYSTEM "http://127.0.0.1:9/x">]>\n'
)
LAUGHS = (
    '<?xml version="1.0"?>\n<!DOCTYPE html [<!ENTITY a "aaaaaaaaaa">'
    + "".join(f'<!ENTITY {chr(98 + i)} "{("&" + chr(97 + i) + ";") * 10}">' for i in range(9))
    + "]>\n"
)


def seeds() -> list[str]:
    """The seed pages, as text."""
    return [p.read_text(encoding="utf-8") for p in sorted(SEEDS_DIR.iterdir()) if p.is_file()]


@lru_cache(maxsize=4)
def corpus_seeds(count: int) -> list[str]:
    """``count`` real pages of ``../shared/corpus`` (every k-th page of dev/, chrome/ and train/, in path
    order), decoded as text; read at run time, never copied into the project. Empty when the corpus
    is absent."""
    from benchmarks.corpus import CORPUS

    paths = sorted(
        p for pattern in ("dev/pages/*", "chrome/*.html*", "train/*/pages/*")
        for p in CORPUS.glob(pattern) if p.is_file()
    )
    if not paths:
        return []
    step = max(1, len(paths) // count)
    pages = []
    for path in paths[::step][:count]:
        data = path.read_bytes()
        if path.suffix == ".gz":
            data = gzip.decompress(data)
        pages.append(data.decode("utf-8", errors="replace"))
    return pages


def truncate(rng: random.Random, text: str) -> str:
    """Cut the page at a random point."""
    return text[: rng.randrange(len(text) + 1)]


def splice(rng: random.Random, text: str) -> str:
    """Insert a troublesome fragment, sometimes repeated."""
    at = rng.randrange(len(text) + 1)
    return text[:at] + rng.choice(FRAGMENTS) * rng.choice((1, 1, 3, 50)) + text[at:]


def delete(rng: random.Random, text: str) -> str:
    """Delete a random slice."""
    a = rng.randrange(len(text) + 1)
    return text[:a] + text[a + rng.randrange(200) :]


def duplicate(rng: random.Random, text: str) -> str:
    """Repeat a random slice many times."""
    a = rng.randrange(len(text) + 1)
    piece = text[a : a + rng.randrange(1, 400)]
    return text[:a] + piece * rng.choice((2, 10, 30)) + text[a:]


def nest(rng: random.Random, text: str) -> str:
    """Open (and maybe close) hundreds or thousands of nested elements."""
    at = text.find("<p>") if "<p>" in text else rng.randrange(len(text) + 1)
    depth = rng.choice((300, 1000, 3000))
    tag = rng.choice(("div", "span", "b", "table", "ul"))
    closing = f"</{tag}>" * depth if rng.random() < 0.5 else ""
    return text[:at] + f"<{tag}>" * depth + text[at:] + closing


def big_attribute(rng: random.Random, text: str) -> str:
    """Give an element a huge attribute value."""
    value = rng.choice(("a", "x ", "&amp;", '"', "é")) * rng.choice((5_000, 20_000))
    return text.replace("<p", f'<p class="{value}"', 1)


def many_attributes(rng: random.Random, text: str) -> str:
    """Give the body hundreds or thousands of attributes."""
    attrs = " ".join(f"data-a{i}=v" for i in range(rng.choice((300, 5000))))
    return text.replace("<body", f"<body {attrs}", 1)


def control_chars(rng: random.Random, text: str) -> str:
    """Scatter C0 control characters."""
    chars = list(text)
    for _ in range(rng.randrange(1, 50)):
        chars.insert(rng.randrange(len(chars) + 1), chr(rng.randrange(0, 32)))
    return "".join(chars)


def random_unicode(rng: random.Random, text: str) -> str:
    """Insert random code points from the first three planes."""
    at = rng.randrange(len(text) + 1)
    noise = "".join(chr(rng.randrange(0x20, 0x2FFFF)) for _ in range(rng.randrange(1, 300)))
    noise = noise.encode("utf-8", "replace").decode("utf-8", "replace")  # no lone surrogates in str
    return text[:at] + noise + text[at:]


def entities(rng: random.Random, text: str) -> str:
    """Prepend an external-entity or billion-laughs doctype and use its entities."""
    body = text.split("?>", 1)[-1] if text.startswith("<?xml") else text
    head = rng.choice((XXE, LAUGHS))
    return head + body.replace("<p>", rng.choice(("<p>&xxe;", "<p>&net;", "<p>&j;", "<p>&a;")), 1)


def long_line(rng: random.Random, text: str) -> str:
    """Make one paragraph a very long single line."""
    return text.replace("</p>", "word " * rng.choice((500, 5_000)) + "</p>", 1)


TEXT_MUTATIONS: tuple[Callable[[random.Random, str], str], ...] = (
    truncate, splice, splice, delete, duplicate, nest, big_attribute, many_attributes, control_chars,
    random_unicode, entities, long_line,
)


def to_bytes(rng: random.Random, text: str) -> bytes:
    """Encode a text the way a scraper might have saved it, lies and damage included."""
    data = text.encode(rng.choice(ENCODINGS), errors="replace")
    roll = rng.random()
    if roll < 0.15:  # invalid UTF-8 and stray bytes
        data = bytearray(data)
        for _ in range(rng.randrange(1, 30)):
            data.insert(rng.randrange(len(data) + 1), rng.randrange(128, 256))
        data = bytes(data)
    elif roll < 0.25:  # two encodings in one page
        half = len(text) // 2
        data = text[:half].encode("utf-8", "replace") + text[half:].encode("cp1252", "replace")
    elif roll < 0.35:  # gzip, sometimes cut short
        data = gzip.compress(data)
        if rng.random() < 0.3:
            data = data[: rng.randrange(len(data) + 1)]
    return data


def random_bytes(rng: random.Random) -> bytes:
    """Bytes with no structure at all, sometimes behind a gzip magic number."""
    data = rng.randbytes(rng.choice((1, 10, 1000, 5_000)))
    return b"\x1f\x8b" + data if rng.random() < 0.2 else data


def make_input(number: int, seed_pages: list[str]) -> str | bytes:
    """Input number ``number`` of the fuzz run: always the same for the same number."""
    rng = random.Random(number)
    if rng.random() < 0.05:
        return random_bytes(rng)
    text = rng.choice(seed_pages)
    for _ in range(rng.choice((1, 1, 2, 3, 5))):
        text = rng.choice(TEXT_MUTATIONS)(rng, text)
    return to_bytes(rng, text) if rng.random() < 0.5 else text
