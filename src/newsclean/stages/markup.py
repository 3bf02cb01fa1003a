"""Budgets on the raw markup, applied before libxml2 parses it: they bound the parse's memory.

libxml2's tree costs far more than the markup it is read from: about 900 bytes of resident memory
per attribute of ``a1="v"`` (7 bytes of markup) and 300 per element of ``word<br>``, once the
extractor's copy of the tree is counted (``benchmarks/hostile.py``). A size cap alone cannot bound
that, so before the parse the markup is read once, tag by tag, the way the parser reads it (quoted
values may hold ``<``, ``>`` and the other quote; comments and the bodies of raw-text elements such
as ``script`` are skipped whole), and bounded:

1. a run of more than :data:`MAX_EMPTY_RUN` void or empty elements (``<br>``, ``<hr>``, ``<wbr>``,
   ``<p></p>``...) with only whitespace between them keeps its first :data:`MAX_EMPTY_RUN`;
2. a tag keeps its first :data:`MAX_ATTRIBUTES` attributes (libxml2 is quadratic in a tag's count);
3. the page keeps at most :data:`OTHER_ATTRIBUTES` attributes and :data:`OTHER_ATTRIBUTE_CHARS`
   characters of attribute markup; past that only the attributes extraction and the byline read
   (:data:`KEY_ATTRIBUTES`: class, id, href...) are kept, up to :data:`MAX_PAGE_ATTRIBUTES` and
   :data:`MAX_PAGE_ATTRIBUTE_CHARS`;
4. the page keeps its first :data:`ELEMENT_BUDGET` start tags; past them the rest of the page's
   tags (and script, style and comment bodies) are dropped and its text is kept.

Each is far above what real pages hold (the largest of the 5,600 pages of the labelled corpus has
10,126 start tags, 24,858 attributes and 560 kB of attribute markup; its longest run of ``<br>`` is
10), so an ordinary page comes back unchanged, and every change is said in the warnings. Every scan
is one pass: each regular expression here has alternatives that start with distinct characters,
possessive repeats, and an unclosed quote or comment that runs to the end of the page (as in the
parser), so that no match is retried from inside another.
"""

from __future__ import annotations

import re

#: Attributes kept per element. libxml2 checks every new attribute against all earlier ones of
#: its element, so a tag with 100,000 attributes takes minutes to parse; real tags have a few.
MAX_ATTRIBUTES = 256
#: Void or empty elements kept of one run of them (the corpus's longest run of ``<br>`` is 10).
MAX_EMPTY_RUN = 64
#: Start tags a page keeps: 20 times the corpus's largest page (10,126). At about 300 bytes per
#: element of tree and the extractor's copy, they hold the tree under 100 MB.
ELEMENT_BUDGET = 200_000
#: Attributes and characters of attribute markup a page keeps of every name (4 and 3.6 times the
#: corpus's largest page: 24,858 attributes, 560 kB)...
OTHER_ATTRIBUTES = 100_000
OTHER_ATTRIBUTE_CHARS = 2_000_000
#: ... and of the attributes extraction, pre-cleaning, the judge and the byline read, which are
#: kept past that (``type`` tells a JSON-LD script, ``itemprop``/``itemtype`` microdata).
MAX_PAGE_ATTRIBUTES = 200_000
MAX_PAGE_ATTRIBUTE_CHARS = 4_000_000
KEY_ATTRIBUTES = frozenset(
    {
        "class", "id", "itemprop", "itemscope", "itemtype", "rel", "href", "src", "content", "name",
        "property", "datetime", "role", "hidden", "style", "aria-hidden", "lang", "type", "http-equiv",
        "charset",
    }
)
#: Only tags at least this long can hold more than MAX_ATTRIBUTES attributes worth cutting. A tag
#: runs to the first ``>`` outside quotes: quoted values may hold ``<`` and ``>`` (``x="<"``), which
#: must not hide the rest of the tag from the cap.
_LONG_TAG = re.compile(r"""<[A-Za-z][A-Za-z0-9:-]*\s(?:[^>"']|"[^"]*"|'[^']*'){4096,}""")
#: One attribute inside a tag: a name, optionally ``=`` and a quoted or bare value.
_ATTRIBUTE = re.compile(r"""\s*[^\s=>"']+(?:\s*=\s*(?:"[^"]*"|'[^']*'|[^\s>"']*))?""")
#: The same, as the page budget reads it: each attribute's markup when it is one of
#: KEY_ATTRIBUTES, an empty string for any other (``findall`` splits a tag in one C call).
_VALUE = r"""(?:\s*+=\s*+(?:"[^"]*+"?|'[^']*+'?|[^\s>"']*+))?"""
_KEY_SPLIT = re.compile(
    r"""[\s/]*+(?:((?i:%s)(?![^\s=>"'/])%s)|[^\s=>"'/]++%s)""" % ("|".join(sorted(KEY_ATTRIBUTES)), _VALUE, _VALUE)
)
#: What an attribute follows in a tag.
_SEPARATORS = (" ", "\n", "\t", "\r", "\f", "/", '"', "'")
#: Where a start tag or a comment may open (a cheap scan: most ``<`` of a hostile text open none).
_TAG_START = re.compile(r"<[A-Za-z!]")
#: A start tag: its name, then its attribute markup up to the ``>`` outside quotes (or the end).
_START_TAG = re.compile(r"""<([A-Za-z][^\s/>]*+)((?:[^>"']++|"[^"]*+(?:"|\Z)|'[^']*+(?:'|\Z))*+)(?:>|\Z)""")
#: Whether a tag's attribute markup may name one of KEY_ATTRIBUTES (a quick test before splitting it).
_KEY_NAME = re.compile(r"""(?:^|[\s/"'])(?i:%s)(?![^\s=>"'/])""" % "|".join(sorted(KEY_ATTRIBUTES)))
#: Elements whose body the parser reads as raw text up to their closing tag (no tags inside).
_RAW_TEXT = frozenset({"script", "style", "textarea", "title", "xmp", "iframe", "noembed", "noframes"})
_CLOSERS = {name: re.compile(f"</{name}", re.IGNORECASE) for name in _RAW_TEXT}
#: Everything of markup that is not text, for the part of a page past the element budget: comments,
#: raw-text elements with their bodies, tags, declarations.
_NOT_TEXT = re.compile(
    r"""<(?:!--(?:.*?-->|.*+)"""
    r"""|(script|style|textarea|title|xmp|iframe|noembed|noframes)\b(?:[^>"']++|"[^"]*+(?:"|\Z)|'[^']*+(?:'|\Z))*+"""
    r"""(?:>(?:.*?</\1\s*+>|.*+)|\Z)"""
    r"""|/?[A-Za-z](?:[^>"']++|"[^"]*+(?:"|\Z)|'[^']*+(?:'|\Z))*+(?:>|\Z)"""
    r"""|[!?][^>]*+(?:>|\Z))""",
    re.IGNORECASE | re.DOTALL,
)
#: A void element without attributes, or an empty element pair, with the whitespace after it.
#: (Letters as classes: IGNORECASE makes the scan three times slower.)
_EMPTY = (r"""<(?:[bBhH][rR]\s*+/?>|[wW][bB][rR]\s*+/?>"""
          r"""|([pP]|[dD][iI][vV]|[sS][pP][aA][nN]|[lL][iI])\s*+>\s*+</(?:\1)\s*+>)\s*+""")
#: A run of at least two of them (possessive: a run is matched once, from its start).
_EMPTY_RUN = re.compile(f"(?=<[bBhHwWpPdDsSlL])(?:{_EMPTY}){{2,}}+")  # the lookahead: a cheap first test
_FIRST_OF_RUN = re.compile(f"(?:{_EMPTY}){{{MAX_EMPTY_RUN}}}")


def bound_markup(text: str, warnings: list[str]) -> str:
    """``text`` within the markup budgets (empty runs, attributes per tag and per page, elements);
    each change adds a warning. An ordinary page is returned as it is."""
    if text.count("<") > ELEMENT_BUDGET:  # runs cost memory only on a page of many tags
        text = collapse_empty_runs(text, warnings)
    text = cap_tag_attributes(text, warnings)
    return _page_budget(text, warnings)


def collapse_empty_runs(text: str, warnings: list[str]) -> str:
    """Cut every run of more than MAX_EMPTY_RUN void or empty elements to its first MAX_EMPTY_RUN."""
    pieces: list[str] = []
    pos = runs = dropped = 0
    for run in _EMPTY_RUN.finditer(text):
        if run.group().count("<") <= MAX_EMPTY_RUN:
            continue  # fewer tags than kept elements: a short run
        keep = _FIRST_OF_RUN.match(text, run.start(), run.end())
        if keep is None:
            continue  # empty pairs count two tags each: not long enough
        cut = text[keep.end() : run.end()]
        pieces += [text[pos : keep.end()]]
        pos = run.end()
        runs += 1
        dropped += cut.count("<") - cut.count("</")
    if not runs:
        return text
    warnings.append(f"{runs} run(s) of more than {MAX_EMPTY_RUN} empty elements (<br>, <hr>, empty <p>...) cut to "
                    f"their first {MAX_EMPTY_RUN}: {dropped:,} elements dropped")
    return "".join([*pieces, text[pos:]])


def cap_tag_attributes(text: str, warnings: list[str]) -> str:
    """Cut tags with more than MAX_ATTRIBUTES attributes down to their first MAX_ATTRIBUTES."""
    pieces: list[str] = []
    pos = cut = 0
    for match in _LONG_TAG.finditer(text):
        # The tag name is the first "attribute" matched; quoted values are skipped whole; the
        # count stops at anything that is not an attribute (then nothing is cut).
        end, at = None, match.start() + 1
        for _ in range(MAX_ATTRIBUTES + 1):
            attribute = _ATTRIBUTE.match(text, at, match.end())
            if attribute is None or attribute.end() == at:
                break
            at = attribute.end()
        else:
            end = at
        if end is None:
            continue  # long, but few attributes (an inline image, a long path): kept whole
        pieces += [text[pos : match.start()], text[match.start() : end]]
        pos = match.end()
        cut += 1
    if not cut:
        return text
    warnings.append(f"{cut} tag(s) with more than {MAX_ATTRIBUTES} attributes cut to their first {MAX_ATTRIBUTES}")
    return "".join([*pieces, text[pos:]])


class _AttributeBudget:
    """The page-wide attribute budget, spent tag by tag in document order."""

    def __init__(self) -> None:
        self.count = self.chars = 0
        #: Tags that lost attributes, characters of attribute markup dropped, where the first was.
        self.tags = self.dropped = 0
        self.first_drop = -1

    def spend(self, attributes: str, at: int) -> str:
        """A tag's attribute markup (the tag starts at ``at``) without what the budget cannot
        keep; counted. Read in C: a split into key attributes and others, no Python per one."""
        if self.count < OTHER_ATTRIBUTES and self.chars < OTHER_ATTRIBUTE_CHARS:
            found = _KEY_SPLIT.findall(attributes)  # each attribute: its markup if a key one, else ""
            if self.count + len(found) <= OTHER_ATTRIBUTES and self.chars + len(attributes) <= OTHER_ATTRIBUTE_CHARS:
                self.count += len(found)
                self.chars += len(attributes)
                return attributes
        elif _KEY_NAME.search(attributes) is None:
            found = []  # past the budget of every name, and no key attribute in the tag
        else:
            found = _KEY_SPLIT.findall(attributes)
        keys = [a for a in found if a]  # past the budget of every name: the key ones only
        kept = keys[: max(0, MAX_PAGE_ATTRIBUTES - self.count)]
        while kept and self.chars + sum(map(len, kept)) > MAX_PAGE_ATTRIBUTE_CHARS:
            kept = kept[: len(kept) // 2]
        if found and len(kept) == len(found):
            self.count += len(found)
            self.chars += len(attributes)
            return attributes
        markup = "".join(" " + a for a in kept) + ("/" if attributes.rstrip().endswith("/") else "")
        self.count += len(kept)
        self.chars += len(markup)
        if len(markup) < len(attributes.strip()):
            self.tags += 1
            self.dropped += len(attributes) - len(markup)
            if self.first_drop < 0:
                self.first_drop = at
        return markup


def _may_exceed_attributes(text: str) -> bool:
    """Whether ``text`` may hold more attribute markup than the budget of every name: counted in
    C from above (an attribute takes at least two characters, and follows whitespace, a ``/`` or
    a closing quote)."""
    if len(text) <= 2 * OTHER_ATTRIBUTES:
        return False
    if len(text) > OTHER_ATTRIBUTE_CHARS:
        return True
    return sum(map(text.count, _SEPARATORS)) > OTHER_ATTRIBUTES


def _page_budget(text: str, warnings: list[str]) -> str:
    """Apply the page-wide attribute and element budgets (see the module's docstring)."""
    if text.count("<") <= ELEMENT_BUDGET and not _may_exceed_attributes(text):
        return text  # too few tags for the element budget, too little markup for the attribute one
    pieces: list[str] = []
    budget = _AttributeBudget()
    pos = elements = 0
    candidate = _TAG_START.search(text)
    while candidate is not None:
        at = candidate.start()
        if text.startswith("<!--", at):  # a comment: skipped to its end (or the page's)
            close = text.find("-->", at + 4)
            candidate = _TAG_START.search(text, len(text) if close < 0 else close + 3)
            continue
        found = _START_TAG.match(text, at)
        if found is None:  # "<!DOCTYPE", "<![CDATA[": no element
            candidate = _TAG_START.search(text, at + 1)
            continue
        elements += 1
        if elements > ELEMENT_BUDGET:
            warnings.append(f"element budget: the page's first {ELEMENT_BUDGET:,} elements kept; past character "
                            f"{at:,} of {len(text):,} its tags were dropped and its text kept")
            pieces += [text[pos:at], _NOT_TEXT.sub(" ", text[at:])]
            pos = len(text)
            break
        attributes = found.group(2)
        if attributes:
            kept = budget.spend(attributes, at)
            if kept is not attributes:
                pieces += [text[pos : found.start(2)], kept]
                pos = found.end(2)
        end = found.end()
        closer = _CLOSERS.get(found.group(1).lower())
        if closer is not None:  # a script's or style's body holds no tags
            body_end = closer.search(text, end)
            end = len(text) if body_end is None else body_end.start()
        candidate = _TAG_START.search(text, end)
    if budget.dropped:
        warnings.append(
            f"attribute budget: {budget.dropped:,} characters of attribute markup dropped from {budget.tags:,} "
            f"tags from character {budget.first_drop:,} on; a page keeps {OTHER_ATTRIBUTES:,} attributes "
            f"({OTHER_ATTRIBUTE_CHARS:,} characters), and up to {MAX_PAGE_ATTRIBUTES:,} "
            f"({MAX_PAGE_ATTRIBUTE_CHARS:,}) of class, id, href and the others extraction reads"
        )
    if not pieces:
        return text
    return "".join([*pieces, text[pos:]])
