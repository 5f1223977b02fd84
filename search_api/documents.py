"""What an article becomes in a search index: one flat record per article and
one per extracted figure, built the same way for every backend so they index
the same facts (facet values, province, dates, normalised text)."""

from __future__ import annotations

import atexit
import multiprocessing
import os
import re
import threading
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field

from kiemsat.model import Article, Metric
from search_api.provinces import article_provinces
from search_api.text import abbreviation_marks, nfc, token_streams

_ISO_DATE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})")
_YEAR = re.compile(r"\b(19\d\d|20\d\d)\b")


def iso_date(value: str | None) -> str | None:
    """``YYYY-MM-DD`` from an ISO date or timestamp, else ``None``."""
    m = _ISO_DATE.match(value or "")
    return f"{m.group(1)}-{m.group(2)}-{m.group(3)}" if m else None


@dataclass
class MetricDoc:
    id: str
    article_id: str
    article_title: str | None
    published: str | None
    source: str | None
    unit: str | None
    value: float
    total: float | None
    percent: float | None
    change: float | None
    change_percent: float | None
    subject: str
    subject_key: str  # accented, tone-unified, abbreviations expanded (group-by key)
    subject_fold: str  # folded tokens (word matching)
    period: str | None
    year: str | None
    sentence: str
    consistent: bool | None


@dataclass
class IndexDoc:
    id: str
    story_id: str | None
    story_key: str
    source: str
    url: str | None
    title: str | None
    published: str | None
    event_type: str
    units: list[str]
    people: list[str]
    documents: list[str]
    provinces: list[str]
    has_figures: bool
    body: str  # original text (body, then captions) for snippets
    title_acc: str
    title_fold: str
    body_acc: str
    body_fold: str
    abbr: str  # abbreviation mark tokens of title and body (SQLite's fast path)
    metrics: list[MetricDoc] = field(default_factory=list)

    @property
    def month(self) -> str | None:
        return self.published[:7] if self.published else None

    @property
    def year(self) -> str | None:
        return self.published[:4] if self.published else None


def main_unit(article: Article) -> str | None:
    """The unit an article is mostly about: most mentioned procuracy unit, else any."""
    inside = [u for u in article.units if u.level != "external"] or list(article.units)
    if not inside:
        return None
    best = max(inside, key=lambda u: u.mentions)  # first of the most mentioned
    return nfc(best.name)


def _num(value: object) -> float | None:
    return None if value is None else float(value)  # type: ignore[arg-type]


def metric_doc(article: Article, index: int, metric: Metric, unit: str | None) -> MetricDoc:
    published = iso_date(article.published)
    years = _YEAR.findall(metric.period or "")
    year = years[-1] if years else (published[:4] if published else None)
    subject = nfc(metric.subject)
    subject_key, subject_fold = token_streams(subject)
    return MetricDoc(
        id=f"{article.id}:{index}",
        article_id=article.id or "",
        article_title=article.title,
        published=published,
        source=article.site,
        unit=unit,
        value=float(metric.value),
        total=_num(metric.total),
        percent=_num(metric.percent),
        change=_num(metric.change),
        change_percent=_num(metric.change_percent),
        subject=subject,
        subject_key=subject_key,
        subject_fold=subject_fold,
        period=nfc(metric.period) if metric.period else None,
        year=year,
        sentence=metric.sentence,
        consistent=metric.consistent,
    )


def _distinct(values: list[str]) -> list[str]:
    out: list[str] = []
    for v in values:
        v = nfc(v).strip()
        if v and v not in out:
            out.append(v)
    return out


def index_doc(article: Article) -> IndexDoc:
    """Flatten ``article`` for indexing; raise ``ValueError`` when it has no id."""
    if not article.id:
        raise ValueError("an article needs an id to be indexed")
    title = nfc(article.title) if article.title else None
    body = nfc(article.body)
    captions = [nfc(c) for c in article.captions if c]
    full_body = "\n\n".join([body, *captions]).strip()
    unit = main_unit(article)
    title_acc, title_fold = token_streams(title or "")
    body_acc, body_fold = token_streams(full_body)
    return IndexDoc(
        id=article.id,
        story_id=article.story_id,
        story_key=article.story_id or article.id,
        source=article.site or "file",
        url=article.url,
        title=title,
        published=iso_date(article.published),
        event_type=article.event_type or "other",
        units=_distinct([u.name for u in article.units]),
        people=_distinct([p.name for p in article.people]),
        documents=_distinct([d.number for d in article.documents]),
        provinces=article_provinces(article),
        has_figures=bool(article.metrics),
        body=full_body,
        title_acc=title_acc,
        title_fold=title_fold,
        body_acc=body_acc,
        body_fold=body_fold,
        abbr=abbreviation_marks(f"{title_fold} {body_fold}"),
        metrics=[metric_doc(article, i, m, unit) for i, m in enumerate(article.metrics)],
    )


# -- preparing many documents at once ----------------------------------------
# Tokenising is most of the cost of indexing and is pure Python, so a large
# batch is prepared in worker processes (one per spare core) while the caller
# writes the documents already prepared. Set KIEMSAT_INDEX_WORKERS=0 to prepare
# in-process; a batch smaller than PARALLEL_MIN is not worth the round trip.
PARALLEL_MIN = int(os.environ.get("KIEMSAT_INDEX_PARALLEL_MIN", "200"))
_pool: ProcessPoolExecutor | None = None
_pool_lock = threading.Lock()


def _workers() -> int:
    configured = os.environ.get("KIEMSAT_INDEX_WORKERS")
    if configured is not None:
        return max(0, int(configured))
    return min(2, os.cpu_count() or 1) if (os.cpu_count() or 1) >= 2 else 0


def _get_pool() -> ProcessPoolExecutor | None:
    """The shared worker pool. ``fork``: a worker gets the modules already
    imported and never re-runs the caller's main script (``spawn`` and
    ``forkserver`` do); it only runs :func:`index_doc`, which takes no lock."""
    global _pool
    workers = _workers()
    if workers < 1:
        return None
    with _pool_lock:
        if _pool is None:
            _pool = ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("fork"))
            atexit.register(_pool.shutdown, wait=False, cancel_futures=True)
        return _pool


def _drop_pool() -> None:
    global _pool
    with _pool_lock:
        if _pool is not None:
            _pool.shutdown(wait=False, cancel_futures=True)
        _pool = None


def _prepare_chunk(articles: list[Article]) -> list[IndexDoc]:
    return [index_doc(a) for a in articles]


def prepared_batches(articles: list[Article], size: int) -> Iterator[list[IndexDoc]]:
    """``index_doc`` of every article, in order, as lists of ``size`` documents.

    Large inputs are prepared by the worker pool; the next chunks are being
    prepared while the caller handles the one yielded. The result is the same
    as preparing them in-process (``index_doc`` is a pure function).
    """
    chunks = [articles[i : i + size] for i in range(0, len(articles), size)]
    # Only the main thread forks: a worker thread (the web app's admin reindex) would
    # fork a process whose other threads may hold locks the child then waits on.
    in_main = threading.current_thread() is threading.main_thread()
    pool = _get_pool() if in_main and len(articles) >= PARALLEL_MIN else None
    if pool is None:
        for chunk in chunks:
            yield _prepare_chunk(chunk)
        return
    try:
        futures = [pool.submit(_prepare_chunk, chunk) for chunk in chunks]
    except (BrokenProcessPool, RuntimeError):
        _drop_pool()
        futures = []
    for i, chunk in enumerate(chunks):
        if i < len(futures):
            try:
                yield futures[i].result()
                continue
            except BrokenProcessPool:  # a worker died (killed, out of memory): carry on here
                _drop_pool()
                futures = futures[:i]
        yield _prepare_chunk(chunk)
