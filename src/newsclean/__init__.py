"""newsclean: clean article text, title, byline and a removal ledger from scraped news.

>>> from newsclean import clean
>>> article = clean("<html><body><article><p>...</p></article></body></html>")
"""

from __future__ import annotations

import logging

from .api import Cleaner, clean
from .engines.local import clean_many
from .errors import InputError, NewscleanError, OptionsError, RulesError
from .models import Article, Block, Byline, Options, Removal, Source
from .profiles.learn import SiteProfiles

__all__ = [
    "Article",
    "Block",
    "Byline",
    "Cleaner",
    "InputError",
    "NewscleanError",
    "Options",
    "OptionsError",
    "Removal",
    "RulesError",
    "SiteProfiles",
    "Source",
    "clean",
    "clean_many",
]
__version__ = "0.1.0"

logging.getLogger(__name__).addHandler(logging.NullHandler())
