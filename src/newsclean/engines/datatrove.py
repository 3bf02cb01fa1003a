"""A datatrove extractor step: newsclean in place of trafilatura in a datatrove pipeline.

``NewscleanExtractor`` fits datatrove's ``BaseExtractor`` contract: ``extract(text) -> str`` cleans one
page, and ``run`` cleans each document in datatrove's sandbox process with a per-document
``timeout`` (a document past it, or one whose process dies, is dropped and counted, as datatrove's own
extractors do). Beyond the contract, the article's fields go into ``Document.metadata``
(``title``, ``byline``... see ``metadata_fields``); the document's ``url`` metadata, when present, is
passed to the cleaner. Documents with no article text are dropped (stat ``dropped``). Needs
``datatrove`` (``pip install 'newsclean[engines]'``).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from datatrove.data import DocumentsPipeline
from datatrove.pipeline.extractors.base import BaseExtractor, ExtractorSandbox
from datatrove.utils.typeshelper import StatHints

from ..api import Cleaner
from ..models import Options
from ..schema import record

#: Record fields copied into ``Document.metadata`` by default.
METADATA_FIELDS = ("title", "description", "language", "byline", "removed", "warnings")


class NewscleanExtractor(BaseExtractor):
    """Clean HTML or plain-text dumps in ``Document.text``; the article's fields go to its metadata."""

    name = "🧹 newsclean"

    def __init__(self, options: Options | None = None, timeout: float = 30.0,
                 metadata_fields: Iterable[str] = METADATA_FIELDS, url_key: str = "url") -> None:
        super().__init__(timeout)
        self.options = options
        self.metadata_fields = tuple(metadata_fields)
        self.url_key = url_key
        self._cleaner: Cleaner | None = None
        Cleaner(options)  # bad options fail when the pipeline is built, not in a worker

    def _clean(self, text: str, url: str | None = None) -> tuple[str, dict[str, Any]]:
        if self._cleaner is None:  # built once in the sandbox process
            self._cleaner = Cleaner(self.options)
        rec = record(self._cleaner.clean(text, url=url))
        return rec["text"], {name: rec[name] for name in self.metadata_fields}

    def extract(self, text: str) -> str:
        """The clean article text of one page (the ``BaseExtractor`` contract)."""
        return self._clean(text)[0]

    def run(self, data: DocumentsPipeline, rank: int = 0, world_size: int = 1) -> DocumentsPipeline:
        """As ``BaseExtractor.run``, with the article's fields added to each document's metadata."""
        with ExtractorSandbox(timeout=self.timeout, warmup_text=("", None)) as sandbox:
            for doc in data:
                self.stat_update(StatHints.total)
                with self.track_time():
                    url = doc.metadata.get(self.url_key)
                    try:
                        text, meta = sandbox.process_document((doc.text, url if isinstance(url, str) else None),
                                                              self._clean)
                    except TimeoutError:
                        self.stat_update("timeout")
                        continue
                    except EOFError:  # the sandbox process died (OOM): a new one takes the next document
                        self.stat_update("broken_process")
                        continue
                    except Exception:
                        self.stat_update("clean_error")
                        continue
                    self.stat_update("extracted")
                if not text:
                    self.stat_update(StatHints.dropped)
                    continue
                doc.text = text
                doc.metadata.update(meta)
                self.stat_update(StatHints.forwarded)
                self.update_doc_stats(doc)
                yield doc
