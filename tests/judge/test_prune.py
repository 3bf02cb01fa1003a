"""Block classification and removal: zones, section cuts, in-body lists, spared sentences."""

from __future__ import annotations

from newsclean.judge.prune import prune
from newsclean.judge.rules import load_rules
from newsclean.models import Block

RULES = load_rules()
P1 = "The council met on Monday and voted to repair the old river bridge before the winter storms arrive."
P2 = "Engineers said the work would take six weeks and that a signposted detour would run through the estate."
P3 = "Residents asked about buses, and the council promised a free shuttle for cyclists and pedestrians."


def _run(*texts: str):
    kept, removed = prune([Block(t) for t in texts], RULES)
    return [b.text for b in kept], removed


def test_edge_rule_removes_at_the_tail_but_not_mid_article() -> None:
    copyright_line = "© 2024 Riverside Gazette"
    kept, removed = _run(P1, P2, P3, copyright_line)
    assert copyright_line not in kept
    # The same line between two paragraphs of the article is not at an edge: it stays.
    kept, _ = _run(P1, P2, P3, copyright_line, P1 + " Again.", P2 + " Again.", P3 + " Again.")
    assert copyright_line in kept


def test_any_rule_removes_everywhere() -> None:
    kept, removed = _run(P1, "Advertisement", P2, P3)
    assert kept == [P1, P2, P3]
    assert removed[0].where == "body" and removed[0].rule == "en.advertising.label"


def test_section_opener_cuts_the_tail() -> None:
    kept, removed = _run(P1, P2, P3, "Related Articles", "Bridge reopens after repairs", "Council approves budget")
    assert kept == [P1, P2, P3]
    assert [r.rule for r in removed] == ["en.related.header", "en.related.header+section", "en.related.header+section"]


def test_opener_followed_by_article_prose_does_not_cut() -> None:
    long = " ".join([P1, P2, P3])
    kept, _ = _run(P1, "Comments", long, long)
    assert kept.count(long) == 2


def test_in_body_read_more_takes_its_headline_links() -> None:
    kept, removed = _run(P1, "READ MORE:", "Bridge reopens after repairs", P2, P3)
    assert kept == [P1, P2, P3]
    assert {r.rule for r in removed} == {"en.related.header", "en.related.header+links"}


def test_article_sentence_is_spared_when_a_syndication_line_is_glued_to_it() -> None:
    last = "A final vote on the capital programme is expected next month, once the county confirms its share. This article first appeared on Riverside Weekly."
    kept, removed = _run(P1, P2, last)
    assert kept[-1] == "A final vote on the capital programme is expected next month, once the county confirms its share."
    cut = [r for r in removed if r.where == "inline"]
    assert cut and cut[0].category == "syndication" and cut[0].source == "Riverside Weekly"


def test_all_chrome_sentences_remove_the_whole_block() -> None:
    disclaimer = (
        "The content is for reference only, not a solicitation or offer. No investment, tax, or legal advice "
        "provided. See Disclaimer for more risks disclosure."
    )
    kept, removed = _run(P1, P2, disclaimer)
    assert kept == [P1, P2]
    assert removed[0].category == "disclaimer"


def test_short_ui_line_between_chrome_is_bridged() -> None:
    kept, removed = _run(P1, P2, "Reward", "Tip jar", "Share")
    assert kept == [P1, P2]
    assert "context.between-chrome" in {r.rule for r in removed}


def test_remove_false_keeps_everything_and_reports() -> None:
    blocks = [Block(t) for t in (P1, "Advertisement", P2)]
    kept, removed = prune(blocks, RULES, remove=False)
    assert [b.text for b in kept] == [P1, "Advertisement", P2]
    assert [r.rule for r in removed] == ["en.advertising.label"]


def test_prose_is_never_removed_without_a_rule() -> None:
    kept, removed = _run(P1, P2, P3)
    assert kept == [P1, P2, P3] and removed == []


def test_a_credit_glued_to_the_last_paragraph_without_a_space_is_cut() -> None:
    last = "Engineers said the cracks in the piers had grown over the winter into odd shapes."
    kept, removed = _run(P1, P2, last + "Credit: WhiteHaven/Shutterstock.com")
    assert kept == [P1, P2, last]
    (r,) = removed
    assert r.text == "Credit: WhiteHaven/Shutterstock.com" and r.where == "inline" and r.category == "image-credit"


def test_a_credit_glued_to_the_first_paragraph_is_cut() -> None:
    first = "The UK may be heading for a recession this year, the central bank said on Thursday."
    kept, removed = _run("Shamil Zhumatov/REUTERS" + first, P2, P3)
    assert kept == [first, P2, P3]
    assert [r.text for r in removed] == ["Shamil Zhumatov/REUTERS"]


def test_glued_text_that_no_rule_marks_or_that_stands_mid_article_stays() -> None:
    # Near misses: an unspaced sentence stop before article text, a glued credit in the middle of
    # the article, and a glued credit whose paragraph would be left too short to read as a sentence.
    glued = "The talks were held at NASA.The agency said nothing more about its plans for the coming year."
    assert _run(P1, P2, glued)[0] == [P1, P2, glued]
    middle = P2[:-1] + ".Credit: WhiteHaven/Shutterstock.com"
    assert _run(P1, P3, middle, P3 + " Again.", P1 + " Again.")[0][2] == middle
    short = "It rained.Credit: WhiteHaven/Shutterstock.com"
    assert _run(P1, P2, short)[0][2] == short


IN_BODY_HEADERS = {
    "fr": ("A lire aussi :", "Le pont rouvre après les travaux"),
    "de": ("Lesen Sie auch:", "Brücke nach Reparatur wieder offen"),
    "es": ("Noticias relacionadas", "El puente reabre tras las obras"),
    "pt": ("Leia também", "Ponte reabre depois das obras"),
    "it": ("Leggi anche", "Il ponte riapre dopo i lavori"),
    "ru": ("Читайте также", "Мост открыли после ремонта"),
    "ar": ("اقرأ أيضا", "إعادة فتح الجسر بعد الإصلاح"),
    "fa": ("بیشتر بخوانید", "بازگشایی پل پس از تعمیر"),
    "ja": ("関連記事", "橋が補修を終えて再開"),
    "zh": ("相关阅读", "大桥维修后重新开放"),
}


def test_every_languages_related_header_is_placed_anywhere() -> None:
    # An in-body "Read also:" insert stands between two paragraphs on sites of every language;
    # English found it first, the other languages' headers must be placed the same way.
    headers = [r for r in RULES.rules if r.id.endswith(".related.header")]
    assert {r.id.split(".")[0] for r in headers} >= set(IN_BODY_HEADERS) | {"en"}
    assert {r.id: r.where for r in headers} == {r.id: "any" for r in headers}


def test_in_body_read_also_of_each_language_takes_its_links() -> None:
    for lang, (header, link) in IN_BODY_HEADERS.items():
        kept, removed = _run(P1, header, link, P2, P3)
        assert kept == [P1, P2, P3], lang
        assert {r.rule for r in removed} == {f"{lang}.related.header", f"{lang}.related.header+links"}, lang


def test_a_header_phrase_ending_as_a_sentence_is_article_text() -> None:
    # "mehr aus ..." opens German "Mehr aus dem Ressort" headers, and article sentences too.
    sentence = "mehr aus unserem Leben hätten machen können."
    broken = ["In der Natur wächst", "alles. Oder es stirbt. Es gibt keinen Stillstand. Stillstand ist eine"]
    kept, removed = _run(P1, sentence, *broken, P2, P3)
    assert kept == [P1, sentence, *broken, P2, P3]
    assert removed == []


def test_headline_links_stop_at_prose_and_at_an_introducing_line() -> None:
    prose_line = "The bridge shut. Then it rained for days"
    kept, _ = _run(P1, "READ MORE:", "Bridge reopens after repairs", prose_line, P2, P3)
    assert kept == [P1, prose_line, P2, P3]
    note = "What the star means:"
    kept, _ = _run(P1, "READ MORE:", note, P2, P3)
    assert kept == [P1, note, P2, P3]
    # abbreviations are no sentence stop: "U.S. Army" and "Mr. Smith" headlines are links
    kept, _ = _run(P1, "READ MORE:", "U.S. Army opens new base", "Mr. Smith goes to the council", P2, P3)
    assert kept == [P1, P2, P3]
