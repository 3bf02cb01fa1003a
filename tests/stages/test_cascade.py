"""trafilatura's cascade run step by step (stages/extract.py ``Cascade``): its own results, the shared work once."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from typing import Any

import pytest
import trafilatura
from lxml import etree
from lxml import html as lxml_html
from trafilatura import core, main_extractor

from newsclean import Options
from newsclean.stages import extract as extract_module


def _sentence(n: int, topic: str = "bridge") -> str:
    return (f"The council met on day {n} to discuss the {topic} repairs, and the mayor said the costs of the "
            "work had risen again this spring.")


#: Page shapes that take trafilatura's cascade down its different branches (see test_pages_cover_the_branches).
PAGES = {
    # a plain article: the main extractor, readability compared in full mode
    "article": "<html><head><title>Bridge</title></head><body><nav><a href='/'>Home</a> <a href='/n'>News</a></nav>"
    "<article><h1>Bridge repairs</h1>" + "".join(f"<p>{_sentence(n)}</p>" for n in range(12)) + "</article>"
    "<aside class='related'><a href='/x'>Related story one</a></aside></body></html>",
    # one short line: the wild-text recovery, then the baseline rescue
    "short": "<html><body><div><p>Bridge closed today.</p></div><footer>Contact us</footer></body></html>",
    # text in a teaser-class section without paragraphs: the recovery keeps it in fast mode only
    "teaser": "<html><body><div id='main'><section class='article-teaser'>" + "<br>".join(_sentence(n) for n in range(2))
    + "</section><span>" + _sentence(5, "road") + "</span></div><div>x</div></body></html>",
    # a short article among many text boxes: the recall escalation (fast); readability takes the boxes (full)
    "boxes": "<html><body><main><p>" + _sentence(1) + "</p><p>" + _sentence(2) + "</p></main><div>"
    + "".join(f"<div>{_sentence(n, 'school')}<br>{_sentence(n + 1, 'park')}</div>" for n in range(40)) + "</div></body></html>",
    # a short article among linked teasers: the recall escalation with its comparison and jusText (full)
    "links": "<html><body><article><p>" + _sentence(1) + "</p><p>" + _sentence(3) + "</p></article>"
    + "".join(f"<div class='box'><p><a href='/{n}'>{_sentence(n, 'school')}</a></p></div>" for n in range(30))
    + "</body></html>",
}


def _result(doc: Any) -> tuple[str, bytes] | None:
    return None if doc is None else (doc.text, etree.tostring(doc.body))


def _counting(monkeypatch: pytest.MonkeyPatch, targets: list[tuple[Any, str]]) -> Counter[str]:
    calls: Counter[str] = Counter()

    def wrap(name: str, fn: Callable[..., Any]) -> Callable[..., Any]:
        def counted(*args: Any, **kwargs: Any) -> Any:
            calls[name] += 1
            return fn(*args, **kwargs)

        return counted

    for module, name in targets:
        monkeypatch.setattr(module, name, wrap(name, getattr(module, name)))
    return calls


@pytest.mark.parametrize("shape", sorted(PAGES))
def test_cascade_gives_trafilaturas_own_results(shape: str) -> None:
    tree = lxml_html.document_fromstring(PAGES[shape])
    options = Options()
    errors: list[str] = []
    public = [_result(extract_module._bare(tree, options, fast=fast, errors=errors)) for fast in (True, False)]
    cascade = extract_module.Cascade(extract_module._CORE, tree, options, errors)
    assert [_result(cascade.result(fast=True)), _result(cascade.result(fast=False))] == public
    assert not errors


def test_pages_cover_the_branches(monkeypatch: pytest.MonkeyPatch) -> None:
    """The pages above reach every step Cascade mirrors, and the two modes differ on some of them."""
    calls = _counting(monkeypatch, [(core, "baseline"), (core, "justext_rescue"), (core, "compare_extraction"),
                                    (main_extractor, "recover_wild_text"), (core, "html2txt")])
    differ = []
    for shape, page in PAGES.items():
        cascade = extract_module.Cascade(extract_module._CORE, lxml_html.document_fromstring(page), Options(), [])
        if _result(cascade.result(fast=True)) != _result(cascade.result(fast=False)):
            differ.append(shape)
    assert calls["baseline"] and calls["recover_wild_text"] and calls["html2txt"]
    assert calls["compare_extraction"] > len(PAGES)  # the recall retry compared too
    assert calls["justext_rescue"]
    assert {"teaser", "boxes"} <= set(differ)


def test_a_thin_page_prepares_each_tree_once(monkeypatch: pytest.MonkeyPatch) -> None:
    """A short fast result needs the full mode too: the raw tree is pruned, each tree cleaned and
    the page text measured once, not once per mode (the recall retry cleans a second tree)."""
    calls = _counting(monkeypatch, [(core, "tree_cleaning"), (core, "prune_unwanted_nodes"), (core, "html2txt")])
    for shape in ("short", "boxes", "links"):
        tree = lxml_html.document_fromstring(PAGES[shape])
        public = []
        for fast in (True, False):
            trafilatura.bare_extraction(tree, options=extract_module._extractor(Options(), fast=fast))
            public.append(Counter(calls))
            calls.clear()
        extract_module.extract(tree, Options())
        assert calls["tree_cleaning"] == max(c["tree_cleaning"] for c in public), shape
        assert calls["html2txt"] == 1, shape
        assert calls["prune_unwanted_nodes"] < sum(c["prune_unwanted_nodes"] for c in public), shape
        calls.clear()


@pytest.mark.parametrize("version", ["2.3.0", "2.4.0", "3.0", "unknown"])
def test_other_trafilatura_versions_get_the_public_calls(monkeypatch: pytest.MonkeyPatch, version: str) -> None:
    assert extract_module.stepwise_core() is core
    monkeypatch.setattr(trafilatura, "__version__", version)
    assert extract_module.stepwise_core() is None


def test_a_missing_step_gets_the_public_calls(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delattr(core, "_prepare_tree")
    assert extract_module.stepwise_core() is None


@pytest.mark.parametrize("shape", sorted(PAGES))
def test_the_public_calls_give_the_same_blocks(monkeypatch: pytest.MonkeyPatch, shape: str) -> None:
    tree = lxml_html.document_fromstring(PAGES[shape])
    stepwise = [b.text for b in extract_module.extract(tree, Options()).blocks]
    monkeypatch.setattr(extract_module, "_CORE", None)
    calls = _counting(monkeypatch, [(trafilatura, "bare_extraction")])
    assert [b.text for b in extract_module.extract(tree, Options()).blocks] == stepwise
    assert calls["bare_extraction"] >= 1


def test_a_failing_step_is_reported_for_both_modes(monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(*args: Any, **kwargs: Any) -> Any:
        raise RuntimeError("cleaning boom")

    monkeypatch.setattr(core, "tree_cleaning", broken)
    errors: list[str] = []
    cascade = extract_module.Cascade(core, lxml_html.document_fromstring(PAGES["article"]), Options(), errors)
    assert cascade.result(fast=True) is None and cascade.result(fast=False) is None
    assert errors == [repr(RuntimeError("cleaning boom"))] * 2
