"""The quality gate: newsclean scored on the labelled corpus must stay at or above pinned floors.

The floors live in ``benchmarks/floors.json``; ``python -m benchmarks.floors --raise`` pins
improvements, ``--lower --reason "..."`` is the only way down. Skipped when the corpus is absent.
Pages are spread over the CPUs (at most 4; ``NEWSCLEAN_BENCH_JOBS`` overrides).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from benchmarks import corpus, floors
from benchmarks.extractors import default_jobs


@pytest.mark.corpus
@pytest.mark.parametrize("name", floors.GATED_SETS)
def test_quality_floor(name: str, gate_report: list[str]) -> None:
    if not corpus.available(name):
        pytest.skip(f"labelled set {name!r} not found under {corpus.CORPUS}")
    floor = floors.load()["sets"].get(name)
    figures = floors.measure(name, default_jobs())
    gate_report.append(floors.describe(name, figures, floor))
    problems = floors.shortfalls(name, figures, floor)
    assert not problems, "; ".join(problems)


FIG = floors.Figures(pages=10, f1=0.91234, fully_right=6, with_recall=0.95678)


def test_pinned_floor_passes_the_figures_it_was_taken_from() -> None:
    pinned = FIG.pinned()
    assert pinned == {"pages": 10, "f1": 0.9123, "fully_right": 6, "with_recall": 0.9567}
    assert floors.shortfalls("dev", FIG, pinned) == []


def test_drop_below_a_floor_fails() -> None:
    floor = {"pages": 10, "f1": 0.9123, "fully_right": 7, "with_recall": 0.96}
    problems = floors.shortfalls("dev", FIG, floor)
    assert [p.split(" is below")[0] for p in problems] == ["dev: fully_right 6", "dev: with_recall 0.9568"]


def test_changed_corpus_or_missing_floor_fails() -> None:
    assert "pinned on 12" in floors.shortfalls("dev", FIG, {**FIG.pinned(), "pages": 12})[0]
    assert "no floor pinned" in floors.shortfalls("dev", FIG, None)[0]


def test_raise_only_goes_up() -> None:
    data = {"sets": {"dev": {"pages": 10, "f1": 0.95, "fully_right": 5, "with_recall": 0.9}}, "lowered": []}
    raised, refused = floors.raise_floors(data, "dev", FIG)
    assert data["sets"]["dev"] == {"pages": 10, "f1": 0.95, "fully_right": 6, "with_recall": 0.9567}
    assert raised == ["dev.fully_right 5 -> 6", "dev.with_recall 0.9000 -> 0.9567"]
    assert refused and "f1" in refused[0]


def test_lower_pins_the_figures_both_ways(tmp_path: Path) -> None:
    path = tmp_path / "floors.json"
    floors.save({"sets": {"dev": {"pages": 10, "f1": 0.95, "fully_right": 5, "with_recall": 0.9}}, "lowered": []}, path)
    data = floors.load(path)
    changes = floors.lower_floors(data, "dev", FIG)
    assert changes == ["dev.f1 0.9500 -> 0.9123", "dev.fully_right 5 -> 6", "dev.with_recall 0.9000 -> 0.9567"]
    floors.save(data, path)
    assert json.loads(path.read_text(encoding="utf-8"))["sets"]["dev"] == FIG.pinned()


def test_lower_needs_a_reason() -> None:
    with pytest.raises(SystemExit):
        floors.parse_args(["--lower"])
    with pytest.raises(SystemExit):
        floors.parse_args(["--lower", "--reason", "  "])
    assert floors.parse_args(["--lower", "--reason", "corpus changed"]).lower
