"""Article.language: declared signals first, then the text's script and stop words."""

from __future__ import annotations

import tomllib
from importlib import resources

import pytest
from lxml import html as lxml_html

from newsclean import clean
from newsclean.stages.language import declared_language, detect, page_language, primary_subtag

SPEC = tomllib.loads((resources.files("newsclean") / "rules" / "lang" / "stopwords.toml").read_text("utf-8"))

BODY = "<p>" + "Die Stadtwerke senken zum ersten Januar die Preise für Strom und Gas, teilte das Unternehmen mit. " * 3 + "</p>"


@pytest.mark.parametrize("lang", sorted(SPEC))
def test_stop_word_examples_and_near_misses(lang: str) -> None:
    for text in SPEC[lang]["examples"]:
        assert detect(text) == lang, text
    for text in SPEC[lang]["near_misses"]:
        assert detect(text) != lang, text


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("Верховная рада приняла закон о бюджете на следующий год.", "ru"),
        ("Верховна рада ухвалила закон про бюджет на наступний рік і це важливо.", "uk"),
        ("東京都は月曜日に新しい計画を発表した。", "ja"),
        ("北京市政府周一宣布了新的交通政策。", "zh"),
        ("서울시는 월요일 새로운 교통 정책을 발표했다.", "ko"),
        ("وزارت اقتصاد این گزارش را پیش از چاپ منتشر کرد که پیچیده است", "fa"),
        ("أعلنت الوزارة اليوم عن خطة جديدة للنقل في المدينة", "ar"),
    ],
)
def test_scripts(text: str, lang: str) -> None:
    assert detect(text) == lang


def test_too_little_text_is_no_language() -> None:
    assert detect("Home | News | Sport") is None
    assert detect("") is None


@pytest.mark.parametrize(
    ("head", "lang"),
    [
        ('<html lang="de-DE"><head>', "de"),
        ('<html><head><meta http-equiv="Content-Language" content="fr-CA">', "fr"),
        ('<html lang="en"><head><script type="application/ld+json">{"@type": "NewsArticle", "inLanguage": "pt-BR"}</script>', "pt"),
        ('<html lang="x-default"><head>', None),
    ],
)
def test_declared_language(head: str, lang: str | None) -> None:
    tree = lxml_html.document_fromstring(f"{head}</head><body>{BODY}</body></html>")
    assert declared_language(tree) == lang


def test_primary_subtag() -> None:
    assert primary_subtag("pt_BR") == "pt" and primary_subtag(" EN ") == "en"
    assert primary_subtag("und") is None and primary_subtag("english language") is None


def test_declaration_in_another_script_gives_way_to_the_text() -> None:
    assert page_language("en", "北京市政府周一宣布了新的交通政策。") == "zh"
    assert page_language("en-gb".split("-")[0], "The council said that the bridge would be repaired.") == "en"
    assert page_language("de", "The council said that the bridge would be repaired.") == "de"  # declared wins in-script


def test_article_language_is_filled() -> None:
    page = f"<html><head><title>Preise</title></head><body><article>{BODY}</article></body></html>"
    assert clean(page).language == "de"
    assert clean(page.replace("<html>", '<html lang="de-AT">')).language == "de"
    dump = "Strompreise sinken\n\n" + BODY[3:-4] + "\n"
    assert clean(dump).language == "de"
