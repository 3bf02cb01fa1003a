"""Training the judge's trees: the exported node tables score as scikit-learn does."""

from __future__ import annotations

import numpy as np
import pytest

pytest.importorskip("sklearn", reason="scikit-learn is not installed (it is in the train extra)")

from training import trees  # noqa: E402


def test_vocabulary_is_the_most_frequent_features_ties_by_name() -> None:
    features = [["a", "b", "b"], ["b", "c"], ["c", "d"], ["e"]]
    assert trees.vocabulary(features, np.arange(4), size=2) == {"b": 0, "c": 1}
    assert trees.vocabulary(features, np.array([3, 0]), size=2) == {"a": 0, "b": 1}


def test_exported_trees_give_scikit_learns_probabilities() -> None:
    rng = np.random.default_rng(0)
    names = [f"f{k}" for k in range(12)]
    features = [[n for n in names if rng.random() < 0.3] for _ in range(600)]
    margins = rng.normal(size=600)
    y = np.array([int(("f1" in f and "f2" not in f) or m > 1.2) for f, m in zip(features, margins)])
    rows = np.arange(600)
    vocab = trees.vocabulary(features, rows, size=8)
    x = trees.inputs(features, rows, vocab, margins)
    clf = trees.fit(x, y, np.ones(600))
    ensemble = trees.export(clf, vocab)
    runtime = ensemble.inputs(features, margins)
    assert np.array_equal(runtime, x)  # the same inputs at run time as in training
    ours = 1.0 / (1.0 + np.exp(-ensemble.margin(runtime)))
    assert np.allclose(ours, clf.predict_proba(x)[:, 1], atol=1e-9)
    assert ensemble.depth <= trees.MAX_DEPTH and len(ensemble.feature) == trees.MAX_ITER
