"""Score pages cleaned with and without the judge: per set, rules only and each operating point.

The text scored is what :func:`newsclean.clean` returns for the page (the cached blocks pruned by
``newsclean.judge.prune.prune`` and rendered), so the figures are the library's own. Snippet sets
are scored with ``benchmarks.corpus`` (pages fully right, ``with`` kept, ``without`` leaked,
segment F1); gold sets with the mean per page of bag-of-word-4-gram F1 (dragnet, cleaneval) and of
word F1 (wcxb, all pages and articles alone).
"""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable

from benchmarks import corpus
from benchmarks.goldsets import shingle_f1, word_f1
from newsclean.judge.model import Judge, Model
from newsclean.judge.prune import prune
from newsclean.judge.rules import load_rules
from newsclean.models import JUDGE_MODES, Block, render_text

from . import data

#: Settings scored: rules only, then each operating point.
SETTINGS = ("rules", *JUDGE_MODES)


def _judges(model: Model, item: data.Item) -> bool:
    """A model judges its own kind of page only (HTML, or text dumps)."""
    return (model.input == "html") == item.html


def clean_text(item: data.Item, judge: Judge | None) -> str:
    """The article text newsclean gives for the item with this judge (None: rules only)."""
    blocks = [Block(t, k, continues=c) for t, k, c in item.blocks]  # type: ignore[arg-type]
    used = judge if judge is not None and _judges(judge.model, item) else None
    kept, _ = prune(blocks, load_rules(), judge=used, title=item.title, dom=item.dom)
    return render_text(kept)


def _gold_metric(item: data.Item) -> Callable[[str, str], tuple[float, float, float]]:
    return word_f1 if item.set == "wcxb" else shingle_f1


def score_items(items: list[data.Item], model_of: Callable[[int], Model]) -> dict[str, dict]:
    """Figures per set (and wcxb articles) per setting; ``model_of(n)`` is the model for item ``n``."""
    sums: dict[str, dict[str, corpus.Summary | list[tuple[float, float, float]]]] = {}
    timings: dict[str, list[float]] = {"rules": [], "balanced": []}
    for n, item in enumerate(items):
        model = model_of(n)
        keys = [item.set] + (["wcxb-articles"] if item.set == "wcxb" and item.page_type == "article" else [])
        for setting in SETTINGS:
            judge = None if setting == "rules" else Judge(model, model.threshold(setting), setting)
            started = time.process_time()
            text = clean_text(item, judge)
            if setting in timings and _judges(model, item):
                timings[setting].append(1000 * (time.process_time() - started))
            for key in keys:
                bucket = sums.setdefault(key, {})
                if item.gold is not None:
                    scores = bucket.setdefault(setting, [])
                    scores.append(_gold_metric(item)(text, item.gold))  # type: ignore[union-attr]
                else:
                    summary = bucket.setdefault(setting, corpus.Summary())
                    summary.add(corpus.score_page(item.page, text))  # type: ignore[union-attr]
    out: dict[str, dict] = {}
    for key, bucket in sums.items():
        out[key] = {}
        for setting, value in bucket.items():
            if isinstance(value, corpus.Summary):
                out[key][setting] = value.as_dict()
            else:
                p, r, f = (statistics.fmean(v[k] for v in value) for k in range(3))
                out[key][setting] = {"pages": len(value), "precision": round(p, 4), "recall": round(r, 4), "f1": round(f, 4)}
    if timings["rules"]:
        # CPU ms per page (of the model's kind) of the judge stage alone: prune with the judge minus prune without.
        extra = [j - r for r, j in zip(timings["rules"], timings["balanced"])]
        out["judge_ms_per_page"] = {"median": round(statistics.median(extra), 3),
                                    "p90": round(sorted(extra)[int(0.9 * len(extra))], 3),
                                    "prune_rules_only_median": round(statistics.median(timings["rules"]), 3)}
    return out
