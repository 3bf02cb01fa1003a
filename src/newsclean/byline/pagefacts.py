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

from ..textutils import normalize, unescape
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
_TOKEN = re.compile(r"\w+")
_WORD_SPLIT = re.compile(r"[\s_\-]+|(?<=[a-z])(?=[A-Z])")


@dataclass(slots=True)
class Candidate:
    """A credit string found on the page and where it came from."""

    text: str
    evidence: str


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
    order = {el: i for i, el in enumerate(root.iter())}
    title_el = root.find(".//title")
    facts.title = normalize(title_el.text_content()) if title_el is not None else None
    title = _headline(root, facts.meta)
    title_at = order.get(title, 0) if title is not None else 0
    title_article = _ancestor(title, "article") if title is not None else None
    zone = frozenset(title.iterancestors()) if title is not None else frozenset({root, root.find(".//body")})
    facts.nodes = _author_nodes(root, order, title_at, title_article, zone)
    facts.lines = _lines(root, order, title_at, title_article, zone)
    facts.visible = " ".join(_visible_text(root).casefold().split())
    facts.placed = " ".join(_placed_text(root, title_article, zone).casefold().split())
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
    """The article's headline element: the <h1> that covers most of the page title, else one in an <article>, else the first.

    A logo or site-name <h1> repeats only the title's suffix ("Story - The Daily Gazette"), so the
    <h1> that covers the largest share of the title's words is the headline.
    """
    heads = [el for el in root.iter("h1") if normalize(el.text_content() or "")]
    if not heads:
        return None
    titles = [normalize(t).casefold() for t in meta.get("og:title", [])]
    title_el = root.find(".//title")
    if title_el is not None and title_el.text:
        titles.append(normalize(title_el.text).casefold())
    best, best_share = None, 0.0
    for el in heads:
        text = normalize(el.text_content()).casefold()
        if len(text) < 8 or not any(text in t for t in titles):
            continue
        words = set(_TOKEN.findall(text))
        share = max((len(words & set(_TOKEN.findall(t))) / max(len(set(_TOKEN.findall(t))), 1) for t in titles), default=0.0)
        if share > best_share:
            best, best_share = el, share
    if best is not None:
        return best
    in_article = [el for el in heads if _ancestor(el, "article") is not None]
    return in_article[0] if in_article else heads[0]


def _ancestor(el: Any, tag: str) -> Any:
    for anc in el.iterancestors():
        if anc.tag == tag:
            return anc
    return None


def _words(el: Any) -> frozenset[str]:
    return _class_words(el.get("class"), el.get("id"))


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


def _foreign(el: Any, title_article: Any, title_zone: frozenset[Any] = frozenset()) -> bool:
    """Whether ``el`` sits in a sidebar, footer, comment or another article's teaser.

    Elements that also hold the headline (``title_zone``) are never foreign: layout wrappers
    often carry words like "has-sidebar" while holding the whole article.
    """
    chain = (el, *el.iterancestors())
    in_article = title_article is not None and title_article in chain
    for anc in chain:
        if anc in title_zone:
            return False
        # An <aside> inside the headline's own <article> holds its meta (authors, dates), not other stories.
        if (anc.tag in FOREIGN_ZONE_TAGS and not (in_article and anc.tag == "aside")) or _words(anc) & FOREIGN_ZONE_WORDS:
            return True
        if (anc.tag == "footer" or "footer" in _words(anc)) and _depth(anc) <= PAGE_FOOTER_DEPTH:
            return True
        if anc.tag == "article" and title_article is not None and anc is not title_article:
            return True
    return False


def _depth(el: Any) -> int:
    return sum(1 for _ in el.iterancestors()) - 1  # <body> children are at depth 1


def _author_nodes(root: Any, order: dict[Any, int], title_at: int, title_article: Any, zone: frozenset[Any]) -> list[Candidate]:
    found: list[tuple[int, int, Candidate]] = []
    for el in root.iter():
        if not isinstance(el.tag, str) or el.tag in ("script", "style", "meta", "link", "h1"):
            continue  # a headline is never a byline, whatever its class ("header__sectionName#ifAuthor")
        rel = (el.get("rel") or "").lower().split()
        prop = (el.get("itemprop") or "").lower().split()
        author_link = el.tag == "a" and _AUTHOR_HREF.search(el.get("href") or "") is not None
        if "author" in rel or "author" in prop or "creator" in prop or author_link:
            names = el.xpath(".//*[@itemprop='name']")
            # several name children are co-authors of one author element
            text = " and ".join(n.get("content") or _text(n) for n in names) if names else _text(el)
            kind = "rel-author" if "author" in rel else "itemprop-author" if prop else "author-link"
            rank = 2 if kind == "author-link" else 0  # a bare link to an author page is the weakest sign
        else:
            words = _words(el) | {el.tag.lower()}  # some pages use custom tags: <byline>, <author>
            if not words & BYLINE_WORDS or words & NOT_BYLINE_WORDS:
                continue
            text, kind, rank = _text(el), "byline-node", 1
        text = normalize(text or "")
        if not text or len(text) > MAX_NODE_CHARS or _foreign(el, title_article, zone):
            continue
        at = order.get(el, 0)
        # After the headline first (nearest first), then above it: the article's own byline
        # sits next to its headline; other bylines are further away.
        distance = at - title_at if at >= title_at else 10_000 + title_at - at
        found.append((rank, distance, Candidate(text, f"{kind}: {_describe(el)}")))
    found.sort(key=lambda t: (t[0] == 2, t[1], t[0]))
    return [c for _, _, c in found]


def _text(el: Any) -> str:
    """An element's text with a space at every element edge ("By<a>Jane</a>" reads "By Jane")."""
    if el.find(".//script") is None and el.find(".//style") is None:
        return normalize(" ".join(el.itertext()))  # the common case, without an XPath evaluation
    parts = [str(t) for t in el.xpath(".//text()[not(ancestor::script or ancestor::style)]")]
    return normalize(" ".join(parts))


def _describe(el: Any) -> str:
    cls = (el.get("class") or "").split()
    return el.tag + (f".{cls[0]}" if cls else "") + (f"#{el.get('id')}" if el.get("id") else "")


def _lines(root: Any, order: dict[Any, int], title_at: int, title_article: Any, zone: frozenset[Any]) -> list[str]:
    lines: list[str] = []
    body = root.find(".//body")
    for el in (body if body is not None else root).iter():
        if not isinstance(el.tag, str) or el.tag not in LINE_TAGS:
            continue
        at = order.get(el, 0)
        if at < title_at - LINES_BEFORE_TITLE or at > title_at + LINES_AFTER_TITLE:
            continue
        if any(isinstance(c.tag, str) and c.tag in ("p", "div", "li", "section", "table", "ul") for c in el):
            continue  # a container: its children are the lines
        text = _text(el)
        if text and len(text) <= MAX_LINE_CHARS and (not lines or lines[-1] != text) and not _foreign(el, title_article, zone):
            lines.append(text)
    return lines


def _placed_text(root: Any, title_article: Any, zone: frozenset[Any]) -> str:
    """The page's text outside sidebars, page footers, comments and other articles' teasers."""
    body = root.find(".//body")
    parts: list[str] = []

    def walk(el: Any, depth: int) -> None:
        for child in el:
            if isinstance(child.tag, str) and child.tag not in ("script", "style", "noscript", "template"):
                if child in zone or not _foreign_here(child, title_article, depth):
                    if child.text:
                        parts.append(child.text)
                    walk(child, depth + 1)
            if child.tail:
                parts.append(child.tail)

    start = body if body is not None else root
    walk(start, 1)
    return normalize(" ".join(parts))


def _foreign_here(el: Any, title_article: Any, depth: int) -> bool:
    """Whether ``el`` itself (not its ancestors) opens a foreign zone."""
    words = _words(el)
    if el.tag in FOREIGN_ZONE_TAGS or words & FOREIGN_ZONE_WORDS:
        return True
    if (el.tag == "footer" or "footer" in words) and depth <= PAGE_FOOTER_DEPTH:
        return True
    return el.tag == "article" and title_article is not None and el is not title_article


_INVISIBLE_TAGS = frozenset({"script", "style", "noscript", "template"})


def _visible_text(root: Any) -> str:
    """The text of the body outside scripts, styles and templates, in document order.

    One walk in lxml's own iterator (an ``ancestor::`` XPath test per text node made a 16 MB page
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
