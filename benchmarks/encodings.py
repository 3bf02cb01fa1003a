"""Encodings benchmark: pages whose bytes are valid UTF-8 while they declare another charset.

Run from the project root::

    .venv/bin/python -m benchmarks.encodings                 # dev, chrome, textdumps
    .venv/bin/python -m benchmarks.encodings --train         # plus train/ (dragnet, cleaneval, wcxb)

For each set it counts the pages whose bytes hold non-ASCII UTF-8 and are valid UTF-8 while their
``<meta charset>`` (or ``http-equiv`` content type) names another charset, and for those pages how
many decode to mojibake: "Ã"/"Â" sequences (UTF-8 read as a single-byte charset) that the plain
UTF-8 reading of the same bytes does not have. Both newsclean's decoding and trafilatura's
(``trafilatura.utils.decode_file``) are measured in the same run.
"""

from __future__ import annotations

import argparse
import gzip
import json
import re
from collections.abc import Iterator
from pathlib import Path

from newsclean.stages.load import decode

from . import corpus
from .tables import table

#: Mojibake of UTF-8 read as latin-1/cp1252: "Ã" or "Â" followed by a character of the second
#: byte's range (U+0080-U+00BF in latin-1, or the cp1252 letters and punctuation there).
MOJIBAKE = re.compile("[ÃÂ][\u0080-\u00bf\u0152\u0153\u0160\u0161\u0178\u017d\u017e\u0192\u02c6\u02dc\u2013-\u203a\u20ac\u2122]")
_DECLARED = re.compile(rb"<meta[^>]{0,200}?charset\s*=\s*[\"']?\s*([A-Za-z0-9_:.-]+)", re.I)
#: The train sets: folder under corpus/train with labels.json entries naming ``file``.
TRAIN = ("dragnet", "cleaneval", "wcxb")


def declared_charset(data: bytes) -> str | None:
    """The charset the page's own meta tags name, lower-cased."""
    match = _DECLARED.search(data[:16384])
    return match.group(1).decode("ascii", "replace").lower() if match else None


def valid_utf8_declared_otherwise(data: bytes) -> bool:
    """Non-ASCII bytes, valid UTF-8, and a declared charset that is not UTF-8."""
    declared = declared_charset(data)
    if declared is None or declared.replace("_", "-") in ("utf-8", "utf8") or data.isascii():
        return False
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def mojibake(text: str, raw: str) -> int:
    """Mojibake sequences in ``text`` beyond those the raw UTF-8 reading already has."""
    return max(0, len(MOJIBAKE.findall(text)) - len(MOJIBAKE.findall(raw)))


def _trafilatura_decode(data: bytes) -> str:
    from trafilatura.utils import decode_file

    result = decode_file(data)
    return result if isinstance(result, str) else ""


def _pages(name: str) -> Iterator[bytes]:
    if name in corpus.SETS:
        for page in corpus.load(name):
            yield corpus.read(page)
        return
    folder = corpus.CORPUS / "train" / name
    labels = json.loads((folder / "labels.json").read_text(encoding="utf-8"))
    for entry in labels.values() if isinstance(labels, dict) else labels:
        path: Path = folder / entry["file"]
        data = path.read_bytes()
        yield gzip.decompress(data) if path.suffix == ".gz" else data


def measure(name: str) -> list[object]:
    """One table row: set, pages, pages valid UTF-8 declared otherwise, mojibake pages for each decoder."""
    total = flagged = ours = theirs = 0
    for data in _pages(name):
        total += 1
        if not valid_utf8_declared_otherwise(data):
            continue
        flagged += 1
        raw = data.decode("utf-8")
        ours += mojibake(decode(data)[0], raw) > 0
        theirs += mojibake(_trafilatura_decode(data), raw) > 0
    return [name, total, flagged, ours, theirs]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.encodings", description=__doc__.splitlines()[0])
    parser.add_argument("--train", action="store_true", help="also the train/ sets")
    args = parser.parse_args(argv)
    names = [n for n in corpus.SETS if corpus.available(n)]
    if args.train:
        names += [n for n in TRAIN if (corpus.CORPUS / "train" / n / "labels.json").is_file()]
    rows = [measure(n) for n in names]
    print("Pages whose bytes are valid UTF-8 but whose meta tags declare another charset;")
    print("mojibake = pages decoded with Ã/Â sequences that the raw UTF-8 reading does not have.\n")
    print(table(["set", "pages", "valid UTF-8, declared otherwise", "mojibake: newsclean", "mojibake: trafilatura"], rows))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
