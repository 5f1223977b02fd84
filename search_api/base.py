"""The search-backend interface that every backend implements.

The Flask app, the feeds, the exports and the command line talk only to this
interface, so the embedded SQLite FTS5 backend and the Elasticsearch/OpenSearch
backend are interchangeable; one contract test suite (``tests/search``) runs
against both with the same fixture corpus and must give the same answers.

Queries and results are plain dataclasses so they can be built from URL
parameters (``search_api.params``) and serialised as JSON without surprises.
"""

from __future__ import annotations

import abc
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any, Literal

from kiemsat.model import Article

FACETS = ("source", "unit", "person", "document", "event_type", "province")
MAX_PAGE_SIZE = 100


class SearchError(Exception):
    """Base class of search errors."""


class QueryError(SearchError):
    """The query is invalid; ``param`` names the offending parameter (HTTP 400)."""

    def __init__(self, message: str, param: str | None = None) -> None:
        super().__init__(message)
        self.param = param


class BackendUnavailable(SearchError):
    """The search engine cannot be reached or timed out (HTTP 503); nothing is lost."""


@dataclass
class SearchQuery:
    """One search: free text in the safe syntax plus filters, facets and paging.

    ``q`` syntax: words (all must match), ``"exact phrases"``, ``-excluded``
    words or phrases, and ``OR`` between alternatives. It is parsed by
    ``search_api.query_syntax`` into a tree; no backend ever passes user text to
    a query language unescaped.

    Filters are lists: values within one filter are OR-ed, different filters are
    AND-ed. Facet counts are disjunctive: the counts of facet F are computed with
    every filter except F's own.
    """

    q: str = ""
    source: list[str] = field(default_factory=list)
    unit: list[str] = field(default_factory=list)
    person: list[str] = field(default_factory=list)
    document: list[str] = field(default_factory=list)
    event_type: list[str] = field(default_factory=list)
    province: list[str] = field(default_factory=list)
    date_from: str | None = None  # ISO date, inclusive
    date_to: str | None = None  # ISO date, inclusive
    has_figures: bool | None = None
    facets: list[str] = field(default_factory=lambda: list(FACETS))
    facet_size: int = 20
    histogram: Literal["week", "month", "year", None] = "month"
    # "date": oldest first, "-date": newest first; undated articles always last
    sort: Literal["relevance", "date", "-date"] = "relevance"
    page: int = 1
    size: int = 20
    cursor: str | None = None  # opaque; when set, ``page`` is ignored
    collapse: Literal["story", None] = None
    highlight: bool = True


@dataclass
class Hit:
    id: str
    score: float | None
    title: str | None
    published: str | None
    source: str | None
    url: str | None
    units: list[str]
    people: list[str]
    event_type: str | None
    snippet: str  # HTML-escaped, with <mark>…</mark> around matches
    story_id: str | None = None
    copies: list[dict[str, Any]] = field(
        default_factory=list
    )  # other portals' copies (collapse=story)


@dataclass
class FacetValue:
    value: str
    count: int
    selected: bool = False


@dataclass
class SearchResult:
    total: int
    hits: list[Hit]
    facets: dict[str, list[FacetValue]]
    histogram: list[FacetValue]  # value = "YYYY-Www" (ISO week), "YYYY-MM" or "YYYY"
    took_ms: float
    next_cursor: str | None = None
    page: int = 1
    size: int = 20


@dataclass
class MetricQuery:
    """Filters over the extracted figures (one row per metric)."""

    subject: str = ""  # words, accent-insensitive, all must match
    unit: list[str] = field(default_factory=list)
    source: list[str] = field(default_factory=list)
    period: str | None = None
    year: int | None = None
    value_min: float | None = None
    value_max: float | None = None
    article: str | None = None
    group_by: Literal["unit", "year", "subject", None] = None
    page: int = 1
    size: int = 100


@dataclass
class MetricRow:
    id: str  # "<article id>:<index>"
    article_id: str
    article_title: str | None
    published: str | None
    source: str | None
    unit: str | None  # the article's main unit
    value: float
    total: float | None
    percent: float | None
    change: float | None
    change_percent: float | None
    subject: str
    period: str | None
    sentence: str
    consistent: bool | None


@dataclass
class MetricBucket:
    key: str
    count: int
    sum: float


@dataclass
class MetricResult:
    total: int
    rows: list[MetricRow]
    buckets: list[MetricBucket]


class SearchBackend(abc.ABC):
    """What every backend does. Implementations: ``SqliteBackend``, ``ElasticBackend``."""

    name: str = "abstract"

    @abc.abstractmethod
    def index_articles(self, articles: Iterable[Article]) -> int:
        """Add or replace articles (by id) and their metrics; return how many were written."""

    @abc.abstractmethod
    def delete_articles(self, ids: Iterable[str]) -> int:
        """Remove articles (and their metrics) by id; unknown ids are ignored."""

    @abc.abstractmethod
    def search(self, query: SearchQuery) -> SearchResult:
        """Run a search; raise :class:`QueryError` for invalid queries."""

    @abc.abstractmethod
    def metrics(self, query: MetricQuery) -> MetricResult:
        """Filter and aggregate extracted figures."""

    @abc.abstractmethod
    def count(self) -> int:
        """Number of articles in the live index."""

    def health(self) -> dict[str, Any]:
        """A small status dict for ``/api/health``; raise :class:`BackendUnavailable` when down."""
        return {"backend": self.name, "articles": self.count()}

    def close(self) -> None:  # noqa: B027 - optional hook
        """Release connections."""

    # -- indexing support (used by ``search_api.indexer``) --------------------
    def get_watermark(self) -> int:
        """Last store sequence (``articles.seq``) reflected in the live index; kept in the index."""
        raise NotImplementedError

    def set_watermark(self, seq: int, generation: int | None = None) -> None:
        raise NotImplementedError

    def begin_rebuild(self) -> int:
        """Start an empty index generation beside the live one; return its number."""
        raise NotImplementedError

    def finish_rebuild(self, generation: int, seq: int) -> None:
        """Atomically make ``generation`` live (alias or table swap) and drop the old one."""
        raise NotImplementedError

    def refresh(self) -> None:  # noqa: B027 - optional hook
        """Make recent writes searchable (no-op where writes are visible at once)."""

    def needs_rebuild(self) -> str | None:
        """Why the index must be rebuilt (``kiemsat reindex``) before incremental indexing, or None."""
        return None
