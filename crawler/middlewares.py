"""Downloader and spider middlewares: where the crawler's rules live.

* :class:`SiteGuardMiddleware` refuses any request (including redirect targets)
  outside the profile's domains, and private addresses unless the profile
  explicitly targets one (the local fake portal), and then only its origin.
* :class:`BackoffMiddleware` spaces out retries exponentially (Scrapy's
  RetryMiddleware re-queues at once).
* :class:`ConditionalGetMiddleware` sends ``If-None-Match`` /
  ``If-Modified-Since`` from the store's crawl state and records listing pages'
  validators.
* :class:`IncrementalMiddleware` drops article requests for articles already
  stored and stops paging once a listing page held only known articles.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator, Iterable, Iterator
from typing import Any

from scrapy import Request
from scrapy.crawler import Crawler
from scrapy.http import Response

from crawler.state import CrawlContext, RefusedRequest

logger = logging.getLogger("crawler")


class _CrawlerBound:
    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Any:
        return cls(crawler)

    @property
    def ctx(self) -> CrawlContext:
        return self.crawler.spider.ctx  # type: ignore[union-attr]


class SiteGuardMiddleware(_CrawlerBound):
    def process_request(self, request: Request) -> None:
        if not self.ctx.profile.allows(request.url):
            self.crawler.stats.inc_value("kiemsat/refused")
            raise RefusedRequest(
                f"refused {request.url}: outside {self.ctx.profile.name}'s domains "
                "or a private address"
            )


class BackoffMiddleware(_CrawlerBound):
    """Wait ``base * 2**(n-1)`` seconds (at most ``cap``) before the n-th retry."""

    def __init__(self, crawler: Crawler) -> None:
        super().__init__(crawler)
        self.base = crawler.settings.getfloat("KIEMSAT_RETRY_BACKOFF", 1.0)
        self.cap = crawler.settings.getfloat("KIEMSAT_RETRY_BACKOFF_MAX", 30.0)

    async def process_request(self, request: Request) -> None:
        n = request.meta.get("retry_times", 0)
        if n and self.base > 0:
            delay = min(self.cap, self.base * 2 ** (n - 1))
            self.crawler.stats.inc_value("kiemsat/retries")
            await asyncio.sleep(delay)


class ConditionalGetMiddleware(_CrawlerBound):
    def process_request(self, request: Request) -> None:
        ctx = self.ctx
        if not request.meta.get("conditional"):
            return
        if request.meta.get("kind") == "listing" and (ctx.deep or ctx.recheck):
            return  # full crawls and re-checks read every listing page, changed or not
        row = ctx.store.seen(request.url)
        if row is None:
            return
        if row["etag"]:
            request.headers.setdefault(b"If-None-Match", row["etag"].encode("latin-1"))
        if row["last_modified"]:
            request.headers.setdefault(b"If-Modified-Since", row["last_modified"].encode("latin-1"))

    def process_response(self, request: Request, response: Response) -> Response:
        if request.meta.get("kind") == "listing" and response.status in (200, 304):
            stats = self.crawler.stats
            stats.inc_value("kiemsat/listing_pages")
            if response.status == 304:
                stats.inc_value("kiemsat/listing_unchanged")
            self.ctx.store.record_fetch(
                request.url,
                site=self.ctx.profile.name,
                kind="listing",
                status=response.status,
                etag=_header(response, b"ETag"),
                last_modified=_header(response, b"Last-Modified"),
            )
        return response


def _header(response: Response, name: bytes) -> str | None:
    value = response.headers.get(name)
    return value.decode("latin-1") if value else None


class IncrementalMiddleware(_CrawlerBound):
    """Spider middleware filtering what the spider asks for against the store."""

    def process_spider_output(self, response: Response, result: Iterable[Any]) -> Iterator[Any]:
        yield from self._filter(response, list(result))

    async def process_spider_output_async(
        self, response: Response, result: AsyncIterator[Any]
    ) -> AsyncIterator[Any]:
        outputs = [o async for o in result]
        for o in self._filter(response, outputs):
            yield o

    def _filter(self, response: Response | None, outputs: list[Any]) -> Iterator[Any]:
        ctx, stats = self.ctx, self.crawler.stats
        articles = [
            o for o in outputs if isinstance(o, Request) and o.meta.get("kind") == "article"
        ]
        known = ctx.store.known_urls(r.url for r in articles) if articles else set()
        fresh = 0
        for o in outputs:
            if not isinstance(o, Request):
                yield o
            elif o.meta.get("kind") == "article":
                if o.url not in known:
                    fresh += 1
                    yield o
                elif ctx.recheck:
                    o.meta["conditional"] = True
                    stats.inc_value("kiemsat/rechecked")
                    yield o
                else:
                    stats.inc_value("kiemsat/known_skipped")
            elif (
                o.meta.get("kind") == "listing"
                and response is not None
                and response.meta.get("kind") == "listing"
                and articles
                and fresh == 0
                and not ctx.deep
            ):
                stats.inc_value("kiemsat/pagination_stopped")
                logger.info(
                    "%s: %s holds only known articles; not paging further",
                    ctx.profile.name,
                    response.url,
                )
            else:
                yield o
