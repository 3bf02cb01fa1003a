"""The public entry point: ``clean()`` runs the stages in order."""

from __future__ import annotations

import logging
from collections.abc import Mapping
from dataclasses import dataclass, fields, replace
from typing import TYPE_CHECKING, Any, Protocol, Union, Unpack
from urllib.parse import urlsplit

from .byline.build import build_byline
from .byline.pagefacts import read_page_facts
from .errors import OptionsError
from .judge.model import judge_for
from .judge.prune import prune
from .judge.rules import bundled_languages, ruleset_for
from .limits import (
    BYLINE_EDGE_BLOCKS,
    BYLINE_SECONDS_PER_BLOCK,
    FACTS_SECONDS_PER_ELEMENT,
    PRECLEAN_SECONDS_PER_ELEMENT,
    PRUNE_SECONDS_PER_BLOCK,
    PRUNE_SECONDS_PER_CHAR,
    WALK_SECONDS_PER_ELEMENT,
    extraction_mode,
    predicted_cost,
    validate,
)
from .models import Article, Block, CleanOverrides, OptionOverrides, Options, Removal, render_text
from .stages.extract import Extracted, drop_repeated_title, extract
from .stages.language import SAMPLE_CHARS, declared_language, detect, page_language, script_of
from .stages.load import Page, check_type, load
from .stages.origin import locate
from .stages.plainwalk import walk_blocks
from .stages.preclean import preclean
from .stages.textdump import split_dump

if TYPE_CHECKING:
    from bs4 import BeautifulSoup, Tag

LOGGER = logging.getLogger(__name__)


class LxmlTree(Protocol):
    """An lxml element or element tree, told by its ``xpath`` method (lxml ships no type hints)."""

    def xpath(self, *args: Any, **kwargs: Any) -> Any: ...


#: What ``clean()`` accepts: HTML or a plain-text dump as text or bytes, a soup, or an lxml tree.
PageInput = Union[str, bytes, bytearray, memoryview, "BeautifulSoup", "Tag", LxmlTree]

_OPTION_NAMES = {f.name for f in fields(Options)}
_WARM_UP_PAGE = ("<html><head><title>Warm up</title></head><body><article><h1>Warm up</h1>"
                 "<p>By A. Writer</p><p>This short paragraph only loads the extractor and its caches.</p>"
                 "</article></body></html>")


class Cleaner:
    """A configured cleaner: options (and their compiled rules) fixed once, many pages cleaned.

    ``Cleaner(options).clean(page, url=...)`` is what :func:`clean` does, minus re-reading options
    on every call; keyword arguments override single option fields, as with :func:`clean`.
    """

    def __init__(self, options: Options | None = None, **overrides: Unpack[OptionOverrides]) -> None:
        self.options = resolve_options(options, None, dict(overrides))
        ruleset_for(self.options)  # compile (and validate) the rules now, not on the first page

    def warm_up(self) -> None:
        """Clean a tiny page once: the extractor's imports and caches are then paid for up front,
        not by the first real page (whose CPU time a batch's ``--doc-timeout`` counts)."""
        self.clean(_WARM_UP_PAGE)

    def clean(self, page: PageInput, url: str | None = None) -> Article:
        """Clean one page with this cleaner's options (see :func:`clean`)."""
        opts = self.options if url is None else replace(self.options, url=url)
        return _run(page, opts)


def clean(page: PageInput, url: str | None = None, *, options: Options | None = None,
          **overrides: Unpack[CleanOverrides]) -> Article:
    """Clean one page: article text, title, byline and the ledger of what was removed.

    Args:
        page: HTML or a plain-text dump as ``str`` or ``bytes``, a ``bs4.BeautifulSoup``, or an
            lxml element or tree (left untouched: newsclean works on a copy).
        url: The page's URL (helps metadata, and tells the publisher from a syndication source).
        options: An :class:`Options`; keyword arguments override single fields of it (typed by
            :class:`newsclean.models.CleanOverrides`, so a type checker flags a misspelt option).

    Returns:
        An :class:`Article`; empty (``bool(article) is False``) when the page holds no article.
        Problems met on the way are listed in ``article.warnings``; a bad page never raises.

    Raises:
        TypeError: ``page`` is of no accepted type.
        OptionsError: an option is unknown or has an invalid value.
    """
    return _run(page, resolve_options(options, url, dict(overrides)))


def _run(page: Any, opts: Options) -> Article:
    """Load, then clean; a failure inside the pipeline becomes a warning on an empty article."""
    check_type(page)  # the one error a page can cause: it is of no accepted type
    page_in: Page | None = None
    try:
        page_in = load(page, opts)
        if page_in.kind == "empty":
            return Article(url=opts.url, warnings=tuple(page_in.warnings))
        return _clean_page(page_in, opts)
    except Exception as err:  # the contract: a bad page gives an empty article, never a crash
        LOGGER.warning("newsclean failed on %s: %r", opts.url or "a page", err)
        kind, warnings = (page_in.kind, page_in.warnings) if page_in is not None else ("empty", [])
        return Article(url=opts.url, input_kind=kind, warnings=(*warnings, f"internal error: {err!r}"))


def resolve_options(options: Options | None, url: str | None, overrides: Mapping[str, Any]) -> Options:
    """Merge the options object, the url argument and keyword overrides; validate names."""
    if options is not None and not isinstance(options, Options):
        raise TypeError(f"options must be a newsclean.Options, not {type(options).__name__}")
    opts = options or Options()
    unknown = set(overrides) - _OPTION_NAMES
    if unknown:
        raise OptionsError(f"unknown option(s): {', '.join(sorted(unknown))}")
    changes = dict(overrides)
    if url is not None:
        changes["url"] = url
    return validate(replace(opts, **changes) if changes else opts)



@dataclass(slots=True)
class Extraction:
    """The blocks a page's stages hand to the judge, with what was removed before it."""

    blocks: list[Block]
    title: str | None
    offset: int
    head_removed: list[Removal]
    found: Extracted
    #: For HTML pages (filled by :func:`extract_blocks`): each block's element facts (stages/origin.py).
    dom: list[Any] | None = None


def extract_blocks(page: Any, options: Options | None = None) -> Extraction:
    """Load and extract one page up to the judge: the blocks it scores (for training the judge).

    Raises what loading and extraction raise: this is a tool for training, not the contract of
    :func:`clean`.
    """
    opts = resolve_options(options, None, {})
    check_type(page)
    loaded = load(page, opts)
    if loaded.kind == "empty":
        return Extraction([], None, 0, [], Extracted())
    ex = _extract_page(loaded, opts)
    if loaded.kind == "html":
        ex.dom = locate(loaded.tree, ex.blocks)
    return ex


def _extract_page(page: Page, options: Options) -> Extraction:
    """Pre-clean and extract (HTML) or split (text dump): the blocks the judge sees."""
    if page.kind == "html":
        # 1. pre-clean widgets and hidden elements, 2. extract the main content with trafilatura
        elements = page.report.elements if page.report is not None else 0
        dom_removed: list[Any] = []
        cost = elements * PRECLEAN_SECONDS_PER_ELEMENT
        if options.preclean and page.deadline.affords(cost, "pre-cleaning", page.warnings):
            meter = page.deadline.meter(cost, PRECLEAN_SECONDS_PER_ELEMENT)
            dom_removed = preclean(page.tree, keep_comments=options.include_comments, meter=meter)
            if meter.stopped:
                page.warnings.append(f"{page.deadline.cause()} used up inside pre-cleaning, after {meter.used:,} "
                                     "elements read: the widgets and hidden elements after that point were kept")
        found = _extract_within_budget(page, options)
        blocks, title_removed = drop_repeated_title(found.blocks, found.title)
        return Extraction(blocks, found.title, 0, [*dom_removed, *title_removed], found)
    # 1-2. plain-text dump: blocks, title and article span from the text itself
    dump = split_dump(page.text, ruleset_for(options))
    if not options.remove:  # report, but keep what lies outside the article span too
        return Extraction(dump.all_blocks, dump.title, 1 if dump.title else 0, dump.outside, Extracted())
    return Extraction(dump.blocks, dump.title, dump.offset, dump.outside, Extracted())


def _clean_page(page: Page, options: Options) -> Article:
    deadline = page.deadline  # the work budget, charged by every stage's predicted cost
    rules = ruleset_for(options)
    url = usable_url(options.url, "the page URL", page.warnings)
    # Every stage's cost is predicted from the page before it starts (a started stage runs to its
    # end): a stage the budget cannot afford is skipped with a warning, the same way on every run.
    elements = page.report.elements if page.report is not None else 0
    # 0. byline facts (JSON-LD, meta tags, author nodes) from the page before pre-cleaning edits it
    # (the work budget alone decides: a wall-clock limit must not change the byline)
    facts = None
    if page.kind == "html" and options.with_byline and deadline.affords(
        elements * FACTS_SECONDS_PER_ELEMENT, "the byline's page facts", page.warnings, wall=False
    ):
        facts = read_page_facts(page.tree, url)
        if facts.url != url:
            facts.url = usable_url(facts.url, "the page's canonical URL", page.warnings)
    declared = declared_language(page.tree) if page.kind == "html" else None
    # 1-2. pre-clean and extract (HTML), or split the dump into lines
    ex = _extract_page(page, options)
    blocks, title, offset, head_removed, found = ex.blocks, ex.title, ex.offset, ex.head_removed, ex.found
    # 3. classify every block and remove the chrome (the learned judge, HTML's or the dumps', scores
    # the blocks when Options.judge asks for it); a page of more blocks than the budget affords
    # (hundreds of thousands of lines: no article) keeps them all, unjudged, rather than lose any
    judge = judge_for(options, page.kind) if page.kind in ("html", "text") else None
    prune_cost = len(blocks) * PRUNE_SECONDS_PER_BLOCK + sum(len(b.text) for b in blocks) * PRUNE_SECONDS_PER_CHAR
    if deadline.affords(prune_cost, f"boilerplate removal of {len(blocks)} blocks", page.warnings):
        # where each block stood (HTML; a dump's judge reads the text alone)
        dom = locate(page.tree, blocks) if judge is not None and page.kind == "html" else None
        # the rules of the page's languages (all of them when its text reads as none)
        page_rules = rules.for_page(rule_languages(declared, blocks), deadline, page.warnings)
        kept, removed = prune(blocks, page_rules, remove=options.remove, judge=judge, title=title, dom=dom)
    else:
        kept, removed = list(blocks), []
    if options.profiles is not None:  # 3b. blocks this site repeats on many pages (SiteProfiles)
        site_url = url or usable_url(found.url, "the page's declared URL", page.warnings)
        kept, learned = options.profiles.prune(kept, blocks, site_url, remove=options.remove)
        removed = sorted([*removed, *learned], key=lambda r: r.position)
    # Ledger positions count every block the extractor produced, the dropped headline included.
    skip = next((r.position for r in head_removed if r.rule == "title.repeated"), None)
    removed = [replace(r, position=r.position + offset + (skip is not None and r.position >= skip)) for r in removed]
    ledger = [*head_removed, *removed]
    # 4. byline from metadata and the ledger's syndication lines; an article of more blocks than
    # the budget affords (hundreds of thousands of lines) has them read at its two ends only
    byline_blocks = kept
    if len(kept) > 2 * BYLINE_EDGE_BLOCKS and not deadline.affords(
        len(kept) * BYLINE_SECONDS_PER_BLOCK,
        f"the byline's reading of all {len(kept)} blocks (the first and last {BYLINE_EDGE_BLOCKS} were read)",
        page.warnings,
    ):
        byline_blocks = [*kept[:BYLINE_EDGE_BLOCKS], *kept[-BYLINE_EDGE_BLOCKS:]]
    byline = build_byline(
        facts=facts, meta=found if page.kind == "html" else None, removed=ledger, blocks=byline_blocks, url=url
    )
    # 5. the result
    text = render_text(kept)
    return Article(
        text=text,
        title=title,
        description=found.description,
        byline=byline,
        removed=tuple(ledger),
        blocks=tuple(kept),
        url=options.url or found.url,
        language=page_language(declared, text),
        input_kind=page.kind,
        warnings=tuple(page.warnings),
    )


#: Rule files scanned on every page whose language is known: English is the web's interface
#: language (share bars, photo credits, source lines and dates in English stand on pages of every
#: language; on dev, chrome and textdumps, 38 of the 62 removals that scanning only the page's own
#: languages lost were English rules on German, French and Japanese pages).
ALWAYS_SCANNED = ("en",)


def rule_languages(declared: str | None, blocks: list[Block]) -> tuple[str, ...] | None:
    """The languages whose rules scan a page's blocks: every bundled language written in the script
    of what its text reads as or of what it declares (a page can declare one language and be written
    in another; date stamps and labels of related languages are alike), and ALWAYS_SCANNED; None
    (every language) when the text reads as no language, too short or mixed to tell."""
    sample: list[str] = []
    size = 0
    for block in blocks:
        if size >= SAMPLE_CHARS:
            break
        sample.append(block.text)
        size += len(block.text) + 2
    detected = detect("\n\n".join(sample))
    if detected is None:
        return None
    scripts = {script_of(detected), *([script_of(declared)] if declared else [])}
    return tuple(sorted({*ALWAYS_SCANNED, *(lang for lang in bundled_languages() if script_of(lang) in scripts)}))


def usable_url(url: str | None, what: str, warnings: list[str]) -> str | None:
    """``url`` when its host can be read; ``None`` and a warning for a malformed one (``http://ex[a``)."""
    if not url:
        return None
    try:
        urlsplit(url).hostname  # noqa: B018  (reading the host is what raises on a bad one)
    except ValueError as err:
        warnings.append(f"{what} is malformed and was ignored ({err}): {url[:200]!r}")
        return None
    return url


def _extract_within_budget(page: Page, options: Options) -> Extracted:
    """Extract with trafilatura, or with a cheaper mode when the budget cannot afford it."""
    if page.deadline.spent():
        mode = "walk"
    elif page.report is None:
        mode = "fast" if options.fast else "full"
    else:
        mode = extraction_mode(page.report, page.deadline, options.fast)
    if mode == "walk":
        page.warnings.append(f"{page.deadline.cause()} too small for the extractor; text taken from a plain walk "
                             "of the page")
        page.deadline.charge((page.report.elements if page.report else 0) * WALK_SECONDS_PER_ELEMENT)
        return Extracted(blocks=walk_blocks(page.tree))
    page.deadline.charge(predicted_cost(page.report, fast=mode == "fast" or options.fast) if page.report else 0.0)
    if mode == "fast" and not options.fast:
        page.warnings.append(f"{page.deadline.cause()} too small for the full extractor; used its fast mode")
        options = replace(options, fast=True)
    found = extract(page.tree, options)
    if found.error:
        page.warnings.append(f"extractor failed: {found.error}")
    return found
