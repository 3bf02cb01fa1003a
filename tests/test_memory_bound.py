"""Peak resident memory stays under the contract's 600 MB for a page at the default 20 MB input cap.

Each shape is cleaned in a fresh subprocess, which reports its own peak resident size
(``benchmarks.speed.peak_rss_kb``: ``VmHWM``, which restarts at exec; ``ru_maxrss`` would carry
over the size of the large test process the child was forked from): the shapes whose parse tree once outgrew the bound (256-attribute tags: 2.5 GiB at
20 MB; a million ``word<br>``: 1.4 GiB). Memory, not time: the machine's load does not count.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

#: The contract's bound, in MiB (600 MB is 572 MiB).
MAX_PEAK_MIB = 572
SIZE = 20_000_000
ROOT = Path(__file__).resolve().parents[1]

_CHILD = """
import json, sys
from benchmarks.hostile import SHAPES
from benchmarks.speed import peak_rss_kb
from newsclean import clean
article = clean(SHAPES[sys.argv[1]](int(sys.argv[2])))
print(json.dumps({"peak_mib": peak_rss_kb() / 1024, "warnings": list(article.warnings), "chars": len(article.text)}))
"""


@pytest.mark.parametrize("shape", ["attributes", "br", "bare-br"])
def test_peak_memory_of_a_20_mb_hostile_page_is_bounded(shape: str) -> None:
    done = subprocess.run([sys.executable, "-c", _CHILD, shape, str(SIZE)], cwd=ROOT, capture_output=True,
                          text=True, check=True)
    report = json.loads(done.stdout.strip().splitlines()[-1])
    assert report["peak_mib"] <= MAX_PEAK_MIB, report
    assert not any("internal error" in w for w in report["warnings"]), report
