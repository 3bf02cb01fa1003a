"""Train the block judge on ../shared/corpus and score it out-of-fold, grouped by site.

Run from the project root (needs the ``train`` extra: scikit-learn)::

    .venv/bin/python -m training.judge                 # train, score out-of-fold, write build/judge/
    .venv/bin/python -m training.judge --ship          # and replace the shipped model and manifest

Steps: (1) every pool page goes through newsclean's stages up to the judge (``training.data``,
cached); (2) each block the rules keep gets its features (``newsclean.judge.features``) and a label
aligned to the gold (``training.labels``); (3) K folds grouped by registered domain: for each fold, a
logistic model is fitted on the other folds, and its thresholds are chosen on the other folds too
(an inner grouped split), then the held-out fold's pages are cleaned with it and scored; (4) the
shipped model is fitted on the whole pool, with thresholds from an inner split of the whole pool.
``chrome/`` and ``chrome/textdumps/`` are never trained on: they are scored with the final model.
Deterministic: fixed folds (CRC-32 of the site), a deterministic solver, sorted inputs.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import time
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from multiprocessing import get_context
from pathlib import Path

import numpy as np

from newsclean.judge.features import FEATURE_VERSION
from newsclean.judge.model import MANIFEST_FILE, MODEL_FILE, Judge, Model, feature_index, shipped_model_path
from newsclean.judge.prune import judge_features
from newsclean.judge.rules import load_rules
from newsclean.models import JUDGE_MODES

from . import data, folds
from .evaluate import score_items
from .labels import Gold, snippet_label

#: Hash size: 2**BITS weights (float32: 1 MB).
BITS = 18
#: Inverse L2 strength of the logistic model.
C = 0.5
#: Cross-validation folds (outer) and the inner split that picks thresholds inside training folds.
K = 5
K_INNER = 2
#: Most article words an operating point may lose, as a share of the article words of the blocks
#: the rules keep (measured out-of-fold inside the training folds): removing a real sentence is
#: worse than keeping chrome, so even ``precision`` stays near one word in a hundred.
MAX_LOSS = {"precision": 0.010, "balanced": 0.004, "recall": 0.0015}
#: A page's blocks count at most this much in the fit, so a long page does not outweigh many short ones.
PAGE_WEIGHT = 40.0
OUT = data.ROOT / "build" / "judge"


@dataclass(slots=True)
class Rows:
    """Training rows of the pool: per item, the features of the blocks the rules keep, and labels."""

    item: list[int]
    features: list[list[str]]
    label: list[int]
    words: list[int]
    weight: list[float]


def label_blocks(item: data.Item) -> list[int | None]:
    """Labels of one item's blocks (1 chrome, 0 article, None unknown)."""
    if item.gold is not None:
        gold = Gold(item.gold)
        return [gold.label(text) for text, _, _ in item.blocks]
    return [snippet_label(text, item.with_, item.without) for text, _, _ in item.blocks]


def build_rows(items: list[data.Item]) -> Rows:
    from newsclean.models import Block

    rules = load_rules()
    rows = Rows([], [], [], [], [])
    for n, item in enumerate(items):
        if not item.html or not item.blocks:
            continue
        blocks = [Block(t, k, continues=c) for t, k, c in item.blocks]  # type: ignore[arg-type]
        feats, decided = judge_features(blocks, rules, item.title, item.dom)
        labels = label_blocks(item)
        keep = [i for i in range(len(blocks)) if decided[i] is None and labels[i] is not None]
        if not keep:
            continue
        w = min(1.0, PAGE_WEIGHT / len(keep))
        for i in keep:
            rows.item.append(n)
            rows.features.append(feats[i])
            rows.label.append(int(labels[i]))  # type: ignore[arg-type]
            rows.words.append(len(blocks[i].text.split()))
            rows.weight.append(w)
    return rows


def matrix(features: list[list[str]]):  # type: ignore[no-untyped-def]
    from scipy.sparse import csr_matrix

    indptr = np.zeros(len(features) + 1, dtype=np.int64)
    indptr[1:] = np.cumsum([len(f) for f in features])
    indices = np.fromiter((feature_index(f, BITS) for fs in features for f in fs), dtype=np.int64, count=int(indptr[-1]))
    values = np.ones(len(indices), dtype=np.float64)
    m = csr_matrix((values, indices, indptr), shape=(len(features), 1 << BITS))
    m.sum_duplicates()
    return m


def fit(x, y: np.ndarray, w: np.ndarray) -> Model:  # type: ignore[no-untyped-def]
    from sklearn.linear_model import LogisticRegression

    clf = LogisticRegression(C=C, solver="lbfgs", max_iter=300, tol=1e-4)
    clf.fit(x, y, sample_weight=w)
    return Model(clf.coef_[0].astype(np.float32), float(clf.intercept_[0]), {"bits": BITS})


def predict(model: Model, x) -> np.ndarray:  # type: ignore[no-untyped-def]
    z = x @ model.weights.astype(np.float64) + model.bias
    return 1.0 / (1.0 + np.exp(-z))


def choose_thresholds(p: np.ndarray, y: np.ndarray, words: np.ndarray) -> dict[str, float]:
    """For each operating point, the lowest threshold whose article-word loss stays within MAX_LOSS."""
    order = np.argsort(-p, kind="stable")
    lost = np.cumsum(np.where(y[order] == 0, words[order], 0))
    total = max(int(np.sum(words[y == 0])), 1)
    out = {}
    for mode, limit in MAX_LOSS.items():
        ok = np.nonzero(lost / total <= limit)[0]
        # The threshold is the score of the last block that may go; 1.0 when none may.
        out[mode] = float(p[order][ok[-1]]) if len(ok) else 1.0
        out[mode] = max(out[mode], 0.5)
    return out


def train(rows: Rows, x, idx: np.ndarray, groups: list[str], salt: str) -> Model:  # type: ignore[no-untyped-def]
    """Fit on the rows ``idx``; thresholds from an inner grouped split of the same rows."""
    y, w, words = (np.asarray(a) for a in (rows.label, rows.weight, rows.words))
    row_groups = [groups[rows.item[i]] for i in idx]
    inner = folds.split(idx, row_groups, K_INNER, salt=f"inner{salt}")
    p = np.zeros(len(idx))
    for part in inner:
        if not part:
            continue
        mask = np.ones(len(idx), dtype=bool)
        mask[part] = False
        m = fit(x[idx[mask]], y[idx[mask]], w[idx[mask]])
        p[part] = predict(m, x[idx[part]])
    model = fit(x[idx], y[idx], w[idx])
    thresholds = choose_thresholds(p, y[idx], words[idx])
    return Model(model.weights, model.bias, {"bits": BITS, "thresholds": thresholds, "feature_version": FEATURE_VERSION})


_SHARED: dict = {}


def _train_task(task: tuple[np.ndarray, str]) -> Model:
    idx, salt = task
    return train(_SHARED["rows"], _SHARED["x"], idx, _SHARED["groups"], salt)


def fingerprint(items: list[data.Item]) -> str:
    """A digest of the training pages and their labels."""
    h = hashlib.sha256()
    for item in items:
        h.update(f"{item.set}/{item.id}\0".encode())
        h.update(hashlib.sha1(item.path.read_bytes()).digest())
        h.update((item.gold or json.dumps([item.with_, item.without])).encode("utf-8"))
    return h.hexdigest()[:16]


def save(model: Model, path: Path, manifest: dict) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("wb") as fh:
        np.savez_compressed(fh, weights=model.weights, bias=np.float64(model.bias))
    path.with_suffix(".json").write_text(json.dumps(manifest, indent=1, sort_keys=True) + "\n", encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m training.judge", description=__doc__.splitlines()[0])
    parser.add_argument("--ship", action="store_true", help="write the model into the package (src/newsclean/judge/model/)")
    parser.add_argument("--jobs", type=int, default=data.default_jobs(), help="processes for the extraction pass")
    parser.add_argument("--out", type=Path, default=OUT, help="where fold models and the report go")
    parser.add_argument("--sets", nargs="+", default=[*data.SNIPPET_SETS, *data.GOLD_SETS],
                        choices=[*data.SNIPPET_SETS, *data.GOLD_SETS], help="training pool (default: all)")
    args = parser.parse_args(argv)
    started = time.perf_counter()
    items = data.pool(tuple(args.sets))
    held = {name: data.held_out(name) for name in data.HELD_OUT_SETS}
    data.extract_all(items + [i for v in held.values() for i in v], jobs=args.jobs)
    print(f"extracted {len(items)} pool pages in {time.perf_counter() - started:.0f}s", flush=True)
    rows = build_rows(items)
    x = matrix(rows.features)
    groups = [item.group for item in items]
    item_fold = [folds.fold_of(g, K) for g in groups]
    row_fold = np.asarray([item_fold[i] for i in rows.item])
    print(f"{len(rows.label)} rows ({sum(rows.label)} chrome) from {len(set(rows.item))} pages, "
          f"{len(set(groups))} site groups", flush=True)
    # The K fold models and the final one are independent fits: spread over the worker processes
    # (forked, so they share the feature matrix); the results do not depend on the order.
    tasks = [(np.nonzero(row_fold != k)[0], str(k)) for k in range(K)] + [(np.arange(len(rows.label)), "all")]
    _SHARED.update(rows=rows, x=x, groups=groups)
    with ProcessPoolExecutor(max_workers=max(1, args.jobs), mp_context=get_context("fork")) as pool:
        models = list(pool.map(_train_task, tasks))
    fold_models, final = models[:K], models[K]
    for k, model in enumerate(fold_models):
        save(model, args.out / "folds" / f"fold-{k}.npz", model.manifest)
        print(f"fold {k}: thresholds {model.manifest['thresholds']}", flush=True)
    oof = score_items(items, lambda n: fold_models[item_fold[n]])
    held_scores = {name: score_items(v, lambda n: final)[name] for name, v in held.items()}
    figures = {"out_of_fold": oof, "held_out": held_scores}
    manifest = {
        **final.manifest,
        "model": "logistic regression over hashed block features (scikit-learn lbfgs, L2, C=%g)" % C,
        "training_data": {"fingerprint": fingerprint(items), "pages": len(items), "rows": len(rows.label),
                          "sets": sorted({i.set for i in items}), "held_out": list(data.HELD_OUT_SETS)},
        "trained": time.strftime("%Y-%m-%d", time.gmtime()),
        "folds": {"k": K, "group": "registered domain", "assign": "crc32(group) % k"},
        "max_loss": MAX_LOSS,
        "figures": figures,
    }
    save(final, args.out / MODEL_FILE, manifest)
    (args.out / "folds.json").write_text(json.dumps({"k": K, "groups": dict(sorted(zip(
        [f"{i.set}/{i.id}" for i in items], groups)))}, indent=0) + "\n", encoding="utf-8")
    if args.ship:
        save(final, shipped_model_path(), manifest)
        assert shipped_model_path().with_suffix(".json").name == MANIFEST_FILE
    print(json.dumps(figures, indent=1))
    print(f"done in {time.perf_counter() - started:.0f}s; judge modes {JUDGE_MODES}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
