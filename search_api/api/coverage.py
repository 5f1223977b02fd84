"""Coverage: how many articles per week or month, by source or by unit.

Computed through the search backend so that the same query syntax and filters
as ``/api/search`` apply: one search gets the overall histogram and the top
sources/units (the facet of ``by``), then one search per series gets that
series' histogram. The axis is filled with zeros between the first and last
period so a chart shows quiet weeks as quiet, not as missing.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta
from typing import Any

from search_api.base import QueryError, SearchBackend, SearchQuery, SearchResult
from search_api.params import CoverageRequest

#: when a backend cannot bucket by week, at most this many hits are bucketed by hand
FALLBACK_MAX_HITS = 5000


def coverage(backend: SearchBackend, req: CoverageRequest) -> dict[str, Any]:
    base = replace(
        req.query,
        facets=[req.by],
        facet_size=max(req.series * 3, 20),
        histogram=req.interval,  # type: ignore[arg-type]
        size=1,
        page=1,
        highlight=False,
        sort="-date",
        collapse=None,
        cursor=None,
    )
    overall, counts_all = _search(backend, base, req.interval)
    chosen = getattr(req.query, req.by)
    values = [fv.value for fv in overall.facets.get(req.by, [])]
    if chosen:  # the user filtered on this dimension: only those series
        values = [v for v in values if v in chosen] or list(chosen)
    series = []
    for value in values[: req.series]:
        q = replace(base, facets=[], **{req.by: [value]})
        result, counts = _search(backend, q, req.interval)
        series.append({"key": value, "total": result.total, "counts": counts})
    periods = _axis([counts_all, *(s["counts"] for s in series)], req.interval)
    return {
        "interval": req.interval,
        "by": req.by,
        "total": overall.total,
        "periods": periods,
        "counts": [counts_all.get(p, 0) for p in periods],
        "series": [
            {
                "key": s["key"],
                "total": s["total"],
                "counts": [s["counts"].get(p, 0) for p in periods],
            }
            for s in series
        ],
    }


def _search(
    backend: SearchBackend, query: SearchQuery, interval: str
) -> tuple[SearchResult, dict[str, int]]:
    """Run ``query`` and return its result and its histogram as ``{period: count}``."""
    try:
        result = backend.search(query)
    except QueryError as exc:
        if exc.param != "histogram":
            raise
        # a backend that cannot bucket by this interval: bucket the hits ourselves
        result = backend.search(replace(query, histogram=None))
        return result, _bucket_hits(backend, query, interval)
    counts = {b.value: b.count for b in result.histogram}
    if all(_parse_period(k, interval) for k in counts):
        return result, counts
    return result, _bucket_hits(backend, query, interval)


def _bucket_hits(backend: SearchBackend, query: SearchQuery, interval: str) -> dict[str, int]:
    counts: dict[str, int] = {}
    q = replace(query, facets=[], histogram=None, size=100, page=1, sort="-date")
    seen = 0
    while seen < FALLBACK_MAX_HITS:
        try:
            result = backend.search(q)
        except QueryError:
            break
        for hit in result.hits:
            key = period_of(hit.published, interval)
            if key:
                counts[key] = counts.get(key, 0) + 1
        seen += len(result.hits)
        if not result.hits or not result.next_cursor:
            break
        q = replace(q, cursor=result.next_cursor)
    return counts


def period_of(published: str | None, interval: str) -> str | None:
    """``2024-03-07`` → ``2024-03`` (month) or ``2024-W10`` (ISO week)."""
    if not published:
        return None
    try:
        day = date.fromisoformat(published[:10])
    except ValueError:
        return None
    if interval == "month":
        return f"{day.year:04d}-{day.month:02d}"
    year, week, _ = day.isocalendar()
    return f"{year:04d}-W{week:02d}"


def _parse_period(key: str, interval: str) -> date | None:
    """First day of a period key, or ``None`` when the key is not of that interval."""
    try:
        if interval == "month" and len(key) == 7 and key[4] == "-":
            return date(int(key[:4]), int(key[5:7]), 1)
        if interval == "week" and len(key) == 8 and key[4:6] == "-W":
            return date.fromisocalendar(int(key[:4]), int(key[6:8]), 1)
    except ValueError:
        return None
    return None


def _axis(histograms: list[dict[str, int]], interval: str) -> list[str]:
    starts = [d for h in histograms for k in h if (d := _parse_period(k, interval))]
    if not starts:
        return []
    first, last = min(starts), max(starts)
    periods: list[str] = []
    current = first
    while current <= last and len(periods) < 1000:
        periods.append(period_of(current.isoformat(), interval) or "")
        if interval == "week":
            current += timedelta(days=7)
        else:
            current = date(current.year + (current.month == 12), current.month % 12 + 1, 1)
    return periods
