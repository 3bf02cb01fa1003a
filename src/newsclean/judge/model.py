"""The learned block judge: a logistic model over hashed block features, shipped as package data.

The model is two files: ``judge.npz`` (the weight vector, float32, one weight per hashed feature
index, and the bias; optionally a boosted tree ensemble over the same features and the linear
margin, ``judge/trees.py``) and ``judge.json``, its manifest (feature-set version, hash size, the
thresholds of the operating points, the training data's fingerprint, the training date and the
out-of-fold figures). ``python -m training.judge`` writes both. Inference is a sum of weights per
block (one numpy ``bincount`` per page) and a logistic function: deterministic, no training
library needed.
"""

from __future__ import annotations

import json
import math
import zlib
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

import numpy as np

from ..errors import OptionsError
from ..models import JUDGE_MODES, Options
from .features import FEATURE_VERSION
from .trees import Trees, from_arrays

#: The shipped model's file names, in the package folder ``judge/model/``.
MODEL_FILE = "judge.npz"
MANIFEST_FILE = "judge.json"
#: The judge of plain-text dumps: the same features without the page's elements, its own weights
#: and thresholds (trained on whole-page dumps of the training pages, ``training/dumps.py``).
DUMP_MODEL_FILE = "dump.npz"
#: The page kinds a model is for (manifest ``input``): HTML pages, or plain-text dumps.
INPUTS = ("html", "text")


def feature_index(name: str, bits: int) -> int:
    """The weight index of a feature: CRC-32 of its UTF-8 bytes, cut to ``bits`` bits (stable across runs)."""
    return zlib.crc32(name.encode("utf-8")) & ((1 << bits) - 1)


#: Feature strings repeat across blocks and pages (``kind=p``, ``dom.in=article``): their CRC-32 is
#: kept, up to this many strings (then the memo starts afresh, so memory stays bounded).
CRC_MEMO_SIZE = 200_000
_CRC_MEMO: dict[str, int] = {}


def _crc(name: str) -> int:
    if len(_CRC_MEMO) >= CRC_MEMO_SIZE:
        _CRC_MEMO.clear()
    value = _CRC_MEMO[name] = zlib.crc32(name.encode("utf-8"))
    return value


@dataclass(frozen=True)
class Model:
    """Weights, bias and manifest of a trained judge, and its trees when it has them."""

    weights: np.ndarray
    bias: float
    manifest: dict[str, Any] = field(default_factory=dict)
    trees: Trees | None = None

    @property
    def input(self) -> str:
        """The kind of page the model was trained on: ``html`` or ``text`` (a dump)."""
        return str(self.manifest.get("input", "html"))

    @property
    def bits(self) -> int:
        return int(self.manifest.get("bits", int(math.log2(len(self.weights)))))

    def threshold(self, mode: str) -> float:
        """The chrome probability above which a block goes, at operating point ``mode``."""
        return float(self.manifest["thresholds"][mode])

    def scores(self, features: list[list[str]]) -> list[float]:
        """The probability that each block is chrome, from its features."""
        n = len(features)
        if not n:
            return []
        mask = (1 << self.bits) - 1
        lengths = [len(f) for f in features]
        memo = _CRC_MEMO
        crcs = [memo[f] if f in memo else _crc(f) for fs in features for f in fs]
        index = np.asarray(crcs, dtype=np.int64) & mask
        owner = np.repeat(np.arange(n), lengths)
        z = np.bincount(owner, weights=self.weights[index].astype(np.float64), minlength=n) + self.bias
        if self.trees is not None:
            z = self.trees.margin(self.trees.inputs(features, z))
        return [float(v) for v in 1.0 / (1.0 + np.exp(-z))]

    def strongest(self, features: list[str], k: int = 3) -> list[tuple[str, float]]:
        """The ``k`` features that pushed a block most towards chrome, with their weights (of the
        linear model: with trees, the linear margin is one of their inputs)."""
        bits = self.bits
        weighted = {f: float(self.weights[feature_index(f, bits)]) for f in features}
        return sorted(weighted.items(), key=lambda kv: (-kv[1], kv[0]))[:k]


@dataclass(frozen=True)
class Judge:
    """A model at one operating point: what :func:`~newsclean.judge.prune.prune` is given."""

    model: Model
    threshold: float
    mode: str


def read_model(path: Path | str) -> Model:
    """Read a model file and the manifest beside it (same name, ``.json``)."""
    path = Path(path)
    try:
        with np.load(path) as data:
            weights = np.asarray(data["weights"], dtype=np.float32)
            bias = float(data["bias"])
            trees = from_arrays(data)
        manifest = json.loads(path.with_suffix(".json").read_text(encoding="utf-8"))
    except (OSError, ValueError, KeyError) as err:
        raise OptionsError(f"cannot read judge model {path}: {err}") from err
    return Model(weights, bias, manifest, trees)


def check_version(model: Model, origin: str) -> None:
    """A model trained on other features would score nonsense: refuse it."""
    version = model.manifest.get("feature_version")
    if version != FEATURE_VERSION:
        raise OptionsError(
            f"judge model {origin} has feature version {version}, the code has {FEATURE_VERSION}: "
            "retrain it with python -m training.judge"
        )


def shipped_model_path(kind: str = "html") -> Path:
    """Where the shipped model for pages of ``kind`` (``html`` or ``text``) lives (package data)."""
    name = DUMP_MODEL_FILE if kind == "text" else MODEL_FILE
    return Path(str(resources.files("newsclean") / "judge" / "model" / name))


@lru_cache(maxsize=8)
def load_model(path: str | None = None, kind: str = "html") -> Model:
    """The model at ``path``, or (no path) the shipped one for pages of ``kind``; read once per
    process, version-checked."""
    target = Path(path) if path else shipped_model_path(kind)
    model = read_model(target)
    check_version(model, str(target))
    if model.input not in INPUTS:
        raise OptionsError(f"judge model {target} is for input {model.input!r}, not one of {INPUTS}")
    return model


def judge_for(options: Options, kind: str = "html") -> Judge | None:
    """The judge the options ask for on a page of ``kind`` (``html`` or ``text``), or None (rules only).

    A model file of the options is used on the kind of page its manifest names (``input``); the
    other kind gets the shipped model.
    """
    if options.judge is None:
        return None
    if options.judge not in JUDGE_MODES:
        raise OptionsError(f"judge must be one of {JUDGE_MODES} or None, not {options.judge!r}")
    model = load_model(str(options.judge_model)) if options.judge_model else None
    if model is None or model.input != kind:
        model = load_model(None, kind)
    return Judge(model, model.threshold(options.judge), options.judge)
