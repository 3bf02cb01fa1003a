"""The learned judge: features, model files, and how prune uses the scores."""

from __future__ import annotations

import json
import zlib
from pathlib import Path

import numpy as np
import pytest

from newsclean import Options, clean
from newsclean.errors import OptionsError
from newsclean.judge.features import FEATURE_VERSION, block_text_features, page_features
from newsclean.judge.model import Judge, Model, feature_index, judge_for, load_model, read_model, shipped_model_path
from newsclean.judge.prune import judge_features, prune
from newsclean.judge.rules import load_rules
from newsclean.models import Block

BITS = 12
PROSE = [
    "The council voted on Tuesday to close the old bridge to lorries after engineers found cracks in two of its piers.",
    "Residents said the detour through the village would add twenty minutes to the school run for most families.",
    "A spokesman for the county said repairs would start in the spring and last until the end of the summer.",
]
#: A call to action in wording no bundled rule knows (the judge's job: phrasing that rules miss).
UNKNOWN_CHROME = "Zorbulate your inbox with our Friday digest"


def _model(weights: dict[str, float], bias: float = -3.0, **manifest: object) -> Model:
    w = np.zeros(1 << BITS, dtype=np.float32)
    for name, value in weights.items():
        w[feature_index(name, BITS)] += value
    meta = {"bits": BITS, "feature_version": FEATURE_VERSION,
            "thresholds": {"precision": 0.6, "balanced": 0.8, "recall": 0.95}, **manifest}
    return Model(w, bias, meta)


def _blocks() -> list[Block]:
    return [Block(PROSE[0]), Block(PROSE[1]), Block(UNKNOWN_CHROME), Block(PROSE[2])]


def test_feature_index_is_stable_across_processes() -> None:
    # CRC-32, not Python's salted hash(): a model trained in one process scores the same in another.
    assert feature_index("w0=subscribe", 18) == zlib.crc32(b"w0=subscribe") & 0x3FFFF
    assert feature_index("w0=subscribe", 4) == zlib.crc32(b"w0=subscribe") & 0xF


def test_text_features_read_a_bounded_window() -> None:
    short = block_text_features(" ".join(["word"] * 30) + ".")
    huge = block_text_features(" ".join(["word"] * 20000) + ".")
    assert len(huge) <= len(short) + 2  # a long block costs no more features than a short one
    assert "w0=word" in huge and any(f.startswith("words=") for f in huge)


def test_every_matching_rule_is_a_feature_with_its_placement() -> None:
    rules = load_rules()
    blocks = [*map(Block, PROSE), Block("Share this article"), Block("Follow us on Twitter")]
    feats, decided = judge_features(blocks, rules)
    assert any(f.startswith("rule=") for f in feats[3]) and any("@tail" in f for f in feats[3])
    assert decided[3] == "tail" and decided[0] is None
    assert not any(f.startswith("rule=") for f in feats[0])


def test_features_are_deterministic_and_per_block() -> None:
    blocks = _blocks()
    found = [[] for _ in blocks]
    a = page_features(blocks, found, [None] * 4, "Bridge closed to lorries")
    b = page_features(blocks, found, [None] * 4, "Bridge closed to lorries")
    assert a == b and len(a) == 4
    assert "from_start=0" in a[0] and "from_end=0" in a[3]


def test_judge_removes_what_it_scores_as_chrome_with_evidence() -> None:
    judge = Judge(_model({"w0=zorbulate": 5.0}), 0.8, "balanced")
    kept, removed = prune(_blocks(), load_rules(), judge=judge)
    assert [b.text for b in kept] == PROSE
    (r,) = removed
    assert r.rule == "judge" and r.text == UNKNOWN_CHROME and r.category == "other"
    assert r.evidence.startswith("judge balanced: score 0.88 >= 0.80") and "w0=zorbulate +5.00" in r.evidence


def test_without_a_judge_or_below_the_threshold_the_block_stays() -> None:
    model = _model({"w0=zorbulate": 5.0})
    assert [b.text for b in prune(_blocks(), load_rules())[0]] == [b.text for b in _blocks()]
    kept, removed = prune(_blocks(), load_rules(), judge=Judge(model, model.threshold("recall"), "recall"))
    assert len(kept) == 4 and not removed


def test_rule_removals_stand_whatever_the_model_says() -> None:
    blocks = [*map(Block, PROSE), Block("Share this article")]
    judge = Judge(_model({}, bias=-20.0), 0.8, "balanced")  # scores everything as article
    with_judge = prune(blocks, load_rules(), judge=judge)[1]
    assert [r.rule for r in with_judge] == [r.rule for r in prune(blocks, load_rules())[1]] != []


def _write(model: Model, path: Path) -> Path:
    with path.open("wb") as fh:
        np.savez(fh, weights=model.weights, bias=np.float64(model.bias))
    path.with_suffix(".json").write_text(json.dumps(model.manifest), encoding="utf-8")
    return path


def test_a_model_file_is_used_through_options(tmp_path: Path) -> None:
    path = _write(_model({"w0=zorbulate": 5.0}), tmp_path / "mine.npz")
    html = "<html><body><article><h1>Bridge</h1>" + "".join(
        f"<p>{t}</p>" for t in (PROSE[0], PROSE[1], UNKNOWN_CHROME, PROSE[2])) + "</article></body></html>"
    plain = clean(html)
    judged = clean(html, judge="balanced", judge_model=path)
    assert UNKNOWN_CHROME in plain.text and UNKNOWN_CHROME not in judged.text
    assert PROSE[2] in judged.text
    assert [r.rule for r in judged.removed if r.text == UNKNOWN_CHROME] == ["judge"]


def test_a_model_of_another_feature_version_is_refused(tmp_path: Path) -> None:
    path = _write(_model({}, feature_version=FEATURE_VERSION + 1), tmp_path / "old.npz")
    with pytest.raises(OptionsError, match="feature version"):
        judge_for(Options(judge="balanced", judge_model=path))


def test_unknown_operating_point_is_an_options_error() -> None:
    with pytest.raises(OptionsError):
        clean("<p>x</p>", judge="aggressive")


def test_shipped_model_matches_the_code_feature_version() -> None:
    manifest = json.loads(shipped_model_path().with_suffix(".json").read_text(encoding="utf-8"))
    assert manifest["feature_version"] == FEATURE_VERSION, "retrain: python -m training.judge --ship"
    model = load_model()
    assert len(model.weights) == 1 << manifest["bits"]
    assert set(manifest["thresholds"]) == {"precision", "balanced", "recall"}
    for key in ("fingerprint", "pages"):
        assert key in manifest["training_data"]
    assert "out_of_fold" in manifest["figures"] and manifest["trained"]
    assert read_model(shipped_model_path()).bias == model.bias


def test_explain_shows_the_judge_score_and_features(tmp_path: Path) -> None:
    from newsclean.cli.output import render_explain

    path = _write(_model({"w0=zorbulate": 5.0}), tmp_path / "mine.npz")
    html = "<html><body><article>" + "".join(
        f"<p>{t}</p>" for t in (PROSE[0], PROSE[1], UNKNOWN_CHROME, PROSE[2])) + "</article></body></html>"
    shown = render_explain(clean(html, judge="precision", judge_model=path))
    assert f"| judge | body] {UNKNOWN_CHROME}" in shown
    assert "(judge precision: score 0.88 >= 0.60; w0=zorbulate +5.00" in shown


def _page(chrome_wrapper: str) -> str:
    paragraphs = [f"<p>{PROSE[0]}</p>", f"<p>{PROSE[1]}</p>", chrome_wrapper.format(UNKNOWN_CHROME), f"<p>{PROSE[2]}</p>"]
    return "<html><body><article><h1>Bridge</h1>" + "".join(paragraphs) + "</article></body></html>"


def test_the_judge_reads_where_a_block_stood_in_the_page(tmp_path: Path) -> None:
    # The same unknown wording goes where its container's class says so, and stays elsewhere.
    path = _write(_model({"dom.w=zorb": 5.0}), tmp_path / "mine.npz")
    boxed = clean(_page("<div class='zorbBox'><p>{}</p></div>"), judge="balanced", judge_model=path)
    plain = clean(_page("<div class='story-part'><p>{}</p></div>"), judge="balanced", judge_model=path)
    assert UNKNOWN_CHROME not in boxed.text and UNKNOWN_CHROME in plain.text
    (r,) = [r for r in boxed.removed if r.text == UNKNOWN_CHROME]
    assert r.rule == "judge" and "dom.w=zorb +5.00" in r.evidence
    assert PROSE[2] in boxed.text


def test_page_facts_become_features_and_a_missing_element_is_one() -> None:
    from newsclean.judge.features import dom_features

    facts = {"tag": "li", "words": ["teaser", "title"], "role": "", "links": 0.9, "hidden": False,
             "from_headline": 30, "siblings": 5,
             "ancestors": [("ul", ["related", "list"], ""), ("aside", ["news", "keyword"], "complementary")]}
    feats = dom_features(facts, True, "tail")
    for want in ("dom.tag=li|s", "dom.w0=teaser", "dom.w=related|s", "dom.in=aside@tail",
                 "dom.in.role=complementary", "dom.links=4", "dom.sibs=3", "dom.hl=5"):
        assert want in feats
    assert dom_features(None, True, "body") == ["dom=none"]
    assert len(feats) == len(set(feats))
    blocks = _blocks()
    with_dom = page_features(blocks, [[] for _ in blocks], [None] * 4, None, [facts, None, facts, None])
    without = page_features(blocks, [[] for _ in blocks], [None] * 4, None)
    assert "dom=none" in with_dom[1] and not any(f.startswith("dom") for f in without[1])


def test_scores_equal_the_weight_sums_and_the_crc_memo_stays_bounded(monkeypatch: pytest.MonkeyPatch) -> None:
    from newsclean.judge import model as model_module

    monkeypatch.setattr(model_module, "CRC_MEMO_SIZE", 3)
    m = _model({"w0=zorbulate": 2.0, "kind=p": -1.0}, bias=0.5)
    feats = [["w0=zorbulate", "kind=p", "a", "b", "c"], ["kind=p", "d"]]
    for _ in range(2):  # memo cold, then refilled after clearing
        got = m.scores(feats)
        want = [1 / (1 + np.exp(-(0.5 + sum(float(m.weights[feature_index(f, BITS)]) for f in fs)))) for fs in feats]
        assert got == pytest.approx(want)
        assert len(model_module._CRC_MEMO) <= 3
