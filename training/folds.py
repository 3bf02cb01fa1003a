"""Cross-validation folds grouped by site: no registered domain is in training and scoring of one fold."""

from __future__ import annotations

import zlib
from collections.abc import Sequence
from typing import TypeVar

T = TypeVar("T")


def fold_of(group: str, k: int, salt: str = "") -> int:
    """The fold of a site group: a stable hash (CRC-32), so every run and machine agrees."""
    return zlib.crc32(f"{salt}{group}".encode("utf-8")) % k


def split(items: Sequence[T], groups: Sequence[str], k: int, salt: str = "") -> list[list[int]]:
    """Indices of the items in each of ``k`` folds, grouped by ``groups``."""
    folds: list[list[int]] = [[] for _ in range(k)]
    for n, group in enumerate(groups):
        folds[fold_of(group, k, salt)].append(n)
    return folds
