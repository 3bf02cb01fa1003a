"""Every rule's examples match and its near misses do not; rule files are validated."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from newsclean import RulesError, clean
from newsclean.judge.rules import load_rules, parse_rules, read_rule_file

RULES = load_rules()


@pytest.mark.parametrize("rule", RULES.rules, ids=[r.id for r in RULES.rules])
def test_rule_examples(rule) -> None:
    assert rule.examples, f"{rule.id} declares no example"
    assert rule.near_misses, f"{rule.id} declares no near miss"
    for text in rule.examples:
        assert RULES.fires(rule, text), f"{rule.id} misses its example {text!r}"
    for text in rule.near_misses:
        assert not RULES.fires(rule, text), f"{rule.id} catches its near miss {text!r}"


def test_rule_ids_are_prefixed_by_their_file() -> None:
    for rule in RULES.rules:
        lang = Path(rule.origin).stem
        assert rule.id.startswith(f"{lang}.{rule.category}."), rule.id


def test_languages_are_bundled() -> None:
    from newsclean.judge.rules import bundled_languages

    assert {"common", "en", "de", "fr", "es", "zh"} <= set(bundled_languages())


@pytest.mark.parametrize(
    "entry, message",
    [
        ({"id": "x", "category": "nope", "pattern": "a"}, "unknown category"),
        ({"id": "x", "category": "social", "pattern": "a", "scope": "middle"}, "scope"),
        ({"id": "x", "category": "social", "pattern": "a", "where": "everywhere"}, "where"),
        ({"id": "x", "category": "social", "pattern": "a", "max_chars": 0}, "max_chars"),
        ({"id": "x", "category": "social", "pattern": "a", "colour": "red"}, "unknown field"),
        ({"category": "social", "pattern": "a"}, "'id'"),
    ],
)
def test_bad_rule_entries_are_rejected(entry, message) -> None:
    with pytest.raises(RulesError, match=message):
        parse_rules({"rule": [entry]}, "test.toml")


def test_bad_pattern_is_a_rules_error(tmp_path: Path) -> None:
    path = tmp_path / "bad.toml"
    path.write_text('[[rule]]\nid = "u.social.x"\ncategory = "social"\npattern = "(?<=x)y"\n', encoding="utf-8")
    with pytest.raises(RulesError, match="bad pattern"):
        load_rules(None, (str(path),))


def test_user_rule_file_extends_the_cleaner(tmp_path: Path) -> None:
    path = tmp_path / "house.toml"
    path.write_text(
        '[[rule]]\nid = "house.other.motto"\ncategory = "other"\n'
        "pattern = '^Acme News: all the news that fits\\.?$'\nwhere = \"any\"\n"
        'examples = ["Acme News: all the news that fits."]\nnear_misses = ["Acme News said it fits."]\n',
        encoding="utf-8",
    )
    rules = read_rule_file(path)
    assert rules[0].id == "house.other.motto"
    page = "\n\n".join(
        [
            "A headline that stands alone",
            "The council met on Monday and voted to repair the bridge before winter, officials said.",
            "Acme News: all the news that fits.",
            "Work will start in October and last about six weeks, according to the city engineer.",
        ]
    )
    assert "all the news that fits" in clean(page).text
    cleaned = clean(page, rule_files=(path,))
    assert "all the news that fits" not in cleaned.text
    assert any(r.rule == "house.other.motto" for r in cleaned.removed)


def test_missing_rule_file_is_a_rules_error(tmp_path: Path) -> None:
    with pytest.raises(RulesError, match="cannot read"):
        read_rule_file(tmp_path / "absent.toml")


ADVERSARIAL = [
    "a" * 200_000,
    ("Share " * 40_000).strip(),
    "(" * 50_000 + "ANSA" + ")" * 50_000,
    "0/" + "4" * 100_000,
    "This article " + "first appeared in " * 10_000,
    "By " + "John " * 40_000,
    "© " + "x" * 200_000,
]


@pytest.mark.parametrize("text", ADVERSARIAL, ids=[f"adversarial-{i}" for i in range(len(ADVERSARIAL))])
def test_matching_is_linear_on_adversarial_text(text: str) -> None:
    # RE2 guarantees linear time; this checks no rule path falls back to a backtracking engine.
    # The bound is generous (a backtracking blow-up on these inputs takes minutes, not seconds).
    started = time.perf_counter()
    for scope in ("block", "prefix", "suffix"):
        RULES.match(text, scope)
    assert time.perf_counter() - started < 5.0
