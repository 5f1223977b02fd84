"""Checks every backend applies to a query before running it, so a bad
parameter is the same clear :class:`QueryError` (HTTP 400) on each."""

from __future__ import annotations

import re

from search_api.base import FACETS, MAX_PAGE_SIZE, MetricQuery, QueryError, SearchQuery

MAX_RESULT_WINDOW = 10_000  # page * size beyond this needs the cursor
MAX_FACET_SIZE = 200
MAX_FILTER_VALUES = 100
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def _check_date(value: str | None, param: str) -> None:
    if value is None:
        return
    from datetime import date

    try:
        if not _DATE.match(value):
            raise ValueError
        date.fromisoformat(value)
    except ValueError as exc:
        raise QueryError(f"{param} must be a date YYYY-MM-DD, got {value!r}", param) from exc


def validate(query: SearchQuery) -> None:
    if not 1 <= query.size <= MAX_PAGE_SIZE:
        raise QueryError(f"size must be between 1 and {MAX_PAGE_SIZE}", "size")
    if query.page < 1:
        raise QueryError("page must be 1 or more", "page")
    if query.cursor is None and query.page * query.size > MAX_RESULT_WINDOW:
        raise QueryError(
            f"page * size may not exceed {MAX_RESULT_WINDOW}; use the cursor (next_cursor) to go deeper",
            "page",
        )
    if query.sort not in ("relevance", "date", "-date"):
        raise QueryError(
            "sort must be relevance, date (oldest first) or -date (newest first)", "sort"
        )
    if query.histogram not in ("month", "year", None):
        raise QueryError("histogram must be month or year", "histogram")
    if query.collapse not in ("story", None):
        raise QueryError("collapse must be story", "collapse")
    if query.collapse and query.cursor:
        raise QueryError("cursor paging is not available with collapse=story; use page", "cursor")
    unknown = [f for f in query.facets if f not in FACETS]
    if unknown:
        raise QueryError(f"unknown facet {unknown[0]!r} (known: {', '.join(FACETS)})", "facets")
    if not 1 <= query.facet_size <= MAX_FACET_SIZE:
        raise QueryError(f"facet_size must be between 1 and {MAX_FACET_SIZE}", "facet_size")
    for name in FACETS:
        values = getattr(query, name)
        if len(values) > MAX_FILTER_VALUES:
            raise QueryError(f"too many {name} values (at most {MAX_FILTER_VALUES})", name)
        if any(not isinstance(v, str) for v in values):
            raise QueryError(f"{name} values must be strings", name)
    _check_date(query.date_from, "date_from")
    _check_date(query.date_to, "date_to")
    if query.date_from and query.date_to and query.date_from > query.date_to:
        raise QueryError("date_from is after date_to", "date_from")


def validate_metrics(query: MetricQuery) -> None:
    if not 1 <= query.size <= 1000:
        raise QueryError("size must be between 1 and 1000", "size")
    if query.page < 1 or query.page * query.size > MAX_RESULT_WINDOW:
        raise QueryError(
            f"page must be 1 or more and page * size at most {MAX_RESULT_WINDOW}", "page"
        )
    if query.group_by not in ("unit", "year", "subject", None):
        raise QueryError("group_by must be unit, year or subject", "group_by")
    if (
        query.value_min is not None
        and query.value_max is not None
        and query.value_min > query.value_max
    ):
        raise QueryError("value_min is greater than value_max", "value_min")
    if query.year is not None and not 1900 <= query.year <= 2100:
        raise QueryError("year must be between 1900 and 2100", "year")
