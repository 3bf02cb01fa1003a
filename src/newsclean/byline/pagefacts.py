"""Page facts for the byline, read from the untouched page before pre-cleaning changes it.

A read-only pass over the parsed tree: JSON-LD, meta tags, ``rel=author``/``itemprop=author``
elements, byline nodes named by class, and the short text lines around the headline. Nothing here
decides; :mod:`newsclean.byline.build` weighs these candidates.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from lxml import etree

from ..headline import ancestor, find_headline
from ..textutils import hidden_from_view, normalize, unescape
from .elementtext import text_of as _text
from .jsonld import ArticleLD, parse_scripts

#: Meta tags naming the author, strongest first.
AUTHOR_META = (
    "author", "article:author", "parsely-author", "sailthru.author", "dc.creator", "dcterms.creator",
    "citation_author", "byl", "cxenseparse:author", "og:article:author", "shareaholic:article_author_name",
    "og:author", "twitter:data1",
)
PUBLISHER_META = ("og:site_name", "application-name", "publisher", "dc.publisher", "dcterms.publisher")
#: Meta tags that name the page's outlet without being its publisher field.
OUTLET_META = ("copyright", "dc.rights", "dcterms.rightsholder", "al:android:app_name", "al:ios:app_name", "apple-mobile-web-app-title")
PUBLISHED_META = (
    "article:published_time", "og:article:published_time", "parsely-pub-date", "sailthru.date",
    "pubdate", "publishdate", "publish-date", "date", "dc.date", "dcterms.date", "dc.date.issued",
    "dcterms.created", "citation_publication_date", "datepublished", "og:published_time",
)
UPDATED_META = ("article:modified_time", "og:updated_time", "datemodified", "dcterms.modified", "last-modified")

#: Class/id words that name a byline element.
BYLINE_WORDS = frozenset(
    "byline bylines byl author authors author-name authorname autor autoren auteur auteurs writer reporter "
    "journalist articleauthor postauthor entryauthor creator verfasser".split()
)
#: Class/id words of elements that hold something else than the name (bios, pictures, lists).
NOT_BYLINE_WORDS = frozenset(
    "bio biography description desc avatar img image photo picture pic thumb thumbnail comment comments "
    "quote pullquote testimonial caption credit credits media".split()
)
#: Class/id words of page zones whose bylines belong to other articles or to readers.
FOREIGN_ZONE_WORDS = frozenset(
    "sidebar aside related recommended recommend widget widgets comment comments popular trending "
    "teaser teasers promo newsletter nav navigation menu recirc recirculation more outbrain taboola "
    "mostread most-read morestories".split()
)
FOREIGN_ZONE_TAGS = frozenset({"aside", "nav", "blockquote", "figure", "figcaption"})
#: A footer this close to <body> is the page's footer; deeper ones are often an article's own (with its byline).
PAGE_FOOTER_DEPTH = 3
#: Elements whose text is a line of the page.
LINE_TAGS = frozenset("p div span li td dd dt em strong b i small time address font h2 h3 h4 h5 h6 a section header figcaption cite".split())
#: Lines read before and after the headline (elements in document order).
LINES_BEFORE_TITLE = 40
LINES_AFTER_TITLE = 400
MAX_LINE_CHARS = 300
MAX_NODE_CHARS = 200

#: Layout classes that name a sidebar beside the content, not the sidebar itself ("one-sidebar").
_LAYOUT_TOKEN = re.compile(r"(?:one|two|has|with|no|left|right|content)[-_](?:sidebar|navigation|nav|menu|comments|related)|sidebar[-_](?:left|right|layout|content|active)", re.IGNORECASE)
#: Links to an author's page ("/author/jane-doe/", "/autoren/max-muster"): their text is a name.
_AUTHOR_HREF = re.compile(r"/(?:author|authors|autor|autoren|auteur|auteurs|profil|journalist|journalisten|redakteur|redakteure|people|staff)/[^/?#]+", re.IGNORECASE)
#: Name children of an author element (compiled once: a page may hold thousands of author links).
_ITEMPROP_NAMES = etree.XPath(".//*[@itemprop='name']")
_WORD_SPLIT = re.compile(r"[\s_\-]+|(?<=[a-z])(?=[A-Z])")


@dataclass(slots=True)
class Candidate:
    """A credit string found on the page and where it came from."""

    text: str
    evidence: str
    #: The markup gives one name here (one ``itemprop=name`` child, an author element of bare text): "Mac & i" stays whole.
    one_name: bool = False


@dataclass(slots=True)
class PageFacts:
    """Everything the byline stage reads from the page itself."""

    ld: ArticleLD = field(default_factory=ArticleLD)
    meta: dict[str, list[str]] = field(default_factory=dict)
    #: rel=author / itemprop=author elements, then byline nodes by class, best placed first.
    nodes: list[Candidate] = field(default_factory=list)
    #: Short text lines from a little before the headline to well after it, in order.
    lines: list[str] = field(default_factory=list)
    #: The page's visible text, folded, for checking that a metadata name is shown.
    visible: str = ""
    #: The lines around the headline, folded: text outside sidebars, footers and comments.
    placed: str = ""
    #: The page's own URL as it declares it (canonical link or og:url), when it does.
    url: str | None = None
    #: The page's <title>, whose suffix often names the site.
    title: str | None = None

    def first_meta(self, names: tuple[str, ...]) -> tuple[str, str] | None:
        """The first non-empty meta tag among ``names``: (value, tag name)."""
        for name in names:
            for value in self.meta.get(name, []):
                if value.strip():
                    return normalize(unescape(value)), name
        return None


def read_page_facts(tree: Any, url: str | None = None) -> PageFacts:
    """Read JSON-LD, meta tags, author elements and the lines around the headline; never modifies ``tree``."""
    facts = PageFacts()
    if tree is None:
        return facts
    root = tree.getroot() if hasattr(tree, "getroot") else tree
    scripts = [s.text or "" for s in root.iter("script") if "ld+json" in (s.get("type") or "").lower()]
    facts.ld = parse_scripts(scripts)
    facts.meta = _meta(root)
    facts.url = url or _declared_url(root, facts.meta)
    title_el = root.find(".//title")
    facts.title = normalize(title_el.text_content()) if title_el is not None else None
    title = _headline(root, facts.meta)
    title_article = ancestor(title, "article") if title is not None else None
    zone = frozenset(title.iterancestors()) if title is not None else frozenset({root, root.find(".//body")})
    # One top-down walk reads what the byline needs from every element (see _Walk)
    walk = _Walk(root, title, title_article, zone)
    facts.nodes = walk.author_nodes()
    facts.lines = walk.lines()
    visible = _visible_text(root) if walk.has_comments else normalize(" ".join(walk.visible))
    facts.visible = " ".join(visible.casefold().split())
    facts.placed = " ".join(normalize(" ".join(walk.placed)).casefold().split())
    return facts


def _meta(root: Any) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for el in root.iter("meta"):
        key = (el.get("name") or el.get("property") or el.get("itemprop") or "").strip().lower()
        value = el.get("content")
        if key and value:
            found.setdefault(key, []).append(value)
    return found


def _declared_url(root: Any, meta: dict[str, list[str]]) -> str | None:
    for link in root.iter("link"):
        if "canonical" in (link.get("rel") or "").lower().split() and (link.get("href") or "").startswith("http"):
            return str(link.get("href"))
    for value in meta.get("og:url", []):
        if value.startswith("http"):
            return value
    return None


def _headline(root: Any, meta: dict[str, list[str]]) -> Any:
    """The article's headline element (:func:`newsclean.headline.find_headline`), tested against
    the ``og:title`` metas already read and the page's ``<title>``. Only an ``<h1>``: on listing-like
    pages (a blog front page, a forum) an ``<h2>`` that matches the title heads one story among
    many, and the byline nodes "next to the headline" are then another story's (wcxb: 3 of 4
    changed bylines went wrong with ``<h2>`` headlines)."""
    title_el = root.find(".//title")
    own = [title_el.text] if title_el is not None and title_el.text else []
    return find_headline(root, [*meta.get("og:title", []), *own], lower=False)


@lru_cache(maxsize=8192)
def _class_words(cls: str | None, ident: str | None) -> frozenset[str]:
    """Words of a class/id pair (cached: the same class strings recur on every element of a page)."""
    if not cls and not ident:
        return frozenset()
    # Layout tokens ("has-sidebar", "sidebar-left") name the page's frame, not the element's role.
    value = " ".join(t for t in f"{cls or ''} {ident or ''}".split() if not _LAYOUT_TOKEN.search(t))
    words = {w.lower() for w in _WORD_SPLIT.split(value) if w}
    ordered = sorted(words)
    return frozenset(words | {a + b for a, b in zip(ordered, ordered[1:])})


def _describe(el: Any) -> str:
    cls = (el.get("class") or "").split()
    return el.tag + (f".{cls[0]}" if cls else "") + (f"#{el.get('id')}" if el.get("id") else "")


_INVISIBLE_TAGS = frozenset({"script", "style", "noscript", "template"})
#: Elements never read as author nodes (a headline is never a byline, whatever its class:
#: "header__sectionName#ifAuthor").
_NOT_AUTHOR_TAGS = frozenset({"script", "style", "meta", "link", "h1"})
#: Children that make an element a container: its children are the lines, not itself.
_CONTAINER_TAGS = frozenset({"p", "div", "li", "section", "table", "ul"})


class _Walk:
    """One top-down pass over the page for the byline's facts, in document order.

    Each element's state comes from its parent's: its index (that of ``root.iter()``), its depth,
    whether it lies in a foreign zone (a sidebar, page footer, comment list or another article's
    teaser: nearest marked ancestor-or-self wins, the headline's own ancestors are never foreign,
    and an ``<aside>`` counts only for elements outside the headline's ``<article>``), whether its
    text is placed (outside such zones) and visible (outside scripts, styles and templates).
    Class/id words are read once per element. It collects the author-node candidates, the
    candidate lines and the visible and placed text; nothing is decided here.
    """

    def __init__(self, root: Any, title: Any, title_article: Any, zone: frozenset[Any]) -> None:
        self.title, self.title_article, self.zone = title, title_article, zone
        self.title_at = 0
        self.index = -1
        self.start = body if (body := root.find(".//body")) is not None else root
        self.candidates: list[tuple[int, int, Candidate]] = []  # (rank, index, candidate)
        self.line_els: list[tuple[int, Any]] = []  # (index, element) of line elements outside foreign zones
        self.visible: list[str] = []
        self.placed: list[str] = []
        self.has_comments = False
        self._visit(root, -1, False, False, False, False, False, -1, False)

    def _visit(self, el: Any, depth: int, foreign_any: bool, foreign_art: bool, in_article: bool,
               parent_visible: bool, parent_placed: bool, below: int, hidden: bool) -> None:
        """``foreign_any``/``foreign_art``: the parent's foreign state with and without the <aside>
        exception; ``parent_visible``/``parent_placed``: the parent's text flags; ``below``: the
        parent's depth below the start (the body), -1 outside it; ``hidden``: an ancestor's markup
        hides it from view (``hidden``, inline ``display:none``): no byline a reader sees is there."""
        self.index += 1
        at = self.index
        tag = el.tag
        title_article = self.title_article
        words = _class_words(el.get("class"), el.get("id"))
        in_zone = el in self.zone
        zone_words = bool(words & FOREIGN_ZONE_WORDS)
        footerish = tag == "footer" or "footer" in words
        other_article = tag == "article" and title_article is not None and el is not title_article
        if el is self.start:
            visible = placed = True
            below = 0
            if el.text:
                self.visible.append(el.text)
        elif below >= 0:  # inside the start: this element's own text flags
            below += 1
            shown = tag not in _INVISIBLE_TAGS
            visible = parent_visible and shown
            placed = parent_placed and shown and (in_zone or not (
                tag in FOREIGN_ZONE_TAGS or zone_words or (footerish and below <= PAGE_FOOTER_DEPTH) or other_article))
            if el.text:
                if visible:
                    self.visible.append(el.text)
                if placed:
                    self.placed.append(el.text)
        else:
            visible = placed = False
        if el is self.title:
            self.title_at = at
        in_article = in_article or el is title_article
        # foreign state of this element: the nearest ancestor-or-self that decides
        if in_zone:
            foreign_any = foreign_art = False
        else:
            opens = zone_words or (footerish and depth <= PAGE_FOOTER_DEPTH) or other_article
            if tag in FOREIGN_ZONE_TAGS:
                foreign_any = True
                foreign_art = foreign_art or opens if tag == "aside" else True
            elif opens:
                foreign_any = foreign_art = True
        hidden = hidden or hidden_from_view(el) is not None
        if not (foreign_art if in_article else foreign_any):
            if not hidden and tag not in _NOT_AUTHOR_TAGS and (el.get("rel") or el.get("itemprop") or tag == "a"
                                                or words & BYLINE_WORDS or tag.lower() in BYLINE_WORDS):
                self._author_candidate(el, tag, words, at)
            if below >= 0 and tag in LINE_TAGS and not hidden:
                self.line_els.append((at, el))
        for child in el:
            if isinstance(child.tag, str):
                self._visit(child, depth + 1, foreign_any, foreign_art, in_article, visible, placed, below, hidden)
                element = True
            else:  # a comment or processing instruction: counted, never read
                self.index += 1
                self.has_comments = self.has_comments or below >= 0
                element = False
            if below >= 0 and child.tail:
                if visible and element:
                    self.visible.append(child.tail)
                if placed:
                    self.placed.append(child.tail)

    def _author_candidate(self, el: Any, tag: str, words: frozenset[str], at: int) -> None:
        """An element outside foreign zones that may credit the author."""
        rel = (el.get("rel") or "").lower().split()
        prop = (el.get("itemprop") or "").lower().split()
        author_link = tag == "a" and _AUTHOR_HREF.search(el.get("href") or "") is not None
        if "author" in rel or "author" in prop or "creator" in prop or author_link:
            names = _ITEMPROP_NAMES(el)
            # several name children are co-authors of one author element
            text = " and ".join(n.get("content") or _text(n) for n in names) if names else _text(el, MAX_NODE_CHARS)
            kind = "rel-author" if "author" in rel else "itemprop-author" if prop else "author-link"
            rank = 2 if kind == "author-link" else 0  # a bare link to an author page is the weakest sign
        else:
            tagged = words | {tag.lower()}  # some pages use custom tags: <byline>, <author>
            if not tagged & BYLINE_WORDS or tagged & NOT_BYLINE_WORDS:
                return
            text, kind, rank, names = _text(el, MAX_NODE_CHARS), "byline-node", 1, []
        text = normalize(text or "")
        if text and len(text) <= MAX_NODE_CHARS:
            # one itemprop=name child, or an author element that is one run of text (no child elements)
            one = kind != "byline-node" and (len(names) == 1 or (not names and len(el) == 0))
            self.candidates.append((rank, at, Candidate(text, f"{kind}: {_describe(el)}", one)))

    def author_nodes(self) -> list[Candidate]:
        """rel/itemprop author elements and byline nodes outside foreign zones, best placed first."""
        found = []
        for rank, at, candidate in self.candidates:
            # After the headline first (nearest first), then above it: the article's own byline
            # sits next to its headline; other bylines are further away.
            distance = at - self.title_at if at >= self.title_at else 10_000 + self.title_at - at
            found.append((rank, distance, candidate))
        found.sort(key=lambda t: (t[0] == 2, t[1], t[0]))
        return [c for _, _, c in found]

    def lines(self) -> list[str]:
        """Short text lines of leaf line elements from a little before the headline to well after it."""
        lines: list[str] = []
        low, high = self.title_at - LINES_BEFORE_TITLE, self.title_at + LINES_AFTER_TITLE
        for at, el in self.line_els:
            if at < low or at > high:
                continue
            if any(isinstance(c.tag, str) and c.tag in _CONTAINER_TAGS for c in el):
                continue  # a container: its children are the lines
            text = _text(el, MAX_LINE_CHARS)
            if text and len(text) <= MAX_LINE_CHARS and (not lines or lines[-1] != text):
                lines.append(text)
        return lines


def _visible_text(root: Any) -> str:
    """The text of the body outside scripts, styles and templates, in document order.

    For trees with comments or processing instructions (whose tails are text); the walk of
    :class:`_Walk` reads the others (an ``ancestor::`` XPath test per text node made a 16 MB page
    take nearly a minute).
    """
    body = root.find(".//body")
    start = body if body is not None else root
    if start.xpath("boolean(.//comment() | .//processing-instruction())"):
        # lxml's walk does not visit comments, and their tails are text: the XPath, for such trees
        # (the cleaner's own have none: the parser and loading drop comments)
        texts_ = start.xpath(".//text()[not(ancestor::script or ancestor::style or ancestor::noscript "
                             "or ancestor::template)]")
        return normalize(" ".join(str(t) for t in texts_))
    texts: list[str] = []
    walker = etree.iterwalk(start, events=("start", "end"))
    for event, el in walker:
        if event == "start":
            if not isinstance(el.tag, str) or el.tag in _INVISIBLE_TAGS:
                walker.skip_subtree()
            elif el.text:
                texts.append(el.text)
        elif el is not start and el.tail:
            texts.append(el.tail)
    return normalize(" ".join(texts))
