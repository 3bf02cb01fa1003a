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
from typing import Any

from ..models import Block, Byline, Removal
from ..textutils import normalize
from .dates import page_dates
from .lexicons import fold, lexicons
from .lines import LineFact, names_over_dates, scan
from .names import Credit, person_shaped, split_credit
from .outlets import Outlets, caseless, outlet_key
from .pagefacts import AUTHOR_META, PageFacts, read_page_facts
from .sources import agencies_in, original_source, page_outlets, page_publisher, valid_source

__all__ = ["build_byline", "valid_source"]

LOGGER = logging.getLogger(__name__)

#: Blocks at the head of the article read for byline lines and datelines.
HEAD_BLOCKS = 6
#: Most blocks read as the head when the first ones are all short (breadcrumbs, subtitle, byline).
MAX_HEAD_BLOCKS = 12
#: A block this long is a paragraph of the story: the head ends there.
BODY_CHARS = 150
#: Paragraphs at the head of the article read for wire datelines (shorter lines above them are read too).
DATELINE_BLOCKS = 4
#: A block this long counts as a paragraph of prose for the dateline reach.
PROSE_CHARS = 80
#: Page lines read when the article's first block is not found among them.
HEAD_LINES = 60
#: Most page lines under the article's first block read as the head (a byline under the standfirst).
GAP_LINES = 8
#: Page lines read under the article for "Posted by" lines.
LINES_BELOW = 12
#: Blocks at the tail read for "Reporting by" lines and wire end tags.
TAIL_BLOCKS = 4
#: Byline lines read after a credit that named only a wire agency: the article's own.
AFTER_WIRE_RULES = frozenset({"byline.by", "byline.reporting-by"})


#: A bio that opens with its subject's name: "Ana Ruiz is a reporter", "Inga Muster ist Redakteurin".
_BIO_SENTENCE = re.compile(r"^(?P<name>[A-ZÀ-Þ][\w'’-]+(?: [A-ZÀ-Þ][\w'’.-]+){1,2}) (?:is|ist|est|es|è|é|was|war) ")


@dataclass(slots=True)
class _Authors:
    names: list[str] = field(default_factory=list)
    agencies: list[str] = field(default_factory=list)
    evidence: str | None = None
    #: Outlets the winning credit names beside the persons ("Kate Sullivan, CNN").
    outlets: list[str] = field(default_factory=list)


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
    publisher = page_publisher(facts, meta, url, evidence)
    outlets = page_outlets(facts, meta, publisher, url)
    head = _head(blocks)
    tail = [b.text for b in blocks[-TAIL_BLOCKS:]] if len(blocks) > HEAD_BLOCKS else []
    # a closing note broken into lines by <br> ("Von »Spektrum« übersetzte ... / ... aus »Quanta Magazine«")
    tail += _joined_lines(blocks, len(blocks) - TAIL_BLOCKS) if tail else []
    # Nearest the article first: head lines from the bottom up, so a byline just above the text
    # wins over one of another story further up the page.
    head_ledger = [r.text for r in sorted((r for r in removed if r.where == "head"), key=lambda r: -r.position)]
    rest_ledger = [r.text for r in removed if r.where not in ("head", "dom")]
    lines = [*head_ledger, *head, *_lines_above(facts.lines, blocks), *tail, *rest_ledger]
    line_facts = list(scan(lines, ("byline", "source", "credit")))
    # The narrow credit forms ("Reporting by", "X contributed to this report") anywhere in the article.
    middle = [b.text for b in blocks[len(head) : len(blocks) - len(tail)]]
    line_facts += scan(middle, ("byline", "source", "credit"), reach="article")
    # Blogs print "Posted by X on <date>" under the post: bylines only, from the lines just below it.
    line_facts += scan(_lines_below(facts.lines, blocks), ("byline",))
    # Bare name lines over a date line, in page order: the head ledger and the head (the page's
    # lines above the headline hold section labels over dates, which have the same shape).
    head_in_order = [r.text for r in sorted((r for r in removed if r.where == "head"), key=lambda r: r.position)]
    titles = [fold(t) for t in (facts.title, *facts.meta.get("og:title", []), *(r.text for r in removed if r.category == "title")) if t]
    # One run: the head ledger precedes the kept head, and a name the ledger took can stand over the
    # first kept line's date (a dump's "Anna Nowak" over "31 stycznia 2020 | 10:00").
    line_facts += [f for f in names_over_dates([*head_in_order, *head]) if not any(fold(f.value) in t for t in titles)]
    # Datelines only where wires put them: the article's first paragraphs and its very end
    # (captions and teasers elsewhere credit agencies for pictures and other stories).
    line_facts += scan([*_dateline_blocks(head), *[b.text for b in blocks[-1:]]], ("dateline",))
    bios = [r.text for r in removed if r.category == "author-bio" and r.where in ("tail", "dom")]
    found = _authors(facts, meta, line_facts, outlets, url, frozenset(normalize(b.text) for b in blocks), bios)
    if found.evidence and found.names:
        evidence["authors"] = found.evidence
    agencies = list(found.agencies)
    byline_agencies = list(found.agencies)
    for fact in line_facts:
        if fact.kind in ("dateline", "credit"):
            for agency in agencies_in(fact.value):
                if agency not in agencies:
                    agencies.append(agency)
                if fact.kind == "dateline" and agency not in byline_agencies:
                    byline_agencies.append(agency)
    original = original_source(facts, removed, line_facts, (byline_agencies, found.outlets), publisher, url, evidence)
    published, updated = page_dates(facts, meta, evidence)
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


def _joined_lines(blocks: Sequence[Block], start: int) -> list[str]:
    """The paragraphs split into lines by ``<br>`` that end at or after block ``start``, each read as one line.

    The paragraph's first block is left out when it is a long run of prose: the credit is its later lines.
    """
    runs: list[list[Block]] = []
    for i, block in enumerate(blocks):
        if block.continues and runs and runs[-1][-1] is blocks[i - 1]:
            runs[-1].append(block)
        else:
            runs.append([block])
    ends, joined = 0, []
    for run in runs:
        ends += len(run)
        if len(run) > 1 and ends > start:
            lines = run[1:] if len(run[0].text) >= BODY_CHARS else run
            joined.append(" ".join(b.text for b in lines))
    return joined


def _dateline_blocks(head: list[str]) -> list[str]:
    """The head's blocks up to its ``DATELINE_BLOCKS``-th paragraph of prose: a wire dateline opens the
    story's first paragraph, however many short lines (a repeated headline, the byline) stand above it."""
    taken, prose = [], 0
    for text in head:
        taken.append(text)
        prose += len(text) >= PROSE_CHARS
        if prose >= DATELINE_BLOCKS or len(taken) >= MAX_HEAD_BLOCKS:
            break
    return taken


def _lines_above(lines: list[str], blocks: Sequence[Block]) -> list[str]:
    """Page lines above the article's first block: where bylines and source lines of the head stand.

    Lines further down belong to the body (already read as blocks), to sidebars or to the footer,
    where "Source:" and "By" lines are about other things.
    """
    if blocks:
        start = normalize(blocks[0].text)[:40]
        for i, line in enumerate(lines):
            if start and line.startswith(start):
                return lines[:i] + _lines_between(lines, i, blocks)
    return lines[:HEAD_LINES]


def _lines_between(lines: list[str], first: int, blocks: Sequence[Block]) -> list[str]:
    """The few page lines under the article's first block that are no block of it, down to its first body
    paragraph: a byline under the standfirst or subtitle ("Datum: 03.11.2021 Autor: X" above the body)."""
    later = [normalize(b.text) for b in blocks[1:HEAD_BLOCKS]]
    between = []
    for line in lines[first + 1 : first + 1 + GAP_LINES]:
        block = next((t for t in later if t and line.startswith(t[:40])), None)
        if block is not None and len(block) >= BODY_CHARS:
            break  # the body starts
        if block is None:
            between.append(line)
    return between


def _lines_below(lines: list[str], blocks: Sequence[Block]) -> list[str]:
    """The few page lines right under the article's last block."""
    if not blocks:
        return []
    end = normalize(blocks[-1].text)[:40]
    for i in range(len(lines) - 1, -1, -1):
        if end and lines[i].startswith(end):
            return lines[i + 1 : i + 1 + LINES_BELOW]
    return []


def _authors(
    facts: PageFacts,
    meta: Any,
    line_facts: list[LineFact],
    publisher: Outlets,
    url: str | None,
    article: frozenset[str],
    bios: Sequence[str] = (),
) -> _Authors:
    """The first source, strongest first, that names a person visible on the page (``article``: its kept blocks)."""
    agencies: list[str] = []
    credited: list[str] = []  # outlets and desks the page's credits name: never a person further on
    wire: str | None = None  # evidence of a credit that named only a wire agency

    def take(credit: Credit, evidence: str, check_visible: bool) -> _Authors | None:
        nonlocal wire
        for agency in credit.agencies:
            if agency not in agencies:
                agencies.append(agency)
        credited.extend(outlet_key(o) for o in credit.outlets)
        names = [
            n for n in credit.authors
            if (not check_visible or (_visible(n, facts) and _cued(n, facts, line_facts))) and outlet_key(n) not in credited
            and not _labelled_editor(n, facts)
        ]
        if names:
            # an outlet segment that repeats a name ("Jane Doe The Mississippi Press") is no clean outlet
            outlets = [o for o in credit.outlets if not any(fold(n) in fold(o) for n in names)]
            return _Authors(names, list(agencies), evidence, outlets)
        if credit.agencies and wire is None:
            # The byline credits a wire agency and nobody else ("Par AFP"): unless the article's
            # own "By"/"Reporting by" line names someone, the story has no named author.
            wire = evidence
        return None

    # 1. JSON-LD: persons, and organisations that may be agencies
    ld_credit = Credit()
    for person in facts.ld.authors:
        # A typed Person may share the site's name (personal blogs): only organisations, and persons
        # not shaped like a person's name ("网易", "The Daily Post"), are checked against it.
        check = person.is_org or not person_shaped(person.name)
        part = split_credit(
            person.name, publisher=publisher if check else None, url=url if person.is_org else None, one_name=not person.is_org
        )
        ld_credit.agencies += part.agencies
        if not person.is_org:
            ld_credit.authors += part.authors
    result = take(ld_credit, "json-ld: author", True)
    if result:
        return result
    # 2. meta tags (none after a wire-only credit: the article's own "By" lines alone may name its writer)
    for name in AUTHOR_META if wire is None else ():
        values = [v for v in facts.meta.get(name, []) if not v.strip().startswith("http")]
        if values:
            credit = _merge(split_credit(v, publisher=publisher, url=url) for v in values)
            result = take(credit, f"meta: {name}", True)
            if result:
                return result
    # 3. author elements and byline nodes next to the headline
    for node in facts.nodes if wire is None else ():
        result = take(split_credit(node.text, publisher=publisher, url=url, strict=True, one_name=node.one_name), node.evidence, False)
        if result:
            return result
    # 4. byline lines of text (after a wire-only credit, only the "By" lines of the article's own
    # blocks: the ledger and the page's lines hold other stories' bylines)
    for fact in line_facts:
        if fact.kind == "byline" and (wire is None or (fact.rule in AFTER_WIRE_RULES and fact.line in article)):
            credit = split_credit(fact.value, publisher=publisher, url=url, strict=True)
            result = take(credit, f"text: {fact.rule}: {fact.line[:80]}", False)
            if result:
                return result
    # 5. trafilatura's metadata: it also reads sidebars and popups, so its name must stand near the
    # headline, and a one-word name (a handle, or a caseless-script name) that no cue marks is none
    if meta is not None and getattr(meta, "author", None) and wire is None:
        credit = split_credit(str(meta.author), publisher=publisher, url=url)
        credit.authors = [
            n for n in credit.authors
            if (not facts.placed or " ".join(n.casefold().split()) in facts.placed) and len(n.split()) > 1 and not caseless(n)
        ]
        result = take(credit, "trafilatura: author", True)
        if result:
            return result
    # 6. a closing bio sentence ("Ana Ruiz is The Sun's media critic"): a weak sign, read last
    for text in bios if wire is None else ():
        m = _BIO_SENTENCE.match(text)
        # the bio must stand in the article's zone, not in a sidebar of other writers
        if m and (not facts.placed or " ".join(m.group("name").casefold().split()) in facts.placed):
            result = take(split_credit(m.group("name"), publisher=publisher, url=url, strict=True), "text: author bio", True)
            if result:
                return result
    return _Authors([], agencies, wire)


def _cued(name: str, facts: PageFacts, line_facts: list[LineFact]) -> bool:
    """Whether a metadata name may stand: a one-word name (a handle, a tag, a caseless-script name) needs
    a byline cue on the page, a byline element or line that shows it ("Klimaschutz" as meta author is a topic)."""
    if len(name.split()) > 1 and not caseless(name):
        return True
    key = fold(name)
    cues = [n.text for n in facts.nodes] + [f.value for f in line_facts if f.kind == "byline"]
    return any(key in fold(cue) for cue in cues)


def _labelled_editor(name: str, facts: PageFacts) -> bool:
    """Whether the page labels ``name`` as its editor or photographer ("Редактор: Елин Димитров",
    "Edited by X"), the label standing outside the element that names it."""
    key = fold(name)
    prefixes = {p.rstrip(":：").strip() for p in lexicons().editor_prefixes}
    for line in facts.lines:
        folded = fold(line)
        if folded.endswith(key) and folded != key and folded[: -len(key)].strip(" :：-–—|/") in prefixes:
            return True
    return False


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


