"""Train the block judge on ../shared/corpus and score it out-of-fold, grouped by site.

Run from the project root (needs the ``train`` extra: scikit-learn)::

    .venv/bin/python -m training.judge                 # train, score out-of-fold, write build/judge/
    .venv/bin/python -m training.judge --ship          # and replace the shipped model and manifest
    .venv/bin/python -m training.judge --model trees   # save the boosted trees instead
    .venv/bin/python -m training.judge --gold-every 4 --folds-only --out build/judge-cmp   # a quick comparison
    .venv/bin/python -m training.judge --dumps --ship  # the judge of plain-text dumps (dump.npz)

Steps: (1) every pool page goes through newsclean's stages up to the judge (``training.data``,
cached); (2) each block the rules keep gets its features (``newsclean.judge.features``) and a label
aligned to the gold (``training.labels``); (3) K folds grouped by registered domain: for each fold,
both models are fitted on the other folds (a logistic model, then boosted trees over the most
frequent features and the logistic margin, ``training.trees``), each with thresholds chosen on the
other folds too (an inner grouped split), then the held-out fold's pages are cleaned with each and
scored; (4) the final models are fitted on the whole pool, with thresholds from an inner split of
it; ``--model`` says which one is saved. ``chrome/`` and ``chrome/textdumps/`` are never trained
on: they are scored with the final model. Deterministic: fixed folds (CRC-32 of the site), a
deterministic solver, trees without sampling or early stopping, sorted inputs.

``--dumps`` trains the judge of plain-text dumps the same way, on whole-page dumps of the same
pool pages (``training.dumps``: rendered twice, read by newsclean's text-dump stages, same labels,
same site folds); ``chrome/textdumps/`` is its held-out set. Its model is ``dump.npz``.
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
from newsclean.judge.model import DUMP_MODEL_FILE, MODEL_FILE, Judge, Model, feature_index, shipped_model_path
from newsclean.judge.prune import judge_features
from newsclean.judge.rules import load_rules
from newsclean.models import JUDGE_MODES

from . import data, folds, trees
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
OUT_DUMPS = data.ROOT / "build" / "judge-dump"
#: The models fitted and scored on the same folds; ``--model`` picks the one saved.
MODELS = ("logistic", "trees")
DESCRIPTION = {
    "logistic": f"logistic regression over hashed block features (scikit-learn lbfgs, L2, C={C:g})",
    "trees": (f"gradient-boosted trees (scikit-learn HistGradientBoostingClassifier, {trees.MAX_ITER} trees of "
              f"<= {trees.MAX_LEAVES} leaves, depth <= {trees.MAX_DEPTH}) over the {trees.VOCABULARY} most frequent "
              "feature strings and the logistic margin (out-of-fold inside the training rows)"),
}


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


def build_rows(items: list[data.Item], html: bool = True) -> Rows:
    """Rows of the items of one kind: HTML pages, or (``html=False``) text dumps."""
    from newsclean.models import Block

    rules = load_rules()
    rows = Rows([], [], [], [], [])
    for n, item in enumerate(items):
        if item.html != html or not item.blocks:
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


def margin(model: Model, x) -> np.ndarray:  # type: ignore[no-untyped-def]
    return x @ model.weights.astype(np.float64) + model.bias


def train(rows: Rows, x, idx: np.ndarray, groups: list[str], salt: str) -> dict[str, Model]:  # type: ignore[no-untyped-def]
    """Fit both models on the rows ``idx``; thresholds from an inner grouped split of the same rows.

    The linear model's inner out-of-fold margins choose its thresholds and are the trees' margin
    input; the trees' own thresholds come from their inner out-of-fold scores.
    """
    y, w, words = (np.asarray(a) for a in (rows.label, rows.weight, rows.words))
    row_groups = [groups[rows.item[i]] for i in idx]
    inner = [np.asarray(part, dtype=np.int64) for part in folds.split(idx, row_groups, K_INNER, salt=f"inner{salt}")]
    inner = [part for part in inner if len(part)]
    z = np.zeros(len(idx))
    for part in inner:
        mask = np.ones(len(idx), dtype=bool)
        mask[part] = False
        z[part] = margin(fit(x[idx[mask]], y[idx[mask]], w[idx[mask]]), x[idx[part]])
    linear = fit(x[idx], y[idx], w[idx])
    meta = {"bits": BITS, "feature_version": FEATURE_VERSION, "input": _SHARED.get("input", "html")}
    out = {"logistic": Model(linear.weights, linear.bias,
                             {**meta, "thresholds": choose_thresholds(1.0 / (1.0 + np.exp(-z)), y[idx], words[idx])})}
    vocab = trees.vocabulary(rows.features, idx)
    xt = trees.inputs(rows.features, idx, vocab, z)
    q = np.zeros(len(idx))
    for part in inner:
        mask = np.ones(len(idx), dtype=bool)
        mask[part] = False
        q[part] = trees.fit(xt[mask], y[idx[mask]], w[idx[mask]]).predict_proba(xt[part])[:, 1]
    ensemble = trees.export(trees.fit(xt, y[idx], w[idx]), vocab)
    out["trees"] = Model(linear.weights, linear.bias,
                         {**meta, "thresholds": choose_thresholds(q, y[idx], words[idx])}, ensemble)
    return out


_SHARED: dict = {}


def _train_task(task: tuple[np.ndarray, str]) -> dict[str, Model]:
    idx, salt = task
    return train(_SHARED["rows"], _SHARED["x"], idx, _SHARED["groups"], salt)


def _score_task(kind: str) -> dict:
    """Out-of-fold and held-out figures of one kind of model (a worker process's share)."""
    items, held, models, item_fold = (_SHARED[k] for k in ("items", "held", "models", "item_fold"))
    final = _SHARED["finals"][kind]
    oof = score_items(items, lambda n: models[item_fold[n]][kind])
    return {"out_of_fold": oof, "held_out": {name: score_items(v, lambda n: final)[name] for name, v in held.items()}}


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
        extra = model.trees.arrays() if model.trees is not None else {}
        np.savez_compressed(fh, weights=model.weights, bias=np.float64(model.bias), **extra)
    path.with_suffix(".json").write_text(json.dumps(manifest, indent=1, sort_keys=True) + "\n", encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m training.judge", description=__doc__.splitlines()[0])
    parser.add_argument("--ship", action="store_true", help="write the model into the package (src/newsclean/judge/model/)")
    parser.add_argument("--jobs", type=int, default=data.default_jobs(), help="processes for the extraction pass")
    parser.add_argument("--model", choices=MODELS, default="logistic",
                        help="which model to save (both are scored on the same folds)")
    parser.add_argument("--gold-every", type=int, default=1, metavar="N",
                        help="keep one gold-set page in N (by a stable hash of its id): a quicker, smaller run")
    parser.add_argument("--folds-only", action="store_true",
                        help="fit the fold models only (held-out sets scored with fold 0's)")
    parser.add_argument("--dumps", action="store_true",
                        help="train the judge of plain-text dumps on whole-page dumps of the pool pages")
    parser.add_argument("--out", type=Path, help="where fold models and the report go (default build/judge, "
                        "with --dumps build/judge-dump)")
    parser.add_argument("--sets", nargs="+", default=[*data.SNIPPET_SETS, *data.GOLD_SETS],
                        choices=[*data.SNIPPET_SETS, *data.GOLD_SETS], help="training pool (default: all)")
    args = parser.parse_args(argv)
    started = time.perf_counter()
    kind = "text" if args.dumps else "html"
    args.out = args.out or (OUT_DUMPS if args.dumps else OUT)
    items = [i for i in data.pool(tuple(args.sets)) if i.gold is None or folds.fold_of(f"{i.set}/{i.id}", args.gold_every) == 0]
    held_sets = ("textdumps",) if args.dumps else data.HELD_OUT_SETS
    if args.dumps:
        items = data.as_dumps(items)
    held = {name: data.held_out(name) for name in held_sets}
    data.extract_all(items + [i for v in held.values() for i in v], jobs=args.jobs)
    print(f"extracted {len(items)} pool pages in {time.perf_counter() - started:.0f}s", flush=True)
    rows = build_rows(items, html=not args.dumps)
    x = matrix(rows.features)
    groups = [item.group for item in items]
    item_fold = [folds.fold_of(g, K) for g in groups]
    row_fold = np.asarray([item_fold[i] for i in rows.item])
    print(f"{len(rows.label)} rows ({sum(rows.label)} chrome) from {len(set(rows.item))} pages, "
          f"{len(set(groups))} site groups", flush=True)
    # The K fold models and the final one are independent fits: spread over the worker processes
    # (forked, so they share the feature matrix); the results do not depend on the order.
    tasks = [(np.nonzero(row_fold != k)[0], str(k)) for k in range(K)]
    if not args.folds_only:
        tasks.append((np.arange(len(rows.label)), "all"))
    _SHARED.update(rows=rows, x=x, groups=groups, input=kind)
    with ProcessPoolExecutor(max_workers=max(1, args.jobs), mp_context=get_context("fork")) as pool:
        models = list(pool.map(_train_task, tasks))
    print(f"trained in {time.perf_counter() - started:.0f}s", flush=True)
    for kind in MODELS:  # the saved kind's fold models in out/folds, the other's beside them
        where = args.out / ("folds" if kind == args.model else f"folds-{kind}")
        for k, fold_set in enumerate(models[:K]):
            save(fold_set[kind], where / f"fold-{k}.npz", fold_set[kind].manifest)
            print(f"{kind} fold {k}: thresholds {fold_set[kind].manifest['thresholds']}", flush=True)
    (args.out / "folds.json").write_text(json.dumps({"k": K, "groups": dict(sorted(zip(
        [f"{i.set}/{i.id}" for i in items], groups)))}, indent=0) + "\n", encoding="utf-8")
    # Held-out sets: the final model, or with --folds-only fold 0's (neither saw them).
    finals = models[K] if not args.folds_only else models[0]
    _SHARED.update(items=items, held=held, models=models, item_fold=item_fold, finals=finals)
    with ProcessPoolExecutor(max_workers=max(1, args.jobs), mp_context=get_context("fork")) as pool:
        figures = dict(zip(MODELS, pool.map(_score_task, MODELS)))
    for kind in MODELS:
        print(kind, json.dumps(figures[kind], indent=1), flush=True)
    final = finals[args.model]
    manifest = {
        **final.manifest,
        "model": DESCRIPTION[args.model],
        "training_data": {"fingerprint": fingerprint(items), "pages": len(items), "rows": len(rows.label),
                          "sets": sorted({i.set for i in items}), "held_out": list(held_sets),
                          "gold_every": args.gold_every,
                          **({"rendered": "whole-page dumps, renderers " + ", ".join(sorted({str(i.render) for i in items}))}
                             if args.dumps else {})},
        "trained": time.strftime("%Y-%m-%d", time.gmtime()),
        "folds": {"k": K, "group": "registered domain", "assign": "crc32(group) % k"},
        "held_out_model": "fold 0" if args.folds_only else "final",
        "max_loss": MAX_LOSS,
        "figures": figures[args.model],
        "compared": {kind: figures[kind] for kind in MODELS if kind != args.model},
    }
    save(final, args.out / (DUMP_MODEL_FILE if args.dumps else MODEL_FILE), manifest)
    if args.ship:
        if args.folds_only or args.gold_every != 1:
            raise SystemExit("--ship needs the final model of the whole pool (no --folds-only, --gold-every 1)")
        save(final, shipped_model_path(kind), manifest)
    print(f"done in {time.perf_counter() - started:.0f}s; judge modes {JUDGE_MODES}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
