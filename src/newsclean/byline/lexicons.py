"""Load the byline lexicons and line patterns from ``rules/byline/`` once."""

from __future__ import annotations

import tomllib
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Any

import re2

from ..errors import RulesError

#: ``date`` lines say only when a story appeared: a bare name right above one is its byline.
LINE_KINDS = ("byline", "source", "dateline", "credit", "date")


@dataclass(frozen=True, slots=True)
class LinePattern:
    """One text-line pattern: what kind of fact its ``value`` group carries."""

    id: str
    kind: str
    regex: Any
    examples: tuple[str, ...] = ()
    near_misses: tuple[str, ...] = ()
    #: ``article``: a narrow form read in every block of the article, not only at its head and tail.
    reach: str = "edges"


@dataclass(frozen=True, slots=True)
class Lexicons:
    """Word lists for name cleaning, agency aliases and the text-line patterns."""

    prefixes: tuple[str, ...]
    roles: frozenset[str]
    ui_words: frozenset[str]
    desks: frozenset[str]
    date_words: tuple[str, ...]
    months: frozenset[str]
    weekdays: frozenset[str]
    org_words: frozenset[str]
    editor_prefixes: tuple[str, ...]
    not_sources: frozenset[str]
    outlet_suffixes: tuple[str, ...]
    role_heads: frozenset[str]
    agency_words: frozenset[str]
    media_words: frozenset[str]
    agencies: dict[str, str]
    lines: tuple[LinePattern, ...]
    name_cases: tuple[dict[str, Any], ...]
    agency_checks: dict[str, Any]


def fold(text: str) -> str:
    """The key lexicon entries are compared by: NFKC, case-folded, single spaces."""
    return " ".join(unicodedata.normalize("NFKC", text).casefold().split())


def _read(name: str) -> dict[str, Any]:
    resource = resources.files("newsclean") / "rules" / "byline" / name
    try:
        return tomllib.loads(resource.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as err:
        raise RulesError(f"bundled rules/byline/{name}: not valid TOML: {err}") from err


def _compile(entry: dict[str, Any]) -> LinePattern:
    if entry.get("kind") not in LINE_KINDS:
        raise RulesError(f"rules/byline/lines.toml: {entry.get('id')}: kind must be one of {LINE_KINDS}")
    opts = re2.Options()
    opts.max_mem = 64 << 20  # as judge/rules.py: \p{..} classes need room for the DFA
    try:
        regex = re2.compile(entry["pattern"], opts)
    except Exception as err:  # re2.error and ValueError alike
        raise RulesError(f"rules/byline/lines.toml: {entry['id']}: bad pattern: {err}") from err
    if "value" not in regex.groupindex:
        raise RulesError(f"rules/byline/lines.toml: {entry['id']}: pattern has no (?P<value>...) group")
    if entry.get("reach", "edges") not in ("edges", "article"):
        raise RulesError(f"rules/byline/lines.toml: {entry['id']}: reach must be edges or article")
    return LinePattern(
        entry["id"], entry["kind"], regex, tuple(entry.get("examples", ())), tuple(entry.get("near_misses", ())),
        entry.get("reach", "edges"),
    )


@lru_cache(maxsize=1)
def lexicons() -> Lexicons:
    """The bundled byline lexicons, read and compiled on first use."""
    names = _read("names.toml")
    agencies_data = _read("agencies.toml")
    aliases: dict[str, str] = {}
    for agency in agencies_data.get("agency", []):
        for alias in [agency["name"], *agency.get("aliases", [])]:
            aliases[fold(alias)] = agency["name"]
    lines = tuple(_compile(entry) for entry in _read("lines.toml").get("line", []))
    # Longest prefixes first, so "written by" is stripped before "by" could be.
    prefixes = tuple(sorted({fold(p) for p in names["prefixes"]}, key=len, reverse=True))
    return Lexicons(
        prefixes=prefixes,
        roles=frozenset(fold(r) for r in names["roles"]),
        ui_words=frozenset(fold(w) for w in names["ui_words"]),
        desks=frozenset(fold(d) for d in names["desks"]),
        date_words=tuple(sorted({fold(d) for d in names["date_words"]}, key=len, reverse=True)),
        months=frozenset(fold(m) for m in names["months"]),
        org_words=frozenset(fold(w) for w in names["org_words"]),
        weekdays=frozenset(fold(w) for w in names["weekdays"]),
        editor_prefixes=tuple(fold(e) for e in names["editor_prefixes"]),
        not_sources=frozenset(fold(n) for n in names["not_sources"]),
        outlet_suffixes=tuple(sorted({fold(n) for n in names["outlet_suffixes"]}, key=len, reverse=True)),
        role_heads=frozenset(fold(n) for n in names["role_heads"]),
        agency_words=frozenset(fold(n) for n in names["agency_words"]),
        media_words=frozenset(fold(n) for n in names["media_words"]),
        agencies=aliases,
        lines=lines,
        name_cases=tuple(names.get("case", [])),
        agency_checks=dict(agencies_data.get("checks", {})),
    )
