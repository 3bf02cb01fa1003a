"""Command-line interface: ``newsclean PAGE`` prints the clean text of one page."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from . import __version__
from .api import clean
from .errors import NewscleanError
from .models import Options

EXIT_OK = 0
EXIT_USAGE = 2


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    """Parse command-line arguments."""
    parser = argparse.ArgumentParser(prog="newsclean", description="Clean scraped news pages.")
    parser.add_argument("input", help="a page (HTML or plain-text dump), or - for standard input")
    parser.add_argument("--url", help="the page's URL")
    parser.add_argument("--format", choices=("text", "json"), default="text", help="output format")
    parser.add_argument("--rules", action="append", default=[], type=Path, help="extra rule file (TOML)")
    parser.add_argument("--version", action="version", version=f"newsclean {__version__}")
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    """Run the command line; return the exit status."""
    args = parse_args(argv)
    try:
        data = sys.stdin.buffer.read() if args.input == "-" else Path(args.input).read_bytes()
    except OSError as err:
        print(f"newsclean: cannot read {args.input}: {err.strerror}", file=sys.stderr)
        return EXIT_USAGE
    try:
        article = clean(data, options=Options(url=args.url, rule_files=tuple(args.rules)))
    except NewscleanError as err:
        print(f"newsclean: {err}", file=sys.stderr)
        return EXIT_USAGE
    if args.format == "json":
        print(json.dumps(article.as_dict(), ensure_ascii=False, indent=2))
    else:
        if article.title:
            print(article.title, end="\n\n")
        print(article.text)
    return EXIT_OK
