"""The robustness contract: hostile, broken and huge input never crashes, hangs or reaches out.

``clean()`` returns an Article for any str or bytes and lists what went wrong in ``warnings``;
only a wrong argument type or an invalid option raises. Time bounds below are hang detectors
(minutes where a second is normal), not speed targets: those live in ``benchmarks/``.
"""

from __future__ import annotations

import functools
import gzip
import inspect
import json
import random
import socket
import sys
import threading
import time
import zlib
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from benchmarks.mutations import LAUGHS, TEXT_MUTATIONS, XXE, seeds, to_bytes
from newsclean import Article, Options, OptionsError, clean
from newsclean.judge.rules import load_rules
from newsclean.limits import Deadline, TreeReport, cap_tree, extraction_mode, inflate
from newsclean.stages.load import load

#: A hang detector, not a speed test: a page that takes this long is stuck.
HANG_SECONDS = 120.0
SENTENCE = "The harbour ferry will carry passengers again from Saturday after three months in dry dock."
PAGE = f"""<html><head><title>Ferry returns</title></head><body><article><h1>Ferry returns</h1>
<p>{SENTENCE}</p>
<p>Engineers replaced both engines and the steering gear, work that was delayed by a shortage of parts.</p>
<p>Timetables are unchanged, and season tickets bought before the closure will be extended by three months.</p>
</article></body></html>"""
SEEDS = seeds()
PROPERTY_SETTINGS = settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large]
)


def assert_contract(article: Any) -> None:
    """What every result must be, whatever the input."""
    assert isinstance(article, Article)
    assert isinstance(article.text, str)
    assert all(isinstance(w, str) for w in article.warnings)
    json.dumps(article.as_dict())  # JSON-ready, always


def timed_clean(page: Any, **options: Any) -> Article:
    began = time.monotonic()
    article = clean(page, **options)
    assert time.monotonic() - began < HANG_SECONDS
    assert_contract(article)
    return article


@pytest.fixture
def no_network(monkeypatch: pytest.MonkeyPatch) -> list[tuple[Any, ...]]:
    """Fail any connection or name lookup, and record the attempts."""
    attempts: list[tuple[Any, ...]] = []

    def refuse(*args: Any, **kwargs: Any) -> Any:
        attempts.append(args)
        raise OSError("network access attempted")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket.socket, "connect_ex", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(socket, "getaddrinfo", refuse)
    return attempts


# --- arguments and options: the only things that raise --------------------------------------


@pytest.mark.parametrize("page", [None, 42, 3.5, ["<p>x</p>"], {"html": "x"}, object()])
def test_wrong_page_type_raises_type_error(page: Any) -> None:
    with pytest.raises(TypeError, match="clean\\(\\) takes"):
        clean(page)


@pytest.mark.parametrize(
    "option",
    [
        {"max_input_bytes": -1},
        {"max_input_bytes": "big"},
        {"max_input_bytes": 1.5},
        {"max_decompressed_bytes": -5},
        {"max_depth": 0},
        {"max_depth": True},
        {"on_oversize": "explode"},
        {"time_budget": -1},
        {"time_budget": float("nan")},
        {"time_budget": "10"},
    ],
)
def test_invalid_limits_raise_options_error(option: dict[str, Any]) -> None:
    with pytest.raises(OptionsError, match=next(iter(option))):
        clean(PAGE, **option)


def test_invalid_options_object_raises_too() -> None:
    with pytest.raises(OptionsError, match="max_depth"):
        clean(PAGE, options=Options(max_depth=-3))


# --- property tests --------------------------------------------------------------------------


@PROPERTY_SETTINGS
@given(st.text(max_size=3000))
def test_any_text(text: str) -> None:
    assert_contract(clean(text))


@PROPERTY_SETTINGS
@given(st.binary(max_size=3000))
def test_any_bytes(data: bytes) -> None:
    assert_contract(clean(data))


@PROPERTY_SETTINGS
@given(st.randoms(use_true_random=False), st.integers(min_value=1, max_value=4), st.booleans())
def test_mutated_seed_pages(rng: random.Random, rounds: int, as_bytes: bool) -> None:
    page = rng.choice(SEEDS)
    for _ in range(rounds):
        page = rng.choice(TEXT_MUTATIONS)(rng, page)
    assert_contract(timed_clean(to_bytes(rng, page) if as_bytes else page))


_TAGS = st.sampled_from(["div", "p", "span", "table", "td", "li", "ul", "article", "script", "b", "svg", "x-y"])
_ATTR = st.tuples(st.sampled_from(["class", "id", "style", "hidden", "data-x"]), st.text(max_size=40))
_TEXT = st.text(alphabet=st.characters(codec="utf-8"), max_size=60)


@st.composite
def markup(draw: Any, depth: int = 0) -> str:
    """Random, often broken HTML: nested tags, attributes, control characters, unclosed tags."""
    parts = []
    for _ in range(draw(st.integers(0, 4))):
        if depth < 6 and draw(st.booleans()):
            tag = draw(_TAGS)
            attrs = " ".join(f'{k}="{v}"' for k, v in draw(st.lists(_ATTR, max_size=3)))
            inner = draw(markup(depth=depth + 1))
            closing = draw(st.sampled_from([f"</{tag}>", f"</{tag}>", "", "</div>"]))
            parts.append(f"<{tag} {attrs}>{inner}{closing}")
        else:
            parts.append(draw(_TEXT))
    return "".join(parts)


@PROPERTY_SETTINGS
@given(markup(), st.sampled_from(["", "<!DOCTYPE html>", '<?xml version="1.0"?>', XXE, LAUGHS]))
def test_random_markup(body: str, prefix: str) -> None:
    page = f"{prefix}<html><body>{body}<p>{SENTENCE}</p></body></html>"
    assert_contract(clean(page))
    assert_contract(clean(page.encode("utf-8", "surrogatepass")))


# --- huge and deep input -----------------------------------------------------------------------


@pytest.mark.parametrize("as_bytes", [False, True])
@pytest.mark.parametrize("closed", [False, True])
def test_deep_nesting_100000_levels(as_bytes: bool, closed: bool) -> None:
    page = "<html><body>" + "<div>" * 100_000 + f"<p>{SENTENCE}</p>" + ("</div>" * 100_000 if closed else "")
    article = timed_clean(page.encode() if as_bytes else page)
    # The words survive, though the structure cannot (a lone line may become the title).
    assert SENTENCE in f"{article.title}\n{article.text}"
    assert article.warnings, "the result says what happened to the page"


def test_depth_beyond_max_depth_is_flattened_not_lost() -> None:
    page = "<html><body>" + "<div>" * 600 + f"<p>{SENTENCE}</p>" + "</div>" * 600 + "</body></html>"
    article = timed_clean(page, max_depth=100)
    assert SENTENCE in article.text
    assert any("max_depth=100" in w for w in article.warnings)


def test_loaded_tree_is_no_deeper_than_max_depth() -> None:
    page = "<html><body>" + "<section>" * 900 + f"<p>{SENTENCE}</p>" + "</section>" * 900 + "</body></html>"
    loaded = load(page, Options(max_depth=50))
    depth, stack = 0, [(loaded.tree, 1)]
    while stack:
        el, d = stack.pop()
        depth = max(depth, d)
        stack.extend((c, d + 1) for c in el)
    assert depth <= 50
    assert SENTENCE in loaded.tree.text_content()


def test_huge_attribute_value() -> None:
    page = PAGE.replace("<article>", '<article class="' + "story " * 500_000 + '" data-x="' + "a" * 2_000_000 + '">')
    article = timed_clean(page)
    assert SENTENCE in article.text


def test_tag_with_many_attributes_is_cut() -> None:
    attrs = " ".join(f"data-a{i}=v" for i in range(100_000))
    article = timed_clean(PAGE.replace("<body>", f"<body {attrs}>"))
    assert SENTENCE in article.text
    assert any("attributes" in w for w in article.warnings)


def test_ten_megabyte_single_line_text() -> None:
    line = ("word " * 2_000_000).strip()
    article = timed_clean(f"{SENTENCE}\n{line}")
    assert article.input_kind == "text"


def test_ten_megabyte_single_line_html() -> None:
    page = PAGE.replace("</article>", "<p>" + "word " * 2_000_000 + "</p></article>")
    article = timed_clean(page)
    assert SENTENCE in article.text


def test_control_characters_and_unclosed_tags() -> None:
    page = PAGE.replace("ferry", "fer\x00ry\x0b\x1b").replace("</p>", "")
    article = timed_clean(page)
    assert "Engineers replaced both engines" in article.text
    assert "\x00" not in article.text and "\x0b" not in article.text


# --- limits ------------------------------------------------------------------------------------


@pytest.mark.parametrize("as_bytes", [False, True])
def test_oversize_input_is_truncated_and_says_so(as_bytes: bool) -> None:
    page = PAGE + "<!-- padding -->" * 1000
    article = timed_clean(page.encode() if as_bytes else page, max_input_bytes=len(PAGE))
    assert SENTENCE in article.text
    assert any("truncated" in w and "max_input_bytes" in w for w in article.warnings)


@pytest.mark.parametrize("as_bytes", [False, True])
def test_oversize_input_is_refused_when_asked(as_bytes: bool) -> None:
    page = PAGE.encode() if as_bytes else PAGE
    article = timed_clean(page, max_input_bytes=100, on_oversize="refuse")
    assert article.text == ""
    assert any("refused" in w for w in article.warnings)


def test_gzip_input_is_decompressed() -> None:
    article = timed_clean(gzip.compress(PAGE.encode()))
    assert SENTENCE in article.text
    assert not any("gzip" in w for w in article.warnings)


def _bomb(size: int) -> bytes:
    """A gzip stream of ``size`` zero bytes, built without holding them in memory."""
    packer = zlib.compressobj(9, zlib.DEFLATED, 16 + zlib.MAX_WBITS)
    chunk = b"\0" * (1 << 20)
    parts = [packer.compress(chunk) for _ in range(size >> 20)]
    return b"".join([*parts, packer.flush()])


def test_gzip_bomb_is_cut_at_max_decompressed_bytes() -> None:
    bomb = _bomb(1 << 28)  # 256 MiB of zeros in about 250 kB
    out, cut, error = inflate(bomb, 5_000_000)
    assert cut and error is None and len(out) == 5_000_000
    article = timed_clean(bomb, max_decompressed_bytes=5_000_000)
    assert any("gzip input truncated" in w for w in article.warnings)
    refused = timed_clean(bomb, max_decompressed_bytes=5_000_000, on_oversize="refuse")
    assert refused.text == "" and any("gzip input refused" in w for w in refused.warnings)


def test_gzip_bomb_with_default_limits_stays_bounded() -> None:
    article = timed_clean(_bomb(1 << 30))  # 1 GiB, default max_decompressed_bytes
    assert any("gzip input truncated" in w for w in article.warnings)


def test_corrupt_and_short_gzip_keep_what_was_readable() -> None:
    data = gzip.compress((PAGE * 20).encode())
    short = timed_clean(data[: len(data) // 2])
    assert any("gzip" in w for w in short.warnings)
    assert_contract(timed_clean(b"\x1f\x8b" + b"not gzip at all"))


def test_time_budget_spent_falls_back_to_a_plain_walk() -> None:
    article = timed_clean(PAGE, time_budget=1e-9)
    assert SENTENCE in article.text, "a spent budget gives cheaper text, not no text"
    assert any("time budget" in w for w in article.warnings)


def test_time_budget_bounds_a_page_too_big_for_the_extractor() -> None:
    page = "<html><body>" + "".join(f"<div class='c{i}'><p>{SENTENCE} {i}</p></div>" for i in range(40_000)) + "</body></html>"
    article = timed_clean(page, time_budget=2.0)
    assert any("time budget" in w for w in article.warnings)
    assert SENTENCE in article.text


def test_extraction_mode_follows_the_remaining_budget() -> None:
    deadline = Deadline(10.0)
    small, big = TreeReport(elements=500), TreeReport(elements=10_000_000)
    assert extraction_mode(small, deadline, fast=False) == "full"
    assert extraction_mode(big, deadline, fast=False) == "walk"
    assert extraction_mode(small, Deadline(0), fast=False) == "full"  # no budget: never degraded
    deadline.charge(9.99)
    assert extraction_mode(small, deadline, fast=False) in ("fast", "walk")
    deadline.charge(1.0)
    assert deadline.spent() and extraction_mode(small, deadline, fast=False) == "walk"


def test_an_explicit_wall_clock_limit_follows_the_clock_and_says_so() -> None:
    now = [0.0]
    deadline = Deadline(10.0, wall_limit=5.0, clock=lambda: now[0])
    small = TreeReport(elements=500)
    assert extraction_mode(small, deadline, fast=False) == "full"
    now[0] = 6.0
    assert deadline.spent() and extraction_mode(small, deadline, fast=False) == "walk"
    assert "wall-clock time_limit=5" in deadline.cause()


def test_cap_tree_counts_and_caps() -> None:
    loaded = load(PAGE.replace("<p>", '<p class="' + "x" * 5000 + '">', 1), Options())
    report = cap_tree(loaded.tree, 400)
    assert report.elements > 5 and report.text_chars > len(SENTENCE)
    assert all(len(v) <= 2000 for el in loaded.tree.iter() for v in el.attrib.values())


# --- no network, no entity expansion -------------------------------------------------------------

XXE_PAGES = {
    "external entity": '<?xml version="1.0"?>\n<!DOCTYPE html [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>\n'
    f"<html><body><p>&xxe;</p><p>{SENTENCE}</p></body></html>",
    "network entity": '<?xml version="1.0"?>\n<!DOCTYPE html [<!ENTITY net SYSTEM "http://127.0.0.1:9/x">]>\n'
    f"<html><body><p>&net;</p><p>{SENTENCE}</p></body></html>",
    "parameter entity": '<?xml version="1.0"?>\n<!DOCTYPE html [<!ENTITY % remote SYSTEM "http://127.0.0.1:9/e.dtd"> %remote;]>\n'
    f"<html><body><p>{SENTENCE}</p></body></html>",
    "external dtd": '<?xml version="1.0" encoding="UTF-8"?>\n<!DOCTYPE html SYSTEM "http://127.0.0.1:9/evil.dtd">\n'
    f'<html xmlns="http://www.w3.org/1999/xhtml"><body><p>{SENTENCE}</p></body></html>',
    "xinclude": '<?xml version="1.0"?>\n<html xmlns:xi="http://www.w3.org/2001/XInclude"><body>'
    f'<xi:include href="file:///etc/passwd" parse="text"/><xi:include href="http://127.0.0.1:9/x"/><p>{SENTENCE}</p></body></html>',
    "billion laughs": LAUGHS + f"<html><body><p>&j;</p><p>{SENTENCE}</p></body></html>",
    "quadratic blowup": '<?xml version="1.0"?>\n<!DOCTYPE html [<!ENTITY a "' + "x" * 50_000 + '">]>\n'
    + "<html><body><p>" + "&a;" * 50_000 + f"</p><p>{SENTENCE}</p></body></html>",
    "remote resources": f'<html><head><base href="http://127.0.0.1:9/"><link rel="stylesheet" href="http://127.0.0.1:9/s.css">'
    f'<meta http-equiv="refresh" content="0;url=http://127.0.0.1:9/"></head><body><iframe src="http://127.0.0.1:9/"></iframe>'
    f'<img src="http://127.0.0.1:9/i.png"><p>{SENTENCE}</p></body></html>',
}


@pytest.mark.parametrize("as_bytes", [False, True])
@pytest.mark.parametrize("name", sorted(XXE_PAGES))
def test_no_entity_expansion_and_no_network(name: str, as_bytes: bool, no_network: list[Any]) -> None:
    page = XXE_PAGES[name]
    article = timed_clean(page.encode() if as_bytes else page, url="http://127.0.0.1:9/story")
    assert not no_network, f"network access attempted: {no_network}"
    assert "root:" not in article.text  # /etc/passwd stays out
    assert "lolol" not in article.text and "aaaaaaaaaaaaaaaaaaaa" not in article.text
    assert "x" * 1000 not in article.text, "no entity was expanded into the text"
    assert SENTENCE in article.text


def test_no_network_in_the_whole_pipeline_of_a_rich_page(no_network: list[Any]) -> None:
    for page in SEEDS:
        timed_clean(page, url="https://news.example.org/2025/01/story.html")
    assert not no_network


# --- encodings ---------------------------------------------------------------------------------

GERMAN = "Die Stadtwerke senken zum ersten Januar die Preise für Strom und Gas, teilte das Unternehmen mit."


def _page(body: str, head: str = "") -> str:
    return f"<html><head>{head}</head><body><article><p>{body}</p><p>{SENTENCE}</p></article></body></html>"


@pytest.mark.parametrize(
    "data",
    [
        pytest.param(_page(GERMAN).encode("utf-16-le"), id="utf-16-le without BOM"),
        pytest.param(_page(GERMAN).encode("utf-16-be"), id="utf-16-be without BOM"),
        pytest.param(_page(GERMAN, '<meta charset="utf-16">').encode("utf-8"), id="meta says utf-16, bytes are utf-8"),
        pytest.param(_page(GERMAN * 10, '<meta charset="utf-8">').encode("utf-8").replace(b"Gas", "Gäs".encode("cp1252"), 1),
                     id="utf-8 with a stray cp1252 byte"),
        pytest.param(_page(GERMAN, '<meta charset="no-such-charset">').encode("utf-8"), id="unknown charset"),
    ],
)
def test_encodings_decode_to_the_words(data: bytes) -> None:
    article = timed_clean(data)
    assert "Preise für Strom" in article.text


@pytest.mark.parametrize(
    "data",
    [
        pytest.param(_page(GERMAN, '<meta charset="utf-8">').encode("cp1252"), id="meta lies: says utf-8, is cp1252"),
        pytest.param(_page(GERMAN, '<meta charset="utf-7">').encode("utf-8"), id="utf-7 refused"),
        pytest.param(_page(GERMAN).encode("utf-8").replace(b"f\xc3\xbcr", b"f\xc3\x83\xc2\xbcr"), id="mojibake"),
        pytest.param(b"\xed\xa0\x80\xed\xb0\x80" * 100 + _page(GERMAN).encode(), id="encoded surrogates"),
    ],
)
def test_broken_encodings_keep_the_ascii_sentence(data: bytes) -> None:
    assert SENTENCE in timed_clean(data).text


@pytest.mark.parametrize(
    "data",
    [
        pytest.param(b"\xff\xfe\x00\x00" + b"\x80\x81" * 500, id="utf-32 BOM then junk"),
        pytest.param(bytes(range(256)) * 20, id="every byte value"),
        pytest.param(b"\x00" * 100_000, id="NUL bytes"),
        pytest.param(b"<\x00h\x00" * 1000 + b"\xd8\x00", id="broken utf-16"),
    ],
)
def test_junk_bytes_never_raise(data: bytes) -> None:
    timed_clean(data)


# --- linear-time matching ----------------------------------------------------------------------

ADVERSARIAL = {
    "long token": "a" * 1_000_000,
    "spaces": " " * 1_000_000,
    "by runs": "By " * 300_000,
    "periods": ". " * 500_000,
    "quotes and closers": ".)\"'" * 250_000,
    "bullets": "• " * 300_000 + "x",
    "copyright runs": "© " * 300_000,
    "mixed scripts": "中文 " * 200_000,
}


@pytest.mark.parametrize("name", sorted(ADVERSARIAL))
def test_rules_match_adversarial_text_in_bounded_time(name: str) -> None:
    rules = load_rules()
    text = ADVERSARIAL[name]
    began = time.monotonic()
    for scope in ("block", "prefix", "suffix"):
        rules.match(text, scope)  # type: ignore[arg-type]
    assert time.monotonic() - began < HANG_SECONDS


@pytest.mark.parametrize("name", ["long token", "by runs", "periods", "quotes and closers", "bullets"])
def test_clean_adversarial_text_in_bounded_time(name: str) -> None:
    text = ADVERSARIAL[name][:200_000]
    timed_clean(text)
    timed_clean(f"<html><body><p>{text}</p><p>{SENTENCE}</p></body></html>")


def test_long_class_tokens_on_many_elements() -> None:
    # Regexes over class/id values (several stages have them) see capped values only.
    token = "has-sidebar-" + "x" * 20_000
    page = "<html><body>" + f'<div class="{token}" id="{token}"><p>{SENTENCE}</p></div>' * 300 + "</body></html>"
    timed_clean(page)


def test_unclosed_script_and_comment_openers() -> None:
    timed_clean("<html><body>" + "<script>" * 50_000 + SENTENCE)
    timed_clean("<html><body>" + "<!--" * 50_000 + SENTENCE)
    timed_clean("<!DOCTYPE html [" + "[" * 200_000 + f"<html><body><p>{SENTENCE}</p>")


# --- failures are visible ------------------------------------------------------------------------


def test_internal_failure_becomes_a_warning(monkeypatch: pytest.MonkeyPatch) -> None:
    import newsclean.api as api

    def broken(*args: Any, **kwargs: Any) -> Any:
        raise RuntimeError("boom")

    monkeypatch.setattr(api, "prune", broken)
    article = clean(PAGE)
    assert article.text == ""
    assert any("internal error" in w and "boom" in w for w in article.warnings)


def test_extractor_failure_becomes_a_warning(monkeypatch: pytest.MonkeyPatch) -> None:
    import newsclean.stages.extract as extraction

    def broken(*args: Any, **kwargs: Any) -> Any:
        raise RuntimeError("extractor boom")

    # the main extractor, which the step-wise cascade and the public call both run
    monkeypatch.setattr(extraction.trafilatura.core, "extract_content", broken)
    article = clean(PAGE)
    assert any("extractor failed" in w and "extractor boom" in w for w in article.warnings)
    monkeypatch.setattr(extraction, "_CORE", None)
    monkeypatch.setattr(extraction.trafilatura, "bare_extraction", broken)
    article = clean(PAGE)
    assert any("extractor failed" in w and "extractor boom" in w for w in article.warnings)


# --- threads and caches --------------------------------------------------------------------------


def test_threads_get_the_same_results() -> None:
    pages = [*SEEDS, PAGE] * 3
    expected = [clean(p).text for p in pages]
    results: dict[int, str] = {}

    def work(i: int) -> None:
        results[i] = clean(pages[i]).text

    threads = [threading.Thread(target=work, args=(i,)) for i in range(len(pages))]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert [results[i] for i in range(len(pages))] == expected


#: Caches without a size limit whose keys come from a finite set (encoding and Unicode range
#: names; dateparser's locales and name forms), so they cannot grow with the pages seen.
#: Unbounded caches whose keys come from a finite set, not from the input: encoding names, pairs of
#: Unicode block names (charset-normalizer 3.5.3 adds ``_range_compatibility`` for those), locales.
FINITE_KEY_CACHES = {
    "is_multi_byte_encoding",
    "is_suspiciously_successive_range",
    "_range_compatibility",
    "_get_name_translations",
}
WATCHED_PACKAGES = ("newsclean", "trafilatura", "htmldate", "courlan", "justext", "charset_normalizer", "dateparser")


def test_caches_are_bounded() -> None:
    for page in [*SEEDS, PAGE, _page(GERMAN).encode("cp1252")]:
        clean(page)  # import everything the pipeline imports lazily
    unbounded = []
    for name, module in list(sys.modules.items()):
        if name.split(".")[0] not in WATCHED_PACKAGES:
            continue
        for attr, obj in list(vars(module).items()):
            if not isinstance(obj, functools._lru_cache_wrapper) or obj.cache_parameters()["maxsize"] is not None:
                continue
            try:
                takes_arguments = bool(inspect.signature(obj.__wrapped__).parameters)  # type: ignore[attr-defined]
            except (TypeError, ValueError):
                takes_arguments = True
            if takes_arguments and attr not in FINITE_KEY_CACHES:
                unbounded.append(f"{name}.{attr}")
    assert not unbounded, f"unbounded caches keyed on input: {unbounded}"


def test_declared_charset_with_a_nul_is_ignored() -> None:
    # Found by the fuzz run: a charset name with an embedded NUL made bytes.decode raise.
    page = b'<html><head><meta charset="utf\x00-8"></head><body><p>' + b"The council met on Monday. " * 20 + b"</p></body></html>"
    article = clean(page)
    assert not any("internal error" in w for w in article.warnings), article.warnings
    assert "The council met on Monday." in article.text
