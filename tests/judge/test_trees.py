"""The judge's boosted trees: node tables walked with numpy, stored in the model file beside the weights."""

from __future__ import annotations

from pathlib import Path

import numpy as np

from newsclean.judge.features import FEATURE_VERSION
from newsclean.judge.model import Judge, Model, feature_index, read_model
from newsclean.judge.prune import prune
from newsclean.judge.rules import load_rules
from newsclean.judge.trees import Trees, from_arrays
from newsclean.models import Block

BITS = 10
PROSE = [
    "The council voted on Tuesday to close the old bridge to lorries after engineers found cracks in two of its piers.",
    "Residents said the detour through the village would add twenty minutes to the school run for most families.",
]
UNKNOWN_CHROME = "Zorbulate your inbox with our Friday digest"


def _stump_and_margin_tree() -> Trees:
    """Tree 0: w0=zorbulate present -> +3, else -1. Tree 1: linear margin <= 0.5 -> -0.5, else +2."""
    return Trees(
        feature=np.array([[0, 0, 0], [1, 0, 0]], dtype=np.int32),
        threshold=np.array([[0.5, 0, 0], [0.5, 0, 0]]),
        left=np.array([[1, 1, 2], [1, 1, 2]], dtype=np.int32),
        right=np.array([[2, 1, 2], [2, 1, 2]], dtype=np.int32),
        value=np.array([[0, -1.0, 3.0], [0, -0.5, 2.0]]),
        leaf=np.array([[False, True, True], [False, True, True]]),
        baseline=-1.0,
        depth=1,
        vocabulary={"w0=zorbulate": 0},
    )


def test_a_node_goes_left_at_or_below_its_threshold_and_leaves_add_up() -> None:
    trees = _stump_and_margin_tree()
    x = np.array([[0.0, 0.0], [1.0, 0.0], [0.0, 0.5], [1.0, 0.6]])
    assert trees.margin(x).tolist() == [-2.5, 1.5, -2.5, 4.0]
    assert trees.margin(np.zeros((0, 2))).shape == (0,)


def test_inputs_are_feature_presence_then_the_linear_margin() -> None:
    trees = _stump_and_margin_tree()
    x = trees.inputs([["w0=zorbulate", "kind=p", "w0=zorbulate"], ["kind=p"]], np.array([0.25, -3.0]))
    assert x.tolist() == [[1.0, 0.25], [0.0, -3.0]]


def test_deeper_trees_stop_at_their_leaves() -> None:
    # A depth-2 tree beside a stump: the stump's leaf keeps pointing at itself on the second step.
    deep = Trees(
        feature=np.array([[0, 1, 0, 0, 0], [0, 0, 0, 0, 0]], dtype=np.int32),
        threshold=np.array([[0.5, 0.0, 0, 0, 0], [0.5, 0, 0, 0, 0]]),
        left=np.array([[1, 3, 2, 3, 4], [1, 1, 2, 3, 4]], dtype=np.int32),
        right=np.array([[2, 4, 2, 3, 4], [2, 1, 2, 3, 4]], dtype=np.int32),
        value=np.array([[0, 0, 5.0, -2.0, 1.0], [0, 0.1, 0.2, 0, 0]]),
        leaf=np.array([[False, False, True, True, True], [False, True, True, True, True]]),
        baseline=0.0, depth=2, vocabulary={"a": 0},
    )
    x = np.array([[0.0, -1.0], [0.0, 1.0], [1.0, 0.0]])
    assert np.allclose(deep.margin(x), [-2.0 + 0.1, 1.0 + 0.1, 5.0 + 0.2])


def _model(trees: Trees | None) -> Model:
    weights = np.zeros(1 << BITS, dtype=np.float32)
    weights[feature_index("kind=p", BITS)] = 0.25  # the linear part alone never reaches the threshold
    meta = {"bits": BITS, "feature_version": FEATURE_VERSION,
            "thresholds": {"precision": 0.6, "balanced": 0.8, "recall": 0.95}}
    return Model(weights, -3.0, meta, trees)


def test_prune_removes_what_the_trees_score_as_chrome() -> None:
    blocks = [Block(PROSE[0]), Block(UNKNOWN_CHROME), Block(PROSE[1])]
    linear_only = prune(blocks, load_rules(), judge=Judge(_model(None), 0.8, "balanced"))[0]
    assert len(linear_only) == 3
    kept, removed = prune(blocks, load_rules(), judge=Judge(_model(_stump_and_margin_tree()), 0.8, "balanced"))
    assert [b.text for b in kept] == PROSE
    assert [r.text for r in removed] == [UNKNOWN_CHROME] and removed[0].rule == "judge"
    assert "score 0.82 >= 0.80; trees over linear kind=p +0.25" in (removed[0].evidence or "")  # sigmoid(-1 + 3 - 0.5)


def test_the_model_file_round_trips_the_trees(tmp_path: Path) -> None:
    from training.judge import save

    model = _model(_stump_and_margin_tree())
    path = tmp_path / "trees.npz"
    save(model, path, model.manifest)
    back = read_model(path)
    assert back.trees is not None and back.trees.vocabulary == {"w0=zorbulate": 0}
    feats = [["w0=zorbulate", "kind=p"], ["kind=p"]]
    assert back.scores(feats) == model.scores(feats)
    with np.load(path) as data:
        assert from_arrays(dict(data)) is not None
    save(_model(None), tmp_path / "linear.npz", model.manifest)
    assert read_model(tmp_path / "linear.npz").trees is None
