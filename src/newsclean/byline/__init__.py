"""The byline: authors, publisher, original source, agencies and dates, each with its evidence.

Reads page facts (JSON-LD, meta tags, author elements) before pre-cleaning, then byline lines of the
text and the ledger; lexicons and line patterns are data in ``rules/byline/``. May import the core;
never stages, judge, cli, engines or profiles.
"""
