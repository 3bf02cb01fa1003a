"""Turn whatever the caller hands in into a :class:`Page`: decoded text or a parsed lxml tree.

The one place that decodes bytes and decides HTML versus plain text. bs4 is used here only: its
``EncodingDetector`` reads byte-order marks and declared charsets, and a ``BeautifulSoup`` object
is accepted as input; parsing itself is lxml's, once.
"""

from __future__ import annotations

import logging
import re
import unicodedata
from copy import deepcopy
from dataclasses import dataclass, field
from typing import Any, Literal

from lxml import etree, html as lxml_html

from .errors import OptionsError
from .models import Options

LOGGER = logging.getLogger(__name__)

ACCEPTED_TYPES = "str, bytes, bytearray, memoryview, bs4.BeautifulSoup, or an lxml element/tree"

#: How much of a document the HTML sniffer reads: enough for a doctype, a head or a few tags.
SNIFF_CHARS = 4096
#: How much of a document the statistical charset detector reads (it is slow on megabytes).
DETECT_BYTES = 65536

_XML_DECLARATION = re.compile(r"^\s*<\?xml[^>]*\?>", re.IGNORECASE)
_HTML_START = re.compile(r"^\s*(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html|head|body|meta|title)\b", re.I | re.S)
_HTML_TAG = re.compile(r"<(?:html|head|body|div|p|article|section|span|br|table|h[1-6]|ul|ol|li|a|main|meta|script|link|img)[\s>/]", re.I)
#: A text with at least this many tag-like matches in its first SNIFF_CHARS is HTML.
MIN_HTML_TAGS = 3


def _parser() -> lxml_html.HTMLParser:
    # No network, no DTD, no entity expansion: the HTML parser never resolves externals;
    # comments and processing instructions are not article text.
    return lxml_html.HTMLParser(
        remove_comments=True,
        remove_pis=True,
        collect_ids=False,
        default_doctype=False,
        no_network=True,
        huge_tree=False,
    )


_PARSER = _parser()


@dataclass(slots=True)
class Page:
    """A loaded input: either ``tree`` (HTML) or ``text`` (plain-text dump) is set."""

    kind: Literal["html", "text", "empty"]
    text: str = ""
    tree: Any = None
    encoding: str | None = None
    warnings: list[str] = field(default_factory=list)


def load(page: Any, options: Options) -> Page:
    """Load ``page`` (str, bytes, soup or lxml tree) into a :class:`Page`.

    Raises:
        TypeError: ``page`` is of none of the accepted types.
    """
    if page is None:
        raise TypeError(f"clean() takes {ACCEPTED_TYPES}; got None")
    if _is_lxml(page):
        return _from_tree(page)
    if _is_soup(page):
        return _from_string(str(page), options, [], force_html=True)
    if isinstance(page, (bytes, bytearray, memoryview)):
        data = bytes(page)
        warnings: list[str] = []
        data = _guard_size(data, options, warnings)
        if data is None:
            return Page("empty", warnings=warnings)
        text, encoding = decode(data)
        result = _from_string(text, options, warnings, size_checked=True)
        result.encoding = encoding
        return result
    if isinstance(page, str):
        return _from_string(page, options, [])
    raise TypeError(f"clean() takes {ACCEPTED_TYPES}; got {type(page).__name__}")


def decode(data: bytes) -> tuple[str, str]:
    """Decode bytes: byte-order mark, then declared charset, then UTF-8, then a statistical guess.

    Never raises: undecodable bytes become U+FFFD.
    """
    from bs4.dammit import EncodingDetector  # bs4 only where encodings are read

    stripped, bom_encoding = EncodingDetector.strip_byte_order_mark(data)
    if bom_encoding:
        return stripped.decode(bom_encoding, errors="replace"), bom_encoding
    declared = EncodingDetector.find_declared_encoding(data[:SNIFF_CHARS * 4], is_html=True)
    if declared:
        try:
            return data.decode(declared), declared
        except (LookupError, UnicodeDecodeError):
            LOGGER.debug("declared charset %s does not fit the bytes", declared)
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    guess = _statistical_guess(data)
    if guess:
        try:
            return data.decode(guess, errors="replace"), guess
        except LookupError:
            pass
    return data.decode("cp1252", errors="replace"), "cp1252"


def _statistical_guess(data: bytes) -> str | None:
    from charset_normalizer import from_bytes

    best = from_bytes(data[:DETECT_BYTES]).best()
    return best.encoding if best is not None else None


def _guard_size(data: Any, options: Options, warnings: list[str]) -> Any:
    limit = options.max_input_bytes
    if limit <= 0 or len(data) <= limit:
        return data
    if options.on_oversize == "refuse":
        warnings.append(f"input refused: {len(data)} > max_input_bytes={limit}")
        return None
    if options.on_oversize != "truncate":
        raise OptionsError(f"on_oversize must be 'truncate' or 'refuse', not {options.on_oversize!r}")
    warnings.append(f"input truncated: {len(data)} > max_input_bytes={limit}")
    return data[:limit]


def _from_string(
    text: str,
    options: Options,
    warnings: list[str],
    *,
    force_html: bool = False,
    size_checked: bool = False,
) -> Page:
    if not size_checked:
        guarded = _guard_size(text, options, warnings)
        if guarded is None:
            return Page("empty", warnings=warnings)
        text = guarded
    if "\x00" in text:
        text = text.replace("\x00", "")
    if not text.strip():
        return Page("empty", warnings=warnings)
    if force_html or looks_like_html(text):
        tree = parse_html(text, warnings)
        if tree is None:
            return Page("empty", warnings=warnings)
        return Page("html", tree=tree, warnings=warnings)
    return Page("text", text=unicodedata.normalize("NFC", text), warnings=warnings)


def looks_like_html(text: str) -> bool:
    """Tell HTML from a plain-text dump by its opening and its density of tags."""
    head = text[:SNIFF_CHARS]
    if _HTML_START.match(head):
        return True
    return len(_HTML_TAG.findall(head)) >= MIN_HTML_TAGS


def parse_html(text: str, warnings: list[str]) -> Any:
    """Parse HTML text with lxml; ``None`` (and a warning) when nothing usable comes out."""
    # lxml refuses str input that carries an XML encoding declaration: drop the declaration.
    text = _XML_DECLARATION.sub("", text, count=1)
    try:
        tree = lxml_html.document_fromstring(text, parser=_PARSER)
    except (etree.ParserError, ValueError, etree.XMLSyntaxError) as err:
        warnings.append(f"HTML parse failed: {err}")
        return None
    return tree


def _from_tree(page: Any) -> Page:
    root = page.getroot() if isinstance(page, etree._ElementTree) else page
    if root is None:
        return Page("empty")
    if not isinstance(root, lxml_html.HtmlElement):
        # A plain etree element (from an XML parser): re-read it as HTML so every stage agrees.
        warnings: list[str] = []
        tree = parse_html(etree.tostring(root, encoding="unicode"), warnings)
        return Page("html", tree=tree, warnings=warnings) if tree is not None else Page("empty", warnings=warnings)
    # The caller keeps its tree: newsclean works on a copy.
    return Page("html", tree=deepcopy(root))


def _is_lxml(page: Any) -> bool:
    return isinstance(page, (etree._Element, etree._ElementTree))


def _is_soup(page: Any) -> bool:
    cls = type(page)
    return cls.__module__.startswith("bs4") and cls.__name__ in {"BeautifulSoup", "Tag"}
