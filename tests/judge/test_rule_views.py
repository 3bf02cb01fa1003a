"""A page's view of the rules: its languages' files only, compiled on first use, stopped by its time limit."""

from __future__ import annotations

from pathlib import Path

from newsclean.api import rule_languages
from newsclean.judge.rules import load_rules
from newsclean.limits import Deadline
from newsclean.models import Block

ENGLISH_ONLY = "Listen to this article"  # en.ai-summary.notice
GERMAN_ONLY = "Artikel teilen"  # de: a share bar's label
EVERYWHERE = "© Quanta Magazine"  # common.copyright.sign


def _blocks(*texts: str) -> list[Block]:
    return [Block(t, "p", f"p[{n}]") for n, t in enumerate(texts)]


def _fresh():
    """A rule set compiled from scratch (load_rules caches the one the cleaner uses)."""
    return load_rules.__wrapped__(None, ())


def _ids(rules, text: str) -> set[str]:
    return {m.rule.id.split(".")[0] for m in rules.match(text)}


def test_the_full_set_scans_every_language() -> None:
    rules = _fresh()
    assert _ids(rules, ENGLISH_ONLY) == {"en"}
    assert _ids(rules, GERMAN_ONLY) == {"de"}
    assert _ids(rules, EVERYWHERE) == {"common"}


def test_a_page_view_scans_common_and_its_languages_only() -> None:
    german = _fresh().for_page(("de",))
    assert _ids(german, GERMAN_ONLY) == {"de"}
    assert _ids(german, EVERYWHERE) == {"common"}
    assert german.match(ENGLISH_ONLY) == []
    both = _fresh().for_page(("de", "en"))
    assert _ids(both, ENGLISH_ONLY) == {"en"} and _ids(both, GERMAN_ONLY) == {"de"}
    assert _ids(_fresh().for_page(None), ENGLISH_ONLY) == {"en"}  # None: every language


def test_a_language_is_compiled_on_first_use() -> None:
    rules = _fresh()
    assert not rules._sets  # nothing bundled compiled yet
    rules.for_page(("de",)).match(GERMAN_ONLY)
    assert {origin for _, origin in rules._sets} == {"rules/common.toml", "rules/de.toml"}
    rules.for_page(("en",)).match(ENGLISH_ONLY)  # a view shares the compiled sets
    assert {origin for _, origin in rules._sets} == {"rules/common.toml", "rules/de.toml", "rules/en.toml"}


def test_a_user_file_is_scanned_on_every_page(tmp_path: Path) -> None:
    path = tmp_path / "house.toml"
    path.write_text(
        '[[rule]]\nid = "house.other.motto"\ncategory = "other"\npattern = "^Acme News motto$"\nwhere = "any"\n'
        'examples = ["Acme News motto"]\nnear_misses = ["Acme News said"]\n',
        encoding="utf-8",
    )
    rules = load_rules.__wrapped__(None, (str(path),))
    assert {origin for _, origin in rules._sets} == {str(path)}  # compiled at once: a bad pattern fails early
    assert _ids(rules.for_page(("ja",)), "Acme News motto") == {"house"}


def test_the_scan_stops_when_the_wall_clock_limit_passes() -> None:
    now = [0.0]
    deadline = Deadline(0, wall_limit=5.0, clock=lambda: now[0])
    warnings: list[str] = []
    rules = _fresh().for_page(("en",), deadline, warnings)
    assert rules.match(ENGLISH_ONLY)
    now[0] = 6.0
    assert rules.match(ENGLISH_ONLY) == [] and rules.first(ENGLISH_ONLY) is None
    rules.match(EVERYWHERE)
    assert len(warnings) == 1 and "rule scan stopped" in warnings[0]


def test_the_work_budget_alone_never_stops_the_scan() -> None:
    deadline = Deadline(1.0)
    deadline.charge(1.0)  # the whole budget, charged before the scan as prune's cost
    assert _fresh().for_page(("en",), deadline, []).match(ENGLISH_ONLY)


ENGLISH = _blocks("The council met on Monday and the mayor said that the bridge will be closed for the winter.",
                  "It is the second time this year that the old bridge has to be repaired by the city.")
JAPANESE = _blocks("東京都は月曜日、新しい橋の工事を始めると発表しました。工事は来年まで続く予定です。")


def test_rule_languages_are_those_of_the_pages_script_and_english() -> None:
    latin = rule_languages(None, ENGLISH)
    assert latin is not None and {"en", "de", "fr", "es", "pl"} <= set(latin)
    assert not {"ja", "zh", "ru", "ar"} & set(latin)
    assert rule_languages(None, JAPANESE) == ("en", "ja")  # English credits and labels stand on every page
    assert "ja" in (rule_languages("ja", ENGLISH) or ())  # the declared language too (a mixed page)
    assert rule_languages("en", _blocks("12:30", "Home")) is None  # too little text: every language


def test_a_page_in_one_script_keeps_the_chrome_rules_of_its_neighbours() -> None:
    """Date stamps and labels of related languages are alike: a German page's Spanish-style stamp still goes."""
    rules = _fresh()
    view = rules.for_page(rule_languages("de", _blocks("Der Gemeinderat hat am Montag beschlossen, dass die alte "
                                                       "Brücke im Winter gesperrt wird und die Stadt sie repariert.")))
    for text in ("12.03.2021, 10:45 Uhr", GERMAN_ONLY, ENGLISH_ONLY):
        assert {m.rule.id for m in view.match(text)} == {m.rule.id for m in rules.match(text)}, text
    assert "es.dateline.stamp" in {m.rule.id for m in view.match("12.03.2021, 10:45 Uhr")}
