"""Pages per second through the engine steps (Ray Data, Spark, datatrove, HF datasets) beside the plain CLI.

All runs clean the same pages (the dev corpus's first ``--limit``, 400 by default), written once as a
JSONL of ``{"html", "url"}`` records, with default options and 2 workers each. trafilatura and
newsclean also run in this process, one page after another, as the reference. Each engine runs in its
own process, as a user would start it: ``wall`` counts its start-up (JVM, Ray cluster, worker
pools), ``work`` only reading, cleaning and writing. Usage::

    .venv/bin/python -m benchmarks.engines [--limit 400] [--only cli ray spark datatrove datasets]
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from benchmarks.extractors import make
from benchmarks.throughput import pages

ROOT = Path(__file__).resolve().parent.parent

#: Engine scripts: each reads pages.jsonl in its folder, writes its output there, and prints
#: ``{"work": seconds, "rows": n}`` as its last line.
SCRIPTS = {
    "ray": """
import time, json, ray
from newsclean.pipeline import clean_arrow_batch
ray.init(num_cpus=2, include_dashboard=False)
t = time.perf_counter()
ray.data.read_json("pages.jsonl").map_batches(clean_arrow_batch, batch_format="pyarrow", batch_size=16).write_parquet("out-ray")
work = time.perf_counter() - t
import pyarrow.parquet as pq
print(json.dumps({"work": work, "rows": pq.read_table("out-ray").num_rows}))
""",
    "spark": """
import time, json
from pyspark.sql import SparkSession
from newsclean.pipeline import iter_partition
from newsclean.schema import spark_schema
spark = SparkSession.builder.master("local[2]").config("spark.ui.enabled", "false").getOrCreate()
t = time.perf_counter()
pages = spark.read.json("pages.jsonl").repartition(8)
rows = pages.rdd.map(lambda row: row.asDict()).mapPartitions(iter_partition)
spark.createDataFrame(rows, spark_schema([f for f in pages.schema if f.name != "html"])).write.parquet("out-spark")
work = time.perf_counter() - t
print(json.dumps({"work": work, "rows": spark.read.parquet("out-spark").count()}))
spark.stop()
""",
    "datatrove": """
import time, json, glob
from datatrove.executor import LocalPipelineExecutor
from datatrove.pipeline.readers import JsonlReader
from datatrove.pipeline.writers import JsonlWriter
from newsclean.engines.datatrove import NewscleanExtractor
t = time.perf_counter()
LocalPipelineExecutor(pipeline=[JsonlReader("in-dt", text_key="html"), NewscleanExtractor(timeout=120),
                                JsonlWriter("out-dt", compression=None)],
                      tasks=2, workers=2, logging_dir="logs-dt").run()
work = time.perf_counter() - t
print(json.dumps({"work": work, "rows": sum(1 for f in glob.glob("out-dt/*.jsonl") for _ in open(f))}))
""",
    "datasets": """
import time, json
from datasets import Features, load_dataset
from newsclean.pipeline import clean_batch
from newsclean.schema import arrow_schema
t = time.perf_counter()
ds = load_dataset("json", data_files="pages.jsonl", split="train")
features = Features.from_arrow_schema(arrow_schema([f for f in ds.features.arrow_schema if f.name != "html"]))
out = ds.map(clean_batch, batched=True, batch_size=16, num_proc=2, remove_columns=ds.column_names, features=features)
out.to_parquet("out-hf.parquet")
print(json.dumps({"work": time.perf_counter() - t, "rows": len(out)}))
""",
}


def write_pages(files: list[Path], folder: Path) -> None:
    """The pages as JSONL records (bytes decoded as UTF-8, others replaced), twice: for the engines and datatrove."""
    (folder / "in-dt").mkdir()
    with open(folder / "pages.jsonl", "w", encoding="utf-8") as fh:
        for n, path in enumerate(files):
            fh.write(json.dumps({"id": f"p{n}", "html": path.read_bytes().decode("utf-8", "replace"),
                                 "url": None}) + "\n")
    (folder / "in-dt" / "pages.jsonl").write_bytes((folder / "pages.jsonl").read_bytes())


def in_process(name: str, folder: Path) -> tuple[float, int]:
    """One extractor over the records in this process; seconds and pages."""
    extract = make(name)
    records = [json.loads(line) for line in open(folder / "pages.jsonl", encoding="utf-8")]
    started = time.perf_counter()
    for rec in records:
        extract(rec["html"], rec["url"])
    return time.perf_counter() - started, len(records)


def run_cli(folder: Path) -> tuple[float, float, int]:
    started = time.perf_counter()
    proc = subprocess.run([sys.executable, "-m", "newsclean", "pages.jsonl", "-o", "out-cli.jsonl", "-q", "-j", "2"],
                          cwd=folder, capture_output=True)
    wall = time.perf_counter() - started
    if proc.returncode not in (0, 3):
        raise SystemExit(f"newsclean exited {proc.returncode}: {proc.stderr.decode()[-2000:]}")
    rows = sum(1 for _ in open(folder / "out-cli.jsonl", encoding="utf-8"))
    errors = folder / "out-cli.errors.jsonl"
    rows += sum(1 for line in open(errors, encoding="utf-8") if '"empty"' in line) if errors.exists() else 0
    return wall, wall, rows


def run_engine(name: str, folder: Path) -> tuple[float, float, int]:
    env = {**os.environ, "PYSPARK_PYTHON": sys.executable, "HF_HOME": str(folder / "hf"), "HF_DATASETS_OFFLINE": "1",
           "RAY_USAGE_STATS_ENABLED": "0", "PYTHONPATH": str(ROOT / "src")}
    started = time.perf_counter()
    proc = subprocess.run([sys.executable, "-c", SCRIPTS[name]], cwd=folder, env=env, capture_output=True)
    wall = time.perf_counter() - started
    if proc.returncode != 0:
        raise SystemExit(f"{name} failed: {proc.stderr.decode()[-3000:]}")
    result = json.loads(proc.stdout.decode().strip().splitlines()[-1])
    return wall, float(result["work"]), int(result["rows"])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--limit", type=int, default=400)
    parser.add_argument("--only", nargs="+", default=["cli", *SCRIPTS], choices=["cli", *SCRIPTS])
    args = parser.parse_args(argv)
    files = pages(args.limit)
    if not files:
        print("dev corpus not found", file=sys.stderr)
        return 1
    print(f"{len(files)} dev pages, {sum(p.stat().st_size for p in files) / 1e6:.1f} MB; {os.cpu_count()} cores, "
          f"load average {os.getloadavg()[0]:.2f} (other work on the machine slows every figure)")
    print(f"{'run':<38} {'pages':>6} {'wall s':>8} {'work s':>8} {'pages/s (wall)':>15} {'pages/s (work)':>15}")
    with tempfile.TemporaryDirectory(prefix="nc-engines-") as tmp:
        folder = Path(tmp)
        write_pages(files, folder)
        for name in ("trafilatura", "newsclean"):
            seconds, count = in_process(name, folder)
            _line(f"{name}, in this process, 1 core", count, seconds, seconds)
        for name in args.only:
            wall, work, rows = run_cli(folder) if name == "cli" else run_engine(name, folder)
            label = {"cli": "newsclean CLI -j 2 (JSONL)", "ray": "Ray Data, 2 CPUs", "spark": "Spark local[2]",
                     "datatrove": "datatrove, 2 tasks", "datasets": "HF datasets num_proc=2"}[name]
            _line(label, rows, wall, work)
    return 0


def _line(label: str, count: int, wall: float, work: float) -> None:
    print(f"{label:<38} {count:>6} {wall:>8.1f} {work:>8.1f} {count / wall:>15.1f} {count / work:>15.1f}", flush=True)


if __name__ == "__main__":
    raise SystemExit(main())
