"""Entries for distributed engines (Spark, Dask, Ray); they live in :mod:`newsclean.engines.records`.

This import path is public and kept: ``from newsclean.pipeline import clean_partition``.
"""

from .engines.records import (
    HTML_FIELD,
    URL_FIELD,
    clean_arrow_batch,
    clean_batch,
    clean_partition,
    clean_record,
    iter_partition,
)

__all__ = ["HTML_FIELD", "URL_FIELD", "clean_arrow_batch", "clean_batch", "clean_partition", "clean_record", "iter_partition"]
