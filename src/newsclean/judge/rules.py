"""Load boilerplate rules from TOML data files and match them in linear time.

A rule file (``rules/<lang>.toml``, or a user's own file) holds ``[[rule]]`` tables::

    [[rule]]
    id = "en.syndication.first-appeared"   # unique, <lang>.<category>.<name>
    category = "syndication"               # one of models.CATEGORIES
    pattern = '(?i)first appeared (?:in|on) (?P<source>[^.]+)'   # RE2 syntax
    scope = "block"        # block: the whole block is chrome; prefix/suffix: only the matched part
    where = "edge"         # any: removed anywhere; edge: only in the chrome runs at the head or
                           # tail of the article; head / tail: only there
    max_chars = 300        # a longer block is never removed by this rule
    opens_section = false  # true: in the tail, this block and everything after it are chrome
    examples = ["..."]     # texts the rule must match
    near_misses = ["..."]  # texts the rule must not match

Patterns are compiled with RE2 (google-re2), whose matching time is linear in the input whatever
the pattern: no rule, bundled or user-supplied, can backtrack catastrophically. RE2 has no
look-around or back-references, and its ``\\w`` and ``\\b`` are ASCII-only: use ``\\pL`` for
letters of any script. All patterns of one scope are also compiled into one ``re2.Set`` so a block
is scanned once for every rule at the same time.
"""

from __future__ import annotations

import logging
import tomllib
from collections.abc import Iterable, Mapping
from copy import copy
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any, Literal

import re2

from ..errors import RulesError
from ..models import CATEGORIES, Options
from ..textutils import normalize, strip_bullet

LOGGER = logging.getLogger(__name__)

Scope = Literal["block", "prefix", "suffix"]
Where = Literal["any", "edge", "head", "tail"]
SCOPES: tuple[str, ...] = ("block", "prefix", "suffix")
WHERES: tuple[str, ...] = ("any", "edge", "head", "tail")
#: Default longest block a rule may remove: most chrome lines are short, prose is long.
MAX_CHARS_DEFAULT = 200
#: A prefix/suffix rule never removes more than this share of a paragraph (the rest is article).
MAX_AFFIX_SHARE = 0.6
#: RE2 memory budget per pattern set and per pattern (bytes): the largest bundled set (English
#: block rules) compiles within it, and the DFA cache it bounds stays small (measured: rules take
#: about 20 MB resident with 16 MB, no less with 64 MB).
RE2_MAX_MEM = 16 << 20

_SCAN_STOPPED = "rule scan stopped"

_FIELDS = {"id", "category", "pattern", "scope", "where", "max_chars", "opens_section", "examples", "near_misses"}


@dataclass(frozen=True, slots=True)
class Rule:
    """One boilerplate rule, as read from a rule file."""

    id: str
    category: str
    pattern: str
    scope: Scope = "block"
    where: Where = "edge"
    max_chars: int = MAX_CHARS_DEFAULT
    opens_section: bool = False
    examples: tuple[str, ...] = ()
    near_misses: tuple[str, ...] = ()
    origin: str = ""


@dataclass(frozen=True, slots=True)
class Match:
    """A rule that fired on a text, with the span it covered and the outlet it captured."""

    rule: Rule
    start: int
    end: int
    source: str | None = None


def _options() -> re2.Options:
    opts = re2.Options()
    opts.max_mem = RE2_MAX_MEM
    return opts


class RuleSet:
    """Compiled rules, grouped by scope, ready to classify blocks.

    Each rule file's rules of one scope form one ``re2.Set`` (several small sets keep each set's
    program and DFA cache small). A set only reads the part of a text its rules can use: nothing
    when a block is longer than any of its block rules allows, the start for prefix rules, the end
    for suffix rules. That bounds the matching work per block whatever the page.

    A bundled language's sets are compiled on first use (a user's rule files at once, so that a bad
    pattern is an error of the options); :meth:`for_page` gives a view that scans only the files a
    page needs, sharing the compiled sets.
    """

    def __init__(self, rules: list[Rule], languages: Mapping[str, str] | None = None) -> None:
        """``languages``: the bundled rules' ids, each with the language of its file."""
        self.rules: tuple[Rule, ...] = tuple(_ordered(rules))
        self._order = {rule.id: n for n, rule in enumerate(self.rules)}
        self._compiled: dict[str, Any] = {}
        #: Every (scope, origin) with rules, in file order, and their rules; compiled sets by key.
        self._members: dict[tuple[str, str], list[Rule]] = {}
        #: The language of a bundled file's set (None: a user's file, scanned on every page).
        self._language: dict[tuple[str, str], str | None] = {}
        for origin in dict.fromkeys(r.origin for r in self.rules):
            for scope in SCOPES:
                members = [r for r in self.rules if r.scope == scope and r.origin == origin]
                if members:
                    key = (scope, origin)
                    self._members[key] = members
                    langs = {(languages or {}).get(r.id) for r in members}
                    self._language[key] = langs.pop() if len(langs) == 1 else None
        self._sets: dict[tuple[str, str], tuple[Any, list[Rule], int]] = {}
        #: The sets this view scans, per scope in file order.
        self._scan = {scope: [key for key in self._members if key[0] == scope] for scope in SCOPES}
        self._deadline: Any = None
        self._warnings: list[str] | None = None
        for key, lang in self._language.items():
            if lang is None:
                self._set(key)

    def __len__(self) -> int:
        return len(self.rules)

    def for_page(self, languages: Iterable[str] | None, deadline: Any = None,
                 warnings: list[str] | None = None) -> RuleSet:
        """A view of these rules for one page: the bundled files of ``languages`` (with ``common``;
        None: all files) and every user file. With a ``deadline``, a scan that finds its wall-clock
        limit passed stops matching (the blocks left are kept) and says so in ``warnings``."""
        view = copy(self)
        if languages is not None:
            wanted = {"common", *languages}
            view._scan = {scope: [key for key in keys if self._language[key] in (None, *wanted)]
                          for scope, keys in self._scan.items()}
        view._deadline, view._warnings = deadline, warnings
        return view

    def _set(self, key: tuple[str, str]) -> tuple[Any, list[Rule], int]:
        """The compiled ``re2.Set`` of one file's rules of one scope (compiled once, on first use)."""
        found = self._sets.get(key)
        if found is not None:
            return found
        scope, origin = key
        members = self._members[key]
        rset = re2.Set.SearchSet(_options())
        for rule in members:
            try:
                rset.Add(rule.pattern)
            except Exception as err:  # re2.error and ValueError alike
                raise RulesError(f"rule {rule.id} ({rule.origin}): bad pattern: {err}") from err
        try:
            rset.Compile()
        except Exception as err:
            raise RulesError(f"{origin}: the {scope} patterns do not fit RE2's memory budget: {err}") from err
        found = self._sets[key] = (rset, members, max(r.max_chars for r in members))
        return found

    def _out_of_time(self) -> bool:
        """Whether this page's wall-clock limit has passed (the work budget was charged before the scan)."""
        deadline = self._deadline
        if deadline is None or deadline.wall_limit <= 0 or deadline.elapsed() < deadline.wall_limit:
            return False
        if self._warnings is not None and not any(w.startswith(_SCAN_STOPPED) for w in self._warnings):
            self._warnings.append(f"{_SCAN_STOPPED} (wall-clock time_limit={deadline.wall_limit:g} s): the blocks left were kept")
        return True

    def match(self, text: str, scope: Scope = "block") -> list[Match]:
        """Every rule of ``scope`` that fires on ``text``, strongest placement first."""
        keys = self._scan[scope]
        if not keys or not text or self._out_of_time():
            return []
        text = prepare(text)
        found = []
        for key in keys:
            rset, members, widest = self._set(key)
            if scope == "block":
                if len(text) > widest:
                    continue
                window = text
            else:
                window = text[:widest] if scope == "prefix" else text[-widest:]
            for index in rset.Match(window) or ():
                m = self._fire(members[index], text)
                if m is not None:
                    found.append(m)
        if len(found) > 1:
            found.sort(key=lambda m: self._order[m.rule.id])
        return found

    def first(self, text: str, scope: Scope = "block") -> Match | None:
        """The strongest rule of ``scope`` that fires on ``text``, or None."""
        found = self.match(text, scope)
        return found[0] if found else None

    def fires(self, rule: Rule, text: str) -> bool:
        """Whether ``rule`` fires on ``text`` with all its limits applied."""
        return self._fire(rule, prepare(text)) is not None

    def _regex(self, rule: Rule) -> Any:
        regex = self._compiled.get(rule.id)
        if regex is None:  # compiled on first use: most rules never fire on a given corpus
            regex = self._compiled[rule.id] = re2.compile(rule.pattern, _options())
        return regex

    def _fire(self, rule: Rule, text: str) -> Match | None:
        if rule.scope == "block" and len(text) > rule.max_chars:
            return None
        m = self._regex(rule).search(text)
        if m is None:
            return None
        if rule.scope == "block":
            if len(text) > rule.max_chars:
                return None
        else:
            covered = m.end() - m.start()
            if covered > rule.max_chars or covered > MAX_AFFIX_SHARE * len(text):
                return None
            if rule.scope == "prefix" and m.start() != 0:
                return None
            if rule.scope == "suffix" and m.end() != len(text):
                return None
        source = None
        if "source" in self._regex(rule).groupindex:
            source = m.group("source")
            source = source.strip(" \t.,;:()[]\"'“”«»") if source else None
            if source and source.startswith("the "):  # "appeared in the Atlantic": keep "Atlantic"
                source = source[4:]
        return Match(rule, m.start(), m.end(), source or None)

    def check_examples(self) -> list[str]:
        """Every declared example a rule misses and every near miss it catches, as messages."""
        problems = []
        for rule in self.rules:
            for text in rule.examples:
                if not self.fires(rule, text):
                    problems.append(f"{rule.id}: does not match its example {text!r}")
                elif rule not in [m.rule for m in self.match(text, rule.scope)]:
                    # The set scan is what classification uses: it must agree with the rule.
                    problems.append(f"{rule.id}: its pattern set misses the example {text!r}")
            for text in rule.near_misses:
                if self.fires(rule, text):
                    problems.append(f"{rule.id}: matches its near miss {text!r}")
        return problems


def prepare(text: str) -> str:
    """The form of a text that rules see: NFC, single spaces, no leading list marker."""
    return strip_bullet(normalize(text))


_WHERE_ORDER = {w: i for i, w in enumerate(WHERES)}


def _ordered(rules: list[Rule]) -> list[Rule]:
    # Rules that may fire anywhere come first: a block matched by one of them is chrome wherever
    # it stands, which is the strongest statement a rule can make.
    return sorted(rules, key=lambda r: _WHERE_ORDER[r.where])


def parse_rules(data: dict[str, Any], origin: str) -> list[Rule]:
    """Validate the parsed TOML of one rule file and build its rules."""
    entries = data.get("rule", [])
    if not isinstance(entries, list):
        raise RulesError(f"{origin}: 'rule' must be an array of tables ([[rule]])")
    rules = []
    for n, entry in enumerate(entries, 1):
        where = f"{origin}: rule #{n}"
        if not isinstance(entry, dict):
            raise RulesError(f"{where}: not a table")
        unknown = set(entry) - _FIELDS
        if unknown:
            raise RulesError(f"{where}: unknown field(s) {sorted(unknown)}")
        for required in ("id", "category", "pattern"):
            if not isinstance(entry.get(required), str) or not entry[required]:
                raise RulesError(f"{where}: '{required}' must be a non-empty string")
        if entry["category"] not in CATEGORIES:
            raise RulesError(f"{where} ({entry['id']}): unknown category {entry['category']!r}")
        scope = entry.get("scope", "block")
        if scope not in SCOPES:
            raise RulesError(f"{where} ({entry['id']}): scope must be one of {SCOPES}")
        placement = entry.get("where", "edge")
        if placement not in WHERES:
            raise RulesError(f"{where} ({entry['id']}): where must be one of {WHERES}")
        max_chars = entry.get("max_chars", MAX_CHARS_DEFAULT)
        if not isinstance(max_chars, int) or max_chars <= 0:
            raise RulesError(f"{where} ({entry['id']}): max_chars must be a positive integer")
        examples = entry.get("examples", [])
        near = entry.get("near_misses", [])
        if not all(isinstance(x, str) for x in [*examples, *near]):
            raise RulesError(f"{where} ({entry['id']}): examples and near_misses must be strings")
        rules.append(
            Rule(
                id=entry["id"],
                category=entry["category"],
                pattern=entry["pattern"],
                scope=scope,
                where=placement,
                max_chars=max_chars,
                opens_section=bool(entry.get("opens_section", False)),
                examples=tuple(examples),
                near_misses=tuple(near),
                origin=origin,
            )
        )
    return rules


def read_rule_file(path: Path | str) -> list[Rule]:
    """Read one user rule file."""
    path = Path(path)
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except OSError as err:
        raise RulesError(f"cannot read rule file {path}: {err}") from err
    except tomllib.TOMLDecodeError as err:
        raise RulesError(f"{path}: not valid TOML: {err}") from err
    return parse_rules(data, str(path))


@lru_cache(maxsize=1)
def bundled_languages() -> tuple[str, ...]:
    """Languages with a bundled rule file (``common`` holds language-neutral rules); read once."""
    folder = resources.files("newsclean") / "rules"
    return tuple(sorted(p.name[:-5] for p in folder.iterdir() if p.name.endswith(".toml")))


@lru_cache(maxsize=32)
def load_rules(languages: tuple[str, ...] | None = None, extra_files: tuple[str, ...] = ()) -> RuleSet:
    """Load (once per argument set) the bundled rules, optionally limited, plus user files."""
    folder = resources.files("newsclean") / "rules"
    wanted = bundled_languages() if languages is None else tuple(sorted({"common", *languages}))
    rules: list[Rule] = []
    languages_of: dict[str, str] = {}
    for lang in wanted:
        resource = folder / f"{lang}.toml"
        if not resource.is_file():
            raise RulesError(f"no bundled rules for language {lang!r}; have {bundled_languages()}")
        try:
            data = tomllib.loads(resource.read_text(encoding="utf-8"))
        except tomllib.TOMLDecodeError as err:
            raise RulesError(f"bundled rules/{lang}.toml: not valid TOML: {err}") from err
        bundled = parse_rules(data, f"rules/{lang}.toml")
        languages_of.update((rule.id, lang) for rule in bundled)
        rules.extend(bundled)
    for path in extra_files:
        rules.extend(read_rule_file(path))
    seen: set[str] = set()
    for rule in rules:
        if rule.id in seen:
            raise RulesError(f"duplicate rule id {rule.id} ({rule.origin})")
        seen.add(rule.id)
    LOGGER.debug("loaded %d rules", len(rules))
    return RuleSet(rules, languages_of)


def ruleset_for(options: Options) -> RuleSet:
    """The compiled rules these options ask for (cached across calls)."""
    return load_rules(options.languages, tuple(str(p) for p in options.rule_files))
