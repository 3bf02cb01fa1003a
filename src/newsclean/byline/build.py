"""Byline: authors, publisher, original source of syndicated stories, dates, with evidence.

Sources are weighed strongest first: JSON-LD, meta tags, ``rel``/``itemprop=author`` elements
and byline nodes by class (read from the untouched page by :mod:`newsclean.byline.pagefacts`), then
lines of text ("By X", "文／X", "Source: X", wire datelines) from the ledger, the article and the
lines around the headline, and last trafilatura's own metadata. A name from metadata must be
visible on the page; every name passes :func:`newsclean.byline.names.split_credit`. Nothing is better
than a wrong string: a page without a visible author gets no authors.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any
from urllib.parse import urlsplit

from ..models import Block, Byline, Removal, Source
from ..textutils import normalize
from .lexicons import fold, lexicons
from .lines import LineFact, names_over_dates, scan
from .names import Credit, agency_name, is_outlet, person_shaped, same_outlet, split_credit
from .outlets import Outlets, outlet_key, title_suffix
from .pagefacts import (
    AUTHOR_META,
    PUBLISHED_META,
    OUTLET_META,
    PUBLISHER_META,
    UPDATED_META,
    PageFacts,
    read_page_facts,
)

LOGGER = logging.getLogger(__name__)

#: Blocks at the head of the article read for byline lines and datelines.
HEAD_BLOCKS = 6
#: Most blocks read as the head when the first ones are all short (breadcrumbs, subtitle, byline).
MAX_HEAD_BLOCKS = 12
#: A block this long is a paragraph of the story: the head ends there.
BODY_CHARS = 150
#: Blocks at the head of the article read for wire datelines.
DATELINE_BLOCKS = 4
#: Page lines read when the article's first block is not found among them.
HEAD_LINES = 60
#: Page lines read under the article for "Posted by" lines.
LINES_BELOW = 12
#: Blocks at the tail read for "Reporting by" lines and wire end tags.
TAIL_BLOCKS = 4
#: Most words an original source's name has; longer captures are sentences, not outlets.
MAX_SOURCE_WORDS = 7

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


@dataclass(slots=True)
class _Authors:
    names: list[str] = field(default_factory=list)
    agencies: list[str] = field(default_factory=list)
    evidence: str | None = None


def build_byline(
    *,
    facts: PageFacts | None = None,
    meta: Any = None,
    removed: Sequence[Removal] = (),
    blocks: Sequence[Block] = (),
    url: str | None = None,
    tree: Any = None,
) -> Byline:
    """Assemble the byline from page facts, trafilatura's metadata, the ledger and the article blocks.

    Args:
        facts: what :func:`read_page_facts` read from the untouched page (HTML only).
        meta: trafilatura's metadata (``author``, ``sitename``, ``date``), or None.
        removed: the ledger: byline and syndication lines removed from the text.
        blocks: the article's kept blocks (datelines, wire tags, byline lines left in).
        url: the page URL: a credit naming the site's own host is its publisher.
        tree: a parsed page, read when no ``facts`` are given.
    """
    if facts is None and tree is not None:
        facts = read_page_facts(tree, url)
    facts = facts or PageFacts()
    url = url or facts.url
    evidence: dict[str, str] = {}
    publisher = _publisher(facts, meta, url, evidence)
    outlets = _outlets(facts, meta, publisher, url)
    head = _head(blocks)
    tail = [b.text for b in blocks[-TAIL_BLOCKS:]] if len(blocks) > HEAD_BLOCKS else []
    # Nearest the article first: head lines from the bottom up, so a byline just above the text
    # wins over one of another story further up the page.
    head_ledger = [r.text for r in sorted((r for r in removed if r.where == "head"), key=lambda r: -r.position)]
    rest_ledger = [r.text for r in removed if r.where not in ("head", "dom")]
    lines = [*head_ledger, *head, *_lines_above(facts.lines, blocks), *tail, *rest_ledger]
    line_facts = list(scan(lines, ("byline", "source", "credit")))
    # Blogs print "Posted by X on <date>" under the post: bylines only, from the lines just below it.
    line_facts += scan(_lines_below(facts.lines, blocks), ("byline",))
    # Bare name lines over a date line, in page order: the head ledger and the head (the page's
    # lines above the headline hold section labels over dates, which have the same shape).
    head_in_order = [r.text for r in sorted((r for r in removed if r.where == "head"), key=lambda r: r.position)]
    for run in (head_in_order, head):
        line_facts += names_over_dates(run)
    # Datelines only where wires put them: the article's first paragraphs and its very end
    # (captions and teasers elsewhere credit agencies for pictures and other stories).
    line_facts += scan([*head[:DATELINE_BLOCKS], *[b.text for b in blocks[-1:]]], ("dateline",))
    found = _authors(facts, meta, line_facts, outlets, url)
    if found.evidence and found.names:
        evidence["authors"] = found.evidence
    agencies = list(found.agencies)
    byline_agencies = list(found.agencies)
    for fact in line_facts:
        if fact.kind in ("dateline", "credit"):
            for agency in _agencies_in(fact.value):
                if agency not in agencies:
                    agencies.append(agency)
                if fact.kind == "dateline" and agency not in byline_agencies:
                    byline_agencies.append(agency)
    original = _original_source(facts, removed, line_facts, byline_agencies, publisher, url, evidence)
    published, updated = _dates(facts, meta, evidence)
    if agencies:
        evidence["agencies"] = "byline credits and datelines"
    return Byline(
        authors=tuple(found.names),
        publisher=publisher,
        original_source=original,
        agencies=tuple(agencies),
        published=published,
        updated=updated,
        evidence=evidence,
    )


def _head(blocks: Sequence[Block]) -> list[str]:
    """The article's head: its first blocks, and any short ones before the first body paragraph.

    Text dumps and some extractions open with breadcrumbs and a subtitle, so the byline can stand
    further down than a fixed count of blocks; it never stands below the story's first paragraph.
    """
    head = [b.text for b in blocks[:HEAD_BLOCKS]]
    if all(len(text) < BODY_CHARS for text in head):
        for b in blocks[HEAD_BLOCKS:MAX_HEAD_BLOCKS]:
            head.append(b.text)
            if len(b.text) >= BODY_CHARS:
                break
    return head


def _lines_above(lines: list[str], blocks: Sequence[Block]) -> list[str]:
    """Page lines above the article's first block: where bylines and source lines of the head stand.

    Lines further down belong to the body (already read as blocks), to sidebars or to the footer,
    where "Source:" and "By" lines are about other things.
    """
    if blocks:
        start = normalize(blocks[0].text)[:40]
        for i, line in enumerate(lines):
            if start and line.startswith(start):
                return lines[:i]
    return lines[:HEAD_LINES]


def _lines_below(lines: list[str], blocks: Sequence[Block]) -> list[str]:
    """The few page lines right under the article's last block."""
    if not blocks:
        return []
    end = normalize(blocks[-1].text)[:40]
    for i in range(len(lines) - 1, -1, -1):
        if end and lines[i].startswith(end):
            return lines[i + 1 : i + 1 + LINES_BELOW]
    return []


def _publisher(facts: PageFacts, meta: Any, url: str | None, evidence: dict[str, str]) -> str | None:
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
    chosen = next((c for c in candidates if url and (_same_host(c[0], url) or is_outlet(c[0], None, url))), candidates[0])
    evidence["publisher"] = chosen[1]
    return chosen[0]


def _outlets(facts: PageFacts, meta: Any, publisher: str | None, url: str | None) -> Outlets:
    """Every name the page gives its own outlet: one set, tested once for every credit."""
    names = [publisher, facts.ld.publisher, *(p.name for p in facts.ld.authors if p.is_org)]
    names += [v for key in (*PUBLISHER_META, *OUTLET_META) for v in facts.meta.get(key, [])]
    if meta is not None and getattr(meta, "sitename", None):
        names.append(str(meta.sitename))
    weak = [title_suffix(facts.title), *(v.lstrip("@") for v in facts.meta.get("twitter:site", []))]
    return Outlets.of([_COPYRIGHT.sub("", normalize(n)) for n in names if n], url, weak)


def _authors(facts: PageFacts, meta: Any, line_facts: list[LineFact], publisher: Outlets, url: str | None) -> _Authors:
    """The first source, strongest first, that names a person visible on the page."""
    agencies: list[str] = []
    credited: list[str] = []  # outlets and desks the page's credits name: never a person further on

    def take(credit: Credit, evidence: str, check_visible: bool) -> _Authors | None:
        for agency in credit.agencies:
            if agency not in agencies:
                agencies.append(agency)
        credited.extend(outlet_key(o) for o in credit.outlets)
        names = [n for n in credit.authors if (not check_visible or _visible(n, facts)) and outlet_key(n) not in credited]
        if names:
            return _Authors(names, list(agencies), evidence)
        if credit.agencies:
            # The byline credits a wire agency and nobody else ("Par AFP"): the story has no
            # named author, and weaker sources further on would only find other stories' bylines.
            return _Authors([], list(agencies), evidence)
        return None

    # 1. JSON-LD: persons, and organisations that may be agencies
    ld_credit = Credit()
    for person in facts.ld.authors:
        # A typed Person may share the site's name (personal blogs): only organisations, and persons
        # not shaped like a person's name ("网易", "The Daily Post"), are checked against it.
        check = person.is_org or not person_shaped(person.name)
        part = split_credit(person.name, publisher=publisher if check else None, url=url if person.is_org else None)
        ld_credit.agencies += part.agencies
        if not person.is_org:
            ld_credit.authors += part.authors
    result = take(ld_credit, "json-ld: author", True)
    if result:
        return result
    # 2. meta tags
    for name in AUTHOR_META:
        values = [v for v in facts.meta.get(name, []) if not v.strip().startswith("http")]
        if values:
            credit = _merge(split_credit(v, publisher=publisher, url=url) for v in values)
            result = take(credit, f"meta: {name}", True)
            if result:
                return result
    # 3. author elements and byline nodes next to the headline
    for node in facts.nodes:
        result = take(split_credit(node.text, publisher=publisher, url=url, strict=True), node.evidence, False)
        if result:
            return result
    # 4. byline lines of text
    for fact in line_facts:
        if fact.kind == "byline":
            credit = split_credit(fact.value, publisher=publisher, url=url, strict=True)
            result = take(credit, f"text: {fact.rule}: {fact.line[:80]}", False)
            if result:
                return result
    # 5. trafilatura's metadata: it also reads sidebars, so its name must stand near the headline
    if meta is not None and getattr(meta, "author", None):
        credit = split_credit(str(meta.author), publisher=publisher, url=url)
        credit.authors = [n for n in credit.authors if not facts.placed or " ".join(n.casefold().split()) in facts.placed]
        result = take(credit, "trafilatura: author", True)
        if result:
            return result
    return _Authors([], agencies, None)


def _merge(credits: Iterable[Credit]) -> Credit:
    merged = Credit()
    for credit in credits:
        merged.authors += [a for a in credit.authors if fold(a) not in {fold(x) for x in merged.authors}]
        merged.agencies += [a for a in credit.agencies if a not in merged.agencies]
    return merged


def _visible(name: str, facts: PageFacts) -> bool:
    """Whether ``name`` is shown on the page (always true when there is no page text to check)."""
    if not facts.visible:
        return True
    return " ".join(name.casefold().split()) in facts.visible


def _agencies_in(value: str) -> list[str]:
    found = []
    for piece in _DATELINE_SPLIT.split(value):
        agency = agency_name(piece)
        if agency and agency not in found:
            found.append(agency)
    return found


def valid_source(name: str | None, publisher: str | None, url: str | None) -> bool:
    """Whether ``name`` can be an original source: an outlet's name, not a time, a citation or the page's own site."""
    if not name:
        return False
    name = name.strip()
    if len(name) < 2 or len(name.split()) > MAX_SOURCE_WORDS or _TIME.search(name) or _CITATION.match(name):
        return False
    first = name[0]
    if first.isalpha() and first.islower():
        return False
    key = fold(name)
    if key in lexicons().not_sources or key.split(".")[0] in lexicons().not_sources:
        return False
    canonical = agency_name(name)
    if canonical and _same_host(canonical, url):
        return False  # the agency's own site
    return not (same_outlet(name, publisher) or is_outlet(name, None, url) or _same_host(name, url))


def _same_host(name: str, url: str | None) -> bool:
    host = (urlsplit(url).hostname or "") if url else ""
    key = "".join(ch for ch in fold(name) if ch.isalnum())
    return bool(host and key and len(key) >= 4 and key in host.replace(".", "").replace("-", ""))


def _original_source(
    facts: PageFacts,
    removed: Sequence[Removal],
    line_facts: list[LineFact],
    byline_agencies: list[str],
    publisher: str | None,
    url: str | None,
    evidence: dict[str, str],
) -> Source | None:
    """Where a syndicated story first appeared: JSON-LD, syndication lines, then a wire credit in the byline."""
    for name, link in facts.ld.sources:
        if name and valid_source(name, publisher, url):
            evidence["original_source"] = "json-ld: isBasedOn"
            return Source(name, link)
    for entry in removed:
        if entry.category == "syndication" and entry.source and not _HAT_TIP.match(entry.text):
            if valid_source(entry.source, publisher, url):
                evidence["original_source"] = f"text: {entry.rule}"
                return Source(entry.source.strip())
    for fact in line_facts:
        if fact.kind == "source" and not _HAT_TIP.match(fact.line) and valid_source(fact.value, publisher, url):
            evidence["original_source"] = f"text: {fact.rule}: {fact.line[:80]}"
            return Source(fact.value.strip())
    for agency in byline_agencies:
        if valid_source(agency, publisher, url):
            evidence["original_source"] = "byline: wire credit"
            return Source(agency)
    return None


def _dates(facts: PageFacts, meta: Any, evidence: dict[str, str]) -> tuple[str | None, str | None]:
    published = updated = None
    if facts.ld.published and _iso(facts.ld.published):
        published, evidence["published"] = _iso(facts.ld.published), "json-ld: datePublished"
    elif (hit := facts.first_meta(PUBLISHED_META)) and _iso(hit[0]):
        published, evidence["published"] = _iso(hit[0]), f"meta: {hit[1]}"
    elif meta is not None and getattr(meta, "date", None):
        published, evidence["published"] = _iso(str(meta.date)), "trafilatura: date"
    if facts.ld.updated and _iso(facts.ld.updated):
        updated, evidence["updated"] = _iso(facts.ld.updated), "json-ld: dateModified"
    elif (hit := facts.first_meta(UPDATED_META)) and _iso(hit[0]):
        updated, evidence["updated"] = _iso(hit[0]), f"meta: {hit[1]}"
    return published, updated


def _iso(value: str) -> str | None:
    """ISO 8601 form of a date or date-time as pages write it, or None."""
    text = value.strip().replace("Z", "+00:00")
    try:
        if len(text) == 10:  # a date without a time stays a date
            return date.fromisoformat(text).isoformat()
        return datetime.fromisoformat(text).isoformat()
    except ValueError:
        pass
    m = re.match(r"^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})", text)
    if m:
        try:
            return datetime(int(m[1]), int(m[2]), int(m[3])).date().isoformat()
        except ValueError:
            return None
    return None
