"""On CI (``CI=true``) the engines are installed, so their tests run instead of skipping."""

from __future__ import annotations

import importlib
import os
import shutil

import pytest

ENGINES = ("pyarrow", "ray.data", "pyspark", "datasets", "scrapy", "datatrove", "orjson", "jsonschema", "mypy")


@pytest.mark.skipif(os.environ.get("CI", "").lower() not in ("1", "true"), reason="only CI must have every engine")
@pytest.mark.parametrize("module", ENGINES)
def test_engine_is_installed_on_ci(module: str) -> None:
    importlib.import_module(module)


@pytest.mark.skipif(os.environ.get("CI", "").lower() not in ("1", "true"), reason="only CI must have every engine")
def test_java_is_present_on_ci() -> None:
    assert shutil.which("java") or os.environ.get("JAVA_HOME"), "Spark needs a Java runtime"
