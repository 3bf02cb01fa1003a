"""Snapshot newsclean's full output on the labelled corpus, and compare two snapshots.

A refactoring that must not change behaviour is checked page by page, not by summary figures::

    .venv/bin/python -m benchmarks.snapshot --out /tmp/before.jsonl          # before the change
    .venv/bin/python -m benchmarks.snapshot --out /tmp/after.jsonl           # after it
    .venv/bin/python -m benchmarks.snapshot --compare /tmp/before.jsonl /tmp/after.jsonl

Every page is cleaned with ``time_budget=0`` so that the machine's load cannot change the path a
page takes; each line holds the page's set, file and ``Article.as_dict()``. ``--compare`` prints
how many pages differ and, for the first few, which fields.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

from . import corpus

SETS = ("dev", "chrome", "textdumps")


def _clean_one(args: tuple[str, str, str | None]) -> str:
    """One page's snapshot line (run in a worker process)."""
    from newsclean import clean

    set_name, path, url = args
    article = clean(Path(path).read_bytes(), url=url, time_budget=0)
    return json.dumps({"set": set_name, "path": path, "article": article.as_dict()}, ensure_ascii=False, sort_keys=True)


def snapshot(sets: tuple[str, ...], jobs: int) -> Iterator[str]:
    """Snapshot lines of every page of ``sets``, in corpus order."""
    work = [(p.set, str(p.path), p.url) for name in sets if corpus.available(name) for p in corpus.load(name)]
    with ProcessPoolExecutor(max_workers=jobs) as pool:
        yield from pool.map(_clean_one, work, chunksize=8)


def compare(a: Path, b: Path, show: int = 10) -> int:
    """Print the pages whose output differs between two snapshots; the count of differing pages."""
    left = {(r["set"], Path(r["path"]).name): r["article"] for r in map(json.loads, a.open(encoding="utf-8"))}
    right = {(r["set"], Path(r["path"]).name): r["article"] for r in map(json.loads, b.open(encoding="utf-8"))}
    differ = [k for k in sorted(left.keys() | right.keys()) if left.get(k) != right.get(k)]
    for key in differ[:show]:
        l_art, r_art = left.get(key) or {}, right.get(key) or {}
        fields = sorted(f for f in l_art.keys() | r_art.keys() if l_art.get(f) != r_art.get(f))
        print(f"differs: {key[0]}/{key[1]}: {', '.join(fields)}")
    print(f"{len(left)} and {len(right)} pages; {len(differ)} differ")
    return len(differ)


def main(argv: list[str] | None = None) -> int:
    """Command line: ``--out FILE`` writes a snapshot, ``--compare A B`` compares two."""
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--out", type=Path, help="write a snapshot here")
    ap.add_argument("--compare", nargs=2, type=Path, metavar=("A", "B"), help="compare two snapshots")
    ap.add_argument("--sets", default=",".join(SETS), help="labelled sets, comma-separated")
    ap.add_argument("--jobs", type=int, default=2)
    args = ap.parse_args(argv)
    if args.compare:
        return 1 if compare(*args.compare) else 0
    if not args.out:
        ap.error("give --out FILE or --compare A B")
    with args.out.open("w", encoding="utf-8") as fh:
        for n, line in enumerate(snapshot(tuple(args.sets.split(",")), args.jobs), 1):
            fh.write(line + "\n")
    print(f"{n} pages written to {args.out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
