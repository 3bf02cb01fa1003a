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

from lxml import etree
from lxml import html as lxml_html

from ..limits import (
    LOAD_SECONDS_PER_CHAR,
    LOAD_SECONDS_PER_ELEMENT,
    MAX_TABLE_NESTING,
    Deadline,
    TreeReport,
    cap_tree,
    inflate,
    is_gzip,
)
from ..models import Options
from .markup import bound_markup
from .plainwalk import strip_tags

LOGGER = logging.getLogger(__name__)

ACCEPTED_TYPES = "str, bytes, bytearray, memoryview, bs4.BeautifulSoup, or an lxml element/tree"

#: How much of a document the HTML sniffer reads: enough for a doctype, a head or a few tags.
SNIFF_CHARS = 4096
#: How much of a document the statistical charset detector reads (it is slow on megabytes).
DETECT_BYTES = 65536

_XML_DECLARATION = re.compile(r"^\s*<\?xml[^>]*\?>", re.IGNORECASE)
#: A doctype with an internal subset (entity declarations): never expanded, and its text is junk.
_DOCTYPE_SUBSET = re.compile(r"^\s*<!DOCTYPE[^\[>]{0,1000}\[[^\]]{0,200000}\]\s*>", re.IGNORECASE)
_HTML_START = re.compile(r"^\s*(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html|head|body|meta|title)\b", re.I | re.S)
_HTML_TAG = re.compile(r"<(?:html|head|body|div|p|article|section|span|br|table|h[1-6]|ul|ol|li|a|main|meta|script|link|img)[\s>/]", re.I)
#: A text with at least this many tag-like matches in its first SNIFF_CHARS is HTML.
MIN_HTML_TAGS = 3
#: Bytes without a byte-order mark are read as UTF-16 when this share of the odd (or even)
#: positions of their opening holds NUL bytes and the other positions hardly any.
UTF16_NUL_SHARE = 0.4
#: Invalid UTF-8 sequences per non-ASCII character up to which a page is taken as UTF-8 with a
#: few foreign bytes (mixed encodings) rather than as another charset. A page wholly in a
#: single-byte charset scores near 1 (nearly every non-ASCII byte is invalid UTF-8).
UTF8_ERROR_SHARE = 0.3
#: Charsets a page may declare but that never describe its bytes (HTML standard: a declared
#: UTF-16/32 without a byte-order mark means UTF-8; UTF-7 is refused as unsafe).
_DECLARED_AS_UTF8 = ("utf-16", "utf-32", "utf16", "utf32")
_DECLARED_REFUSED = ("utf-7", "utf7")
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]+")
#: A character reference the parser turns into a character XML refuses (U+0001-0008, 000B,
#: 000C, 000E-001F, FFFE, FFFF; leading zeros and a missing ``;`` too). References to U+0000,
#: to surrogates or beyond U+10FFFF come out as U+FFFD. Only a page with one needs the tree's
#: text checked node by node.
_NON_XML_REF = re.compile(
    r"&#(?:[xX]0*(?:[1-8bBcCeEfF]|1[0-9a-fA-F]|[fF]{3}[eEfF])(?![0-9a-fA-F])|0*(?:[1-8]|1[124-9]|2[0-9]|3[01]|6553[45])(?![0-9]))"
)
def _parser() -> lxml_html.HTMLParser:
    # No network, no DTD, no entity expansion: the HTML parser never resolves externals;
    # comments and processing instructions are not article text. huge_tree lifts libxml2's
    # 256-level depth and 10 MB text-node limits, which otherwise end the parse silently and
    # lose the rest of the page; input size is bounded by max_input_bytes and depth by
    # max_depth instead. A parser per call: its error log is read afterwards, so it cannot be
    # shared between threads.
    return lxml_html.HTMLParser(
        remove_comments=True,
        remove_pis=True,
        collect_ids=False,
        default_doctype=False,
        no_network=True,
        huge_tree=True,
    )


@dataclass(slots=True)
class Page:
    """A loaded input: either ``tree`` (HTML) or ``text`` (plain-text dump) is set."""

    kind: Literal["html", "text", "empty"]
    text: str = ""
    tree: Any = None
    encoding: str | None = None
    warnings: list[str] = field(default_factory=list)
    #: The document's time budget, started when loading began.
    deadline: Deadline = field(default_factory=lambda: Deadline(0))
    #: Size of the (capped) tree, for HTML.
    report: TreeReport | None = None
    #: Whether the tree may hold characters XML refuses: raw ones are dropped before parsing, so
    #: only character references (``&#x1;``, see ``_NON_XML_REF``) or a caller's own tree can
    #: bring them in.
    non_xml: bool = True


def load(page: Any, options: Options) -> Page:
    """Load ``page`` (str, bytes, soup or lxml tree) into a :class:`Page`.

    Raises:
        TypeError: ``page`` is of none of the accepted types.
    """
    deadline = Deadline(options.time_budget, options.time_limit)
    result = _load(page, options)
    result.deadline = deadline
    if result.tree is not None:
        result.report = cap_tree(result.tree, options.max_depth, non_xml=result.non_xml)
        deadline.charge(result.report.elements * LOAD_SECONDS_PER_ELEMENT + result.report.text_chars * LOAD_SECONDS_PER_CHAR)
        if result.report.flattened:
            result.warnings.append(
                f"max_depth={options.max_depth}: {result.report.flattened} deeper subtree(s) flattened to text"
            )
        if result.report.tables_unnested:
            result.warnings.append(
                f"{result.report.tables_unnested} table(s) nested more than {MAX_TABLE_NESTING} deep read as blocks"
            )
        if result.report.json_dropped:
            result.warnings.append(f"{result.report.json_dropped} JSON script(s) with an unclosed quote dropped")
        if result.report.attributes_cut:
            LOGGER.debug("%d attribute values cut", result.report.attributes_cut)
    return result


def check_type(page: Any) -> None:
    """Raise TypeError unless ``page`` is of an accepted type."""
    if page is None or not (
        _is_lxml(page) or _is_soup(page) or isinstance(page, (str, bytes, bytearray, memoryview))
    ):
        got = "None" if page is None else type(page).__name__
        raise TypeError(f"clean() takes {ACCEPTED_TYPES}; got {got}")


def _load(page: Any, options: Options) -> Page:
    if page is None:
        raise TypeError(f"clean() takes {ACCEPTED_TYPES}; got None")
    if _is_lxml(page):
        return _from_tree(page)
    if _is_soup(page):  # the same page as the str it was made from: sniffed the same way
        return _from_string(_soup_markup(page), options, [])
    if isinstance(page, (bytes, bytearray, memoryview)):
        data = bytes(page)
        warnings: list[str] = []
        if is_gzip(data):
            data = _gunzip(data, options, warnings)
            if data is None:
                return Page("empty", warnings=warnings)
        data = _guard_size(data, options, warnings)
        if data is None:
            return Page("empty", warnings=warnings)
        text, encoding = _decode(data, warnings)
        result = _from_string(text, options, warnings, size_checked=True)
        result.encoding = encoding
        return result
    if isinstance(page, str):
        return _from_string(page, options, [])
    raise TypeError(f"clean() takes {ACCEPTED_TYPES}; got {type(page).__name__}")


def decode(data: bytes) -> tuple[str, str]:
    """Decode bytes: byte-order mark, valid UTF-8, declared charset, then a statistical guess.

    Never raises: undecodable bytes become U+FFFD.
    """
    return _decode(data, [])


def _decode(data: bytes, warnings: list[str]) -> tuple[str, str]:
    from bs4.dammit import EncodingDetector  # bs4 only where encodings are read

    stripped, bom_encoding = EncodingDetector.strip_byte_order_mark(data)
    if bom_encoding:
        return stripped.decode(bom_encoding, errors="replace"), bom_encoding
    utf16 = _sniff_utf16(data)
    if utf16:
        return data.decode(utf16, errors="replace"), utf16
    utf8 = _valid_utf8(data)
    if utf8 is not None:
        # Valid UTF-8 with non-ASCII sequences is UTF-8 whatever the page declares: scrapers
        # re-encode pages to UTF-8 and leave the old <meta charset> in place, while text in a
        # single-byte charset is almost never valid UTF-8 by chance.
        return utf8, "utf-8"
    declared = EncodingDetector.find_declared_encoding(data[:SNIFF_CHARS * 4], is_html=True)
    if declared:
        declared = declared.lower()
        if declared.startswith(_DECLARED_AS_UTF8):
            declared = "utf-8"
        if not declared.startswith(_DECLARED_REFUSED):
            try:
                return data.decode(declared), declared
            except (LookupError, UnicodeDecodeError, ValueError):  # ValueError: a NUL in the name
                LOGGER.debug("declared charset %r does not fit the bytes", declared)
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    text = data.decode("utf-8", errors="replace")
    errors = text.count("\ufffd")
    non_ascii = sum(1 for ch in text if ch > "\x7f")
    if errors <= UTF8_ERROR_SHARE * non_ascii:
        # Mostly valid UTF-8 with a few stray bytes: a page assembled from mixed encodings.
        warnings.append(f"{errors} invalid UTF-8 sequence(s) replaced by U+FFFD")
        return text, "utf-8"
    guess = _statistical_guess(data)
    if guess:
        try:
            return data.decode(guess, errors="replace"), guess
        except LookupError:
            pass
    return data.decode("cp1252", errors="replace"), "cp1252"


def _valid_utf8(data: bytes) -> str | None:
    """The text, when ``data`` is valid UTF-8 holding at least one multi-byte sequence."""
    if data.isascii():
        return None
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return None


def _sniff_utf16(data: bytes) -> str | None:
    """UTF-16 without a byte-order mark: NUL bytes at every other position of mostly-ASCII text."""
    head = data[:SNIFF_CHARS]
    if len(head) < 16:
        return None
    half = len(head) // 2
    even, odd = head[0::2].count(0) / half, head[1::2].count(0) / half
    if odd >= UTF16_NUL_SHARE and even < UTF16_NUL_SHARE / 4:
        return "utf-16-le"
    if even >= UTF16_NUL_SHARE and odd < UTF16_NUL_SHARE / 4:
        return "utf-16-be"
    return None


def _gunzip(data: bytes, options: Options, warnings: list[str]) -> bytes | None:
    """Decompress gzip input within max_decompressed_bytes; ``None`` when it is refused."""
    limit = options.max_decompressed_bytes
    out, cut, error = inflate(data, limit)
    if error:
        warnings.append(f"gzip input: {error}; kept the {len(out)} bytes read before it")
    if cut:
        if options.on_oversize == "refuse":
            warnings.append(f"gzip input refused: decompresses to more than max_decompressed_bytes={limit}")
            return None
        warnings.append(f"gzip input truncated: decompressed output cut at max_decompressed_bytes={limit}")
    return out


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
    # on_oversize was validated with the other options (limits.validate): "truncate" here.
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
    if _CONTROL.search(text):
        # C0 controls (tab and line breaks aside) are never text, and lxml refuses them in
        # anything set on a tree later: dropped once, here.
        text = _CONTROL.sub("", text)
    if not text.strip():
        return Page("empty", warnings=warnings)
    if text.lstrip()[:2] in ("<?", "<!"):
        # An XML declaration and a doctype's internal subset (entity declarations) are never
        # expanded or kept: dropped before sniffing, so that a long subset hides no HTML.
        text = _DOCTYPE_SUBSET.sub("", _XML_DECLARATION.sub("", text, count=1), count=1)
    if force_html or looks_like_html(text):
        tree = parse_html(text, warnings)
        if tree is None:
            text = strip_tags(text)
            if not text.strip():
                return Page("empty", warnings=warnings)
            warnings.append("page read as plain text with its tags stripped")
            return Page("text", text=unicodedata.normalize("NFC", text), warnings=warnings)
        return Page("html", tree=tree, warnings=warnings, non_xml=_NON_XML_REF.search(text) is not None)
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
    text = _DOCTYPE_SUBSET.sub("", text, count=1)
    text = bound_markup(text, warnings)  # bounds the memory of the parse below
    parser = _parser()
    try:
        tree = lxml_html.document_fromstring(text, parser=parser)
    except (etree.ParserError, ValueError, etree.XMLSyntaxError) as err:
        warnings.append(f"HTML parse failed: {err}")
        return None
    fatal = [e for e in parser.error_log if e.level >= etree.ErrorLevels.FATAL]
    if fatal:
        # libxml2 stops at a fatal error (nesting beyond its hard limit): the rest of the page
        # is missing from the tree, so the caller falls back to the text with tags stripped.
        warnings.append(f"HTML parse stopped early: {fatal[0].message.strip()}")
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
    # The caller keeps its tree: newsclean works on a copy, without comments and processing
    # instructions (their tails kept), as the parser gives for text input; the tree walks rely on it.
    tree = deepcopy(root)
    etree.strip_tags(tree, etree.Comment, etree.ProcessingInstruction)
    return Page("html", tree=tree)


def _is_lxml(page: Any) -> bool:
    return isinstance(page, (etree._Element, etree._ElementTree))


#: Elements a parser wraps plain text in (lxml and html5lib add html, body and p; html.parser none).
_TEXT_WRAPPERS = frozenset({"html", "head", "body", "p"})


def _soup_markup(soup: Any) -> str:
    """The markup of a soup; for a soup made from a plain-text dump, the dump's text."""
    tags = soup.find_all(True) if hasattr(soup, "find_all") else []
    if tags and {t.name for t in tags} <= _TEXT_WRAPPERS and len([t for t in tags if t.name == "p"]) <= 1:
        return str(soup.get_text())
    return str(soup)


def _is_soup(page: Any) -> bool:
    cls = type(page)
    return cls.__module__.startswith("bs4") and cls.__name__ in {"BeautifulSoup", "Tag"}
