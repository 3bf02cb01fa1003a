"""newsclean: clean article text, title, byline and a removal ledger from scraped news.

>>> from newsclean import clean
>>> article = clean("<html><body><article><p>...</p></article></body></html>")
"""

from __future__ import annotations

import importlib
import logging
from typing import TYPE_CHECKING, Any

from .errors import InputError, NewscleanError, OptionsError, RulesError
from .models import Article, Block, Byline, Options, Removal, Source

if TYPE_CHECKING:
    from .api import Cleaner, clean
    from .engines.local import clean_many
    from .profiles.learn import SiteProfiles

#: Names imported on first use: the cleaner's stages pull in lxml, trafilatura and numpy, which
#: ``newsclean --version`` and code that only reads records or options never need.
_LAZY = {"Cleaner": ".api", "clean": ".api", "clean_many": ".engines.local", "SiteProfiles": ".profiles.learn"}

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


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        value = getattr(importlib.import_module(_LAZY[name], __name__), name)
        globals()[name] = value
        return value
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted({*globals(), *_LAZY})

logging.getLogger(__name__).addHandler(logging.NullHandler())
