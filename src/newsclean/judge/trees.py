"""Gradient-boosted trees over the judge's block features, evaluated with numpy alone.

The trees are trained by ``training/trees.py`` (scikit-learn's HistGradientBoostingClassifier) and
exported as plain arrays, so running them needs no training library. Their inputs are the
presence (0 or 1) of a fixed vocabulary of feature strings (the most frequent ones of the training
rows) and, as the last column, the linear model's margin over all hashed features: the trees learn
the interactions between a block's shape, its place in the page and what the linear model read in
its words, which a linear model cannot.

Every tree is a complete table of nodes (padded to the largest tree); all trees are walked at
once, one level per step, so a page costs ``depth`` vectorised steps whatever its size.
Deterministic: the same arrays and inputs give the same sums (float64, fixed order).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np

#: Array names of a tree ensemble inside the model file (``tree_`` + each field of :class:`Trees`).
TREE_FIELDS = ("feature", "threshold", "left", "right", "value", "leaf")


@dataclass(frozen=True)
class Trees:
    """A boosted ensemble as node tables of shape (trees, nodes); a leaf's children are itself."""

    feature: np.ndarray  # int32: the column a node tests
    threshold: np.ndarray  # float64: go left when the column's value is <= this
    left: np.ndarray  # int32
    right: np.ndarray  # int32
    value: np.ndarray  # float64: a leaf's contribution to the margin (0 for inner nodes)
    leaf: np.ndarray  # bool
    baseline: float
    depth: int
    vocabulary: Mapping[str, int]

    @property
    def columns(self) -> int:
        """Inputs per block: the vocabulary's columns, then the linear margin."""
        return len(self.vocabulary) + 1

    def inputs(self, features: Sequence[Sequence[str]], margins: np.ndarray) -> np.ndarray:
        """The input matrix of a page's blocks: feature presence, then the linear margin."""
        x = np.zeros((len(features), self.columns), dtype=np.float64)
        vocab = self.vocabulary
        for i, feats in enumerate(features):
            cols = [vocab[f] for f in feats if f in vocab]
            if cols:
                x[i, cols] = 1.0
        x[:, -1] = margins
        return x

    def margin(self, x: np.ndarray) -> np.ndarray:
        """The ensemble's raw score (log-odds of chrome) of each row of ``x``."""
        n, t = len(x), len(self.feature)
        if not n:
            return np.zeros(0)
        trees = np.arange(t)[None, :]
        rows = np.arange(n)[:, None]
        node = np.zeros((n, t), dtype=np.int32)
        for _ in range(self.depth):
            go_left = x[rows, self.feature[trees, node]] <= self.threshold[trees, node]
            node = np.where(go_left, self.left[trees, node], self.right[trees, node])
        return self.baseline + self.value[trees, node].sum(axis=1)

    def arrays(self) -> dict[str, np.ndarray]:
        """What the model file stores (see :func:`from_arrays`)."""
        out = {f"tree_{name}": getattr(self, name) for name in TREE_FIELDS}
        out["tree_baseline"] = np.float64(self.baseline)
        out["tree_depth"] = np.int32(self.depth)
        out["tree_vocabulary"] = np.array(sorted(self.vocabulary, key=self.vocabulary.__getitem__))
        return out


def from_arrays(data: Mapping[str, np.ndarray]) -> Trees | None:
    """The ensemble stored in a model file's arrays, or None when the file holds none."""
    if "tree_feature" not in data:
        return None
    vocabulary = {str(name): n for n, name in enumerate(data["tree_vocabulary"])}
    return Trees(
        feature=np.asarray(data["tree_feature"], dtype=np.int32),
        threshold=np.asarray(data["tree_threshold"], dtype=np.float64),
        left=np.asarray(data["tree_left"], dtype=np.int32),
        right=np.asarray(data["tree_right"], dtype=np.int32),
        value=np.asarray(data["tree_value"], dtype=np.float64),
        leaf=np.asarray(data["tree_leaf"], dtype=bool),
        baseline=float(data["tree_baseline"]),
        depth=int(data["tree_depth"]),
        vocabulary=vocabulary,
    )
