"""Exceptions newsclean raises.

Tree::

    NewscleanError            base of every newsclean exception
    ├── InputError            an input that cannot be read at all (CLI/batch: one document)
    ├── OptionsError          an invalid option value (also a ValueError)
    └── RulesError            a rule file that does not load or whose examples fail

``clean()`` itself raises only ``TypeError`` for a wrong argument type and ``OptionsError`` for
bad options: a bad page gives an empty or partial article with warnings, never an exception.
"""

from __future__ import annotations


class NewscleanError(Exception):
    """Base class of newsclean's exceptions."""


class InputError(NewscleanError):
    """An input document could not be read (unreadable file, corrupt archive, bad record)."""


class OptionsError(NewscleanError, ValueError):
    """An option has a value newsclean does not accept."""


class RulesError(NewscleanError):
    """A rule file is malformed, or one of its examples does not behave as declared."""
