"""Text dumps: the article span."""

from __future__ import annotations

from newsclean import Options, clean
from newsclean.judge.rules import ruleset_for
from newsclean.stages.textdump import split_dump

P1 = "The regional council voted on Monday to repair the old river bridge before the first snow of winter, after years of delay and a long debate about its cost."
P2 = "Work will start next month and is expected to close the bridge to lorries until the spring, the council's engineer told the meeting on Monday evening."
P3 = "Residents who spoke at the meeting welcomed the decision but asked for a temporary footbridge while the works last, which the council promised to study."


def _span(text: str) -> list[str]:
    return [b.text for b in split_dump(text, ruleset_for(Options())).blocks]


def test_bulleted_list_inside_the_article_does_not_cut_the_span() -> None:
    dump = (
        "Bridge repair approved by the council\n\nHome\nNews\nSport\n\n" + P1 + "\n\nThe plan covers:\n"
        "• new steel beams\n• fresh paint\n• lights\n• a ramp\n• railings\n• drains\n\n" + P2 + "\n\n" + P3 + "\n"
    )
    span = _span(dump)
    assert span[0] == P1 and span[-1] == P3 and "fresh paint" in span


def test_menu_bullets_outside_prose_still_cost() -> None:
    dump = "Bridge repair approved by the council\n\n• Home\n• News\n• Sport\n• Weather\n\n" + P1 + "\n\n" + P2 + "\n"
    assert _span(dump)[0] == P1


def test_teaser_run_does_not_outscore_a_one_paragraph_article() -> None:
    blurb = "The mayor opened the new market hall on Saturday, and traders said the first day was busy and calm."
    teasers = "".join(f"Market hall opens in town number {n}\n{blurb.replace('Saturday', f'day {n}')}\n\n" for n in range(5))
    menu = "Share\nTweet\nEmail\nPrint\n\nMore stories\nSport\nVideo\nWeather\n\n"
    dump = "Bridge repair approved by the council\n\n" + P1 + " " + P2 + "\n\n" + menu + teasers
    assert _span(dump) == [P1 + " " + P2]
    text = clean(dump).text
    assert P1 in text and "Market hall opens" not in text


def test_the_longer_article_still_wins_over_a_short_teaser_run_near_the_top() -> None:
    blurb = "The mayor opened the new market hall on Saturday, and traders said the first day was busy and calm."
    teasers = "".join(f"Market hall opens in town number {n}\n{blurb}\n\n" for n in range(2))
    dump = "Bridge repair approved by the council\n\n" + teasers + "Sport\nVideo\nWeather\nShare\n\n" + P1 + "\n\n" + P2 + "\n\n" + P3 + "\n"
    assert _span(dump) == [P1, P2, P3]


def test_close_runs_the_one_nearest_the_headline_wins() -> None:
    other = P2 + " The ring road works were approved the same evening."  # a few words more than P1
    menu = "Share\nTweet\nEmail\nPrint\nSport\nVideo\nWeather\nPodcasts\nMore\n\n"
    assert _span("Bridge repair approved by the council\n\n" + P1 + "\n\n" + menu + other + "\n") == [P1]


HEADLINE = "Bridge repair approved by the council"
#: Another story's text, a few words longer than the article (P1 + P2): a best-score pick takes it.
OTHER = P3 + " The bus station will be rebuilt next year. " + P2
MENU = "Share\nTweet\nEmail\nPrint\nSport\nVideo\nWeather\nPodcasts\nOpinion\nCulture\nTravel\nMore\n"


def test_headline_found_where_the_title_line_comes_back() -> None:
    """A dump that opens with the page's <title> ("Headline | Site", no blank line under it) and
    shows the headline again above the article: among close runs, the one under it wins."""
    dump = f"{HEADLINE} | The Valley Courier\nHome\nNews\n{OTHER}\n{MENU}{HEADLINE}\n{P1} {P2}\n{MENU}"
    assert _span(dump)[-1] == P1 + " " + P2
    assert OTHER not in _span(dump)


def test_title_line_repeated_whole_and_site_first() -> None:
    dump = f"The Valley Courier - {HEADLINE}\nHome\nNews\n{OTHER}\n{MENU}{HEADLINE}\n{P1} {P2}\n{MENU}"
    assert OTHER not in _span(dump)
    dump = f"{HEADLINE}\nHome\nNews\n{OTHER}\n{MENU}{HEADLINE}\n{P1} {P2}\n{MENU}"
    assert OTHER not in _span(dump)


def test_without_a_repeated_headline_the_best_run_still_wins() -> None:
    """Near misses: a first line that never comes back, or comes back inside a prose line, or
    only as a breadcrumb with more in it, anchors nothing."""
    for first in ("The Valley Courier | Local news", f"Home › News › {HEADLINE}"):
        dump = f"{first}\nHome\nNews\n{OTHER}\n{MENU}Council news\n{P1} {P2}\n{MENU}"
        assert _span(dump) == [OTHER]
    dump = f"{HEADLINE} | The Valley Courier\nHome\n{OTHER}\n{MENU}News: {HEADLINE}\n{P1} {P2}\n{MENU}"
    assert _span(dump) == [OTHER]


ABOUT = ("The Valley Courier has covered the towns and farms of the valley since 1921 and is read by forty "
         "thousand families every week, in print and on the web.")
TEASERS = "Most read\nFloods close the coast road\nSchool choir wins again\nNew bakery opens on Main Street\nTide tables\n"


def test_prose_after_the_closing_copyright_line_is_not_the_article() -> None:
    dump = (f"Home\nNews\nSport\n{P1}\n{P2}\n{P3}\n{TEASERS}© 2024 The Valley Courier. All rights reserved.\n"
            f"{ABOUT}\nOur reporters live in the towns they write about, from the river mouth up to the high pastures.\n")
    span = _span(dump)
    assert span[0] == P1 and span[-1] == P3


def test_a_copyright_line_near_the_top_does_not_close_the_page() -> None:
    """Near miss: a photo credit with a rights notice under the headline is no page footer."""
    dump = f"Home\nNews\n© Photo: Valley Images. All rights reserved.\n{P1}\n{P2}\n{P3}\nContact\nAbout us\n"
    assert _span(dump)[-1] == P3


def test_a_rights_line_between_paragraphs_near_the_end_closes_nothing() -> None:
    """Near miss: a photo's rights line right under a paragraph, in the last quarter of the dump,
    is a caption, not the footer: the paragraph after it stays."""
    dump = f"Home\nNews\nSport\nWeather\nOpinion\nCulture\nTravel\nPodcasts\n{P1}\n{P2}\n© Photo: Valley Images. All rights reserved.\n{P3}\nContact\n"
    assert _span(dump)[-1] == P3


J1 = "市議会は月曜日、冬の初雪の前に古い川の橋を修理することを決めた。長年の遅れと費用をめぐる議論の末の決定だった。"
J2 = "工事は来月始まり、春までトラックの通行が止められる見込みだと、市の技師が月曜日の夜の会合で説明した。"
J3 = "会合で発言した住民は決定を歓迎したが、工事の間の仮の歩道橋を求め、市は検討を約束した。"
J4 = "橋は百年前に建てられ、毎日およそ八千台の車と多くの自転車が川を渡るために使っている。"
LICENSE = ("Valley Tech Japan brings the best stories of the American edition to readers in Tokyo, "
           "translated and edited by our own small team of editors in Tokyo every single week.")


def test_a_line_in_another_script_than_the_dumps_prose_is_not_the_article() -> None:
    dump = f"ホーム\nニュース\n{J1}\n{J2}\n{J3}\n{J4}\n関連記事\nランキング\nお問い合わせ\n会社概要\nサイトマップ\n{LICENSE}\n"
    assert _span(dump) == [J1, J2, J3, J4]


def test_an_english_quote_inside_a_japanese_article_stays() -> None:
    """Near miss: a line in another script between the article's own lines stays in the span."""
    quote = "“We will rebuild the bridge stone by stone, and we will do it before the winter comes,” the mayor said."
    dump = f"ホーム\nニュース\n{J1}\n{quote}\n{J2}\n{J3}\n関連記事\nランキング\n"
    assert _span(dump) == [J1, quote, J2, J3]
