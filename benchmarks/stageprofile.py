"""Per-stage CPU time of newsclean: where a page's time goes (for ``benchmarks.speed --stages``).

Each stage function that ``newsclean.api`` calls is wrapped, in this process only, by a timer that
adds the CPU time of the call to its stage; a stage called inside another (the byline's date and
author fallbacks run inside ``build_byline``) is charged to the innermost one, so the rows add up to
the total. "other" is what no wrapped stage covers (options, the result, the ledger).
"""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

from newsclean import Cleaner, api
from newsclean.stages import extract as extract_stage

from .tables import table

#: Stage name -> (module, attribute) of the function timed for it, in pipeline order.
STAGES: dict[str, tuple[Any, str]] = {
    "load (parse, caps)": (api, "load"),
    "page facts (byline)": (api, "read_page_facts"),
    "pre-cleaning": (api, "preclean"),
    "trafilatura": (extract_stage.Cascade, "result"),
    "trafilatura (public calls)": (extract_stage, "_bare"),
    "extract (rest)": (api, "extract"),
    "rules / judge (prune)": (api, "prune"),
    "byline: trafilatura author": (extract_stage, "extract_author"),
    "byline: htmldate": (extract_stage, "find_date"),
    "byline (rest)": (api, "build_byline"),
}


@contextmanager
def timed_stages(spent: dict[str, float]) -> Iterator[None]:
    """Wrap every stage of :data:`STAGES`; ``spent`` collects their exclusive CPU seconds."""
    stack: list[float] = []  # CPU time spent in nested stages, per open call

    def wrap(name: str, fn: Callable[..., Any]) -> Callable[..., Any]:
        def timed(*args: Any, **kwargs: Any) -> Any:
            began = time.process_time()
            stack.append(0.0)
            try:
                return fn(*args, **kwargs)
            finally:
                took = time.process_time() - began
                inner = stack.pop()
                spent[name] = spent.get(name, 0.0) + took - inner
                if stack:
                    stack[-1] += took

        return timed

    saved = [(module, attr, getattr(module, attr)) for module, attr in STAGES.values()]
    for name, (module, attr) in STAGES.items():
        setattr(module, attr, wrap(name, getattr(module, attr)))
    try:
        yield
    finally:
        for module, attr, fn in saved:
            setattr(module, attr, fn)


def stage_table(pages: list[tuple[Any, bytes]], rounds: int = 1, **options: Any) -> str:
    """Mean CPU ms per page of each stage (median over rounds) and its share of the total."""
    cleaner = Cleaner(time_budget=0, **options)
    for page, data in pages[:3]:
        cleaner.clean(data, url=page.url)
    per_round: list[dict[str, float]] = []
    for _ in range(rounds):
        spent: dict[str, float] = {}
        began = time.process_time()
        with timed_stages(spent):
            for page, data in pages:
                cleaner.clean(data, url=page.url)
        spent["other"] = time.process_time() - began - sum(spent.values())
        per_round.append(spent)
    names = [*STAGES, "other"]
    ms = {n: 1000 * statistics.median(r.get(n, 0.0) for r in per_round) / max(len(pages), 1) for n in names}
    total = sum(ms.values()) or 1.0
    rows = [[n, f"{ms[n]:.1f}", f"{100 * ms[n] / total:.0f}%"] for n in names]
    rows.append(["total", f"{total:.1f}", "100%"])
    return table(["stage", "cpu ms/page", "share"], rows)
