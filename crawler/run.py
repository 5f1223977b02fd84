"""Run crawls in-process with Scrapy's CrawlerProcess, one crawler per site.

Twisted's reactor cannot be restarted, so :func:`run_crawl` can be called
once per process (the CLI and ``kiemsat demo`` each call it once; tests run
the CLI in a subprocess).
"""

from __future__ import annotations

import sys
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any, TextIO

from crawler.profiles import Profile
from crawler.settings import scrapy_settings
from kiemsat.settings import Settings

COUNTERS = ("fetched", "new", "updated", "unchanged", "known_skipped", "errors")


@dataclass
class SiteResult:
    site: str
    reason: str | None
    counts: dict[str, int] = field(default_factory=dict)
    errors_by_kind: dict[str, int] = field(default_factory=dict)
    requests: int = 0
    elapsed: float = 0.0

    @property
    def ok(self) -> bool:
        return self.reason == "finished" and not self.counts.get("errors")


def _counts(stats: dict[str, Any]) -> dict[str, int]:
    out = {k: int(stats.get(f"kiemsat/{k}", 0)) for k in COUNTERS}
    for extra in ("robots_forbidden", "refused", "empty", "listing_pages", "listing_unchanged",
                  "pagination_stopped", "rechecked", "retries"):  # fmt: skip
        out[extra] = int(stats.get(f"kiemsat/{extra}", 0))
    # redirects off the site are dropped by Scrapy's OffsiteMiddleware before our guard sees them
    out["refused"] += int(stats.get("offsite/filtered", 0))
    return out


class Progress:
    """A live progress line on stderr: rewritten in place on a terminal, a line
    every few seconds otherwise (logs, CI)."""

    def __init__(self, crawlers: list[Any], stream: TextIO) -> None:
        self.crawlers = crawlers
        self.stream = stream
        self.tty = stream.isatty()
        self.last_line = 0.0

    def totals(self) -> dict[str, int]:
        total = dict.fromkeys(COUNTERS, 0)
        for crawler in self.crawlers:
            stats = crawler.stats.get_stats() if crawler.stats else {}
            for k, v in _counts(stats).items():
                if k in total:
                    total[k] += v
        return total

    def line(self) -> str:
        t = self.totals()
        return (
            f"crawl: fetched {t['fetched']} · new {t['new']} · updated {t['updated']} · "
            f"unchanged {t['unchanged']} · known {t['known_skipped']} · errors {t['errors']}"
        )

    def tick(self) -> None:
        now = time.monotonic()
        if self.tty:
            self.stream.write("\r" + self.line() + "\x1b[K")
            self.stream.flush()
        elif now - self.last_line >= 5:
            self.last_line = now
            self.stream.write(self.line() + "\n")
            self.stream.flush()

    def done(self) -> None:
        self.stream.write(
            ("\r" if self.tty else "") + self.line() + ("\x1b[K\n" if self.tty else "\n")
        )
        self.stream.flush()


def run_crawl(
    profiles: Sequence[Profile],
    settings: Settings,
    *,
    recheck: bool = False,
    deep: bool = False,
    progress: TextIO | None = sys.stderr,
    log_level: str = "WARNING",
    extra_settings: dict[str, Any] | None = None,
) -> list[SiteResult]:
    """Crawl ``profiles`` concurrently (one Scrapy crawler each) and report per site."""
    from scrapy import signals
    from scrapy.crawler import CrawlerProcess
    from twisted.internet import task

    from crawler.spiders.portal import PortalSpider
    from crawler.state import CrawlContext

    process = CrawlerProcess(
        scrapy_settings(settings, LOG_LEVEL=log_level, **(extra_settings or {}))
    )
    runs: list[tuple[Profile, CrawlContext, Any]] = []
    started = time.monotonic()
    for prof in profiles:
        ctx = CrawlContext(prof, settings, recheck=recheck, deep=deep)
        delay = ctx.download_delay
        spider_cls = type(
            f"PortalSpider_{prof.name.replace('.', '_').replace('-', '_')}",
            (PortalSpider,),
            {
                "custom_settings": {
                    "DOWNLOAD_DELAY": delay,
                    "CONCURRENT_REQUESTS_PER_DOMAIN": ctx.concurrency,
                    "AUTOTHROTTLE_START_DELAY": max(delay, 0.1),
                }
            },
        )
        crawler = process.create_crawler(spider_cls)
        crawler.signals.connect(ctx.on_opened, signal=signals.spider_opened)
        crawler.signals.connect(ctx.on_closed, signal=signals.spider_closed)
        process.crawl(crawler, profile=prof, ctx=ctx)
        runs.append((prof, ctx, crawler))
    reporter = Progress([c for _, _, c in runs], progress) if progress else None
    loop = None
    if reporter:
        loop = task.LoopingCall(reporter.tick)
        from twisted.internet import reactor

        reactor.callWhenRunning(loop.start, 1.0, now=False)  # type: ignore[attr-defined]
    try:
        process.start()
    finally:
        if loop is not None and loop.running:
            loop.stop()
        for _, ctx, _ in runs:
            ctx.close()
    if reporter:
        reporter.done()
    elapsed = time.monotonic() - started
    results = []
    for prof, ctx, crawler in runs:
        stats = crawler.stats.get_stats() if crawler.stats else {}
        results.append(
            SiteResult(
                site=prof.name,
                reason=ctx.finish_reason,
                counts=_counts(stats),
                errors_by_kind={
                    k.split("/", 2)[2]: int(v)
                    for k, v in stats.items()
                    if k.startswith("kiemsat/error/")
                },
                requests=int(stats.get("downloader/request_count", 0)),
                elapsed=elapsed,
            )
        )
    return results
