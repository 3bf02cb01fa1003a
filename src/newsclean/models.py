"""Typed records that travel through the pipeline: options in, article out."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field, replace
from pathlib import Path
from typing import Any, Literal, TypedDict

#: Categories of chrome a removal can carry. ``docs`` in CATEGORIES of the corpus describe them.
CATEGORIES: tuple[str, ...] = (
    "disclaimer",  # legal, affiliate, investment and opinion disclaimers
    "syndication",  # "first appeared in X", "Source: X", original-title lines, wire end tags
    "copyright",  # (c) notices, reproduction and licence lines
    "consent",  # cookie/consent prompts, JavaScript and ad-blocker notices
    "paywall",  # login walls, subscribe-to-continue
    "newsletter",  # newsletter, subscribe, app, donate and tip calls to action
    "related",  # related / read more / recommended lists and in-body "Related:" lines
    "social",  # share, reward, follow and comment widgets, comment counts and rules
    "comments",  # comment boxes and readers' comment text
    "author-bio",  # author descriptions, contact lines, handles
    "image-credit",  # photo credits and captions
    "advertising",  # ad labels, sponsored blocks, affiliate shop buttons
    "navigation",  # breadcrumbs, tags, pagination, leftover UI words
    "dateline",  # date, update, reading-time and print-edition lines
    "byline",  # "By X" lines: the byline goes to metadata, not to the text
    "ai-summary",  # AI summaries, text-to-speech and translation placeholders
    "hidden",  # elements the page hides (hidden, aria-hidden, display:none)
    "title",  # the headline repeated at the top of the body
    "profile",  # repeated blocks learned from many pages of one site
    "other",  # about-us blurbs, info boxes, end-of-item markers
)

#: The judge's operating points (``Options.judge``), from removing most to keeping most.
JUDGE_MODES: tuple[str, ...] = ("precision", "balanced", "recall")
JudgeMode = Literal["precision", "balanced", "recall"]

BlockKind = Literal["p", "h", "li", "quote", "pre", "table", "caption"]


@dataclass(frozen=True, slots=True)
class Block:
    """One unit of text the classifier looks at: a paragraph, heading, list item or line."""

    text: str
    kind: BlockKind = "p"
    #: Where the block came from: an XPath-like path for HTML, ``line N`` for text dumps.
    origin: str = ""
    #: The block is a further line of the previous block's paragraph (a ``<br>`` line break):
    #: judged on its own, rendered with a line break instead of a blank line.
    continues: bool = False


@dataclass(frozen=True, slots=True)
class Removal:
    """One entry of the ledger: what was removed, why, and where."""

    text: str
    category: str
    rule: str
    #: Index of the block in the extracted sequence (-1 for DOM pre-cleaning).
    position: int
    #: ``head``, ``body``, ``tail`` or ``dom`` (removed before extraction), or ``inline``.
    where: str
    #: The outlet named by a syndication line, when the rule captured one.
    source: str | None = None
    #: Free text that backs the removal ("seen on 37 of 40 pages", an element path).
    evidence: str | None = None

    def as_dict(self) -> dict[str, Any]:
        """Return a JSON-ready dict of every field (``None`` where a field is empty: one shape for all)."""
        return asdict(self)


@dataclass(frozen=True, slots=True)
class Source:
    """Where a syndicated story first appeared."""

    name: str
    url: str | None = None


#: Byline fields in output order (the evidence lists them in this order too).
_BYLINE_FIELDS = ("authors", "publisher", "original_source", "agencies", "published", "updated")


@dataclass(frozen=True, slots=True)
class Byline:
    """Who wrote and published the article, where it came from, and when."""

    authors: tuple[str, ...] = ()
    publisher: str | None = None
    original_source: Source | None = None
    agencies: tuple[str, ...] = ()
    published: str | None = None
    updated: str | None = None
    #: For each filled field, where its value came from (``json-ld``, ``meta``, ``text``...).
    evidence: dict[str, str] = field(default_factory=dict)

    def as_dict(self) -> dict[str, Any]:
        """Return a JSON-ready dict."""
        return {
            "authors": list(self.authors),
            "publisher": self.publisher,
            "original_source": asdict(self.original_source) if self.original_source else None,
            "agencies": list(self.agencies),
            "published": self.published,
            "updated": self.updated,
            "evidence": self.evidence_records(),
        }

    def evidence_records(self) -> list[dict[str, str | None]]:
        """The evidence as ``{field, value, source, detail}`` records, in field order.

        ``source`` is what the value was read from (``json-ld``, ``meta``, ``text``...), ``detail`` the
        property, meta name or rule after it (``"meta: article:author"``), ``value`` the field's value.
        """
        out: list[dict[str, str | None]] = []
        others = sorted(set(self.evidence) - set(_BYLINE_FIELDS))
        for name in (*_BYLINE_FIELDS, *others):
            if name not in self.evidence:
                continue
            source, _, detail = self.evidence[name].partition(": ")
            out.append({"field": name, "value": self._value_text(name), "source": source,
                        "detail": detail or None})
        return out

    def _value_text(self, name: str) -> str | None:
        value = getattr(self, name, None)
        if isinstance(value, tuple):
            return "; ".join(value) or None
        if isinstance(value, Source):
            return value.name
        return value


@dataclass(frozen=True, slots=True)
class Article:
    """The result of :func:`newsclean.clean`: clean text plus metadata and the removal ledger."""

    text: str = ""
    title: str | None = None
    description: str | None = None
    byline: Byline = field(default_factory=Byline)
    removed: tuple[Removal, ...] = ()
    blocks: tuple[Block, ...] = ()
    url: str | None = None
    language: str | None = None
    #: ``html``, ``text`` or ``empty``: what the input was taken to be.
    input_kind: str = "empty"
    #: Problems met on the way (truncated input, decoding trouble, extractor failure).
    warnings: tuple[str, ...] = ()

    def __bool__(self) -> bool:
        return bool(self.text)

    def as_dict(self) -> dict[str, Any]:
        """Return a JSON-ready dict of every field."""
        return {
            "url": self.url,
            "title": self.title,
            "description": self.description,
            "text": self.text,
            "byline": self.byline.as_dict(),
            "language": self.language,
            "input_kind": self.input_kind,
            "removed": [r.as_dict() for r in self.removed],
            "warnings": list(self.warnings),
        }


@dataclass(frozen=True, slots=True)
class Options:
    """Every setting of the cleaner, in one place; the CLI maps its flags onto these fields."""

    #: The page URL: helps trafilatura's metadata and the byline (publisher vs. syndication).
    url: str | None = None
    #: Keep readers' comments (off: comments are chrome for newsclean).
    include_comments: bool = False
    #: Keep tables in the text.
    include_tables: bool = True
    #: Extra rule files (same TOML format as the bundled ones), added to the bundled rules.
    rule_files: tuple[Path, ...] = ()
    #: Limit rules to these languages (None: all bundled languages; rules are cheap).
    languages: tuple[str, ...] | None = None
    #: Drop chrome found by rules (False: classify and report, but keep everything).
    remove: bool = True
    #: Pre-clean widget subtrees by class/id/role vocabulary before extraction.
    preclean: bool = True
    #: Extract byline metadata (authors, publisher, dates); costs a metadata pass.
    with_byline: bool = True
    #: Ask trafilatura for its faster mode (skips its fallback extractors).
    fast: bool = False
    #: Largest input accepted, in bytes (or characters for str input).
    max_input_bytes: int = 20_000_000
    #: What to do with a larger input: ``truncate`` it or ``refuse`` it (empty article + warning).
    on_oversize: Literal["truncate", "refuse"] = "truncate"
    #: Largest decompressed size for gzip input (guards against gzip bombs).
    max_decompressed_bytes: int = 50_000_000
    #: Deepest element nesting kept; deeper subtrees are cut off (guards the tree walkers).
    max_depth: int = 400
    #: Work allowed for one document before later stages are skipped or cheapened (0: no budget),
    #: in seconds of *predicted* work: counted from the page's size and shape (elements, text),
    #: never read from a clock, so the same input always takes the same path whatever the load.
    time_budget: float = 10.0
    #: Wall-clock seconds for one document, read between stages (0: none, the default). Output
    #: then depends on the machine's load; a warning says when it fired.
    time_limit: float = 0.0
    #: Site profiles (``newsclean.SiteProfiles``) whose learned boilerplate is removed too.
    profiles: Any = None
    #: The learned block judge's operating point: ``precision`` removes more, ``recall`` keeps more,
    #: ``balanced`` between; None: rules only. It adds removals to the rules' own (HTML pages).
    judge: JudgeMode | None = None
    #: A judge model file (``.npz`` written by ``python -m training.judge``) instead of the shipped one.
    judge_model: Path | None = None

    def with_changes(self, **changes: Any) -> Options:
        """Return a copy with some fields changed."""
        return replace(self, **changes)


class CleanOverrides(TypedDict, total=False):
    """The :class:`Options` fields as keyword arguments of ``clean()`` (``url`` is its own argument there)."""

    include_comments: bool
    include_tables: bool
    rule_files: tuple[Path, ...]
    languages: tuple[str, ...] | None
    remove: bool
    preclean: bool
    with_byline: bool
    fast: bool
    max_input_bytes: int
    on_oversize: Literal["truncate", "refuse"]
    max_decompressed_bytes: int
    max_depth: int
    time_budget: float
    time_limit: float
    profiles: Any
    judge: JudgeMode | None
    judge_model: Path | None


class OptionOverrides(CleanOverrides, total=False):
    """Every :class:`Options` field as a keyword argument of ``Cleaner()``, for type checkers."""

    url: str | None


def render_text(blocks: list[Block] | tuple[Block, ...]) -> str:
    """Plain text: blocks separated by blank lines, consecutive list items by single newlines."""
    out: list[str] = []
    previous = None
    for block in blocks:
        if out:
            out.append("\n" if block.continues or (block.kind == "li" and previous == "li") else "\n\n")
        out.append(block.text)
        previous = block.kind
    return "".join(out)
