"""Hostile shapes cost time in proportion to their size: a 2 MB and an 8 MB page of each shape of
``benchmarks.hostile``, and the CPU time per MB may not grow more than twofold (a quadratic stage
makes it fourfold). CPU time, not wall time: the machine's load does not count."""

from __future__ import annotations

import time

import pytest

from benchmarks.hostile import SHAPES
from newsclean import clean

#: Allowed growth of CPU seconds per MB from 2 MB to 8 MB (linear: 1; quadratic: 4).
MAX_GROWTH = 2.0


def _cpu_per_mb(shape: str, size: int) -> float:
    page = SHAPES[shape](size)
    began = time.process_time()
    article = clean(page)
    took = time.process_time() - began
    assert not any("internal error" in w for w in article.warnings)
    return took / (size / 1e6)


@pytest.mark.parametrize("shape", sorted(SHAPES))
def test_cpu_time_per_mb_does_not_grow_with_size(shape: str) -> None:
    clean("<p>warm up the extractor's imports first</p>")
    small = _cpu_per_mb(shape, 2_000_000)
    large = _cpu_per_mb(shape, 8_000_000)
    assert large <= MAX_GROWTH * small, (shape, small, large)
