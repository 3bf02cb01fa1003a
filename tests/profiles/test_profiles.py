"""Site profiles on multi-page fixture sites: repeated chrome goes, article text stays.

``fixtures/sites/harbourgazette.co.uk`` holds six HTML pages of one template: a newsletter line
inside the story, a "Waterfront desk picks" header and a small-print disclaimer repeat on
every page, none of them caught by rules. A mayor's quote appears on two pages and a short
"Background" heading on three: article text, to be kept. ``riverside-weekly.com`` holds five text
dumps (URLs in ``urls.json``) with a members' promo line inside the article and a corrections line.
"""

from __future__ import annotations

import json
import pickle
from pathlib import Path

import pytest

from newsclean import Cleaner, SiteProfiles, clean
from newsclean.models import Block, Options
from newsclean.profiles.learn import page_blocks
from newsclean.profiles.sites import block_key, container_of, normalize_block, site_of
from newsclean.textutils import normalize

from ..conftest import FIXTURES

GAZETTE = FIXTURES / "sites" / "harbourgazette.co.uk"
RIVERSIDE = FIXTURES / "sites" / "riverside-weekly.com"
GAZETTE_CHROME = [
    "The Harbour Gazette morning briefing goes out every weekday before seven.",
    "Waterfront desk picks",
    "The Harbour Gazette is an independent newsroom owned by its readers.",
]
QUOTE = "“We will rebuild the pier stone by stone, and we will do it together,” the mayor told the crowd."
RIVERSIDE_CHROME = [
    "Riverside Weekly is funded by its members.",
    "Spotted a mistake in this story?",
]


def gazette_pages() -> list[tuple[str | None, bytes]]:
    """The HTML pages, without URLs: each page's canonical link names it."""
    return [(None, p.read_bytes()) for p in sorted(GAZETTE.glob("page*.html"))]


def riverside_pages() -> list[tuple[str, bytes]]:
    urls = json.loads((RIVERSIDE / "urls.json").read_text(encoding="utf-8"))
    return [(urls[p.name], p.read_bytes()) for p in sorted(RIVERSIDE.glob("page*.txt"))]


def article_paragraphs(page: bytes) -> list[str]:
    """The article text a page holds: its <p> elements that are not the site's chrome."""
    from lxml import html

    tree = html.fromstring(page)
    texts = [normalize(p.text_content()) for p in tree.iter("p")]
    return [
        t for t in texts if not any(c in t for c in GAZETTE_CHROME) and not t.startswith(("By ", "Harbour Gazette,"))
    ]


@pytest.fixture(scope="module")
def gazette() -> SiteProfiles:
    return SiteProfiles.learn(gazette_pages())


def test_chrome_leaks_without_profiles() -> None:
    """The fixture is a real test of profiles: rules and extraction alone keep the chrome."""
    for _, page in gazette_pages():
        text = normalize(clean(page).text)
        assert all(c in text for c in GAZETTE_CHROME)


def test_repeated_chrome_removed_article_kept(gazette: SiteProfiles) -> None:
    assert gazette.sites() == ["harbourgazette.co.uk"]
    assert gazette.page_count("harbourgazette.co.uk") == 6
    cleaner = Cleaner(profiles=gazette)
    for _, page in gazette_pages():
        article = cleaner.clean(page)
        text = normalize(article.text)
        for chrome in GAZETTE_CHROME:
            assert chrome not in text
        for paragraph in article_paragraphs(page):
            assert paragraph in text, f"article text lost: {paragraph!r}"
        learned = [r for r in article.removed if r.category == "profile"]
        assert len(learned) == 3
        assert {r.rule for r in learned} == {"profile.harbourgazette.co.uk"}
        assert {r.evidence for r in learned} == {"seen on 6 of 6 pages of this site"}
        assert [r.where for r in learned] == ["body", "tail", "tail"]


def test_quote_on_two_pages_and_short_heading_kept(gazette: SiteProfiles) -> None:
    cleaner = Cleaner(profiles=gazette)
    texts = [normalize(cleaner.clean(page).text) for _, page in gazette_pages()]
    assert sum(QUOTE in t for t in texts) == 2
    assert sum("Background" in t.split(" ") for t in texts) == 3  # 10 characters: under min_chars


def test_leave_one_out_removes_chrome_of_an_unseen_page() -> None:
    pages = gazette_pages()
    profiles = SiteProfiles.learn(pages[1:])
    article = Cleaner(profiles=profiles).clean(pages[0][1])
    assert not any(c in normalize(article.text) for c in GAZETTE_CHROME)
    assert {r.evidence for r in article.removed if r.category == "profile"} == {"seen on 5 of 5 pages of this site"}


def test_ledger_positions_name_the_removed_blocks(gazette: SiteProfiles) -> None:
    page = gazette_pages()[0][1]
    blocks, _ = page_blocks(page, None, Options())
    removed = Cleaner(profiles=gazette).clean(page).removed
    # Positions count the extractor's blocks, the headline moved to ``title`` included.
    title_at = next((r.position for r in removed if r.rule == "title.repeated"), None)
    for r in removed:
        if r.category == "profile":
            shift = title_at is not None and r.position > title_at
            assert normalize(blocks[r.position - shift].text) == r.text


def test_remove_false_reports_but_keeps(gazette: SiteProfiles) -> None:
    article = Cleaner(profiles=gazette, remove=False).clean(gazette_pages()[0][1])
    assert all(c in normalize(article.text) for c in GAZETTE_CHROME)
    assert len([r for r in article.removed if r.category == "profile"]) == 3


def test_thresholds_are_judgement_settings(gazette: SiteProfiles) -> None:
    strict = SiteProfiles(min_pages=7)
    strict.merge(gazette)
    page = gazette_pages()[0][1]
    assert not [r for r in Cleaner(profiles=strict).clean(page).removed if r.category == "profile"]
    lax = SiteProfiles(min_pages=2)
    lax.merge(gazette)
    assert QUOTE not in normalize(Cleaner(profiles=lax).clean(page).text)  # why the default is 3


def test_text_dump_site() -> None:
    pages = riverside_pages()
    profiles = SiteProfiles.learn(pages)
    assert profiles.sites() == ["riverside-weekly.com"]  # news. and www. hosts are one site
    cleaner = Cleaner(profiles=profiles)
    for url, page in pages:
        plain = normalize(clean(page, url=url).text)
        text = normalize(cleaner.clean(page, url=url).text)
        for chrome in RIVERSIDE_CHROME:
            assert chrome in plain and chrome not in text
        assert len(text) > len(plain) * 0.6


def test_page_without_site_is_left_alone(gazette: SiteProfiles) -> None:
    page = riverside_pages()[0][1]
    assert normalize(Cleaner(profiles=gazette).clean(page).text) == normalize(clean(page).text)


def test_incremental_learning_equals_one_pass(gazette: SiteProfiles) -> None:
    pages = gazette_pages()
    stepwise = SiteProfiles()
    first = stepwise.add(pages[:2])
    second = stepwise.add(pages[2:])
    again = stepwise.add(pages[:3])  # a page learned twice changes nothing
    assert (first.learned, second.learned, again.learned, again.duplicates) == (2, 4, 0, 3)
    assert stepwise.to_json() == gazette.to_json()
    assert stepwise.to_json(min_pages=1) == gazette.to_json(min_pages=1)


def test_merged_worker_stores_equal_one_pass(gazette: SiteProfiles, tmp_path: Path) -> None:
    pages = gazette_pages()
    SiteProfiles.learn(pages[:4], tmp_path / "a.sqlite").close()
    SiteProfiles.learn(pages[3:], tmp_path / "b.sqlite").close()  # page 4 is in both parts
    for order in (("a", "b"), ("b", "a")):
        merged = SiteProfiles(tmp_path / f"merged-{order[0]}.sqlite")
        for part in order:
            merged.merge(tmp_path / f"{part}.sqlite")
        assert merged.to_json(min_pages=1) == gazette.to_json(min_pages=1)
        merged.close()
    in_memory = SiteProfiles.learn(pages[:1])
    in_memory.merge(SiteProfiles.learn(pages[1:]))
    assert in_memory.to_json(min_pages=1) == gazette.to_json(min_pages=1)


def test_store_file_reopens_with_its_settings(tmp_path: Path) -> None:
    path = tmp_path / "profiles.sqlite"
    SiteProfiles.learn(gazette_pages()[:3], path, min_pages=2, site_key="host").close()
    reopened = SiteProfiles.open(path)
    assert (reopened.min_pages, reopened.site_key) == (2, "host")
    assert reopened.sites() == ["harbourgazette.co.uk"]
    reopened.add(gazette_pages()[3:])
    assert reopened.page_count("harbourgazette.co.uk") == 6


def test_json_round_trip(gazette: SiteProfiles, tmp_path: Path) -> None:
    path = tmp_path / "profiles.json"
    doc = gazette.to_json(path)
    assert json.loads(path.read_text(encoding="utf-8")) == doc
    site = doc["sites"]["harbourgazette.co.uk"]
    assert site["pages"] == 6
    assert {e["pages"] for e in site["boilerplate"]} == {6}
    assert any(e["text"].startswith("The Harbour Gazette is an independent newsroom") for e in site["boilerplate"])
    imported = SiteProfiles.from_json(path)
    assert imported.to_json() == doc
    for _, page in gazette_pages():
        a, b = Cleaner(profiles=gazette).clean(page), Cleaner(profiles=imported).clean(page)
        assert (a.text, a.removed) == (b.text, b.removed)


def test_reviewed_json_drives_removal(gazette: SiteProfiles) -> None:
    """A reviewer deletes an entry: that block is kept from then on."""
    doc = gazette.to_json()
    entries = doc["sites"]["harbourgazette.co.uk"]["boilerplate"]
    doc["sites"]["harbourgazette.co.uk"]["boilerplate"] = [e for e in entries if not e["text"].startswith("Waterfront desk")]
    text = normalize(Cleaner(profiles=SiteProfiles.from_json(doc)).clean(gazette_pages()[0][1]).text)
    assert "Waterfront desk picks" in text
    assert GAZETTE_CHROME[0] not in text


def test_bad_json_is_refused() -> None:
    with pytest.raises(ValueError):
        SiteProfiles.from_json({"format": "something else", "version": 1, "sites": {}})


def test_copies_of_one_article_count_once() -> None:
    pages = gazette_pages()
    urls = [
        "https://harbourgazette.co.uk/a",
        "https://www.harbourgazette.co.uk/a?ref=home",
        "https://m.harbourgazette.co.uk/a",
    ]
    profiles = SiteProfiles()
    stats = profiles.add([(u, pages[0][1]) for u in urls])
    assert (stats.learned, stats.duplicates) == (1, 2)
    assert profiles.page_count("harbourgazette.co.uk") == 1


def test_learned_copies_of_a_story_keep_the_story() -> None:
    """Three edits of one story share their paragraphs; the page guard keeps the article."""
    base = [
        f"Paragraph {w} of the story about the harbour wall, which the council will repair this year at a cost."
        for w in ("one", "two", "three", "four")
    ]
    profiles = SiteProfiles()
    for edit in ("first", "second", "third"):
        blocks = [
            Block(t, "p", f"p[{i}]")
            for i, t in enumerate(
                [
                    *base,
                    f"Update: this is the {edit} version of the story, corrected after the council published its figures.",
                ]
            )
        ]
        profiles.add_blocks("example.org", blocks)
    assert profiles.match("example.org", [Block(t, "p", f"p[{i}]") for i, t in enumerate(base)])
    kept, removed = profiles.prune([Block(t, "p", f"p[{i}]") for i, t in enumerate(base)], [], "https://example.org/x")
    assert (len(kept), removed) == (4, [])


def test_pickled_profiles_judge_alike(gazette: SiteProfiles, tmp_path: Path) -> None:
    page = gazette_pages()[0][1]
    expected = Cleaner(profiles=gazette).clean(page).text
    assert Cleaner(profiles=pickle.loads(pickle.dumps(gazette))).clean(page).text == expected
    gazette.save(tmp_path / "p.sqlite")
    on_disk = SiteProfiles.open(tmp_path / "p.sqlite")
    assert Cleaner(profiles=pickle.loads(pickle.dumps(on_disk))).clean(page).text == expected


def test_invalid_settings_are_refused() -> None:
    with pytest.raises(ValueError):
        SiteProfiles(min_share=1.5)
    with pytest.raises(ValueError):
        SiteProfiles(site_key="path")
    with pytest.raises(ValueError):
        site_of("https://example.org/", "path")


def test_site_keys() -> None:
    assert site_of("https://news.bbc.co.uk/a") == "bbc.co.uk"
    assert site_of("http://www.example.com:8080/x") == "example.com"
    assert site_of("https://news.bbc.co.uk/a", "host") == "news.bbc.co.uk"
    assert site_of("https://www.example.com/a", "host") == "example.com"
    assert site_of("https://example.com/blog/a", lambda u: u.split("/")[3]) == "blog"
    assert site_of(None) is None


def test_block_keys_fold_case_digits_spacing_and_quotes() -> None:
    assert normalize_block("© 2013  Example News") == normalize_block("© 2024 example news")
    assert normalize_block("The Post’s site") == normalize_block("The Post's site")
    assert normalize_block("Caf\u0065\u0301") == normalize_block("Caf\u00e9")
    p, li = Block("Related stories", "p", "p[3]"), Block("Related stories", "li", "list[2]/item[0]")
    assert container_of(li) == "list/item"
    assert block_key(normalize_block(p.text), container_of(p)) != block_key(normalize_block(li.text), container_of(li))


def test_broken_store_costs_the_profile_step_only(tmp_path: Path) -> None:
    profiles = SiteProfiles.learn(gazette_pages())
    profiles._store.conn.execute("DROP TABLE occurrences")
    page = gazette_pages()[0][1]
    article = Cleaner(profiles=profiles).clean(page)
    assert article.text == clean(page).text and not article.warnings


def test_one_word_blocks_are_left_to_the_rules() -> None:
    profiles = SiteProfiles()
    for n in ("one", "two", "three", "four"):
        story = f"Story {n} tells of a different harbour, a different boat and a different storm at sea."
        blocks = [
            Block("Instructions", "h", "head[0]"),
            Block(story, "p", "p[1]"),
            Block("Share this story now", "p", "p[2]"),
        ]
        profiles.add_blocks("example.org", blocks)
    page = [Block("Instructions", "h", "head[0]"), Block("Share this story now", "p", "p[2]")]
    assert [m.index for m in profiles.match("example.org", page)] == [1]


def test_page_blocks_pre_clean_as_the_cleaning_does() -> None:
    """With comments asked for, a comment list stays through pre-cleaning when a site is
    learned, as it does when a page is cleaned (profiles must see the blocks the cleaner judges)."""
    story = "".join(
        f"<p>The harbour board met on Tuesday evening and agreed, after a long debate, on point {n} of the plan.</p>"
        for n in range(6)
    )
    comment = "I have lived by the harbour for forty years and this is the first plan that listens to us."
    page = (
        "<html><head><title>Harbour plan agreed</title></head><body><article><h1>Harbour plan agreed</h1>"
        f"{story}</article><section class=\"comment-list\"><article class=\"comment\"><p>{comment}</p>"
        "</article></section></body></html>"
    )
    options = Options(include_comments=True)
    learned = [b.text for b in page_blocks(page, "https://example.org/a", options)[0]]
    cleaned = clean(page, options=options).text
    assert (comment in cleaned) == any(comment in t for t in learned)
    assert comment in cleaned
    without = [b.text for b in page_blocks(page, "https://example.org/a", Options())[0]]
    assert not any(comment in t for t in without)
