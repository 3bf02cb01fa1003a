"""The article's language: what the page declares, else what its text reads as.

Declared signals come first (JSON-LD ``inLanguage``, ``<meta http-equiv="content-language">``,
``<html lang>``), as the primary subtag in lower case ("pt-BR" -> "pt"). A declaration whose
script the text contradicts (a template's ``lang="en"`` on a page in Cyrillic or Chinese) gives
way to the text. The text is read by its script (Cyrillic, Arabic, Han, kana, Hangul, Greek,
Hebrew, Devanagari, Thai) and, for the Latin script, by stop words (``rules/lang/stopwords.toml``).
"""

from __future__ import annotations

import re
import tomllib
from functools import lru_cache
from importlib import resources
from typing import Any

from ..errors import RulesError

#: Characters of the text the detector reads: a few paragraphs decide a language.
SAMPLE_CHARS = 4000
#: Fewest stop-word hits, and smallest share of the words they make up, for a Latin-script guess.
MIN_STOP_HITS = 3
MIN_STOP_SHARE = 0.08
#: Share of the letters a script must hold for the text to be in it.
MIN_SCRIPT_SHARE = 0.3

_TAG = re.compile(r"^\s*([A-Za-z]{2,3})(?:[-_][A-Za-z0-9]{1,8})*\s*$")
_LD_LANGUAGE = re.compile(r'"inLanguage"\s*:\s*(?:\{[^}]{0,200}?"(?:name|alternateName|@value)"\s*:\s*)?"([^"]{2,20})"')
_WORD = re.compile(r"[^\W\d_]+")
#: Script -> (letters, language written in it when no finer test applies).
_SCRIPTS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("ja", re.compile(r"[\u3040-\u30ff]")),
    ("ko", re.compile(r"[\uac00-\ud7af\u1100-\u11ff]")),
    ("zh", re.compile(r"[\u4e00-\u9fff\u3400-\u4dbf]")),
    ("ru", re.compile(r"[\u0400-\u04ff]")),
    ("ar", re.compile(r"[\u0600-\u06ff\u0750-\u077f]")),
    ("el", re.compile(r"[\u0370-\u03ff]")),
    ("he", re.compile(r"[\u0590-\u05ff]")),
    ("hi", re.compile(r"[\u0900-\u097f]")),
    ("th", re.compile(r"[\u0e00-\u0e7f]")),
)
_UKRAINIAN = re.compile(r"[іїєґІЇЄҐ]")
_PERSIAN = re.compile(r"[پچژگی]")
_LATIN = re.compile(r"[A-Za-z\u00c0-\u024f]")
#: Languages whose script the detector reads: a declaration of one of them is checked against it.
_SCRIPT_OF = {"ja": "ja", "ko": "ko", "zh": "zh", "ru": "ru", "uk": "ru", "bg": "ru", "sr": None,
              "ar": "ar", "fa": "ar", "ur": "ar", "el": "el", "he": "he", "hi": "hi", "th": "th"}


def page_language(declared: str | None, text: str) -> str | None:
    """The article's language: ``declared`` by the page (when its text agrees), else detected."""
    detected = detect(text)
    if declared is None:
        return detected
    if detected is not None and script_of(declared) != script_of(detected):
        return detected  # a template's lang attribute on a page written in another script
    return declared


def declared_language(tree: Any) -> str | None:
    """JSON-LD ``inLanguage``, then ``content-language``, then ``<html lang>``."""
    if tree is None:
        return None
    root = tree.getroot() if hasattr(tree, "getroot") else tree
    for script in root.iter("script"):
        if "ld+json" in (script.get("type") or "").lower() and script.text:
            match = _LD_LANGUAGE.search(script.text[:200_000])
            if match and (tag := primary_subtag(match.group(1))):
                return tag
    for meta in root.iter("meta"):
        if (meta.get("http-equiv") or "").strip().lower() == "content-language":
            if tag := primary_subtag((meta.get("content") or "").split(",")[0]):
                return tag
    for attr in ("lang", "{http://www.w3.org/XML/1998/namespace}lang", "xml:lang"):
        if tag := primary_subtag(root.get(attr) or ""):
            return tag
    return None


def primary_subtag(value: str) -> str | None:
    """"pt-BR" -> "pt"; ``None`` for what is no language tag ("x-default", "und", "")."""
    match = _TAG.match(value)
    if not match:
        return None
    tag = match.group(1).lower()
    return None if tag in ("und", "mul", "zxx", "xx") else tag


def detect(text: str) -> str | None:
    """The language a text reads as, or ``None`` when it is too short or unclear."""
    sample = text[:SAMPLE_CHARS]
    letters = len(_WORD.findall(sample)) and sum(1 for ch in sample if ch.isalpha())
    if not letters:
        return None
    counts = {lang: len(pattern.findall(sample)) for lang, pattern in _SCRIPTS}
    if counts["ja"] and counts["ja"] + counts["zh"] >= MIN_SCRIPT_SHARE * letters:
        return "ja"  # Japanese mixes kana and kanji: any kana share decides it
    lang, most = max(counts.items(), key=lambda kv: kv[1])
    if most >= MIN_SCRIPT_SHARE * letters:
        if lang == "ru" and _UKRAINIAN.search(sample):
            return "uk"
        if lang == "ar" and len(_PERSIAN.findall(sample)) >= 3:
            return "fa"
        return lang
    if len(_LATIN.findall(sample)) < MIN_SCRIPT_SHARE * letters:
        return None
    return _by_stop_words(sample)


def _by_stop_words(sample: str) -> str | None:
    words = [w.lower() for w in _WORD.findall(sample)]
    if not words:
        return None
    hits = {lang: sum(1 for w in words if w in vocab) for lang, vocab in stop_words().items()}
    ranked = sorted(hits.items(), key=lambda kv: (-kv[1], kv[0]))
    (best, top), second = ranked[0], ranked[1][1] if len(ranked) > 1 else 0
    if top < MIN_STOP_HITS or top < MIN_STOP_SHARE * len(words) or top == second:
        return None
    return best


def script_of(lang: str) -> str:
    """The script a language is written in: "latin" for any the detector reads by stop words."""
    return _SCRIPT_OF.get(lang) or "latin"


@lru_cache(maxsize=1)
def stop_words() -> dict[str, frozenset[str]]:
    """Language -> stop words, from the bundled data file."""
    resource = resources.files("newsclean") / "rules" / "lang" / "stopwords.toml"
    try:
        data = tomllib.loads(resource.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as err:
        raise RulesError(f"rules/lang/stopwords.toml: {err}") from err
    return {lang: frozenset(w.lower() for w in spec["words"]) for lang, spec in data.items()}
