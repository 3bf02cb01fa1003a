"""``newsclean learn``: learn site profiles from a crawl into a SQLite store, merge and export them.

    newsclean learn dumps/ -o profiles.sqlite                 # learn (or add to an existing store)
    newsclean learn -o all.sqlite --merge w1.sqlite w2.sqlite   # merge workers' partial stores
    newsclean learn -o profiles.sqlite --export profiles.json   # a readable copy to review

Inputs are files or folders (searched recursively) of ``.html``/``.htm``/``.txt`` pages, and
``.jsonl`` files with one ``{"url": ..., "html"|"text"|"content": ...}`` object per line. A page's
site comes from its URL: the ``url`` field, a ``--urls`` map, or the page's canonical link.
"""

from __future__ import annotations

import argparse
import json
import logging
import sqlite3
import sys
from collections.abc import Iterator
from pathlib import Path

from ..profiles.learn import SiteProfiles

LOGGER = logging.getLogger(__name__)

EXIT_OK = 0
EXIT_USAGE = 2
PAGE_SUFFIXES = (".html", ".htm", ".txt")
JSONL_SUFFIXES = (".jsonl", ".ndjson")
#: Fields of a JSONL record that may hold the page, in order of preference.
JSONL_PAGE_FIELDS = ("html", "text", "content", "page", "raw")


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    """Parse the ``learn`` command's arguments."""
    parser = argparse.ArgumentParser(
        prog="newsclean learn", description="Learn site profiles from many pages per site."
    )
    parser.add_argument("inputs", nargs="*", type=Path, help="pages, folders of pages, or .jsonl files")
    parser.add_argument("-o", "--output", required=True, type=Path, help="the SQLite store (created, or added to)")
    parser.add_argument("--urls", type=Path, help="JSON object mapping page file names (or paths) to their URLs")
    parser.add_argument("--merge", nargs="+", type=Path, default=[], metavar="STORE", help="partial stores to merge in")
    parser.add_argument(
        "--import", dest="import_json", type=Path, metavar="JSON", help="add an exported JSON profile file"
    )
    parser.add_argument("--export", type=Path, metavar="JSON", help="write the learned profiles as readable JSON")
    parser.add_argument(
        "--site-key", choices=("domain", "host"), help="site of a page: registered domain (default) or host"
    )
    parser.add_argument("--min-pages", type=int, help="boilerplate: seen on at least this many pages of the site")
    parser.add_argument("--min-share", type=float, help="... and on at least this share of the site's pages")
    parser.add_argument("--min-chars", type=int, help="... and at least this long (normalised characters)")
    return parser.parse_args(argv)


def open_profiles(path: str | Path) -> SiteProfiles:
    """Profiles for cleaning (``--profiles PATH``): a SQLite store, or an exported ``.json`` file."""
    path = Path(path)
    if not path.is_file():
        raise FileNotFoundError(f"no profile file {path}")
    return SiteProfiles.from_json(path) if path.suffix.lower() == ".json" else SiteProfiles.open(path)


def iter_pages(inputs: list[Path], urls: dict[str, str]) -> Iterator[tuple[str | None, str | bytes]]:
    """``(url, page)`` pairs from files, folders and JSONL files, one page in memory at a time."""
    for item in inputs:
        files = sorted(p for p in item.rglob("*") if p.is_file()) if item.is_dir() else [item]
        for path in files:
            suffix = path.suffix.lower()
            if suffix in JSONL_SUFFIXES:
                yield from _jsonl_pages(path)
            elif suffix in PAGE_SUFFIXES or not item.is_dir():
                yield urls.get(str(path)) or urls.get(path.name), path.read_bytes()


def _jsonl_pages(path: Path) -> Iterator[tuple[str | None, str]]:
    with path.open(encoding="utf-8") as lines:
        for n, line in enumerate(lines, 1):
            if not line.strip():
                continue
            try:
                record = json.loads(line)
            except json.JSONDecodeError as err:
                LOGGER.warning("%s line %d: not JSON (%s); skipped", path, n, err.msg)
                continue
            page = next((record[f] for f in JSONL_PAGE_FIELDS if isinstance(record.get(f), str)), None)
            if page is None:
                LOGGER.warning("%s line %d: no page field (%s); skipped", path, n, ", ".join(JSONL_PAGE_FIELDS))
                continue
            yield record.get("url"), page


def _run(profiles: SiteProfiles, args: argparse.Namespace, urls: dict[str, str]) -> None:
    """Merge, import, learn and export, in that order, reporting on standard error."""
    for store in args.merge:
        profiles.merge(store)
    if args.import_json:
        profiles.merge(SiteProfiles.from_json(args.import_json))
    if args.inputs:
        stats = profiles.add(iter_pages(args.inputs, urls))
        print(
            f"newsclean learn: {stats.read} pages read: {stats.learned} learned, {stats.duplicates} already known, "
            f"{stats.no_site} without a URL, {stats.empty} empty, {stats.failed} failed",
            file=sys.stderr,
        )
    sites = profiles.sites()
    print(
        f"newsclean learn: {args.output}: {len(sites)} sites, {sum(profiles.page_count(s) for s in sites)} pages",
        file=sys.stderr,
    )
    if args.export:
        profiles.to_json(args.export)


def main(argv: list[str] | None = None) -> int:
    """Run ``newsclean learn``; return the exit status."""
    args = parse_args(argv)
    settings = {
        k: v
        for k, v in (
            ("site_key", args.site_key),
            ("min_pages", args.min_pages),
            ("min_share", args.min_share),
            ("min_chars", args.min_chars),
        )
        if v is not None
    }
    try:
        urls = json.loads(args.urls.read_text(encoding="utf-8")) if args.urls else {}
        missing = [str(p) for p in [*args.inputs, *args.merge] if not p.exists()]
        if missing:
            raise FileNotFoundError(f"no such file or folder: {', '.join(missing)}")
        with SiteProfiles.open(args.output, **settings) as profiles:
            _run(profiles, args, urls)
    except (OSError, ValueError, sqlite3.Error) as err:
        print(f"newsclean learn: {err}", file=sys.stderr)
        return EXIT_USAGE
    return EXIT_OK


if __name__ == "__main__":
    raise SystemExit(main())
