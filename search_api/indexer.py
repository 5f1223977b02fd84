"""Keeping a search index in step with the store.

The store is the system of record; an index is derived from it. Each index
remembers, *in itself*, the last store sequence it reflects (the watermark),
so ``kiemsat index`` sends only what changed since: tombstones (deletions)
first, then changed articles in sequence order, moving the watermark after
every batch. If the engine goes down mid-way the watermark stays at the last
batch written, nothing in the store is touched, and the next run resumes.
Re-running is idempotent (articles are upserted by id).

``reindex`` fills a new generation beside the live one and swaps it in at
the end (alias swap or table switch), so searches never see a half-built
index.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from typing import TypeVar

from kiemsat.store import Store
from search_api.base import BackendUnavailable, SearchBackend

Progress = Callable[[int, int], None]  # (done, total)
T = TypeVar("T")
log = logging.getLogger("kiemsat.indexer")


def patiently(call: Callable[[], T], wait: float) -> T:
    """``call()``, retried with backoff while the engine is unavailable, for up to
    ``wait`` seconds in all. Every backend write is an idempotent upsert or delete
    by id, so a retried call cannot duplicate anything; an outage longer than
    ``wait`` raises and the next run resumes from the watermark."""
    deadline = time.monotonic() + wait
    delay = 0.5
    while True:
        try:
            return call()
        except BackendUnavailable as exc:
            if time.monotonic() + delay > deadline:
                raise
            log.warning("search engine unavailable (%s); waiting %.1fs and retrying", exc, delay)
            time.sleep(delay)
            delay = min(delay * 2, 10.0)


@dataclass
class IndexReport:
    indexed: int = 0
    deleted: int = 0
    watermark: int = 0
    rebuilt: bool = False


def _pending_count(store: Store, since: int, upto: int) -> int:
    return store.conn.execute(
        "SELECT COUNT(*) FROM articles WHERE seq > ? AND seq <= ?", (since, upto)
    ).fetchone()[0]


def index_changes(
    store: Store,
    backend: SearchBackend,
    *,
    batch: int = 500,
    progress: Progress | None = None,
    wait: float = 0.0,
) -> IndexReport:
    """Send the store's changes since the index's watermark (waiting up to ``wait``
    seconds for an engine that drops out mid-way)."""
    since = patiently(backend.get_watermark, wait)
    upto = store.current_seq()
    report = IndexReport(watermark=since)
    if upto <= since:
        return report
    tombstones = [aid for seq, aid in store.tombstones_since(since) if seq <= upto]
    if tombstones:
        report.deleted = patiently(partial(backend.delete_articles, tombstones), wait)
    total = _pending_count(store, since, upto)
    chunk = []
    last = since
    for seq, article in store.iter_articles(since_seq=since, batch=batch):
        if seq > upto:
            break
        chunk.append(article)
        last = seq
        if len(chunk) >= batch:
            report.indexed += patiently(partial(backend.index_articles, chunk), wait)
            patiently(partial(backend.set_watermark, last), wait)
            chunk = []
            if progress:
                progress(report.indexed, total)
    if chunk:
        report.indexed += patiently(partial(backend.index_articles, chunk), wait)
    patiently(partial(backend.set_watermark, upto), wait)
    patiently(backend.refresh, wait)
    if progress:
        progress(report.indexed, total)
    report.watermark = upto
    return report


def rebuild(
    store: Store,
    backend: SearchBackend,
    *,
    batch: int = 500,
    progress: Progress | None = None,
    wait: float = 0.0,
) -> IndexReport:
    """Build a fresh index generation from the whole store and swap it in."""
    upto = store.current_seq()
    total = _pending_count(store, 0, upto)
    generation = patiently(backend.begin_rebuild, wait)
    report = IndexReport(rebuilt=True)
    chunk = []
    for seq, article in store.iter_articles(since_seq=0, batch=batch):
        if seq > upto:
            break
        chunk.append(article)
        if len(chunk) >= batch:
            report.indexed += patiently(
                partial(backend.index_articles, chunk, generation=generation),  # type: ignore[call-arg]
                wait,
            )
            chunk = []
            if progress:
                progress(report.indexed, total)
    if chunk:
        report.indexed += patiently(
            partial(backend.index_articles, chunk, generation=generation),  # type: ignore[call-arg]
            wait,
        )
    patiently(partial(backend.finish_rebuild, generation, upto), wait)
    if progress:
        progress(report.indexed, total)
    report.watermark = upto
    return report
