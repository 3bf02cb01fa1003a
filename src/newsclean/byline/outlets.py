"""One outlet test: every publisher signal of a page, normalised once, and whether a credit names one.

A site, outlet or desk taken for a person is the commonest false author. The page says who it is in
many places (``og:site_name``, meta publisher/copyright/application-name, JSON-LD publisher and
Organization authors, the title suffix, the host); :class:`Outlets` holds all of them, normalised the
same way as the credit it tests (case, accents, leading articles, ``www.``/top-level domain), and a
credit names the outlet when either key contains the other. Scripts without case have no capital to
tell a name from an outlet: there a credit ending in an outlet suffix (网, 报, 社, 新聞, 일보, …) is one.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from urllib.parse import urlsplit

from .lexicons import fold, lexicons

#: Shortest key tested for containment ("dw" is compared whole only): shorter keys hide in any name.
MIN_CONTAINED_KEY = 4
#: Shortest key of a caseless script (Han, Kana, Hangul) tested for containment: two characters
#: already make an outlet's name there ("网易" in "网易新闻").
MIN_CONTAINED_CJK = 2
#: Most words of a title suffix read as the site's name ("Story title - Site Name").
MAX_SUFFIX_WORDS = 5

_ARTICLE = re.compile(r"^(?:the|die|der|das|le|la|les|l'|el|los|las|il|lo|gli|de|het)\s+", re.IGNORECASE)
_DOMAIN_TAIL = re.compile(r"\.(?:[a-z]{2,6})(?:\.[a-z]{2})?$")
_ALTERNATIVES = re.compile(r"\s*(?:[()（）\[\]|｜]|\s[-–—:]\s|\s·\s)\s*")
#: Title separators; between characters of a caseless script a bare hyphen is one too ("标题-新华网").
_TITLE_SEPARATOR = re.compile(r"\s+[-–—|｜:·•]\s+|\s*[|｜_]\s*|(?<=[\u3040-\u30ff\u3400-\u9fff])[-–—](?=[\u3040-\u30ff\u3400-\u9fff])")
#: Host labels too generic to name an outlet.
GENERIC_LABELS = frozenset("www m amp mobile news blog blogs online com org net co de fr es it uk www2 web edition".split())
#: Words a site's own name takes as a credit ("UPROXX Media", "Quartz Staff").
OUTLET_SUFFIXES = ("", "media", "news", "staff", "online", "team", "redaktion", "magazine", "digital", "com")
_CASELESS = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af\u0600-\u06ff]")


def outlet_key(text: str) -> str:
    """The comparison key of an outlet's name: accents, case, a leading article and a domain's TLD dropped."""
    value = unicodedata.normalize("NFKD", text or "")
    value = "".join(ch for ch in value if not unicodedata.combining(ch))
    value = fold(value).strip(" .,;:'\"“”«»")
    value = re.sub(r"^(?:https?://)?(?:www\d?\.)?", "", value)
    if " " not in value and "." in value:
        value = _DOMAIN_TAIL.sub("", value.split("/")[0])
    value = _ARTICLE.sub("", value)
    return "".join(ch for ch in value if ch.isalnum())


def alternatives(text: str) -> list[str]:
    """A name and its parts: "Deutsche Welle (www.dw.com)" is also "Deutsche Welle" and "dw"."""
    keys = [outlet_key(text)]
    keys += [outlet_key(part) for part in _ALTERNATIVES.split(text or "") if part.strip()]
    return [k for i, k in enumerate(keys) if k and k not in keys[:i]]


def caseless(text: str) -> bool:
    """Whether ``text`` is written in a script without letter case (Han, Kana, Hangul, Arabic)."""
    return bool(_CASELESS.search(text or ""))


def has_outlet_suffix(name: str) -> bool:
    """Whether a caseless-script credit ends like an outlet's name ("证券时报网", "新浪财经-自媒体综合", "조선일보")."""
    text = fold(name).strip()
    if not caseless(text):
        return False
    words = text.split()
    last = words[-1] if words else text
    return any(last.endswith(suffix) and last != suffix or last == suffix and len(words) > 1 for suffix in lexicons().outlet_suffixes)


@dataclass(frozen=True, slots=True)
class Outlets:
    """The page's own outlet, as every publisher signal names it."""

    names: tuple[str, ...] = ()
    #: Keys of names the page's metadata gives its publisher (og:site_name, JSON-LD publisher...).
    keys: frozenset[str] = frozenset()
    #: Keys of weaker signals: the title suffix and the host's labels ("usatoday" of eu.usatoday.com).
    #: Personal sites are named after their authors, so these never reject a person-shaped credit.
    weak: frozenset[str] = frozenset()

    @classmethod
    def of(cls, names: Iterable[str | None] = (), url: str | None = None, weak: Iterable[str | None] = ()) -> Outlets:
        """The outlets named by ``names``, by the weaker ``weak`` names and by the host of ``url``."""
        kept = tuple(dict.fromkeys(n.strip() for n in names if n and n.strip()))
        keys = frozenset(k for n in kept for k in alternatives(n) if k)
        weak_keys = {k for n in weak if n for k in alternatives(n) if k} | set(host_labels(url))
        return cls(kept, keys, frozenset(weak_keys - keys))

    def __bool__(self) -> bool:
        return bool(self.keys or self.weak)

    @property
    def first(self) -> str | None:
        """The first name given, or None."""
        return self.names[0] if self.names else None

    def named_by(self, credit: str, *, person_shaped: bool = False) -> bool:
        """Whether ``credit`` names this outlet: equal keys, or one key inside the other.

        Args:
            credit: a credit segment ("El Dia", "Deutsche Welle (www.dw.com)", "证券时报网").
            person_shaped: the credit reads like a person's name. A person's name inside the site's
                name is a personal blog's author ("Matthew Davis" on "Matthew Davis's Blog"), and
                a host or title suffix equal to it names a personal site: only the metadata's
                publisher, equal or inside the credit, counts then.
        """
        for key in alternatives(credit):
            short = MIN_CONTAINED_CJK if caseless(key) else MIN_CONTAINED_KEY
            for own in self.keys:
                if key == own or (len(own) >= short and own in key):
                    return True
                if not person_shaped and len(key) >= short and key in own:
                    return True
            for own in self.weak:
                # "UPROXX Media" on uproxx.com always; the bare "Economist" only when no person could be meant
                if any(key == own + suffix for suffix in OUTLET_SUFFIXES[1:]):
                    return True
                if not person_shaped and key == own:
                    return True
        return False


@lru_cache(maxsize=1024)
def _outlets_of(publisher: str | None, url: str | None) -> Outlets:
    return Outlets.of([publisher], url)


def as_outlets(publisher: str | Outlets | None, url: str | None) -> Outlets:
    """``publisher`` as :class:`Outlets` (a plain name and the page URL, or outlets already gathered)."""
    return publisher if isinstance(publisher, Outlets) else _outlets_of(publisher, url)


def host_labels(url: str | None) -> tuple[str, ...]:
    """The labels of a URL's host that can name a site (``www``, ``news`` and TLDs left out)."""
    host = (urlsplit(url).hostname or "").casefold() if url else ""
    parts = host.split(".")[:-1] if "." in host else []
    return tuple(p.replace("-", "") for p in parts if p and p not in GENERIC_LABELS and len(p) >= 2)


def title_suffix(title: str | None) -> str | None:
    """The site's name a page title ends with ("Story headline - Site Name"), or None."""
    if not title:
        return None
    parts = [p for p in _TITLE_SEPARATOR.split(title.strip()) if p.strip()]
    if len(parts) < 2:
        return None
    last = parts[-1].strip()
    return last if 0 < len(last.split()) <= MAX_SUFFIX_WORDS and len(last) <= 60 else None
