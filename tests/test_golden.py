"""Golden fixtures: one folder per case, the spec of what newsclean must output.

Each folder holds the input (``input.html`` or ``input.txt``, or an ``input`` path in the spec), a
hand-written ``spec.json`` (what must and must not be in the text, the title, the categories the
ledger must name, byline facts),
and the reviewed outputs ``expected.txt`` and ``expected.ledger.json``. After a deliberate change,
``pytest tests/test_golden.py --update-golden`` rewrites the expected outputs; review the diff.
``spec.json`` is never rewritten.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from newsclean import clean
from newsclean.textutils import normalize

from .conftest import FIXTURES

CASES = sorted(p for p in FIXTURES.iterdir() if (p / "spec.json").is_file())


def _input(case: Path, spec: dict) -> Path:
    if "input" in spec:  # a page kept elsewhere in the project (the Quick start's example page)
        return (case / spec["input"]).resolve()
    for name in ("input.html", "input.txt"):
        if (case / name).is_file():
            return case / name
    raise FileNotFoundError(f"{case} has no input.html or input.txt")


def _ledger(article) -> list[dict]:
    return [{"category": r.category, "rule": r.rule, "where": r.where, "text": r.text[:120]} for r in article.removed]


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_golden(case: Path, update_golden: bool) -> None:
    spec = json.loads((case / "spec.json").read_text(encoding="utf-8"))
    article = clean(_input(case, spec).read_bytes(), url=spec.get("url"))
    text = normalize(article.text)

    for snippet in spec.get("must_contain", []):
        assert normalize(snippet) in text, f"article text lost: {snippet!r}"
    for snippet in spec.get("must_not_contain", []):
        assert normalize(snippet) not in text, f"boilerplate left in: {snippet!r}"
    if "title" in spec:
        assert article.title == spec["title"]
    if "starts_with" in spec:
        assert article.text.startswith(spec["starts_with"])
    if "ends_with" in spec:
        assert article.text.endswith(spec["ends_with"])
    categories = {r.category for r in article.removed}
    for category in spec.get("ledger_categories", []):
        assert category in categories, f"ledger names no {category!r} removal: {sorted(categories)}"
    for key, value in spec.get("byline", {}).items():
        actual = article.byline.as_dict()[key]
        assert actual == value, f"byline.{key}: {actual!r} != {value!r}"
    assert not article.warnings

    expected_text = case / "expected.txt"
    expected_ledger = case / "expected.ledger.json"
    if update_golden:
        expected_text.write_text(article.text + "\n", encoding="utf-8")
        expected_ledger.write_text(json.dumps(_ledger(article), ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    assert expected_text.is_file(), f"{case.name}: run pytest --update-golden once and review the output"
    assert article.text + "\n" == expected_text.read_text(encoding="utf-8")
    assert _ledger(article) == json.loads(expected_ledger.read_text(encoding="utf-8"))
