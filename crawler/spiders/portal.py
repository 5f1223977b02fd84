"""The one spider: reads a portal's listings, feeds and article pages as its profile says.

It stays thin on purpose: it turns responses into requests and
:class:`~crawler.items.PageItem` objects. What is already known, what to
re-check, where to stop paging, what may be requested at all and what is
stored are decided by the middlewares and pipelines (``crawler/middlewares.py``,
``crawler/pipelines.py``).
"""

from __future__ import annotations

import html
import logging
import re
from collections.abc import AsyncIterator, Iterator
from typing import Any
from urllib.parse import urljoin

import scrapy
from scrapy.http import Response, TextResponse
from scrapy.utils.sitemap import Sitemap
from twisted.python.failure import Failure

from crawler.items import PageItem
from crawler.profiles import Profile
from crawler.state import CrawlContext

logger = logging.getLogger(__name__)

_LINK_RE = re.compile(rb"<link\b[^>]*>", re.IGNORECASE)
_REL_CANONICAL_RE = re.compile(rb"""\brel\s*=\s*["']?canonical\b""", re.IGNORECASE)
_HREF_RE = re.compile(rb"""\bhref\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))""", re.IGNORECASE)


def canonical_href(body: bytes) -> str | None:
    """The href of ``<link rel="canonical">`` in the page's head, found without
    parsing the whole page (it is read for every article; parsing is the
    pipelines' job)."""
    head_end = body.find(b"</head>")
    head = body[: head_end if head_end > 0 else 65536]
    for tag in _LINK_RE.findall(head):
        if _REL_CANONICAL_RE.search(tag):
            m = _HREF_RE.search(tag)
            if m:
                raw = next(g for g in m.groups() if g is not None)
                return html.unescape(raw.decode("utf-8", "replace")).strip() or None
    return None


class PortalSpider(scrapy.Spider):
    name = "portal"
    custom_settings: dict[str, Any] = {}

    def __init__(self, profile: Profile, ctx: CrawlContext, **kwargs: Any) -> None:
        super().__init__(name=profile.name, **kwargs)
        self.profile = profile
        self.ctx = ctx
        self.allowed_domains = list(profile.allowed_domains)

    async def start(self) -> AsyncIterator[Any]:
        for url in self.ctx.failed_urls():
            yield self._article(url)
        for url in self.profile.start_urls:
            yield self._listing(url, page=1)
        for url in self.profile.feed_urls:
            yield scrapy.Request(
                url,
                callback=self.parse_feed,
                errback=self.failed,
                meta={"kind": "listing", "conditional": True, "handle_httpstatus_list": [304]},
            )

    def _listing(self, url: str, page: int) -> scrapy.Request:
        return scrapy.Request(
            url,
            callback=self.parse_listing,
            errback=self.failed,
            meta={
                "kind": "listing",
                "page": page,
                "conditional": True,
                "handle_httpstatus_list": [304],
            },
        )

    def _article(self, url: str) -> scrapy.Request:
        return scrapy.Request(
            url,
            callback=self.parse_article,
            errback=self.failed,
            meta={"kind": "article", "handle_httpstatus_list": [304]},
        )

    # -- callbacks --------------------------------------------------------------
    def parse_listing(self, response: Response) -> Iterator[scrapy.Request]:
        if response.status == 304 or not isinstance(response, TextResponse):
            return
        seen: set[str] = set()
        for href in response.css(self.profile.article_links).getall():
            url = urljoin(response.url, href.strip())
            if url not in seen and self.profile.is_article_url(url):
                seen.add(url)
                yield self._article(url)
        page = response.meta.get("page", 1)
        nxt = response.css(self.profile.next_page).get() if self.profile.next_page else None
        if nxt and page < self.profile.max_pages:
            yield self._listing(urljoin(response.url, nxt.strip()), page + 1)

    def parse_feed(self, response: Response) -> Iterator[scrapy.Request]:
        """Article links of an RSS feed or a sitemap (one level; no sitemap indexes)."""
        if response.status == 304 or not response.body:
            return
        if b"<urlset" in response.body[:2000] or b"<sitemapindex" in response.body[:2000]:
            urls = [entry["loc"] for entry in Sitemap(response.body) if "loc" in entry]
        else:
            urls = response.xpath("//item/link/text()").getall()
        for url in dict.fromkeys(u.strip() for u in urls):
            if self.profile.is_article_url(url):
                yield self._article(url)

    def parse_article(self, response: Response) -> Iterator[PageItem]:
        first = (response.meta.get("redirect_urls") or [response.request.url])[0]
        headers = {
            k.decode("latin-1"): b", ".join(v).decode("latin-1")
            for k, v in response.headers.items()
        }
        canonical = None
        href = canonical_href(response.body)
        if href:
            candidate = urljoin(response.url, href)
            # a canonical pointing off the portal must not decide the article's id
            canonical = candidate if self.profile.allows(candidate) else None
        yield PageItem(
            site=self.profile.name,
            url=first,
            final_url=response.url,
            status=response.status,
            body=response.body,
            headers=headers,
            canonical=canonical,
            content_type=headers.get("Content-Type"),
            etag=headers.get("Etag") or headers.get("ETag"),
            last_modified=headers.get("Last-Modified"),
        )

    def failed(self, failure: Failure) -> None:
        """A request that gave no usable response: log it, count it, remember it."""
        self.ctx.record_failure(failure, self.crawler.stats)
