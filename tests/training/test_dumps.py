"""Whole-page text dumps of training pages: the input the dump judge learns from."""

from __future__ import annotations

from pathlib import Path

from training.data import Item, _extract, as_dumps
from training.dumps import RENDERERS, render

PROSE = ("The council voted on Tuesday to close the old bridge to lorries after engineers found cracks "
         "in two of its piers, and residents were told to expect a long detour.")
PAGE = (f"<html><head><title>Bridge closed</title><style>p {{color: red}}</style></head><body>"
        "<nav><ul><li><a href='/'>Home</a></li><li><a href='/news'>News</a><ul><li>Local</li></ul></li></ul></nav>"
        f"<article><h1>Bridge closed</h1><p>{PROSE}</p><script>var x = 1;</script>"
        "<p>Share<a href='#'>Facebook</a><a href='#'>Twitter</a></p></article>"
        "<footer><p>&copy; 2024 The Gazette</p></footer></body></html>").encode("utf-8")


def test_the_inscriptis_dump_keeps_navigation_bullets_and_one_line_per_block() -> None:
    dump = render(PAGE)
    lines = dump.splitlines()
    assert "* Home" in lines and "+ Local" in lines  # nested lists get the second bullet
    assert PROSE in lines and "Bridge closed" in lines and "© 2024 The Gazette" in lines
    assert "ShareFacebookTwitter" in lines  # inline links run together, as a naive scraper saves them
    assert "var x" not in dump and "color: red" not in dump
    assert "\n\n\n" not in dump and dump.endswith("\n")


def test_the_plain_dump_has_a_line_per_block_element_and_no_blank_lines() -> None:
    lines = render(PAGE, "plain").splitlines()
    assert {"Home", "News", "Local", PROSE, "ShareFacebookTwitter"} <= set(lines)
    assert "" not in lines and not any(line.startswith("* ") for line in lines)
    assert "Bridge closed" in lines and not any("var x" in line for line in lines)


def test_a_deep_page_renders_without_recursion() -> None:
    deep = b"<html><body>" + b"<div>" * 1500 + PROSE.encode() + b"</div>" * 1500 + b"</body></html>"
    assert PROSE in render(deep, "plain")


def test_a_page_in_a_declared_charset_is_decoded_before_rendering() -> None:
    page = "<html><head><meta charset='iso-8859-1'></head><body><p>Café und Straße</p></body></html>".encode("latin-1")
    for renderer in RENDERERS:
        assert "Café und Straße" in render(page, renderer)


def test_dump_items_are_the_pages_again_once_per_renderer_and_read_as_text_dumps(tmp_path: Path) -> None:
    page = tmp_path / "p.html"
    page.write_bytes(PAGE)
    item = Item("dev", "p.html", page, None, "gazette.example", with_=[PROSE], without=["Share"])
    dumps = as_dumps([item])
    assert [d.render for d in dumps] == list(RENDERERS)
    assert all(not d.html and d.group == item.group and d.with_ == item.with_ for d in dumps)
    for d in dumps:
        blocks, _, html, dom = _extract((str(page), None, d.render))
        assert not html and dom is None
        assert PROSE in [text for text, _, _ in blocks]
