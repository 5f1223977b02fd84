"""Per-site crawl state shared by the spider, middlewares and pipelines.

One :class:`CrawlContext` per site and run holds the store connection, the
profile and the run's mode. The mode is what makes a killed crawl resumable
without a job directory: a run marks the site "in progress" in the store's
``crawl_state`` when it starts and "complete" only when Scrapy reports the
crawl finished. The shortcut "stop paging once a listing page holds only known
articles" is taken only after a complete crawl; after a killed one the next
run pages through every listing again (``deep``), fetches what is still
missing, and skips what was stored before the kill.
"""

from __future__ import annotations

import logging
from typing import Any

from scrapy.exceptions import IgnoreRequest
from scrapy.spidermiddlewares.httperror import HttpError
from twisted.internet.error import ConnectionRefusedError, DNSLookupError, TCPTimedOutError
from twisted.internet.error import TimeoutError as TwistedTimeoutError
from twisted.python.failure import Failure

from crawler.profiles import Profile
from kiemsat.settings import Settings
from kiemsat.store import Store

logger = logging.getLogger("crawler")

RUN_MARKER_PATH = "/.kiemsat-crawl-run"  # a crawl_state key, never requested
IN_PROGRESS, COMPLETE = 102, 200


class RefusedRequest(IgnoreRequest):
    """A request outside the profile's domains, or to a private address."""


class CrawlContext:
    def __init__(
        self, profile: Profile, settings: Settings, *, recheck: bool = False, deep: bool = False
    ) -> None:
        self.profile = profile
        self.settings = settings
        self.store = Store.open(settings)
        self.recheck = recheck
        self.marker_url = profile.url(RUN_MARKER_PATH)
        prior = self.store.seen(self.marker_url)
        self.resumed = prior is not None and prior["status"] != COMPLETE
        self.deep = deep or prior is None or self.resumed
        self.finish_reason: str | None = None
        self.listing_failed = False  # a listing page lost to a transient error this run

    @property
    def download_delay(self) -> float:
        """Seconds between requests to the site: at least 1 s for real portals,
        whatever the settings say; the local fake portal takes the settings' value."""
        delay = max(self.settings.download_delay, self.profile.download_delay or 0.0)
        return delay if self.profile.allow_private else max(1.0, delay)

    # signal handlers (bound methods: Scrapy keeps only weak references to receivers)
    def on_opened(self, spider: Any) -> None:
        self.begin()

    def on_closed(self, spider: Any, reason: str) -> None:
        self.finish(reason)

    @property
    def concurrency(self) -> int:
        """Requests at a time to the site: at most 2 for real portals."""
        n = max(1, self.settings.concurrent_per_domain)
        return n if self.profile.allow_private else min(2, n)

    def begin(self) -> None:
        self.store.record_fetch(
            self.marker_url, site=self.profile.name, kind="run", status=IN_PROGRESS
        )
        logger.info(
            "%s: crawl starts (%s)",
            self.profile.name,
            "resuming an interrupted crawl"
            if self.resumed
            else ("full" if self.deep else "incremental"),
        )

    def finish(self, reason: str) -> None:
        self.finish_reason = reason
        # a run that lost a listing page to a transient error is not complete: the
        # next run must page through every listing again to reach that page's articles
        if reason == "finished" and not self.listing_failed:
            self.store.record_fetch(
                self.marker_url, site=self.profile.name, kind="run", status=COMPLETE
            )

    def failed_urls(self) -> list[str]:
        """Article URLs of this site whose last fetch failed transiently (timeout,
        connection, 5xx), to be tried again at the start of the next run."""
        rows = self.store.conn.execute(
            "SELECT url FROM crawl_state WHERE site = ? AND kind = 'failed' "
            "AND (status = 0 OR status >= 500) ORDER BY last_checked",
            (self.profile.name,),
        ).fetchall()
        return [r["url"] for r in rows if self.profile.allows(r["url"])]

    def close(self) -> None:
        self.store.close()

    def record_failure(self, failure: Failure, stats: Any) -> None:
        """Count and remember a request that failed; never raise."""
        request = getattr(failure, "request", None)
        url = request.url if request is not None else "?"
        kind = request.meta.get("kind", "page") if request is not None else "page"
        exc = failure.value
        status = 0
        if isinstance(exc, HttpError):  # an IgnoreRequest too: test it first
            status = exc.response.status
            what = f"http_{status}"
        elif isinstance(exc, RefusedRequest):
            # policy, not a portal failure: counted apart (the middleware counted it)
            logger.warning("%s: %s", self.profile.name, exc)
            return
        elif isinstance(exc, IgnoreRequest):
            if "robots.txt" in str(exc):
                stats.inc_value("kiemsat/robots_forbidden")
                logger.info("%s: %s forbidden by robots.txt", self.profile.name, url)
                return
            what = "ignored"
        elif (
            isinstance(exc, TwistedTimeoutError | TCPTimedOutError)
            or "Timeout" in type(exc).__name__
        ):
            what = "timeout"
        elif "maxsize" in str(exc) or "max size" in str(exc) or "Cancelled" in type(exc).__name__:
            what = "too_large"
        elif isinstance(exc, DNSLookupError | ConnectionRefusedError):
            what = "unreachable"
        else:
            what = "error"
        stats.inc_value("kiemsat/errors")
        stats.inc_value(f"kiemsat/error/{what}")
        if kind == "listing" and (status == 0 or status >= 500):
            self.listing_failed = True
        logger.warning(
            "%s: %s %s failed: %s (%s)", self.profile.name, kind, url, what, str(exc)[:200]
        )
        try:
            self.store.record_fetch(
                url, site=self.profile.name, kind="failed" if kind == "article" else kind,
                status=status,
            )  # fmt: skip
        except Exception:  # the crawl goes on even if the store hiccups here
            logger.exception("%s: could not record the failure of %s", self.profile.name, url)
