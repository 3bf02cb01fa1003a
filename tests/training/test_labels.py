"""Training labels and folds: blocks aligned to gold text tolerantly, folds grouped by site."""

from __future__ import annotations

import numpy as np

from training.folds import fold_of, split
from training.judge import choose_thresholds
from training.labels import Gold, snippet_label

GOLD = """Harbour Bridge to close for repairs
The council voted on Tuesday to close the old bridge to lorries after engineers found cracks.
Residents said the detour would add twenty minutes to the school run."""


def test_gold_lines_and_shingles_make_article_labels() -> None:
    gold = Gold(GOLD)
    assert gold.label("Harbour  bridge to CLOSE for repairs") == 0  # a gold line, case and spacing aside
    assert gold.label("The council voted on Tuesday to close the old bridge to lorries after engineers found") == 0
    assert gold.label("Sign up for the morning briefing and never miss a story") == 1
    assert gold.label("Share") == 1  # short, and nowhere in the gold
    assert gold.label("bridge") is None  # short and inside a gold line: unsure, left out


def test_half_overlapping_blocks_are_left_unlabelled() -> None:
    gold = Gold(GOLD)
    mixed = "Residents said the detour would add twenty minutes, according to our partners at Example Wire News Service today"
    assert gold.label(mixed) is None


def test_snippet_labels() -> None:
    with_ = ["close the old bridge to lorries"]
    without = ["Read more: Ferry fares rise"]
    assert snippet_label("The council voted to close the old bridge to lorries.", with_, without) == 0
    assert snippet_label("Read more: Ferry fares rise", with_, without) == 1
    assert snippet_label("A paragraph no snippet covers", with_, without) is None


def test_folds_group_sites_and_are_stable() -> None:
    groups = ["a.com", "b.org", "a.com", "c.net", "b.org", "d.de", "e.fr"]
    folds = split(groups, groups, 3)
    assert sorted(i for part in folds for i in part) == list(range(len(groups)))
    for g in set(groups):  # every page of a site lands in the same single fold
        assert sum(any(groups[i] == g for i in part) for part in folds) == 1
    assert [fold_of(g, 3) for g in groups] == [fold_of(g, 3) for g in groups]
    assert fold_of("a.com", 5) == __import__("zlib").crc32(b"a.com") % 5


def test_thresholds_keep_the_article_loss_within_the_limit() -> None:
    p = np.array([0.99, 0.97, 0.95, 0.9, 0.8, 0.2])
    y = np.array([1, 1, 0, 1, 1, 0])
    words = np.array([5, 5, 10, 5, 5, 990])
    t = choose_thresholds(p, y, words)
    # 10 of 1000 article words lost at 0.8 (1%): precision may go there; balanced stops above 0.95
    assert t["precision"] == 0.8 and t["balanced"] == 0.97 and t["recall"] == 0.97
