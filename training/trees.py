"""The judge's boosted trees: inputs, fit (scikit-learn) and export to ``newsclean.judge.trees``.

The trees read the presence of the :data:`VOCABULARY` most frequent feature strings of the
training rows (ties broken by the string, so the choice is deterministic) and the linear model's
margin, computed out-of-fold inside the training rows (``training.judge`` passes it), so the trees
learn how far to trust the linear model, never its fit to their own rows. Bounded size:
:data:`MAX_ITER` trees of at most :data:`MAX_LEAVES` leaves and depth :data:`MAX_DEPTH`.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

import numpy as np

from newsclean.judge.trees import Trees

#: Feature strings the trees read (the most frequent of the training rows), plus the linear margin.
VOCABULARY = 256
#: Size of the ensemble, bounded so inference stays well under a millisecond per page.
MAX_ITER = 100
MAX_LEAVES = 15
MAX_DEPTH = 6
LEARNING_RATE = 0.1
MIN_SAMPLES_LEAF = 40
L2 = 1.0


def vocabulary(features: Sequence[Sequence[str]], rows: np.ndarray, size: int = VOCABULARY) -> dict[str, int]:
    """The ``size`` feature strings present in most of ``rows``, each to its column."""
    counts: Counter[str] = Counter()
    for i in rows:
        counts.update(set(features[i]))
    top = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))[:size]
    return {name: n for n, name in enumerate(sorted(name for name, _ in top))}


def inputs(features: Sequence[Sequence[str]], rows: np.ndarray, vocab: dict[str, int], margins: np.ndarray) -> np.ndarray:
    """The trees' input matrix of ``rows`` (as :meth:`Trees.inputs` builds it at run time)."""
    x = np.zeros((len(rows), len(vocab) + 1), dtype=np.float64)  # float64, as at run time
    for k, i in enumerate(rows):
        cols = [vocab[f] for f in features[i] if f in vocab]
        if cols:
            x[k, cols] = 1.0
    x[:, -1] = margins
    return x


def fit(x: np.ndarray, y: np.ndarray, w: np.ndarray):  # type: ignore[no-untyped-def]
    """A deterministic fit: no early stopping, no subsampling, fixed seed."""
    from sklearn.ensemble import HistGradientBoostingClassifier

    clf = HistGradientBoostingClassifier(
        max_iter=MAX_ITER, learning_rate=LEARNING_RATE, max_leaf_nodes=MAX_LEAVES, max_depth=MAX_DEPTH,
        min_samples_leaf=MIN_SAMPLES_LEAF, l2_regularization=L2, early_stopping=False, random_state=0,
    )
    clf.fit(x, y, sample_weight=w)
    return clf


def export(clf, vocab: dict[str, int]) -> Trees:  # type: ignore[no-untyped-def]
    """The fitted ensemble as the package's node tables."""
    predictors = [p[0] for p in clf._predictors]  # binary: one tree per iteration
    width = max(len(p.nodes) for p in predictors)
    t = len(predictors)
    feature = np.zeros((t, width), dtype=np.int32)
    threshold = np.zeros((t, width), dtype=np.float64)
    left = np.tile(np.arange(width, dtype=np.int32), (t, 1))
    right = left.copy()
    value = np.zeros((t, width), dtype=np.float64)
    leaf = np.ones((t, width), dtype=bool)
    depth = 0
    for k, p in enumerate(predictors):
        nodes = p.nodes
        m = len(nodes)
        inner = nodes["is_leaf"] == 0
        feature[k, :m] = np.where(inner, nodes["feature_idx"], 0)
        threshold[k, :m] = np.where(inner, nodes["num_threshold"], 0.0)
        left[k, :m] = np.where(inner, nodes["left"], np.arange(m))
        right[k, :m] = np.where(inner, nodes["right"], np.arange(m))
        value[k, :m] = np.where(inner, 0.0, nodes["value"])
        leaf[k, :m] = ~inner
        depth = max(depth, int(nodes["depth"].max()))
    baseline = float(np.asarray(clf._baseline_prediction).ravel()[0])
    return Trees(feature, threshold, left, right, value, leaf, baseline, depth, vocab)
