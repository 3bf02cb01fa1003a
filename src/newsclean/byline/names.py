"""Author names: split a credit string into clean person names, agencies and outlets.

A credit ("By Jane Doe and Max Power, Reuters | Updated 3 hours ago") is cut into segments at
list separators; each segment loses its "By/Von/Par/文／" prefix, any glued date or time, and any
job title, and is then judged: a wire agency, a newsroom desk, the page's own publisher, UI text,
or a person. Word lists live in ``rules/byline/names.toml`` and ``agencies.toml``.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

from .lexicons import Lexicons, fold, lexicons
from .outlets import Outlets, as_outlets, caseless, has_outlet_suffix
from .trims import KO_AGENCY_PREFIX, PARTICLES, cut_date, glued_ui, strip_prefixes, strip_role, strip_ui_words, undouble, unglue

#: Longest credit string read at all: longer strings are prose, not bylines.
MAX_CREDIT_CHARS = 300
#: Most words a person's name has ("Ana María de la Cruz Pérez" has six).
MAX_NAME_WORDS = 6
MAX_NAME_CHARS = 60

# Separators between names; the conjunctions are the ones of the languages bylines come in.
_SEPARATORS = re.compile(
    r"\s*(?:[;|·•,，、\n]|\s[-–—]\s|(?<=\s)/(?=\s)|(?<=[^\W\d_])/(?=[^\W\d_])|&|\+|\b(?:and|und|et|y|e|en|og|och|i|и|a)\b(?=\s)|\s(?:with|mit|avec|con)\s|\bBy\b|和|与|及)\s*"
)
#: Fields of a byline line: the names, then place, date, reading time, section.
_FIELDS = re.compile(r"\s*(?:[|｜·•]|\s[-–—]\s)\s*")
_TRAILING_DATE = re.compile(
    r"[,\s]+(?:\d{1,2}[./-]\s?\d{1,2}[./-]\s?\d{2,4}|\d{4}-\d{2}-\d{2}|\d{1,2}\.?\s+[^\W\d_]+\.?\s+\d{4}|[^\W\d_]+\.?\s+\d{1,2},?\s+\d{4}|\d{4}年).*$"
)
_WITH_PAREN = re.compile(r"\s*[(（]\s*(?:avec|with|mit|con|com|met)\s+([^()（）]{2,120})[)）]", re.IGNORECASE)
#: A name joined by "&" to a short word that is no name alone ("Mac & i").
_AMPERSAND_NAME = re.compile(r"^(?P<a>[^&,;|]{2,40}?)\s*&\s*(?P<b>\w{1,3})$")
_COMMA = re.compile(r"\s*[,，]\s*")
#: A name glued to the day of a date: "Nolan22 Dec", "Nolan22.12.2016" (handles like "freeman1984" stay whole).
_DIGIT_JOINT = re.compile(r"(?<=[^\W\d_])(\d{1,2}(?:\s+([^\W\d_]+)|[./-]\d))")
_DOMAIN = re.compile(r"\w\.(?:com|net|org|de|at|ch|fr|es|it|co|uk|io|info|eu|pl|ru|br|pe|mx|ar)\b", re.IGNORECASE)
_BARE_DOMAIN = re.compile(r"(?<!\S)[\w-]+(?:\.[\w-]+)*\.(?:com|net|org|de|at|ch|fr|es|it|co\.uk|uk|io|info|eu|pl|ru|br)(?![\w.])", re.IGNORECASE)
_URL_OR_EMAIL = re.compile(r"\S+@\S+|https?://\S+|www\.\S+|@\w+")
#: A quoted nickname inside a name: 'Dwayne "The Rock" Johnson', 'Ana „Nana“ Ruiz'.
_NICKNAME = re.compile(r"(?<=\S)\s+[\"“„‘«'](?=[A-ZÀ-ÞА-Я])[^\"“”„‘’«»']{1,30}[\"”“’»']\s+(?=\S)")
#: A social handle glued to the name ("April Glaser@aprilaser"): an "@" after a letter, no domain after it.
_GLUED_HANDLE = re.compile(r"(?<=[^\W\d_])@(?=\w+(?![\w.-]*\.\w))")
#: A Korean credit "스포츠조선 선수민 기자": an outlet's word, then the reporter's name and role.
_KO_OUTLET_REPORTER = re.compile(r"^([\uac00-\ud7af]{2,12})\s+([\uac00-\ud7af]{2,4}\s*(?:기자|특파원))$")
_NAME_WITH_DOMAIN = re.compile(
    r"(?P<name>[^|;,·•()（）\[\]]{2,60}?)\s*[(（\[]\s*(?:https?://)?(?:www\d?\.)?[\w-]+(?:\.[\w-]+)*\.[a-z]{2,6}/?\s*[)）\]]",
    re.IGNORECASE,
)
_IN_PLACE = re.compile(r"\s+(?:in|aus|à|en|from)\s+\w.*$")
_PAREN = re.compile(r"\s*[(（\[].*?(?:[)）\]]|$)\s*")
_EDGE_PUNCT = " \t\"'“”‘’«»„:：,.;|-–—/／()（）[]*#"


@dataclass(slots=True)
class Credit:
    """What a credit string names: people, wire agencies, and outlets or desks that are neither."""

    authors: list[str] = field(default_factory=list)
    agencies: list[str] = field(default_factory=list)
    outlets: list[str] = field(default_factory=list)
    #: Set in strict mode when a segment read as neither a name nor a known credit word.
    rejected: bool = False


def split_credit(
    raw: str, *, publisher: str | Outlets | None = None, url: str | None = None, strict: bool = False, one_name: bool = False
) -> Credit:
    """Split one credit string into persons, agencies and outlets.

    Args:
        raw: the credit as a page or extractor gives it.
        publisher: the page's own publisher, never an author.
        url: the page URL; a credit that names the site's host is its publisher.
        strict: for lines of text: any segment that is not a name or credit word rejects the
            whole line ("By Monday, the troops had left.").
        one_name: the page's markup gives the credit as one name (a JSON-LD Person, one
            ``itemprop=name`` element): "Mac & i" stays one name where a side of the ``&`` could
            not be a name alone.
    """
    lex = lexicons()
    credit = Credit()
    text = unicodedata.normalize("NFKC", raw or "").strip()
    if not text or len(text) > MAX_CREDIT_CHARS:
        credit.rejected = bool(text)
        return credit
    # Domain evidence is read before URLs are cut: "Deutsche Welle (www.dw.com)" is an outlet.
    for m in _NAME_WITH_DOMAIN.finditer(text):
        _add(credit.outlets, m.group("name").strip(_EDGE_PUNCT))
    text = _NAME_WITH_DOMAIN.sub(" , ", text)
    text = _URL_OR_EMAIL.sub(" , ", _GLUED_HANDLE.sub(" @", text))
    text = _BARE_DOMAIN.sub(lambda m: _domain_beside_name(m, credit), text)  # "By Jemele Hill ESPN.com"
    text = _DIGIT_JOINT.sub(lambda m: unglue(m, lex), text)  # "Nolan22 Dec 2016" -> "Nolan 22 Dec 2016"
    text = strip_prefixes(text, lex)
    outlet = KO_AGENCY_PREFIX.match(text)
    if outlet and not any(ch.isspace() for ch in outlet.group(0).strip(" =＝")):
        # "스포츠조선=선수민 기자": the outlet that supplied the story, then the reporter
        _add(credit.agencies, agency_name(outlet.group(0).strip(" =＝")) or outlet.group(0).strip(" =＝"))
        text = text[outlet.end() :]
    elif (outlet := _KO_OUTLET_REPORTER.match(text)):  # "스포츠조선 선수민 기자": the same, without "="
        _add(credit.agencies, agency_name(outlet.group(1)) or outlet.group(1))
        text = outlet.group(2)
    if fold(text).startswith(lex.editor_prefixes):
        return credit  # the whole credit names an editor or a photographer
    text = _cut_editor(text, lex)  # "Written by X Edited by Y": X only
    text = _WITH_PAREN.sub(r", \1", text)  # "X (avec Y et Z)": co-authors, not a remark to drop
    fields = [f for f in _FIELDS.split(text) if f.strip(_EDGE_PUNCT)]
    cue = next((i for i, f in enumerate(fields) if strip_prefixes(f.strip(), lex) != f.strip()), 0)
    for i, field_text in enumerate(fields):
        # Only the field with the cue names persons: "By X | Hamburg, Germany | 5 min read"
        # gives places, dates, sections and UI in the others; agencies and outlets count anywhere.
        _judge_field(strip_prefixes(field_text.strip(), lex), credit, lex, publisher, url, strict, persons=i == cue, one_name=one_name)
    if strict and credit.rejected:
        return Credit(rejected=True)
    return credit


def _judge_field(
    text: str, credit: Credit, lex: Lexicons, publisher: str | Outlets | None, url: str | None, strict: bool, *,
    persons: bool, one_name: bool = False,
) -> None:
    """Judge the segments of one field of a credit into ``credit``."""
    joined = _joined_name(text, lex, publisher, url) if one_name and persons else None
    if joined:
        _add(credit.authors, joined)
        return
    parts = [p for p in _COMMA.split(text) if p.strip(_EDGE_PUNCT)]
    if len(parts) == 2 and _surname_first(parts):
        parts = [f"{parts[1].strip()} {parts[0].strip()}"]  # "Jong, Michiel de" is Michiel de Jong
    for c, part in enumerate(parts):
        for n, segment in enumerate(_SEPARATORS.split(part)):
            verdict, value = judge(segment, lex, publisher=publisher, url=url)
            if verdict == "agency":
                _add(credit.agencies, value)
            elif verdict == "outlet":
                _add(credit.outlets, value)
            if not persons:
                continue
            if strict and c == n == 0 and verdict == "skip" and fold(segment.strip(_EDGE_PUNCT)) in lex.ui_words:
                credit.rejected = True  # "Por favor, ...": a line opening with UI text is no byline
            if verdict == "person" and c > 0 and " " not in value and not caseless(value):
                continue  # "X, Berlin", "X, Speed": a one-word comma field is a place, section or UI
            if verdict == "person":
                _add(credit.authors, value)
            elif verdict == "bad":
                credit.rejected = True


def _joined_name(text: str, lex: Lexicons, publisher: str | Outlets | None, url: str | None) -> str | None:
    """"Mac & i" as one name: one ``&`` whose later side (one short word) could not be a name alone.

    Only for credits the markup gives as one name; "Jane Doe & Max Power" has names on both sides.
    """
    m = _AMPERSAND_NAME.match(text.strip(_EDGE_PUNCT))
    if not m or looks_like_name(m.group("b")):
        return None
    verdict, value = judge(m.group("a"), lex, publisher=publisher, url=url)
    return f"{value} & {m.group('b')}" if verdict == "person" and value == m.group("a").strip() else None


def _domain_beside_name(m: re.Match[str], credit: Credit) -> str:
    """A bare domain right after a capitalised word ("Jemele Hill ESPN.com") is the outlet beside the
    name: cut off. After other words ("Redner bei rent-a-pastor.com") it stays, and its segment is an outlet."""
    before = m.string[: m.start()].split()
    if not before or not before[-1][:1].isupper():
        return m.group(0)
    _add(credit.outlets, m.group(0))
    return " , "


def _surname_first(parts: list[str]) -> bool:
    """"Jong, Michiel de": one capitalised surname, then given names ending in a particle."""
    surname, given = parts[0].strip(_EDGE_PUNCT).split(), parts[1].strip(_EDGE_PUNCT).split()
    return (
        len(surname) == 1 and surname[0][:1].isupper() and 2 <= len(given) <= 3
        and given[-1] in PARTICLES and given[0][:1].isupper()
    )


def _cut_editor(text: str, lex: Lexicons) -> str:
    """Cut an editor's or photographer's credit that follows the author's ("X Edited by Y")."""
    folded = fold(text)
    if len(folded) != len(text):
        return text
    cuts = [at for p in lex.editor_prefixes if p[:1].isascii() and (at := folded.find(f" {p} ")) > 0]
    return text[: min(cuts)] if cuts else text


def judge(segment: str, lex: Lexicons | None = None, *, publisher: str | Outlets | None = None, url: str | None = None) -> tuple[str, str]:
    """Classify one segment: ``person``, ``agency``, ``outlet``, ``skip`` (role, UI, date) or ``bad``."""
    lex = lex or lexicons()
    if len(segment.split()) >= 4 and segment.isupper():
        return "bad", segment  # a shouted sentence ("VUELVA A INTENTARLO EN UN MOMENTO"), not a name
    words = [w for w in segment.split() if not glued_ui(w, lex)]  # "SizeSmallMediumLarge"
    name = strip_prefixes(" ".join(words).strip(_EDGE_PUNCT), lex)
    if fold(name).startswith(lex.editor_prefixes):
        return "skip", ""  # "责任编辑：X", "Edited by X": an editor, not an author
    name = cut_date(name, lex)
    name = _PAREN.sub(" ", name).strip(_EDGE_PUNCT)
    if not name:
        return "skip", ""
    agency = agency_name(name, lex)
    if agency:
        return "agency", agency
    key = fold(name)
    if key in lex.ui_words or key in lex.roles or key in lex.date_words or key in lex.months or key in lex.weekdays:
        return "skip", ""
    if key in lex.desks or key.endswith(" staff") or " desk" in f" {key}":
        return "outlet", name
    if is_outlet(name, publisher, url) or _is_org(name, lex) or has_outlet_suffix(name):
        return "outlet", name
    name = strip_ui_words(undouble(name), lex)
    role = _role_phrase(name, lex)
    if role:
        return role
    name = strip_role(name, lex)
    name = _IN_PLACE.sub("", name).strip(_EDGE_PUNCT)
    if not name or fold(name) in lex.roles or fold(name) in lex.ui_words:
        return "skip", ""
    return ("person", name) if looks_like_name(name) else ("bad", name)


def _role_phrase(name: str, lex: Lexicons) -> tuple[str, str] | None:
    """A job title by its head noun ("AP Technology Writers", "Senior Politics Editor"): skipped, its agency kept.

    The title's modifiers are dropped with the head; a wire agency among them ("AP") is the credit's agency.
    """
    words = name.split()
    if len(words) < 2 or fold(words[-1]).strip(".,") not in lex.role_heads:
        return None
    for i in range(len(words) - 1):
        for j in range(len(words) - 1, i, -1):
            agency = agency_name(" ".join(words[i:j]), lex)
            if agency:
                return "agency", agency
    return "skip", ""


def _is_org(name: str, lex: Lexicons) -> bool:
    """Whether ``name`` reads as an organisation: a company form, a newsroom word or a domain name."""
    if _DOMAIN.search(name):
        return True
    letters = [ch for ch in name if ch.isalpha()]
    if " " not in name and 2 <= len(letters) <= 5 and all(ch.isupper() for ch in letters):
        return True  # an acronym or call sign ("WABC", "SPÖ"), not a person
    words = [w.strip(".,()") for w in fold(name).replace("-", " ").split()]
    return len(words) > 1 and any(w in lex.org_words or f"{w}." in lex.org_words for w in words) or (
        len(words) == 1 and fold(name).split("-")[-1] in lex.org_words
    )


def agency_name(name: str, lex: Lexicons | None = None) -> str | None:
    """The canonical name of the wire agency ``name`` refers to, or None."""
    lex = lex or lexicons()
    key = fold(name.strip(_EDGE_PUNCT))
    if key in lex.agencies:
        return lex.agencies[key]
    for suffix in (" staff", " news service", " news agency", " wire"):
        if key.endswith(suffix) and key[: -len(suffix)] in lex.agencies:
            return lex.agencies[key[: -len(suffix)]]
    # "Agenzia ANSA", "Agentur dpa", "Agência Lusa": the word for "agency" before an agency's name
    head, _, rest = key.partition(" ")
    if rest and head in lex.agency_words and rest in lex.agencies:
        return lex.agencies[rest]
    return None


def looks_like_name(name: str) -> bool:
    """Whether ``name`` has the shape of a person's name (or a blogger's handle).

    A quoted nickname between the given name and the surname ('Dwayne "The Rock" Johnson') counts as
    one capitalised word.
    """
    name = _NICKNAME.sub(" Nick ", name)
    words = name.split()
    if len(words) >= 4 and name.isupper():
        return False  # a shouted sentence ("VUELVA A INTENTARLO EN UN MOMENTO"), not a name
    if len(name) > MAX_NAME_CHARS or (any(ch.isdigit() for ch in name) and len(words) > 1):
        return False  # digits only inside a one-word handle ("c1ph4", "freeman1984")
    if not words or len(words) > MAX_NAME_WORDS or not any(ch.isalpha() for ch in name):
        return False
    if any(ch in name for ch in "!?:;\"“”…=<>{}") or "//" in name:
        return False
    if len(words) == 1:
        return sum(ch.isalpha() for ch in name) >= 2 or not name.isascii()  # single names and handles are real bylines on blogs ("Konstantin", "uriebe")
    for word in words:
        cased = [ch for ch in word if ch.isalpha() and (ch.isupper() or ch.islower())]
        if cased and not any(ch.isupper() for ch in cased) and word.casefold() not in PARTICLES:
            return False  # a lower-case word that is no particle: prose, not a name
    return True


def trim_source(name: str) -> str:
    """An original source's name without a trailing date, time or interface word ("Reuters, 12. März 2021")."""
    lex = lexicons()
    text = _TRAILING_DATE.sub("", unicodedata.normalize("NFKC", name).strip()).strip(_EDGE_PUNCT)
    return strip_ui_words(text, lex).strip(_EDGE_PUNCT)


def media_outlet(name: str) -> bool:
    """Whether a credit names a news outlet (an agency, a media word: "CNN", "Tampa Bay Times"), not any organisation."""
    words = fold(name).replace("-", " ").split()
    return bool(agency_name(name)) or any(w.strip(".,") in lexicons().media_words for w in words)


def is_outlet(name: str, publisher: str | Outlets | None, url: str | None) -> bool:
    """Whether ``name`` is the page's own outlet: by any publisher signal, or by its host."""
    return as_outlets(publisher, url).named_by(name, person_shaped=person_shaped(name))


def same_outlet(a: str, b: str | None) -> bool:
    """Whether two outlet names refer to the same outlet (agency aliases included)."""
    if not b:
        return False
    if agency_name(a) and agency_name(a) == agency_name(b):
        return True
    ka, kb = _alnum(_drop_article(a)), _alnum(_drop_article(b))
    return bool(ka and kb) and (ka == kb or (min(len(ka), len(kb)) >= 4 and (ka in kb or kb in ka)))


def person_shaped(name: str) -> bool:
    """"Wolfgang Michal" (two or three capitalised words, no leading article) or "mitundvoneinander" (a handle)."""
    words = name.split()
    if _drop_article(name) != name.strip():
        return False
    if len(words) == 1:
        return name.islower()
    return 2 <= len(words) <= 3 and all(w[:1].isupper() and not w.isupper() for w in words)


def _drop_article(name: str) -> str:
    return re.sub(r"^(?:the|die|der|le|la|el|les|los)\s+", "", name.strip(), flags=re.IGNORECASE)


def _alnum(text: str) -> str:
    return "".join(ch for ch in fold(text) if ch.isalnum())


def _add(items: list[str], value: str) -> None:
    if value and fold(value) not in {fold(v) for v in items}:
        items.append(value)
