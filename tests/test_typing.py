"""``clean()`` is typed: a type checker (mypy) flags a page of no accepted type and a misspelt option.

And a ``BeautifulSoup`` gives the same article as the ``str`` it was made from.
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from newsclean import Options, clean
from newsclean.models import CleanOverrides, OptionOverrides

from .pages import page, text_dump

ROOT = Path(__file__).resolve().parents[1]

GOOD = '''
from bs4 import BeautifulSoup
from lxml import html
from newsclean import Cleaner, Options, clean

clean("<p>x</p>")
clean(b"<p>x</p>", "https://example.com/a", remove=False, languages=("en",), on_oversize="refuse")
clean(BeautifulSoup("<p>x</p>", "html.parser"), options=Options(fast=True), time_budget=2.5)
clean(html.fromstring("<p>x</p>"))
Cleaner(fast=True).clean("<p>x</p>")
'''
BAD = '''
from newsclean import Cleaner, clean

clean(123)
clean("x", remov=False)
clean("x", remove="no")
Cleaner(fats=True)
clean("x", on_oversize="drop")
'''


def _mypy(tmp_path: Path, source: str) -> list[int]:
    pytest.importorskip("mypy", reason="mypy is not installed (it is in the test extra)")
    target = tmp_path / "snippet.py"
    target.write_text(source, encoding="utf-8")
    proc = subprocess.run([sys.executable, "-m", "mypy", "--no-error-summary", "--follow-imports=silent",
                           "--ignore-missing-imports", "--cache-dir", str(tmp_path / ".mypy"), str(target)],
                          capture_output=True, text=True, cwd=ROOT, timeout=600)
    return sorted({int(m) for m in re.findall(r"snippet\.py:(\d+): error", proc.stdout)})


def test_type_checker_accepts_every_page_type_and_option(tmp_path: Path) -> None:
    assert _mypy(tmp_path, GOOD) == []


def test_type_checker_flags_a_wrong_page_and_a_misspelt_option(tmp_path: Path) -> None:
    assert _mypy(tmp_path, BAD) == [4, 5, 6, 7, 8]


def test_overrides_name_every_option_field() -> None:
    from dataclasses import fields

    names = {f.name for f in fields(Options)}
    assert set(OptionOverrides.__annotations__) == names
    assert set(CleanOverrides.__annotations__) == names - {"url"}  # clean() takes url as an argument


@pytest.mark.parametrize("parser", ["html.parser", "lxml"])
def test_soup_gives_the_article_of_its_str(parser: str) -> None:
    for source in (page(3), text_dump(4)):  # an HTML page and a plain-text dump
        expected = clean(source)
        got = clean(BeautifulSoup(source, parser))
        assert expected.text and got.text == expected.text
        assert (got.title, got.byline, got.input_kind) == (expected.title, expected.byline, expected.input_kind)
