"""A small cache of search and figures results, invalidated when the index changes.

Readers repeat themselves: the Back button, a facet ticked then unticked, the
same popular query from many people, the Atom feed polled every few minutes.
On a large embedded index a broad query with six facets costs seconds, so the
app keeps the last results (LRU, bounded) keyed by the full query. A result is
served only while the index's watermark (the last store sequence it reflects,
kept in the index itself) is the one it was computed at, and never for longer
than ``ttl`` seconds. The watermark is read on every lookup (one cheap request
to the index), so a new index is visible at once and an engine that is down is
reported as down (503) rather than hidden behind old answers. ``size=0``
turns the cache off.
"""

from __future__ import annotations

import json
import threading
import time
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import asdict, is_dataclass
from typing import Any, TypeVar

T = TypeVar("T")


class ResultCache:
    def __init__(self, size: int = 256, ttl: float = 300.0) -> None:
        self.size = size
        self.ttl = ttl
        self._items: OrderedDict[str, tuple[Any, Any, float]] = OrderedDict()
        self._lock = threading.Lock()
        self.hits = 0
        self.misses = 0

    @staticmethod
    def key(kind: str, query: Any) -> str:
        data = asdict(query) if is_dataclass(query) else query
        return kind + ":" + json.dumps(data, sort_keys=True, ensure_ascii=False, default=str)

    @staticmethod
    def _current_version(read_version: Callable[[], Any]) -> Any:
        try:
            return read_version()  # an engine that is down raises here: no stale answers
        except NotImplementedError:
            return None  # a backend without a watermark: the TTL alone bounds staleness

    def get_or_compute(
        self, key: str, compute: Callable[[], T], read_version: Callable[[], Any]
    ) -> T:
        """The cached value of ``key`` at the index's current version, else ``compute()``.

        Errors from ``compute`` are not cached (an engine that was down is asked again).
        """
        if self.size <= 0:
            return compute()
        version = self._current_version(read_version)
        with self._lock:
            entry = self._items.get(key)
            if entry is not None and entry[1] == version and time.monotonic() - entry[2] < self.ttl:
                self._items.move_to_end(key)
                self.hits += 1
                return entry[0]
            self.misses += 1
        value = compute()
        with self._lock:
            self._items[key] = (value, version, time.monotonic())
            self._items.move_to_end(key)
            while len(self._items) > self.size:
                self._items.popitem(last=False)
        return value

    def stats(self) -> dict[str, int]:
        with self._lock:
            return {
                "size": self.size,
                "entries": len(self._items),
                "hits": self.hits,
                "misses": self.misses,
            }
