"""Quality floors: the figures newsclean must not fall below, pinned in ``floors.json``.

The gate test (``tests/test_quality_gate.py``) measures newsclean on the labelled sets and fails
below these floors. From the project root::

    .venv/bin/python -m benchmarks.floors                       # measure and compare, change nothing
    .venv/bin/python -m benchmarks.floors --raise               # pin every figure that went up
    .venv/bin/python -m benchmarks.floors --lower --reason "…"  # pin the figures as they are now

``--raise`` never lowers a floor. ``--lower`` needs a reason: it is recorded in the file and
printed, to be pasted into the commit message.
"""

from __future__ import annotations

import argparse
import json
import math
import sys
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from . import corpus
from .extractors import default_jobs, extract_all

FLOORS_FILE = Path(__file__).resolve().with_name("floors.json")
#: The sets the gate scores.
GATED_SETS = ("dev", "chrome", "textdumps")
#: The gated figures; ``fully_right`` is a page count, the others are shares.
METRICS = ("f1", "fully_right", "with_recall")
#: Shares are pinned rounded down to this many decimals, so the figure that was pinned passes.
DECIMALS = 4


@dataclass(frozen=True, slots=True)
class Figures:
    """newsclean's gated figures on one set."""

    pages: int
    f1: float
    fully_right: int
    with_recall: float

    def pinned(self) -> dict[str, Any]:
        """The floors these figures pin: shares rounded down, so they pass themselves."""
        scale = 10**DECIMALS
        return {
            "pages": self.pages,
            "f1": math.floor(self.f1 * scale) / scale,
            "fully_right": self.fully_right,
            "with_recall": math.floor(self.with_recall * scale) / scale,
        }


def measure(name: str, jobs: int = 1) -> Figures:
    """Score newsclean (default options, no time budget) on one labelled set."""
    pages = corpus.load(name)
    texts = {p.file: out.text for p, out in zip(pages, extract_all("newsclean", pages, jobs))}
    summary, _ = corpus.evaluate(pages, lambda p: texts[p.file])
    return Figures(summary.pages, summary.f1, summary.fully_right, summary.recall)


def load(path: Path = FLOORS_FILE) -> dict[str, Any]:
    """The floors file, or an empty one when there is none yet."""
    if not path.is_file():
        return {"sets": {}, "lowered": []}
    data = json.loads(path.read_text(encoding="utf-8"))
    data.setdefault("sets", {})
    data.setdefault("lowered", [])
    return data


def save(data: dict[str, Any], path: Path = FLOORS_FILE) -> None:
    """Write the floors file (stable layout, so diffs show only what moved)."""
    data["about"] = "newsclean quality floors; change only with python -m benchmarks.floors (see its docstring)"
    ordered = {"about": data["about"], "sets": data["sets"], "lowered": data["lowered"]}
    path.write_text(json.dumps(ordered, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")


def shortfalls(name: str, figures: Figures, floor: dict[str, Any] | None) -> list[str]:
    """Why ``figures`` fail the floor of set ``name`` (empty when they pass)."""
    if floor is None:
        return [f"{name}: no floor pinned; run python -m benchmarks.floors --raise"]
    if floor.get("pages") != figures.pages:
        return [
            f"{name}: the set has {figures.pages} pages, its floors were pinned on {floor.get('pages')};"
            ' re-pin with python -m benchmarks.floors --lower --reason "corpus changed"'
        ]
    return [
        f"{name}: {metric} {_fmt(getattr(figures, metric))} is below its floor {_fmt(floor[metric])}"
        for metric in METRICS
        if getattr(figures, metric) < floor[metric]
    ]


def describe(name: str, figures: Figures, floor: dict[str, Any] | None) -> str:
    """One line of figures against floors, for logs."""
    parts = []
    for metric in METRICS:
        value = getattr(figures, metric)
        pinned = floor.get(metric) if floor else None
        parts.append(f"{metric} {_fmt(value)} (floor {_fmt(pinned) if pinned is not None else '-'})")
    return f"{name} ({figures.pages} pages): " + ", ".join(parts)


def _fmt(value: Any) -> str:
    return f"{value:.4f}" if isinstance(value, float) else str(value)


def raise_floors(data: dict[str, Any], name: str, figures: Figures) -> tuple[list[str], list[str]]:
    """Raise the floors of ``name`` to ``figures`` where they went up; return (raised, refused)."""
    floor = data["sets"].get(name)
    new = figures.pinned()
    if floor is None:
        data["sets"][name] = new
        return [f"{name}: pinned for the first time at {new}"], []
    if floor.get("pages") != figures.pages:
        return [], shortfalls(name, figures, floor)
    raised = []
    for metric in METRICS:
        if new[metric] > floor[metric]:
            raised.append(f"{name}.{metric} {_fmt(floor[metric])} -> {_fmt(new[metric])}")
            floor[metric] = new[metric]
    return raised, shortfalls(name, figures, floor)


def lower_floors(data: dict[str, Any], name: str, figures: Figures) -> list[str]:
    """Pin the floors of ``name`` at ``figures`` whichever way they moved; return the changes."""
    floor = data["sets"].get(name) or {}
    new = figures.pinned()
    changes = [
        f"{name}.{key} {_fmt(floor[key]) if key in floor else '-'} -> {_fmt(new[key])}"
        for key in ("pages", *METRICS)
        if floor.get(key) != new[key]
    ]
    data["sets"][name] = new
    return changes


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.floors", description=__doc__.splitlines()[0])
    mode = parser.add_mutually_exclusive_group()
    mode.add_argument("--raise", dest="raise_", action="store_true", help="pin every figure that went up")
    mode.add_argument("--lower", action="store_true", help="pin the figures as they are now (needs --reason)")
    parser.add_argument("--reason", default="", help="why the floors go down (recorded and printed)")
    parser.add_argument("--sets", nargs="+", default=list(GATED_SETS), choices=list(GATED_SETS))
    parser.add_argument("--file", type=Path, default=FLOORS_FILE, help="the floors file")
    parser.add_argument("--jobs", type=int, default=default_jobs(), help="worker processes (default: CPUs, at most 4)")
    args = parser.parse_args(argv)
    if args.lower and not args.reason.strip():
        parser.error("--lower needs --reason: say why the floors go down")
    if args.reason and not args.lower:
        parser.error("--reason goes with --lower")
    return args


def main(argv: list[str] | None = None) -> int:
    """Measure, compare and (with --raise or --lower) re-pin; exit 1 on a figure below its floor."""
    args = parse_args(argv)
    data = load(args.file)
    present = [name for name in args.sets if corpus.available(name)]
    if not present:
        print(f"no labelled set found under {corpus.CORPUS}", file=sys.stderr)
        return 2
    for name in args.sets:
        if name not in present:
            print(f"{name}: not found under {corpus.CORPUS}, left as it is", file=sys.stderr)
    problems: list[str] = []
    changes: list[str] = []
    for name in present:
        figures = measure(name, args.jobs)
        print(describe(name, figures, data["sets"].get(name)), flush=True)
        if args.raise_:
            raised, refused = raise_floors(data, name, figures)
            changes += raised
            problems += refused
        elif args.lower:
            changes += lower_floors(data, name, figures)
        else:
            problems += shortfalls(name, figures, data["sets"].get(name))
    if args.lower and changes:
        stamp = datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%MZ")
        data["lowered"].append({"date": stamp, "reason": args.reason.strip(), "changes": changes})
    if (args.raise_ or args.lower) and changes:
        save(data, args.file)
    for line in changes:
        print(f"changed: {line}")
    if args.lower and changes:
        print("\nFor the commit message:\n")
        print(f"Lower quality floors: {args.reason.strip()}\n\n" + "\n".join(changes))
    if (args.raise_ or args.lower) and not changes:
        print("floors unchanged")
    for line in problems:
        print(f"BELOW FLOOR: {line}", file=sys.stderr)
    if problems and args.raise_:
        print('a floor can go down only with --lower --reason "..."', file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    raise SystemExit(main())
