"""Scrapy settings of the kiemsat crawler.

The module-level names are the Scrapy project's defaults (``scrapy.cfg`` points
here); :func:`scrapy_settings` maps a :class:`kiemsat.settings.Settings` onto
them, so the politeness knobs (User-Agent, delay, AutoThrottle, per-domain
concurrency, timeout, size cap) come from ``KIEMSAT_*`` variables like every
other setting of the project.
"""

from __future__ import annotations

from typing import Any

from kiemsat.settings import DEFAULT_USER_AGENT, Settings

BOT_NAME = "kiemsat"
SPIDER_MODULES = ["crawler.spiders"]
NEWSPIDER_MODULE = "crawler.spiders"

# politeness
ROBOTSTXT_OBEY = True
USER_AGENT = DEFAULT_USER_AGENT
CONCURRENT_REQUESTS = 16
# one item per response: Scrapy's default of 100 parallel item slots only costs CPU
CONCURRENT_ITEMS = 8
CONCURRENT_REQUESTS_PER_DOMAIN = 2
DOWNLOAD_DELAY = 1.0
AUTOTHROTTLE_ENABLED = True
AUTOTHROTTLE_START_DELAY = 1.0
AUTOTHROTTLE_MAX_DELAY = 30.0
AUTOTHROTTLE_TARGET_CONCURRENCY = 1.0

# robustness
DOWNLOAD_TIMEOUT = 30
DOWNLOAD_MAXSIZE = 5 * 1024 * 1024
DOWNLOAD_WARNSIZE = 2 * 1024 * 1024
RETRY_ENABLED = True
RETRY_TIMES = 2
RETRY_HTTP_CODES = [500, 502, 503, 504, 522, 524, 408, 429]
KIEMSAT_RETRY_BACKOFF = 1.0  # seconds before the first retry, doubled for each next one
KIEMSAT_RETRY_BACKOFF_MAX = 30.0
REDIRECT_MAX_TIMES = 5
COOKIES_ENABLED = False
TELNETCONSOLE_ENABLED = False
LOG_LEVEL = "WARNING"

DOWNLOADER_MIDDLEWARES = {
    # before Scrapy's OffsiteMiddleware (50) and RobotsTxtMiddleware (100): refuse early
    "crawler.middlewares.SiteGuardMiddleware": 40,
    "crawler.middlewares.ConditionalGetMiddleware": 580,
    "crawler.middlewares.BackoffMiddleware": 590,
}
SPIDER_MIDDLEWARES = {
    "crawler.middlewares.IncrementalMiddleware": 800,
}
ITEM_PIPELINES = {
    "crawler.pipelines.RawStorePipeline": 100,
    "crawler.pipelines.ContentCheckPipeline": 200,
}


def scrapy_settings(settings: Settings, **overrides: Any) -> dict[str, Any]:
    """This module's settings with the project's :class:`Settings` applied."""
    values = {name: value for name, value in globals().items() if name.isupper()}
    values.update(
        USER_AGENT=settings.user_agent,
        DOWNLOAD_DELAY=settings.download_delay,
        AUTOTHROTTLE_ENABLED=settings.autothrottle,
        AUTOTHROTTLE_START_DELAY=max(settings.download_delay, 0.1),
        CONCURRENT_REQUESTS_PER_DOMAIN=max(1, settings.concurrent_per_domain),
        DOWNLOAD_TIMEOUT=settings.download_timeout,
        DOWNLOAD_MAXSIZE=settings.max_response_bytes,
        DOWNLOAD_WARNSIZE=max(1, settings.max_response_bytes // 2),
    )
    values.update(overrides)
    return values
