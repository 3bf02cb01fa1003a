"""The judge of plain-text dumps: its own shipped model, chosen by the page's kind."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from newsclean import Options, clean
from newsclean.errors import OptionsError
from newsclean.judge.features import FEATURE_VERSION
from newsclean.judge.model import feature_index, judge_for, load_model, shipped_model_path

from .test_judge import PROSE, UNKNOWN_CHROME

BITS = 12
DUMP = "\n".join(["Bridge closed", "", PROSE[0], "", PROSE[1], "", UNKNOWN_CHROME, "", PROSE[2]]) + "\n"


def _write(path: Path, input_kind: str | None, weights: dict[str, float]) -> Path:
    w = np.zeros(1 << BITS, dtype=np.float32)
    for name, value in weights.items():
        w[feature_index(name, BITS)] += value
    manifest = {"bits": BITS, "feature_version": FEATURE_VERSION,
                "thresholds": {"precision": 0.6, "balanced": 0.8, "recall": 0.95}}
    if input_kind is not None:
        manifest["input"] = input_kind
    with path.open("wb") as fh:
        np.savez(fh, weights=w, bias=np.float64(-3.0))
    path.with_suffix(".json").write_text(json.dumps(manifest), encoding="utf-8")
    return path


def test_each_kind_of_page_gets_its_own_shipped_model() -> None:
    html_judge, text_judge = judge_for(Options(judge="balanced")), judge_for(Options(judge="balanced"), "text")
    assert html_judge is not None and text_judge is not None
    assert html_judge.model.input == "html" and text_judge.model.input == "text"
    assert shipped_model_path("text").name == "dump.npz" and shipped_model_path().name == "judge.npz"


def test_the_shipped_dump_model_matches_the_code_and_says_how_it_was_trained() -> None:
    manifest = json.loads(shipped_model_path("text").with_suffix(".json").read_text(encoding="utf-8"))
    assert manifest["feature_version"] == FEATURE_VERSION, "retrain: python -m training.judge --dumps --ship"
    assert manifest["input"] == "text" and "textdumps" in manifest["training_data"]["held_out"]
    assert "rendered" in manifest["training_data"] and "out_of_fold" in manifest["figures"]
    model = load_model(None, "text")
    assert len(model.weights) == 1 << manifest["bits"]


def test_a_users_dump_model_judges_dumps_and_leaves_html_to_the_shipped_model(tmp_path: Path) -> None:
    path = _write(tmp_path / "mine.npz", "text", {"w0=zorbulate": 5.0})
    judged = clean(DUMP, judge="balanced", judge_model=path)
    assert UNKNOWN_CHROME not in judged.text and all(p in judged.text for p in PROSE)
    assert [r.rule for r in judged.removed if r.text == UNKNOWN_CHROME] == ["judge"]
    assert judge_for(Options(judge="balanced", judge_model=path), "html").model.input == "html"


def test_a_model_without_an_input_is_an_html_model(tmp_path: Path) -> None:
    path = _write(tmp_path / "old.npz", None, {"w0=zorbulate": 5.0})
    assert UNKNOWN_CHROME in clean(DUMP, judge="balanced", judge_model=path).text  # not used on dumps
    html = "<html><body><article>" + "".join(f"<p>{t}</p>" for t in (*PROSE[:2], UNKNOWN_CHROME, PROSE[2])) + "</article></body></html>"
    assert UNKNOWN_CHROME not in clean(html, judge="balanced", judge_model=path).text


def test_a_model_for_an_unknown_kind_of_input_is_refused(tmp_path: Path) -> None:
    path = _write(tmp_path / "odd.npz", "pdf", {})
    with pytest.raises(OptionsError, match="input"):
        judge_for(Options(judge="balanced", judge_model=path))


def test_without_a_judge_a_dump_is_cleaned_by_the_rules_alone() -> None:
    assert UNKNOWN_CHROME in clean(DUMP).text and judge_for(Options(), "text") is None
