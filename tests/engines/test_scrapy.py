"""The Scrapy item pipeline, in a real crawl of pages served by ``http.server`` on 127.0.0.1."""

from __future__ import annotations

import functools
import http.server
import json
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from ..pages import page, sentence

pytest.importorskip("scrapy", reason="scrapy is not installed (pip install 'newsclean[engines]')")

SPIDER = '''
import json, sys
import scrapy
from scrapy.crawler import CrawlerProcess

BASE = sys.argv[1]

class Site(scrapy.Spider):
    name = "site"
    start_urls = [BASE + "/index.html"]

    def parse(self, response):
        for href in response.css("a::attr(href)").getall():
            yield response.follow(href, self.article)

    def article(self, response):
        if "raw" in response.url:  # the Response itself as the page field
            yield {"html": response, "n": response.url}
        elif "nopage" in response.url:
            yield {"body": response.text, "url": response.url}
        else:
            yield {"html": response.text, "url": response.url, "n": response.url}

process = CrawlerProcess(settings={
    "ITEM_PIPELINES": {"newsclean.engines.scrapy.NewscleanPipeline": 300},
    "NEWSCLEAN_OPTIONS": {"fast": True},
    "NEWSCLEAN_DROP_EMPTY": sys.argv[3] == "drop",
    "FEEDS": {sys.argv[2]: {"format": "jsonlines"}},
    "LOG_LEVEL": "WARNING", "CLOSESPIDER_TIMEOUT": 60, "TELNETCONSOLE_ENABLED": False,
    "ROBOTSTXT_OBEY": False, "DOWNLOAD_TIMEOUT": 20,
})
crawler = process.create_crawler(Site)
process.crawl(crawler)
process.start()
print(json.dumps({k: v for k, v in crawler.stats.get_stats().items() if k.startswith(("newsclean/", "item_"))}))
'''


@pytest.fixture
def site(tmp_path: Path):
    root = tmp_path / "site"
    root.mkdir()
    links = []
    for n in range(3):
        (root / f"story-{n}.html").write_text(page(n), encoding="utf-8")
        links.append(f"story-{n}.html")
    (root / "raw-3.html").write_text(page(3), encoding="utf-8")
    (root / "empty.html").write_text("<html><body><nav>Home</nav></body></html>", encoding="utf-8")
    (root / "nopage.html").write_text(page(5), encoding="utf-8")
    links += ["raw-3.html", "empty.html", "nopage.html"]
    (root / "index.html").write_text("".join(f'<a href="{x}">{x}</a>' for x in links), encoding="utf-8")
    handler = functools.partial(_QuietHandler, directory=str(root))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args) -> None:
        pass


def _crawl(tmp_path: Path, base: str, mode: str) -> tuple[list[dict], dict]:
    script, out = tmp_path / "crawl.py", tmp_path / f"items-{mode}.jsonl"
    script.write_text(SPIDER, encoding="utf-8")
    proc = subprocess.run([sys.executable, str(script), base, str(out), mode], capture_output=True, timeout=180,
                          cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr.decode()[-3000:]
    stats = json.loads(proc.stdout.decode().strip().splitlines()[-1])
    items = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()] if out.exists() else []
    return items, stats


def test_crawl_cleans_items_and_counts(site: str, tmp_path: Path) -> None:
    items, stats = _crawl(tmp_path, site, "drop")
    assert stats["newsclean/cleaned"] == 4 and stats["newsclean/empty"] == 1 and stats["newsclean/failed"] == 1
    by_page = {i.get("n") or i["url"]: i for i in items}
    assert len(items) == 5  # the empty page was dropped
    for n, name in ((0, "story-0"), (1, "story-1"), (2, "story-2"), (3, "raw-3")):
        item = by_page[f"{site}/{name}.html"]
        assert sentence(n) in item["text"] and "Follow us on Twitter" not in item["text"]
        assert "html" not in item and item["error"] is None and item["url"] == f"{site}/{name}.html"
        assert item["byline"]["evidence"] is not None and item["schema_version"] == 1
    failed = by_page[f"{site}/nopage.html"]
    assert "'html'" in failed["error"] and failed["text"] == "" and failed["body"]


def test_empty_articles_are_kept_when_asked(site: str, tmp_path: Path) -> None:
    items, stats = _crawl(tmp_path, site, "keep")
    assert stats["newsclean/empty"] == 1 and len(items) == 6
    (empty,) = [i for i in items if i["url"] == f"{site}/empty.html"]
    assert empty["text"] == "" and empty["error"] is None


def test_options_come_from_settings() -> None:
    from scrapy.utils.test import get_crawler

    from newsclean.engines.scrapy import NewscleanPipeline
    from newsclean.errors import OptionsError

    crawler = get_crawler(settings_dict={"NEWSCLEAN_OPTIONS": {"remove": False}, "NEWSCLEAN_HTML_FIELD": "body",
                                         "NEWSCLEAN_KEEP_HTML": True})
    pipeline = NewscleanPipeline.from_crawler(crawler)
    item = pipeline.process_item({"body": page(1), "url": "https://herald.example/1"})
    assert "Advertisement" in item["text"] and item["body"] == page(1)  # remove=False, page field kept
    assert crawler.stats.get_value("newsclean/cleaned") == 1
    with pytest.raises(OptionsError):
        NewscleanPipeline.from_crawler(get_crawler(settings_dict={"NEWSCLEAN_OPTIONS": {"max_depth": -1}}))
