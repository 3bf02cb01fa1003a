"""A Scrapy item pipeline: clean each item's page and add newsclean's fields to the item.

Enable it in the project's settings::

    ITEM_PIPELINES = {"newsclean.engines.scrapy.NewscleanPipeline": 300}
    NEWSCLEAN_OPTIONS = {"fast": True}      # newsclean.Options fields (or an Options object)
    NEWSCLEAN_HTML_FIELD = "html"           # the item field with the page: str, bytes or the Response
    NEWSCLEAN_URL_FIELD = "url"             # the item field with its URL (a Response brings its own)
    NEWSCLEAN_DROP_EMPTY = True             # DropItem when no article text is found (False: keep it)
    NEWSCLEAN_KEEP_HTML = False             # keep the page field in the item after cleaning

The added fields are the record's (:data:`newsclean.schema.NAMES`: ``title``, ``text``, ``byline``,
``removed``...; ``error`` says why an item could not be cleaned); items are dicts, or Scrapy
``Item`` classes that declare those fields. Stats: ``newsclean/cleaned``, ``newsclean/empty``,
``newsclean/failed``. Needs ``scrapy`` (``pip install 'newsclean[engines]'``).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from itemadapter import ItemAdapter
from scrapy.exceptions import DropItem
from scrapy.http import Response

from ..api import Cleaner
from ..models import Article, Options
from ..schema import record

#: Stats keys, one per outcome.
STATS = {"cleaned": "newsclean/cleaned", "empty": "newsclean/empty", "failed": "newsclean/failed"}


class NewscleanPipeline:
    """Cleans ``item[html_field]`` (a page or the Response itself) into newsclean's fields."""

    def __init__(self, options: Options | Mapping[str, Any] | None = None, *, html_field: str = "html",
                 url_field: str = "url", drop_empty: bool = True, keep_html: bool = False, stats: Any = None) -> None:
        opts = options if isinstance(options, Options) or options is None else Options(**dict(options))
        self.cleaner = Cleaner(opts)  # bad options fail when the crawl starts, not on the first item
        self.html_field, self.url_field = html_field, url_field
        self.drop_empty, self.keep_html, self.stats = drop_empty, keep_html, stats

    @classmethod
    def from_crawler(cls, crawler: Any) -> NewscleanPipeline:
        settings = crawler.settings
        return cls(
            settings.get("NEWSCLEAN_OPTIONS") or None,
            html_field=settings.get("NEWSCLEAN_HTML_FIELD", "html"),
            url_field=settings.get("NEWSCLEAN_URL_FIELD", "url"),
            drop_empty=settings.getbool("NEWSCLEAN_DROP_EMPTY", True),
            keep_html=settings.getbool("NEWSCLEAN_KEEP_HTML", False),
            stats=crawler.stats,
        )

    def process_item(self, item: Any, spider: Any = None) -> Any:
        adapter = ItemAdapter(item)
        page = adapter.get(self.html_field)
        url = adapter.get(self.url_field)
        if isinstance(page, Response):
            url, page = url or page.url, page.body
        url = url if isinstance(url, str) and url else None
        error = None
        if not isinstance(page, (str, bytes)):
            article, error = Article(url=url), f"item has no page in field {self.html_field!r}"
        else:
            try:
                article = self.cleaner.clean(page, url=url)
            except Exception as err:  # one item must not stop the crawl
                article, error = Article(url=url), f"internal error: {err!r}"
        status = "failed" if error else "cleaned" if article else "empty"
        self._count(status)
        if status == "empty" and self.drop_empty:
            raise DropItem(f"newsclean: no article text in {url or 'an item'}")
        for name, value in record(article, error=error).items():
            if name not in ("id", "path"):
                adapter[name] = value
        if not self.keep_html and self.html_field in adapter:
            del adapter[self.html_field]
        return item

    def _count(self, status: str) -> None:
        if self.stats is not None:
            self.stats.inc_value(STATS[status])
