"""Byline: the lexicon cases, the line patterns, and one table row per known extractor failure."""

from __future__ import annotations

import json

import pytest

from newsclean import clean
from newsclean.byline.build import build_byline, valid_source
from newsclean.byline.jsonld import loads, parse_scripts
from newsclean.byline.lexicons import lexicons
from newsclean.byline.lines import scan
from newsclean.byline.names import agency_name, split_credit
from newsclean.models import Removal

LEX = lexicons()


@pytest.mark.parametrize("case", LEX.name_cases, ids=[c["raw"][:40] for c in LEX.name_cases])
def test_name_cases(case: dict) -> None:
    credit = split_credit(case["raw"], publisher=case.get("publisher"), url=case.get("url"), strict=case.get("strict", False))
    assert credit.authors == case["authors"]
    if "agencies" in case:
        assert credit.agencies == case["agencies"]


LINE_EXAMPLES = [(p.id, text, True) for p in LEX.lines for text in p.examples] + [
    (p.id, text, False) for p in LEX.lines for text in p.near_misses
]


@pytest.mark.parametrize(("rule", "text", "fires"), LINE_EXAMPLES, ids=[f"{r}:{t[:30]}" for r, t, _ in LINE_EXAMPLES])
def test_line_pattern_examples(rule: str, text: str, fires: bool) -> None:
    pattern = next(p for p in LEX.lines if p.id == rule)
    assert bool(pattern.regex.search(text)) is fires


def test_every_line_pattern_has_examples_and_near_misses() -> None:
    for pattern in LEX.lines:
        assert pattern.examples and pattern.near_misses, pattern.id


@pytest.mark.parametrize(("alias", "agency"), [tuple(x) for x in LEX.agency_checks["examples"]])
def test_agency_aliases(alias: str, agency: str) -> None:
    assert agency_name(alias) == agency


@pytest.mark.parametrize("name", LEX.agency_checks["near_misses"])
def test_agency_near_misses(name: str) -> None:
    assert agency_name(name) is None


def _page(head: str = "", body: str = "", title: str = "Council approves the new budget after a long debate", site: str = "") -> bytes:
    """A news page: ``head`` in <head>, ``body`` above four paragraphs, ``site`` after the title in <title>."""
    paragraphs = "".join(
        f"<p>{s}</p>"
        for s in (
            "The city council approved the budget on Tuesday after a debate that lasted well into the night.",
            "Supporters said the plan would fund schools and repair roads that had been neglected for years.",
            "Opponents argued that the tax increase would hurt small businesses in the old town centre.",
            "The mayor said she would sign the budget into law before the end of the week, as planned.",
        )
    )
    return (
        f"<html><head><title>{title}{site}</title>{head}</head><body><main><article><h1>{title}</h1>"
        f"{body}{paragraphs}</article></main></body></html>"
    ).encode()


def _ld(data: dict) -> str:
    return f'<script type="application/ld+json">{json.dumps(data)}</script>'


# One row per failure mode of today's extractors: (name, page, expected authors).
AUTHOR_CASES = [
    ("date glued to the name", _page(body='<div class="byline">By Lucas Nolan22 Dec 2016</div>'), ["Lucas Nolan"]),
    ("updated glued to the name", _page(body='<p class="author">Jane Doe Updated 3 hours ago</p>'), ["Jane Doe"]),
    ("UI text as a name", _page(body='<div class="author-name">Follow</div><div class="byline">Email the author</div>'), []),
    ("account labels as names", _page(head='<meta name="author" content="Username">', body='<span class="author">Account</span>'), []),
    ("role kept apart from the person", _page(body='<div class="byline">By Ana Ruiz, Senior Reporter</div>'), ["Ana Ruiz"]),
    ("role alone is no name", _page(body='<div class="byline">Staff Writer</div>'), []),
    ("agency is no person", _page(body='<div class="byline">By Reuters</div>'), []),
    ("staff is no person", _page(body='<div class="byline">By Staff</div>'), []),
    (
        "several authors, not only the first",
        _page(head=_ld({"@type": "NewsArticle", "author": [{"@type": "Person", "name": "Ana Ruiz"}, {"@type": "Person", "name": "Tom Berg"}]}),
              body="<p>By Ana Ruiz and Tom Berg</p>"),
        ["Ana Ruiz", "Tom Berg"],
    ),
    ("several authors in one line", _page(body='<div class="byline">By Ana Ruiz, Tom Berg and Li Wei</div>'), ["Ana Ruiz", "Tom Berg", "Li Wei"]),
    (
        "sidebar bylines of other articles",
        _page(body='<aside class="sidebar"><div class="byline">By Other Writer</div></aside><div class="related"><span class="author">Third Person</span></div>'),
        [],
    ),
    ("metadata name never shown on the page", _page(head='<meta name="author" content="Hidden Owner">'), []),
    ("metadata name shown on the page", _page(head='<meta name="author" content="Ana Ruiz">', body="<p>Ana Ruiz</p>"), ["Ana Ruiz"]),
    ("no visible author at all", _page(), []),
]


@pytest.mark.parametrize(("name", "page", "authors"), AUTHOR_CASES, ids=[c[0] for c in AUTHOR_CASES])
def test_authors(name: str, page: bytes, authors: list[str]) -> None:
    assert list(clean(page).byline.authors) == authors


def test_agency_goes_to_agencies_and_original_source() -> None:
    page = _page(body='<div class="byline">By Ana Ruiz, The Associated Press</div>')
    byline = clean(page, url="https://www.smalltownnews.example/story").byline
    assert byline.authors == ("Ana Ruiz",)
    assert byline.agencies == ("The Associated Press",)
    assert byline.original_source is not None and byline.original_source.name == "The Associated Press"


def test_dateline_credits_the_wire() -> None:
    page = _page(body="<p>ROME (AP) — Italy's parliament voted on Thursday to extend the emergency decree until the end of the year.</p>")
    byline = clean(page, url="https://www.monroe.example/news").byline
    assert "The Associated Press" in byline.agencies
    assert byline.original_source is not None and byline.original_source.name == "The Associated Press"


def test_wire_on_its_own_site_is_not_syndication() -> None:
    page = _page(body="<p>ROME (Reuters) — Italy's parliament voted on Thursday to extend the emergency decree until the end of the year.</p>")
    assert clean(page, url="https://www.reuters.com/world/italy").byline.original_source is None


def test_contributed_credit_is_no_original_source() -> None:
    removed = [Removal("The Associated Press contributed to this report.", "syndication", "en.syndication.wire-credit", 9, "tail", source="Associated Press")]
    byline = build_byline(removed=removed, url="https://www.example.com/a")
    assert byline.agencies == ("The Associated Press",)


@pytest.mark.parametrize(
    ("line", "url", "source"),
    [
        ("This article first appeared in Grist.", "https://www.salon.example/story", "Grist"),
        ("Originally published on Live Science.", "https://www.livescience.com/story", None),
        ("This story was originally published at 2:05 p.m.", "https://www.example.com/story", None),
        ("Source: a study in Nature", "https://www.example.com/story", None),
        ("Via: The Verge", "https://www.example.com/story", None),
        ("来源：中新网", "https://www.guancha.example/a", "中新网"),
    ],
)
def test_original_source_lines(line: str, url: str, source: str | None) -> None:
    removed = [Removal(line, "syndication", "test.rule", 9, "tail")]
    byline = build_byline(removed=removed, url=url)
    assert (byline.original_source.name if byline.original_source else None) == source


def test_valid_source_rejects_times_citations_and_own_site() -> None:
    assert valid_source("Grist", "Salon", "https://www.salon.com/a")
    assert not valid_source("2:05 p.m", None, None)
    assert not valid_source("a study in Nature", None, None)
    assert not valid_source("Live Science", "Live Science", "https://www.livescience.com/a")
    assert not valid_source("网络", None, None)


def test_json_ld_is_read_tolerantly() -> None:
    assert loads('{"@type": "NewsArticle", "author": {"name": "Ana Ruiz"},}') is not None
    assert loads("<!-- {not json at all -->") is None
    ld = parse_scripts(
        ['{"@graph": [{"@type": "NewsArticle", "author": {"@id": "#a"}, "datePublished": "2024-03-01T10:00:00Z",'
         ' "publisher": {"@type": "Organization", "name": "Gate News"}, "isBasedOn": {"name": "ChainNews ABMedia"}},'
         ' {"@id": "#a", "@type": "Person", "name": "Ana Ruiz"}]}']
    )
    assert [p.name for p in ld.authors] == ["Ana Ruiz"]
    assert ld.publisher == "Gate News"
    assert ld.sources == [("ChainNews ABMedia", None)]


def test_dates_and_evidence_from_json_ld() -> None:
    page = _page(
        head=_ld({"@type": "NewsArticle", "datePublished": "2024-03-01T10:00:00Z", "dateModified": "2024-03-02", "author": {"@type": "Person", "name": "Ana Ruiz"}}),
        body="<p>By Ana Ruiz</p>",
    )
    byline = clean(page).byline
    assert byline.published == "2024-03-01T10:00:00+00:00"
    assert byline.updated == "2024-03-02"
    assert byline.evidence["authors"] == "json-ld: author"
    assert byline.evidence["published"] == "json-ld: datePublished"


def test_organisation_author_in_json_ld_is_an_agency_not_a_person() -> None:
    page = _page(head=_ld({"@type": "NewsArticle", "author": {"@type": "Organization", "name": "AFP"}}), body="<p>AFP</p>")
    byline = clean(page, url="https://www.lexpress.example/a").byline
    assert byline.authors == ()
    assert byline.agencies == ("AFP",)


def test_text_dump_byline_lines() -> None:
    lines = ["By Ana Ruiz and Tom Berg"]
    facts = list(scan(lines))
    assert facts and facts[0].kind == "byline"
    byline = build_byline(removed=[Removal(lines[0], "byline", "en.byline.by-line", 0, "head")])
    assert byline.authors == ("Ana Ruiz", "Tom Berg")


def test_reporting_by_keeps_reporters_not_editors() -> None:
    removed = [Removal("(Reporting by Ana Ruiz in Madrid; Editing by Tom Berg)", "byline", "en.byline.reporting-credit", 9, "tail")]
    assert build_byline(removed=removed).authors == ("Ana Ruiz",)


def test_author_page_link_names_the_author() -> None:
    page = _page(body='<p class="meta">erstellt von <a href="https://blog.example/author/dominique/">Dominique</a> — 3. Mai</p>')
    byline = clean(page).byline
    assert byline.authors == ("Dominique",)
    assert byline.evidence["authors"].startswith(("author-link", "byline-node", "text"))
