"""The README's "Data pipelines" recipes, run exactly as written (each in its own process) on a small pages.jsonl.

Ray runs with 2 CPUs, Spark in ``local[2]`` (where a Java runtime is present), HF datasets with
``num_proc=2``, Dask with its process scheduler. Each recipe's output must hold one record per page,
of the fixed schema, with typed nulls for the page that has no article.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from newsclean import Article
from newsclean.schema import NAMES, arrow_schema, record

from ..pages import page, sentence

ROOT = Path(__file__).resolve().parents[2]
PAGES = 6  # and one page with no article


def recipes() -> dict[str, str]:
    """The README's Data pipelines code blocks, by the first word of their opening comment."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Data pipelines", 1)[1].split("\n## ", 1)[0]
    blocks = re.findall(r"```python\n(.*?)```", section, re.S)
    return {block.split()[1].lower(): block for block in blocks}


def _pages(folder: Path) -> None:
    rows = [{"html": page(n), "url": f"https://herald.example/{n}", "crawl": "2024-05"} for n in range(PAGES)]
    rows.append({"html": "<html><body><nav>Home</nav></body></html>", "url": "https://herald.example/nav",
                 "crawl": "2024-05"})
    (folder / "pages.jsonl").write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")


def _run(name: str, tmp_path: Path, epilogue: str = "") -> None:
    _pages(tmp_path)
    env = {**os.environ, "PYSPARK_PYTHON": sys.executable, "HF_HOME": str(tmp_path / "hf"),
           "HF_DATASETS_OFFLINE": "1", "RAY_USAGE_STATS_ENABLED": "0", "PYTHONPATH": str(ROOT / "src")}
    # Run with -c, as a notebook cell runs: spawned workers (Dask's) do not re-run the recipe.
    proc = subprocess.run([sys.executable, "-c", recipes()[name] + epilogue], cwd=tmp_path, env=env,
                          capture_output=True, timeout=600)
    assert proc.returncode == 0, proc.stderr.decode()[-4000:]


def _check(rows: list[dict]) -> None:
    rows = sorted(rows, key=lambda r: r["url"])
    assert len(rows) == PAGES + 1
    for n, row in enumerate(rows[:PAGES]):
        assert row["url"] == f"https://herald.example/{n}" and sentence(n) in row["text"]
        assert row["error"] is None and row["crawl"] == "2024-05" and row["schema_version"] == 1
        assert "Follow us on Twitter" not in row["text"]
    empty = rows[PAGES]
    assert empty["text"] == "" and empty["title"] is None and empty["byline"]["authors"] == []
    assert [k for k in rows[0] if k in NAMES] == list(NAMES)


def _parquet_rows(target: Path) -> tuple[list[dict], object]:
    pq = pytest.importorskip("pyarrow.parquet")
    table = pq.read_table(target)
    return table.to_pylist(), table.schema


def _expected_schema():
    pa = pytest.importorskip("pyarrow")
    return arrow_schema([pa.field("crawl", pa.string())])


def test_recipes_are_all_in_the_readme() -> None:
    assert set(recipes()) == {"ray", "spark:", "hf", "dask:", "scrapy", "datatrove:"}


def test_ray_recipe(tmp_path: Path) -> None:
    pytest.importorskip("ray.data", reason="ray[data] is not installed (pip install 'newsclean[engines]')")
    _run("ray", tmp_path)
    rows, schema = _parquet_rows(tmp_path / "clean-ray")
    _check(rows)
    assert schema.remove_metadata().equals(_expected_schema().remove_metadata())


#: After the Spark recipe, in the same session: ``createDataFrame(records, spark_schema())`` takes
#: newsclean records as they are (an empty article's nulls included) and gives them back unchanged.
SPARK_ROWS = """
import json
df = spark.createDataFrame(json.load(open("rows.json")), spark_schema())
json.dump([r.asDict(recursive=True) for r in df.collect()], open("rows-back.json", "w"))
spark.stop()
"""


def test_spark_recipe_and_create_dataframe(tmp_path: Path) -> None:
    pytest.importorskip("pyspark", reason="pyspark is not installed (pip install 'newsclean[engines]')")
    if not shutil.which("java") and not os.environ.get("JAVA_HOME"):
        pytest.skip("no Java runtime: Spark cannot run here")
    from newsclean import clean

    records = [record(clean(page(1), url="https://herald.example/1")), record(Article())]
    (tmp_path / "rows.json").write_text(json.dumps(records), encoding="utf-8")
    _run("spark:", tmp_path, SPARK_ROWS)
    rows, schema = _parquet_rows(tmp_path / "clean-spark")
    _check(rows)
    assert schema.names == ["crawl", *NAMES]
    assert json.loads((tmp_path / "rows-back.json").read_text(encoding="utf-8")) == json.loads(json.dumps(records))


def test_hf_datasets_recipe(tmp_path: Path) -> None:
    pytest.importorskip("datasets", reason="datasets is not installed (pip install 'newsclean[engines]')")
    _run("hf", tmp_path)
    rows, schema = _parquet_rows(tmp_path / "clean-hf.parquet")
    _check(rows)
    assert schema.names == ["crawl", *NAMES]


def test_dask_recipe(tmp_path: Path) -> None:
    pytest.importorskip("dask.bag")
    _run("dask:", tmp_path, "\njson.dump(records, open('dask.json', 'w'))\n")
    _check(json.loads((tmp_path / "dask.json").read_text(encoding="utf-8")))


def test_arrow_batches_of_any_content_share_one_schema() -> None:
    pa = pytest.importorskip("pyarrow")
    from newsclean.pipeline import clean_arrow_batch

    full = clean_arrow_batch(pa.table({"html": [page(1)], "url": ["https://herald.example/1"], "n": [1]}))
    empty = clean_arrow_batch(pa.table({"html": ["<p></p>"], "url": [None], "n": [2]}))
    assert full.schema.equals(empty.schema) and full.schema.names == ["n", *NAMES]
    assert pa.concat_tables([full, empty]).num_rows == 2
