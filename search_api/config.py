"""Configuration objects for :func:`search_api.app.create_app`.

The app is configured with a class (or instance) rather than globals so the
tests, ``kiemsat serve`` and ``kiemsat demo`` can each build an app over their
own data directory and backend, side by side in one process.
"""

from __future__ import annotations

from typing import Any

from kiemsat.settings import Settings


class Config:
    """Defaults: production-like, read-only, settings from ``KIEMSAT_*`` variables."""

    TESTING = False
    #: a :class:`kiemsat.settings.Settings`; ``None`` reads the environment
    SETTINGS: Settings | None = None
    #: a ready :class:`search_api.base.SearchBackend` shared by all threads; ``None``
    #: makes one per server thread with ``search_api.get_backend(settings)``
    BACKEND: Any = None
    #: search/figures results kept (LRU, invalidated when the index changes); 0 turns it off
    SEARCH_CACHE_SIZE = 256
    #: the admin endpoints (crawl, reindex) exist only when this is false *and*
    #: ``Settings.admin_token`` is set
    READ_ONLY = True
    #: request bodies are tiny (admin POSTs only)
    MAX_CONTENT_LENGTH = 16 * 1024
    JSON_SORT_KEYS = False
    #: how long to cache static files (seconds)
    SEND_FILE_MAX_AGE_DEFAULT = 3600


class ProductionConfig(Config):
    """What ``kiemsat serve`` uses."""


class TestingConfig(Config):
    TESTING = True
    SEND_FILE_MAX_AGE_DEFAULT = 0


def config_from(obj: Any) -> dict[str, Any]:
    """Upper-case attributes of a config class or instance (or a mapping) as a dict."""
    if obj is None:
        obj = ProductionConfig
    if isinstance(obj, dict):
        return {k: v for k, v in obj.items() if k.isupper()}
    return {k: getattr(obj, k) for k in dir(obj) if k.isupper()}
