"""What a request needs: the search backend, the store and the catalog, per thread.

Waitress serves requests from a small pool of threads. The store's SQLite
connection must not be shared between threads, so it is opened lazily once per
thread and reused; the search backend is one instance shared by all threads
(backends keep their own per-thread connections); the catalog has one
connection guarded by a lock. Opening lazily also means the app starts even when the store
or the engine is not there yet: requests then get a 503 with a clear message
instead of the server refusing to start.
"""

from __future__ import annotations

import html
import re
import threading
from collections.abc import Callable
from typing import Any, TypeVar

from flask import current_app

from kiemsat.settings import Settings
from kiemsat.store import Store
from search_api.api.cache import ResultCache
from search_api.api.catalog import Catalog
from search_api.base import SearchBackend

T = TypeVar("T")


class Services:
    """Per-app holder of the settings and the per-thread connections."""

    def __init__(
        self, settings: Settings, backend: SearchBackend | None = None, cache_size: int = 256
    ) -> None:
        self.settings = settings
        self.cache = ResultCache(size=cache_size)
        self._shared_backend = backend
        self._injected_backend = backend
        self._local = threading.local()
        self._all: list[Any] = []
        self._all_lock = threading.Lock()
        self.catalog = Catalog(settings.store_path)

    def backend(self) -> SearchBackend:
        """The one backend of this app, shared by all threads.

        Backends are built for that: the SQLite one keeps a connection per
        thread and shares its in-memory filter columns (one copy, not one per
        thread), the Elasticsearch one a pooled HTTP client.
        """
        backend = self._shared_backend
        if backend is None:
            with self._all_lock:
                if self._shared_backend is None:
                    from search_api import get_backend

                    self._shared_backend = get_backend(self.settings)
                    self._all.append(self._shared_backend)
                backend = self._shared_backend
        return backend

    def store(self) -> Store:
        store = getattr(self._local, "store", None)
        if store is None:
            store = Store(self.settings.store_path, create=False, readonly=True)
            self._local.store = store
            self._remember(store)
        return store

    def _remember(self, obj: Any) -> None:
        with self._all_lock:
            self._all.append(obj)

    def close(self) -> None:
        """Close every connection opened by any thread (server shutdown, tests)."""
        with self._all_lock:
            for obj in self._all:
                try:
                    obj.close()
                except Exception:  # noqa: BLE001 - closing is best effort
                    pass
            self._all.clear()
            self._shared_backend = self._injected_backend
        self._local = threading.local()
        self.catalog.close()


def services() -> Services:
    return current_app.extensions["kiemsat"]


def cached(kind: str, query: Any, compute: Callable[[SearchBackend], T]) -> T:
    """``compute(backend)``, or its cached result for the same query and index version."""
    svc = services()
    backend = svc.backend()
    return svc.cache.get_or_compute(
        ResultCache.key(kind, query), lambda: compute(backend), backend.get_watermark
    )


_MARK_SPLIT = re.compile(r"(</?mark>)")


def safe_snippet(snippet: str | None) -> str:
    """Re-escape a backend's snippet so that only ``<mark>``/``</mark>`` survive as tags.

    Backends promise HTML-escaped snippets; this makes that true whatever a
    backend does (unescape then escape is idempotent on correct input).
    """
    if not snippet:
        return ""
    parts = _MARK_SPLIT.split(snippet)
    out: list[str] = []
    depth = 0
    for part in parts:
        if part == "<mark>":
            if depth == 0:
                out.append(part)
            depth += 1
        elif part == "</mark>":
            if depth == 1:
                out.append(part)
            depth = max(depth - 1, 0)
        else:
            out.append(html.escape(html.unescape(part), quote=False))
    if depth > 0:
        out.append("</mark>")
    return "".join(out)
