"""Trimming a credit segment down to the name: prefixes, glued dates, interface words and job titles.

Each function cuts one kind of text that stands beside a name in a byline ("By", "Updated 3 hours
ago", "Print", "Senior Reporter", "기자"); :mod:`newsclean.byline.names` decides what is left.
"""

from __future__ import annotations

import re

from .lexicons import Lexicons, fold

_CAMEL_JOINT = re.compile(r"[a-z\u00df-\u00ff][A-Z\u00c0-\u00de]")
#: The outlet before "=" of a Korean credit ("스포츠조선=선수민 기자").
KO_AGENCY_PREFIX = re.compile(r"^[^=＝]{1,20}[=＝]\s*")
#: Name particles that stay lower-case inside a name ("Ana de la Cruz", "Ludwig van Beethoven").
PARTICLES = frozenset(
    "de da di del della der den des du dos das van von vom zu ten ter le la los las bin ibn al el af av y e".split()
)


def strip_prefixes(text: str, lex: Lexicons) -> str:
    """Drop leading "By", "Von", "文／", "记者"... (several may stack: "Text: Von X")."""
    changed = True
    while changed and text:
        changed = False
        folded = fold(text)
        for prefix in lex.prefixes:
            if not folded.startswith(prefix):
                continue
            rest = text[len(prefix) :] if len(fold(text[: len(prefix)])) == len(prefix) else None
            if rest is None:
                continue
            # A Latin prefix must end at a word boundary; "文／" or "记者" need none.
            if prefix[-1].isascii() and prefix[-1].isalpha() and rest[:1].isalnum():
                continue
            text = rest.lstrip(" \t:：/／|丨︱·-–—")
            changed = True
            break
    return text.strip()


def cut_date(text: str, lex: Lexicons) -> str:
    """Cut a date, time or "Updated ..." glued after a name."""
    words = text.split()
    for i, word in enumerate(words):
        w = fold(word).strip(".,:;")
        nxt = fold(words[i + 1]).strip(".,") if i + 1 < len(words) else ""
        if word[0].isdigit():
            return " ".join(words[:i])
        two = f"{w} {nxt}".strip()
        three = " ".join(fold(x) for x in words[i : i + 3])
        if w in lex.date_words or two in lex.date_words or three in lex.date_words:
            if w in ("on", "am") and not (nxt[:1].isdigit() or nxt in lex.months):
                continue  # "on"/"am" open a date only before one
            return " ".join(words[:i])
        if w in lex.months and i > 0 and (nxt[:1].isdigit() or (not nxt and i >= 2)):
            return " ".join(words[:i])
        if w in lex.weekdays and i > 0 and (nxt[:1].isdigit() or nxt in lex.months):
            return " ".join(words[:i])
    return text


def glued_ui(word: str, lex: Lexicons) -> bool:
    """Whether ``word`` is interface labels run together ("SizeSmallMediumLarge"), not a handle."""
    if len(_CAMEL_JOINT.findall(word)) < 2:
        return False
    parts = re.findall(r"[A-ZÀ-Þ]?[a-zß-ÿ]+|[A-ZÀ-Þ]+(?![a-z])", word)
    return sum(fold(p) in lex.ui_words for p in parts) * 2 >= len(parts)


def unglue(m: re.Match[str], lex: Lexicons) -> str:
    word = m.group(2)
    if word is None or fold(word).strip(".") in lex.months:
        return " " + m.group(1)
    return m.group(1)


def undouble(name: str) -> str:
    """A name printed twice in one node ("Olivier Minot Olivier Minot") counts once."""
    words = name.split()
    half = len(words) // 2
    if half and len(words) % 2 == 0 and words[:half] == words[half:]:
        return " ".join(words[:half])
    return name


def strip_ui_words(name: str, lex: Lexicons) -> str:
    """Drop interface words glued before or after a name ("Print Jane Doe", "Jane Doe Twitter")."""
    words = name.split()
    while words and fold(words[0]) in lex.ui_words:
        words.pop(0)
    # a name never ends in a particle or a weekday: "Matthieu Hy le", "Tomas Spahn Fr" lost their date
    while len(words) > 1 and (fold(words[-1]) in lex.ui_words or words[-1] in PARTICLES or (len(words) > 2 and fold(words[-1]).strip(".,") in lex.weekdays)):
        words.pop()
    return " ".join(words)


def strip_role(name: str, lex: Lexicons) -> str:
    """Cut a job title before or after the name ("Senior Reporter Jane Doe", "선수민 기자")."""
    name = KO_AGENCY_PREFIX.sub("", name)  # "스포츠조선=선수민 기자": the outlet before "="
    words = name.split()
    # a title by its head noun before the name: "Senior Politics Editor Jane Doe" (the name keeps
    # two words at least: "Editor Jane" could be a name that ends so)
    for n in range(min(4, len(words) - 2), 0, -1):
        if fold(words[n - 1]).strip(".,:") in lex.role_heads and all(w[:1].isupper() for w in words[:n]):
            return " ".join(words[n:])
    for n in range(min(4, len(words) - 1), 0, -1):
        if fold(" ".join(words[-n:])) in lex.roles:
            return " ".join(words[:-n])
        if fold(" ".join(words[:n])) in lex.roles:
            return " ".join(words[n:])
    for role in ("记者", "記者", "기자", "특파원"):
        if name.endswith(role) and len(name) > len(role):
            return name[: -len(role)].strip()
        if len(words) > 1 and words[0].endswith(role):
            return " ".join(words[1:])  # "北京青年报记者 王小明": the paper's reporter
    return name
