"""Loading: which charset a page's bytes are read in."""

from __future__ import annotations

import pytest

from newsclean import clean
from newsclean.stages.load import decode

ARTICLE = (
    "Die Stadtwerke senken die Preise für Strom und Gas, und der «Tatort» läuft am Sonntag wie gewohnt. "
    "Das Gremium hat fået neue Mitglieder; die Kosten liegen bei 5 € pro Monat, © Stadtwerke."
)


def _page(charset: str) -> str:
    return (
        f'<html><head><meta charset="{charset}"><title>Preise</title></head>'
        f"<body><article><p>{ARTICLE}</p><p>{ARTICLE}</p></article></body></html>"
    )


@pytest.mark.parametrize("charset", ["iso-8859-1", "windows-1252", "iso-8859-15", "latin1", "cp1250"])
def test_valid_utf8_beats_a_declared_single_byte_charset(charset: str) -> None:
    data = _page(charset).encode("utf-8")
    text, encoding = decode(data)
    assert encoding == "utf-8"
    assert "«Tatort»" in text and "fået" in text and "Ã" not in text and "Â" not in text
    assert "«Tatort»" in clean(data).text


@pytest.mark.parametrize("charset", ["iso-8859-1", "windows-1252", "iso-8859-15"])
def test_declared_single_byte_charset_wins_when_bytes_are_not_utf8(charset: str) -> None:
    page = _page(charset).replace("€", "EUR")  # iso-8859-1 has no euro sign
    text, encoding = decode(page.encode(charset))
    assert encoding == charset
    assert "«Tatort»" in text and "für" in text


def test_a_byte_order_mark_wins_over_valid_utf8() -> None:
    page = _page("utf-8")
    text, encoding = decode(b"\xff\xfe" + page.encode("utf-16-le"))
    assert encoding.startswith("utf-16") and "«Tatort»" in text


def test_ascii_bytes_follow_the_declared_charset() -> None:
    text, encoding = decode(b'<html><head><meta charset="windows-1252"></head><body>plain</body></html>')
    assert encoding == "windows-1252" and "plain" in text
