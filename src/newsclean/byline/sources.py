"""The page's own outlet and the original source of a syndicated story.

The publisher is the name a page gives itself (a name matching its host wins); :class:`Outlets`
gathers every publisher signal for the one outlet test. An original source is an outlet other
than the page's own: JSON-LD ``isBasedOn``, syndication lines, a wire credit in the byline.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any
from urllib.parse import urlsplit

from ..models import Removal, Source
from ..textutils import normalize
from .lexicons import fold, lexicons
from .lines import LineFact
from .names import agency_name, is_outlet, media_outlet, same_outlet, trim_source
from .outlets import Outlets, host_labels, outlet_key, title_suffix
from .pagefacts import OUTLET_META, PUBLISHER_META, PageFacts

#: Most words an original source's name has; longer captures are sentences, not outlets.
MAX_SOURCE_WORDS = 7

#: Sources of this many words with a lower-case content word are headlines, not outlets' names.
HEADLINE_WORDS = 4
_FUNCTION_WORDS = frozenset("of the and for de del della di do da du des la le las los van von y et und für am im in on en".split())
_DESK_ENDINGS = (" staff", " desk", " team", " redaktion", " newsroom")
_NOT_A_NAME = re.compile(r"[|｜]|[:：]\s|https?://")
_DOMAIN = re.compile(r"\w\.[a-z]{2,6}$")
_TIME = re.compile(r"^\d|\b\d{1,2}[:.]\d{2}\b|\b[ap]\.?m\.?$", re.IGNORECASE)
#: Captures that cite (a study, a survey) or thank rather than name an outlet.
_CITATION = re.compile(
    r"^(?:a|an|our|his|her|their|this|these|my|study|studies|survey|data|research|report|paper|analysis|"
    r"press release|company|official|officials|author|interview|wikipedia)\b",
    re.IGNORECASE,
)
_HAT_TIP = re.compile(r"^\(?\s*(?:via|h/t|hat tip|thanks|credit|courtesy)\b", re.IGNORECASE)
#: "© 2024 Gazette Media. All rights reserved." names the outlet once the notice is cut off.
_COPYRIGHT = re.compile(r"(?i)©|\(c\)|copyright|\b(?:19|20)\d\d\b|all rights reserved\.?|alle rechte vorbehalten\.?|tous droits réservés\.?")
_DATELINE_SPLIT = re.compile(r"\s*(?:/|\s[-–—]\s|,|;)\s*")



def page_publisher(facts: PageFacts, meta: Any, url: str | None, evidence: dict[str, str]) -> str | None:
    """The page's own publisher; a name that matches the page's host wins over one that does not."""
    candidates: list[tuple[str, str]] = []
    if facts.ld.publisher:
        candidates.append((facts.ld.publisher, "json-ld: publisher"))
    for name in PUBLISHER_META:
        candidates += [(normalize(v), f"meta: {name}") for v in facts.meta.get(name, []) if v.strip()]
    if meta is not None and getattr(meta, "sitename", None):
        candidates.append((str(meta.sitename), "trafilatura: sitename"))
    candidates = [c for c in candidates if not c[0].startswith(("http://", "https://", "www."))]
    if not candidates:
        return None
    # Syndicated pages often keep the original's JSON-LD publisher: check it against the host.
    chosen = next((c for c in candidates if _names_host(c[0], url)), candidates[0])
    evidence["publisher"] = chosen[1]
    return chosen[0]


def page_outlets(facts: PageFacts, meta: Any, publisher: str | None, url: str | None) -> Outlets:
    """Every name the page gives its own outlet: one set, tested once for every credit."""
    names = [publisher, facts.ld.publisher, *(p.name for p in facts.ld.authors if p.is_org)]
    names += [v for key in (*PUBLISHER_META, *OUTLET_META) for v in facts.meta.get(key, [])]
    if meta is not None and getattr(meta, "sitename", None):
        names.append(str(meta.sitename))
    weak = [title_suffix(facts.title), *(v.lstrip("@") for v in facts.meta.get("twitter:site", []))]
    return Outlets.of([_COPYRIGHT.sub("", normalize(n)) for n in names if n], url, weak)


def agencies_in(value: str) -> list[str]:
    """The wire agencies a dateline or credit names, canonical, in order."""
    found = []
    for piece in _DATELINE_SPLIT.split(value):
        agency = agency_name(piece)
        if agency and agency not in found:
            found.append(agency)
    return found


def valid_source(name: str | None, publisher: str | None, url: str | None, outlets: Outlets | None = None) -> bool:
    """Whether ``name`` can be an original source: an outlet's name, not a time, a citation, a headline or the page's own site."""
    if not name:
        return False
    name = name.strip()
    words = name.split()
    if len(name) < 2 or len(words) > MAX_SOURCE_WORDS or _TIME.search(name) or _CITATION.match(name) or _NOT_A_NAME.search(name):
        return False
    first = name[0]
    if first.isalpha() and first.islower() and not (agency_name(name) or _DOMAIN.search(name)):
        return False  # prose; but "dpa" and "heise.de" are outlets
    if len(words) >= HEADLINE_WORDS and any(w[:1].islower() and w.casefold() not in _FUNCTION_WORDS for w in words[1:]):
        return False  # "Source: Police arrest two men after the fire": a related headline's link
    key = fold(name)
    lex = lexicons()
    if key in lex.not_sources or key.split(".")[0] in lex.not_sources or key in lex.desks or key.endswith(_DESK_ENDINGS):
        return False
    canonical = agency_name(name)
    if canonical and _same_host(canonical, url):
        return False  # the agency's own site
    if outlets is not None and outlets.named_by(name):
        return False  # the page's own outlet in any spelling ("VICE US" on Vice)
    return not (same_outlet(name, publisher) or is_outlet(name, None, url) or _same_host(name, url))


def _same_host(name: str, url: str | None) -> bool:
    host = (urlsplit(url).hostname or "") if url else ""
    key = "".join(ch for ch in fold(name) if ch.isalnum())
    return bool(host and key and len(key) >= 4 and key in host.replace(".", "").replace("-", ""))


def _names_host(name: str, url: str | None) -> bool:
    """Whether ``name`` names the page's host: "The Philadelphia Inquirer, LLC" on inquirer.com."""
    if not url:
        return False
    key = outlet_key(name)
    return _same_host(name, url) or is_outlet(name, None, url) or any(len(h) >= 4 and h in key for h in host_labels(url))


def original_source(
    facts: PageFacts,
    removed: Sequence[Removal],
    line_facts: list[LineFact],
    credits: tuple[list[str], list[str]],
    publisher: str | None,
    url: str | None,
    evidence: dict[str, str],
) -> Source | None:
    """Where a syndicated story first appeared.

    Strongest first: JSON-LD ``isBasedOn``, syndication lines of the ledger and the text, a wire
    agency credited in the byline or a dateline, an outlet the byline names beside the author
    ("Kate Sullivan, CNN"), and the ``dc.source`` meta tag. ``credits`` holds the byline's
    agencies and its outlets; none of them may be the page's own outlet.
    """
    outlets = source_outlets(facts, publisher, url)

    def check(name: str | None) -> str | None:
        name = trim_source(name or "")
        return name if valid_source(name, publisher, url, outlets) else None

    for name, link in facts.ld.sources:
        if (name := check(name)):
            evidence["original_source"] = "json-ld: isBasedOn"
            return Source(name, link)
    for entry in removed:
        if entry.category == "syndication" and entry.source and not _HAT_TIP.match(entry.text) and (name := check(entry.source)):
            evidence["original_source"] = f"text: {entry.rule}"
            return Source(name)
    for fact in line_facts:
        if fact.kind == "source" and not _HAT_TIP.match(fact.line) and (name := check(fact.value)):
            evidence["original_source"] = f"text: {fact.rule}: {fact.line[:80]}"
            return Source(name)
    agencies, named = credits
    for agency in agencies:
        if (name := check(agency)):
            evidence["original_source"] = "byline: wire credit"
            return Source(name)
    for outlet in named:
        if media_outlet(outlet) and (name := check(outlet)):
            evidence["original_source"] = "byline: outlet credit"
            return Source(name)
    for value in facts.meta.get("dc.source", []) + facts.meta.get("dcterms.source", []):
        if (name := check(normalize(value))):
            evidence["original_source"] = "meta: dc.source"
            return Source(name)
    return None


def source_outlets(facts: PageFacts, publisher: str | None, url: str | None) -> Outlets:
    """The page's own outlet for the source test: a JSON-LD publisher the host disowns is the syndicated original's."""
    names = [publisher, *(v for key in PUBLISHER_META for v in facts.meta.get(key, []))]
    if facts.ld.publisher and (facts.ld.publisher == publisher or _names_host(facts.ld.publisher, url)):
        names.append(facts.ld.publisher)
    return Outlets.of([n for n in names if n and not n.startswith("http")], url, [title_suffix(facts.title)])
