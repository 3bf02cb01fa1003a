"""The public entry point: ``clean()`` runs the stages in order."""

from __future__ import annotations

import logging
from collections.abc import Mapping
from dataclasses import fields, replace
from typing import TYPE_CHECKING, Any, Protocol, Union, Unpack

from .byline.build import build_byline
from .byline.pagefacts import read_page_facts
from .errors import OptionsError
from .judge.prune import prune
from .judge.rules import ruleset_for
from .limits import extraction_mode, validate
from .models import Article, CleanOverrides, OptionOverrides, Options, render_text
from .stages.extract import Extracted, drop_repeated_title, extract
from .stages.load import Page, check_type, load
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


class Cleaner:
    """A configured cleaner: options (and their compiled rules) fixed once, many pages cleaned.

    ``Cleaner(options).clean(page, url=...)`` is what :func:`clean` does, minus re-reading options
    on every call; keyword arguments override single option fields, as with :func:`clean`.
    """

    def __init__(self, options: Options | None = None, **overrides: Unpack[OptionOverrides]) -> None:
        self.options = resolve_options(options, None, dict(overrides))
        ruleset_for(self.options)  # compile (and validate) the rules now, not on the first page

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



def _clean_page(page: Page, options: Options) -> Article:
    deadline = page.deadline  # started when loading began; read between stages
    rules = ruleset_for(options)
    # 0. byline facts (JSON-LD, meta tags, author nodes) from the page before pre-cleaning edits it
    facts = read_page_facts(page.tree, options.url) if page.kind == "html" and options.with_byline else None
    if page.kind == "html":
        # 1. pre-clean widgets and hidden elements, 2. extract the main content with trafilatura
        dom_removed = preclean(page.tree) if options.preclean and not deadline.spent() else []
        found = _extract_within_budget(page, options)
        blocks, title_removed = drop_repeated_title(found.blocks, found.title)
        title, offset, head_removed = found.title, 0, [*dom_removed, *title_removed]
    else:
        # 1-2. plain-text dump: blocks, title and article span from the text itself
        dump = split_dump(page.text, rules)
        found = Extracted()
        blocks, title, offset, head_removed = dump.blocks, dump.title, dump.offset, dump.outside
        if not options.remove:  # report, but keep what lies outside the article span too
            blocks, offset = dump.all_blocks, 1 if dump.title else 0
    # 3. classify every block and remove the chrome (linear in the blocks, so the budget does not
    # skip it: dropping it would save little and leave all the chrome in)
    kept, removed = prune(blocks, rules, remove=options.remove)
    if options.profiles is not None:  # 3b. blocks this site repeats on many pages (SiteProfiles)
        kept, learned = options.profiles.prune(kept, blocks, options.url or found.url, remove=options.remove)
        removed = sorted([*removed, *learned], key=lambda r: r.position)
    # Ledger positions count every block the extractor produced, the dropped headline included.
    skip = next((r.position for r in head_removed if r.rule == "title.repeated"), None)
    removed = [replace(r, position=r.position + offset + (skip is not None and r.position >= skip)) for r in removed]
    ledger = [*head_removed, *removed]
    # 4. byline from metadata and the ledger's syndication lines
    byline = build_byline(
        facts=facts, meta=found if page.kind == "html" else None, removed=ledger, blocks=kept, url=options.url
    )
    # 5. the result
    return Article(
        text=render_text(kept),
        title=title,
        description=found.description,
        byline=byline,
        removed=tuple(ledger),
        blocks=tuple(kept),
        url=options.url or found.url,
        language=found.language,
        input_kind=page.kind,
        warnings=tuple(page.warnings),
    )


def _extract_within_budget(page: Page, options: Options) -> Extracted:
    """Extract with trafilatura, or with a cheaper mode when the budget cannot afford it."""
    if page.deadline.spent():
        mode = "walk"
    elif page.report is None:
        mode = "fast" if options.fast else "full"
    else:
        mode = extraction_mode(page.report, page.deadline, options.fast)
    if mode == "walk":
        page.warnings.append("time budget too small for the extractor; text taken from a plain walk of the page")
        return Extracted(blocks=walk_blocks(page.tree))
    if mode == "fast" and not options.fast:
        page.warnings.append("time budget too small for the full extractor; used its fast mode")
        options = replace(options, fast=True)
    found = extract(page.tree, options)
    if found.error:
        page.warnings.append(f"extractor failed: {found.error}")
    return found
