"""Item pipelines: the raw page is stored first, then checked.

:class:`RawStorePipeline` runs first (``ITEM_PIPELINES`` order 100) so a page
is in the store before anything else can fail on it; the crawl state for the
requested, final and canonical URLs is written after, so a crash between the
two only makes the next run fetch the page again (an idempotent upsert).
"""

from __future__ import annotations

import hashlib
import logging

from scrapy.crawler import Crawler
from scrapy.exceptions import DropItem

from crawler.encoding import detect_encoding
from crawler.fields import has_body_text
from crawler.items import PageItem
from crawler.state import CrawlContext

logger = logging.getLogger("crawler")


class _Pipeline:
    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> _Pipeline:
        return cls(crawler)

    @property
    def ctx(self) -> CrawlContext:
        return self.crawler.spider.ctx  # type: ignore[union-attr]


class RawStorePipeline(_Pipeline):
    def process_item(self, item: PageItem) -> PageItem:
        ctx, stats, store = self.ctx, self.crawler.stats, self.ctx.store
        site = ctx.profile.name
        if item.status == 304:
            store.record_fetch(item.url, site=site, kind="article", status=304)
            stats.inc_value("kiemsat/unchanged")
            item.outcome = "unchanged"
            return item
        stats.inc_value("kiemsat/fetched")
        if not item.body:
            stats.inc_value("kiemsat/errors")
            stats.inc_value("kiemsat/error/empty_response")
            store.record_fetch(item.url, site=site, kind="failed", status=item.status)
            raise DropItem(f"{site}: {item.url} answered with an empty body")
        item.encoding = detect_encoding(item.body, item.content_type)
        canonical = item.canonical or item.final_url
        before = store.seen(canonical)
        existed = before is not None and before["kind"] == "article"
        item.id, changed = store.put_raw_page(
            url=item.url,
            body=item.body,
            site=site,
            status=item.status,
            final_url=item.final_url,
            canonical=canonical,
            headers=item.headers,
            encoding=item.encoding,
            content_type=item.content_type,
        )
        digest = hashlib.sha256(item.body).hexdigest()
        for url in dict.fromkeys((canonical, item.final_url, item.url)):
            store.record_fetch(
                url,
                site=site,
                kind="article",
                status=item.status,
                article_id=item.id,
                etag=item.etag,
                last_modified=item.last_modified,
                content_hash=digest,
            )
        item.outcome = "new" if not existed else ("updated" if changed else "unchanged")
        stats.inc_value(f"kiemsat/{item.outcome}")
        return item


class ContentCheckPipeline(_Pipeline):
    """Flag article pages whose profile selectors find no body text (kept raw anyway)."""

    def process_item(self, item: PageItem) -> PageItem:
        if item.status != 200 or not item.body:
            return item
        text = item.body.decode(item.encoding or "utf-8", errors="replace")
        if not has_body_text(text, self.ctx.profile.fields):
            self.crawler.stats.inc_value("kiemsat/empty")
            logger.warning(
                "%s: %s has no article text (kept raw, nothing to extract)",
                self.ctx.profile.name,
                item.final_url,
            )
        return item
