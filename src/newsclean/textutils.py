"""Small text measures shared by the stages: normalisation, sentence shape, length."""

from __future__ import annotations

import html
import re
import unicodedata
from typing import Any

#: Leading list markers and decorations that scrapers leave on dumped lines.
_BULLETS = "•·▪▫◦‣∙●○■□►▶»›*-–—+>|"
_BULLET_PREFIX = re.compile(rf"^[\s{re.escape(_BULLETS)}]+(?=\S)")
_SPACE = re.compile(r"\s+")
#: Scripts written without spaces between words: their characters count as half a word each.
_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff]")
#: Characters that end a sentence in the languages newsclean knows.
SENTENCE_END = ".!?…。！？।؟۔\"'”’»)]:;"
_SENTENCE_SPLIT = re.compile(r"(?<=[.!?…。！？])[\"'”’»)]*\s+(?=[\"'“‘«(]?[A-ZÀ-ÖØ-Þ0-9\u0400-\u042f\u4e00-\u9fff])|(?<=[。！？])")


#: An inline style that hides its element from the reader.
_HIDDEN_STYLE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.I)


def hidden_from_view(el: Any) -> str | None:
    """How the markup hides ``el`` from a reader's eyes: ``"attribute"`` (``hidden``) or ``"style"``
    (inline ``display:none``/``visibility:hidden``); ``None`` when it does not. (``aria-hidden``
    hides from screen readers only: the element is still seen.)"""
    if el.get("hidden") is not None:
        return "attribute"
    style = el.get("style")
    if style and _HIDDEN_STYLE.search(style):
        return "style"
    return None


def normalize(text: str) -> str:
    """NFC, one space for every run of whitespace (no-break spaces included), trimmed."""
    if not text.isascii():
        text = unicodedata.normalize("NFC", text)
    return _SPACE.sub(" ", text).strip()


def unescape(text: str) -> str:
    """Decode HTML character references left in metadata values: JSON-LD holds raw text, so an
    entity there is a CMS's escaping ("Volkswagen&#039;s"), and meta values are often escaped twice."""
    return html.unescape(text) if "&" in text else text


def strip_bullet(text: str) -> str:
    """Drop list markers a dump leaves at the start of a line ("• Share" -> "Share")."""
    return _BULLET_PREFIX.sub("", text)


def word_count(text: str) -> int:
    """Words, counting two CJK characters as one word so that limits work across scripts."""
    cjk = len(_CJK.findall(text)) if not text.isascii() else 0
    return len(text.split()) + cjk // 2


def is_sentence_like(text: str, min_words: int = 6) -> bool:
    """A line that reads as prose: enough words and a sentence-final character."""
    text = text.rstrip()
    return bool(text) and text[-1] in SENTENCE_END and word_count(text) >= min_words


#: A sentence stop: a Latin-script stop after a letter and before a space or the end (so "2." in a
#: numbered list is none), or a stop of a script that writes them without spaces.
_STOPS = re.compile(r"(?:(?<=[^\W\d_])|(?<=[»\"'”’)\]]))[.!?…](?=[\s\"'”’»)]|$)|[。！？।؟۔]")
#: Prose has a sentence stop every few dozen words; a menu flattened into one line has almost none.
WORDS_PER_STOP = 60


def is_prose(text: str) -> bool:
    """A block that is surely article prose: a full sentence of fair length, or a long block
    that has sentence stops in it (a long line with none is a menu or a tag list)."""
    words = word_count(text)
    if words >= 25:
        return len(_STOPS.findall(text)) * WORDS_PER_STOP >= words
    return words >= 12 and is_sentence_like(text)


def split_sentences(text: str) -> list[str]:
    """Split a paragraph into sentences, conservatively (an unsure boundary is not split)."""
    parts = [p.strip() for p in _SENTENCE_SPLIT.split(text)]
    return [p for p in parts if p]
