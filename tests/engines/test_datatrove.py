"""The datatrove extractor step, run by datatrove's LocalPipelineExecutor on a small JSONL dump."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from ..pages import page, sentence

pytest.importorskip("datatrove", reason="datatrove is not installed (pip install 'newsclean[engines]')")

from datatrove.data import Document  # noqa: E402

from newsclean.engines.datatrove import NewscleanExtractor  # noqa: E402


def _docs(folder: Path) -> list[dict]:
    folder.mkdir()
    docs = [{"id": f"d{n}", "text": page(n), "metadata": {"url": f"https://herald.example/{n}"}} for n in range(4)]
    docs.append({"id": "nav", "text": "<html><body><nav>Home</nav></body></html>", "metadata": {}})
    (folder / "pages.jsonl").write_text("".join(json.dumps(d) + "\n" for d in docs), encoding="utf-8")
    return docs


def test_local_pipeline_executor_cleans_and_adds_metadata(tmp_path: Path) -> None:
    from datatrove.executor import LocalPipelineExecutor
    from datatrove.pipeline.readers import JsonlReader
    from datatrove.pipeline.writers import JsonlWriter

    _docs(tmp_path / "in")
    executor = LocalPipelineExecutor(
        pipeline=[
            JsonlReader(str(tmp_path / "in")),
            NewscleanExtractor(timeout=60),
            JsonlWriter(str(tmp_path / "out"), compression=None),
        ],
        tasks=1,
        logging_dir=str(tmp_path / "logs"),
    )
    executor.run()
    out = [json.loads(line) for f in sorted((tmp_path / "out").glob("*.jsonl")) for line in f.read_text().splitlines()]
    assert [d["id"] for d in out] == ["d0", "d1", "d2", "d3"]  # the page with no article is dropped
    for n, doc in enumerate(out):
        assert sentence(n) in doc["text"] and "Follow us on Twitter" not in doc["text"]
        meta = doc["metadata"]
        assert meta["title"] == f"{page(n).split('<title>')[1].split('</title>')[0]}"
        assert meta["url"] == f"https://herald.example/{n}" and isinstance(meta["byline"]["evidence"], list)
        assert any(r["category"] == "social" or r["category"] == "advertising" for r in meta["removed"])
    stats = json.loads(next((tmp_path / "logs" / "stats").glob("*.json")).read_text())
    extractor = next(s for s in stats if "newsclean" in s["name"])
    assert extractor["stats"]["dropped"] == 1 and extractor["stats"]["forwarded"] == 4


def test_a_document_past_its_timeout_is_dropped_and_counted() -> None:
    extractor = NewscleanExtractor(timeout=0.5)
    extractor._clean = _slow  # type: ignore[method-assign]  # a stuck page, as the sandbox sees it
    docs = [Document(text=page(1), id="slow")]
    assert list(extractor.run(iter(docs))) == []
    assert extractor.stats["timeout"].total == 1


def test_extract_is_the_clean_text() -> None:
    assert sentence(2) in NewscleanExtractor().extract(page(2))


def _slow(text: str, url: str | None = None) -> tuple[str, dict]:
    import time

    if text:
        time.sleep(30)
    return "", {}
