"""Keys for site profiles: which site a URL belongs to, and the hash of a normalised block.

Two texts get the same block key when they differ only in Unicode composition, spacing, case or
digits ("© 2012 Example News" and "© 2013 Example news" are one block), and sit in the same kind of
container (a list item "Related stories" is not the paragraph "Related stories").
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections.abc import Callable
from functools import lru_cache
from urllib.parse import urlsplit

from ..models import Block

#: A site key: a name (``domain``: registered domain, ``host``: host name without ``www.``) or a
#: function from a URL to a site name (None: the page belongs to no site).
SiteKey = str | Callable[[str], str | None]
SITE_KEYS = ("domain", "host")

_DIGITS = re.compile(r"\d+")
# Typographic quotes and dashes fold to ASCII: one template renders "Post's" and "Post’s" by page.
_FOLD = str.maketrans(
    {
        "\u2018": "'",
        "\u2019": "'",
        "\u201a": "'",
        "\u201b": "'",
        "\u2032": "'",
        "\u201c": '"',
        "\u201d": '"',
        "\u201e": '"',
        "\u201f": '"',
        "\u2033": '"',
        "\u2013": "-",
        "\u2014": "-",
        "\u2212": "-",
        "\u00ab": '"',
        "\u00bb": '"',
    }
)
_INDEX = re.compile(r"\[\d+\]")
_LINE = re.compile(r"^line \d+$")


def normalize_block(text: str) -> str:
    """Fold Unicode form, spacing, case, typographic quotes and dashes, and digit runs (to ``0``)."""
    text = unicodedata.normalize("NFC", text).translate(_FOLD)
    return _DIGITS.sub("0", " ".join(text.split()).casefold())


def container_of(block: Block) -> str:
    """The block's container signature: its output path without positions (``list/item``)."""
    if _LINE.match(block.origin):
        return f"line/{block.kind}"
    return _INDEX.sub("", block.origin) or block.kind


def hash64(*parts: str) -> int:
    """A stable signed 64-bit hash of some strings (SQLite integers are signed 64-bit)."""
    digest = hashlib.blake2b("\x1f".join(parts).encode("utf-8"), digest_size=8).digest()
    return int.from_bytes(digest, "big", signed=True)


def block_key(normalized: str, container: str) -> int:
    """The key of a normalised block in its container."""
    return hash64("block", container, normalized)


@lru_cache(maxsize=1)
def _extractor():  # type: ignore[no-untyped-def]
    import tldextract

    # The public-suffix snapshot bundled with tldextract: no network fetch, no cache file written.
    return tldextract.TLDExtract(cache_dir=None, suffix_list_urls=(), fallback_to_snapshot=True)


def site_of(url: str | None, key: SiteKey = "domain") -> str | None:
    """The site a URL belongs to under ``key``; None when the URL names no host."""
    if not url:
        return None
    if callable(key):
        return key(url)
    try:
        host = (urlsplit(url if "//" in url else f"//{url}").hostname or "").rstrip(".").lower()
    except ValueError:
        return None
    if not host:
        return None
    if key == "host":
        return host.removeprefix("www.")
    if key == "domain":
        parts = _extractor()(host)
        return f"{parts.domain}.{parts.suffix}" if parts.domain and parts.suffix else host
    raise ValueError(f"unknown site key {key!r}; use one of {SITE_KEYS} or a function")
