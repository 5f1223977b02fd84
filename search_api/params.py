"""URL parameters → ``search_api.base`` queries, with errors that name the parameter.

Every endpoint declares the parameters it accepts; anything else (an unknown
name, a scalar given twice, a wrong type, an out-of-range value, a bad date, an
oversized ``q`` or a malformed cursor) raises :class:`ParamError`, which the
app turns into an HTTP 400 JSON body ``{"error": ..., "param": ...}``. Checking
here, before any backend is called, is what keeps bad input from ever
surfacing as a 500, whatever the backend does with it.

The declared names are the single source of truth for the OpenAPI document:
``tests/serve/test_openapi.py`` checks that both list the same parameters.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import Protocol

from search_api.base import FACETS, MAX_PAGE_SIZE, MetricQuery, QueryError, SearchQuery

MAX_Q_LENGTH = 500
MAX_FILTER_VALUES = 50
MAX_FILTER_LENGTH = 300
MAX_PAGE = 1000
MAX_METRIC_PAGE_SIZE = 5000
MAX_LIST_PAGE_SIZE = 200
_CURSOR_RE = re.compile(r"^[A-Za-z0-9_\-=.~:]{1,1024}$")
_DATE_RE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off"}


class ParamError(QueryError):
    """A URL parameter is missing, unknown or has an unusable value (HTTP 400)."""

    def __init__(self, message: str, param: str | None = None) -> None:
        super().__init__(message, param)


class MultiArgs(Protocol):
    """What we need of ``werkzeug.datastructures.MultiDict``."""

    def getlist(self, key: str) -> list[str]: ...

    def keys(self) -> Iterable[str]: ...


FILTERS = FACETS  # source, unit, person, document, event_type, province
SEARCH_PARAMS = (
    "q",
    *FILTERS,
    "date_from",
    "date_to",
    "has_figures",
    "facets",
    "facet_size",
    "histogram",
    "sort",
    "page",
    "size",
    "cursor",
    "collapse",
    "highlight",
)
METRIC_PARAMS = (
    "subject",
    "unit",
    "source",
    "period",
    "year",
    "value_min",
    "value_max",
    "article",
    "group_by",
    "page",
    "size",
    "format",
)
COVERAGE_PARAMS = ("q", *FILTERS, "date_from", "date_to", "interval", "by", "series")
FEED_PARAMS = ("q", *FILTERS, "date_from", "date_to", "has_figures", "size")
PEOPLE_PARAMS = ("q", "unit", "sort", "page", "size")
UNITS_PARAMS = ("q", "level", "sort", "page", "size")
ENTITY_PARAMS = ("page", "size")
DOCUMENTS_PARAMS = ("number", "q", "page", "size")

#: endpoint path (as in the OpenAPI document) → accepted query parameters
ENDPOINT_PARAMS: dict[str, tuple[str, ...]] = {
    "/api/search": SEARCH_PARAMS,
    "/api/articles/{id}": (),
    "/api/articles/{id}/source": (),
    "/api/people": PEOPLE_PARAMS,
    "/api/people/{id}": ENTITY_PARAMS,
    "/api/units": UNITS_PARAMS,
    "/api/units/{id}": ENTITY_PARAMS,
    "/api/documents": DOCUMENTS_PARAMS,
    "/api/metrics": METRIC_PARAMS,
    "/api/coverage": COVERAGE_PARAMS,
    "/api/health": (),
    "/api/openapi.json": (),
    "/feeds/search.atom": FEED_PARAMS,
}


@dataclass
class Reader:
    """Typed access to one request's query parameters, remembering what was read."""

    args: MultiArgs
    allowed: tuple[str, ...]

    def __post_init__(self) -> None:
        unknown = sorted(set(self.args.keys()) - set(self.allowed))
        if unknown:
            raise ParamError(
                f"unknown parameter {unknown[0]!r}; accepted: {', '.join(self.allowed) or 'none'}",
                unknown[0],
            )

    def raw(self, name: str) -> str | None:
        values = self.args.getlist(name)
        if len(values) > 1:
            raise ParamError(f"parameter {name!r} given {len(values)} times; give it once", name)
        if not values:
            return None
        value = values[0]
        if "\x00" in value:
            raise ParamError(f"parameter {name!r} contains a NUL character", name)
        return value

    def text(self, name: str, *, max_length: int = MAX_FILTER_LENGTH) -> str:
        value = (self.raw(name) or "").strip()
        if len(value) > max_length:
            raise ParamError(
                f"parameter {name!r} is {len(value)} characters long; the limit is {max_length}",
                name,
            )
        return value

    def values(self, name: str) -> list[str]:
        """A repeatable parameter (``unit=A&unit=B``); empty values are dropped."""
        values = [v.strip() for v in self.args.getlist(name)]
        values = [v for v in values if v]
        if len(values) > MAX_FILTER_VALUES:
            raise ParamError(
                f"parameter {name!r} given {len(values)} times; the limit is {MAX_FILTER_VALUES}",
                name,
            )
        for v in values:
            if len(v) > MAX_FILTER_LENGTH or "\x00" in v:
                raise ParamError(f"a value of parameter {name!r} is too long or not text", name)
        return list(dict.fromkeys(values))

    def integer(self, name: str, default: int | None, lo: int, hi: int) -> int | None:
        raw = self.raw(name)
        if raw is None or raw.strip() == "":
            return default
        try:
            value = int(raw.strip())
        except ValueError:
            raise ParamError(
                f"parameter {name!r} must be an integer, got {raw[:40]!r}", name
            ) from None
        if not lo <= value <= hi:
            raise ParamError(f"parameter {name!r} must be between {lo} and {hi}, got {value}", name)
        return value

    def number(self, name: str) -> float | None:
        raw = self.raw(name)
        if raw is None or raw.strip() == "":
            return None
        try:
            value = float(raw.strip().replace(",", "."))
        except ValueError:
            raise ParamError(
                f"parameter {name!r} must be a number, got {raw[:40]!r}", name
            ) from None
        if value != value or value in (float("inf"), float("-inf")):
            raise ParamError(f"parameter {name!r} must be a finite number", name)
        return value

    def boolean(self, name: str) -> bool | None:
        raw = self.raw(name)
        if raw is None or raw.strip() == "":
            return None
        low = raw.strip().lower()
        if low in _TRUE:
            return True
        if low in _FALSE:
            return False
        raise ParamError(f"parameter {name!r} must be true or false, got {raw[:40]!r}", name)

    def choice(self, name: str, choices: Iterable[str | None], default: str | None) -> str | None:
        raw = self.raw(name)
        if raw is None or raw.strip() == "":
            return default
        value = raw.strip().lower()
        options = [c for c in choices if c is not None]
        if value == "none" and None in choices:
            return None
        if value not in options:
            accepted = ", ".join(options + (["none"] if None in choices else []))
            raise ParamError(
                f"parameter {name!r} must be one of {accepted}, got {raw[:40]!r}", name
            )
        return value

    def date(self, name: str) -> str | None:
        raw = self.raw(name)
        if raw is None or raw.strip() == "":
            return None
        value = raw.strip()
        if not _DATE_RE.match(value):
            raise ParamError(
                f"parameter {name!r} must be a date YYYY-MM-DD, got {raw[:40]!r}", name
            )
        try:
            date.fromisoformat(value)
        except ValueError:
            raise ParamError(f"parameter {name!r} is not a real date: {value!r}", name) from None
        return value


def _date_range(reader: Reader) -> tuple[str | None, str | None]:
    date_from, date_to = reader.date("date_from"), reader.date("date_to")
    if date_from and date_to and date_from > date_to:
        raise ParamError("date_from is after date_to", "date_from")
    return date_from, date_to


def _query_text(reader: Reader) -> str:
    q = reader.text("q", max_length=MAX_Q_LENGTH)
    return " ".join(q.split())


def _filters(reader: Reader) -> dict[str, list[str]]:
    filters = {name: reader.values(name) for name in FILTERS}
    # a person id or unit id from our own pages is not a filter value; keep names as given
    return filters


def search_query(args: MultiArgs, *, allowed: tuple[str, ...] = SEARCH_PARAMS) -> SearchQuery:
    """Build a :class:`SearchQuery` from ``/api/search`` parameters."""
    r = Reader(args, allowed)
    query = SearchQuery(q=_query_text(r), **_filters(r))
    query.date_from, query.date_to = _date_range(r)
    has = set(allowed).__contains__
    if has("has_figures"):
        query.has_figures = r.boolean("has_figures")
    if has("facets"):
        facets = r.raw("facets")
        if facets is not None:
            names = [f.strip() for f in facets.split(",") if f.strip()]
            if names == ["none"]:
                names = []
            bad = [n for n in names if n not in FACETS]
            if bad:
                raise ParamError(
                    f"unknown facet {bad[0]!r}; facets are {', '.join(FACETS)} or none", "facets"
                )
            query.facets = list(dict.fromkeys(names))
    if has("facet_size"):
        query.facet_size = r.integer("facet_size", 20, 1, 200) or 20
    if has("histogram"):
        query.histogram = r.choice("histogram", ("month", "year", None), "month")  # type: ignore[assignment]
    if has("sort"):
        query.sort = r.choice("sort", ("relevance", "date", "-date"), "relevance")  # type: ignore[assignment]
    if has("page"):
        query.page = r.integer("page", 1, 1, MAX_PAGE) or 1
    if has("collapse"):
        query.collapse = r.choice("collapse", ("story", None), None)  # type: ignore[assignment]
    if has("highlight"):
        highlight = r.boolean("highlight")
        query.highlight = True if highlight is None else highlight
    if has("cursor"):
        cursor = r.raw("cursor")
        if cursor is not None and cursor.strip():
            if not _CURSOR_RE.match(cursor.strip()):
                raise ParamError(
                    "parameter 'cursor' is malformed; use next_cursor as given", "cursor"
                )
            query.cursor = cursor.strip()
    if has("size"):
        query.size = r.integer("size", 20, 1, MAX_PAGE_SIZE) or 20
    if query.page * max(query.size, 1) > 10_000 + MAX_PAGE_SIZE:
        raise ParamError(
            "page × size goes past the first 10,000 results; use cursor to go further", "page"
        )
    return query


def feed_query(args: MultiArgs) -> SearchQuery:
    """The search behind an Atom feed: newest first, no facets, no histogram."""
    query = search_query(args, allowed=FEED_PARAMS)
    query.sort = "-date"
    query.facets = []
    query.histogram = None
    query.page = 1
    return query


@dataclass
class MetricRequest:
    query: MetricQuery
    format: str


def metric_query(args: MultiArgs) -> MetricRequest:
    """Build a :class:`MetricQuery` (and the output format) from ``/api/metrics`` parameters."""
    r = Reader(args, METRIC_PARAMS)
    query = MetricQuery(
        subject=" ".join(r.text("subject", max_length=MAX_Q_LENGTH).split()),
        unit=r.values("unit"),
        source=r.values("source"),
        period=r.text("period") or None,
        year=r.integer("year", None, 1900, 2100),
        value_min=r.number("value_min"),
        value_max=r.number("value_max"),
        article=r.text("article", max_length=64) or None,
        group_by=r.choice("group_by", ("unit", "year", "subject", None), None),  # type: ignore[arg-type]
        page=r.integer("page", 1, 1, 100_000) or 1,
        size=r.integer("size", 100, 1, MAX_METRIC_PAGE_SIZE) or 100,
    )
    if (
        query.value_min is not None
        and query.value_max is not None
        and query.value_min > query.value_max
    ):
        raise ParamError("value_min is greater than value_max", "value_min")
    fmt = r.choice("format", ("json", "csv", "xlsx"), "json") or "json"
    return MetricRequest(query, fmt)


@dataclass
class CoverageRequest:
    query: SearchQuery
    interval: str
    by: str
    series: int


def coverage_query(args: MultiArgs) -> CoverageRequest:
    r = Reader(args, COVERAGE_PARAMS)
    query = SearchQuery(q=_query_text(r), **_filters(r))
    query.date_from, query.date_to = _date_range(r)
    interval = r.choice("interval", ("week", "month"), "month") or "month"
    by = r.choice("by", ("source", "unit"), "source") or "source"
    series = r.integer("series", 6, 1, 12) or 6
    return CoverageRequest(query, interval, by, series)


@dataclass
class ListRequest:
    """Paging and filters of the people, units and documents lists."""

    q: str
    page: int
    size: int
    sort: str = "count"
    unit: str = ""
    level: str | None = None
    number: str = ""


def list_request(args: MultiArgs, allowed: tuple[str, ...]) -> ListRequest:
    r = Reader(args, allowed)
    req = ListRequest(
        q=_query_text(r) if "q" in allowed else "",
        page=r.integer("page", 1, 1, 100_000) or 1,
        size=r.integer("size", 50, 1, MAX_LIST_PAGE_SIZE) or 50,
    )
    if "sort" in allowed:
        req.sort = r.choice("sort", ("count", "name", "last_seen"), "count") or "count"
    if "unit" in allowed:
        req.unit = r.text("unit")
    if "level" in allowed:
        from kiemsat.model import UNIT_LEVELS

        req.level = r.choice("level", UNIT_LEVELS, None)
    if "number" in allowed:
        req.number = r.text("number", max_length=100)
    return req


def no_params(args: MultiArgs) -> None:
    """For endpoints that take no parameters: reject any that are given."""
    Reader(args, ())
