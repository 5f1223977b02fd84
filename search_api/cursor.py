"""Opaque cursors for deep paging (search_after style).

A cursor carries the sort key of the last hit of a page plus a fingerprint of
the query it belongs to, base64url-encoded JSON. It is not a secret (no
signature); a cursor that does not decode, belongs to another backend or
another query is a :class:`QueryError` on ``cursor`` (HTTP 400), never a 500.
"""

from __future__ import annotations

import base64
import hashlib
import json
from dataclasses import asdict
from typing import Any

from search_api.base import QueryError, SearchQuery

_IGNORED = {"page", "cursor", "size", "facets", "facet_size", "histogram", "highlight"}


def fingerprint(query: SearchQuery) -> str:
    """What must not change between pages: text, filters, sort, collapse."""
    data = {k: v for k, v in asdict(query).items() if k not in _IGNORED}
    raw = json.dumps(data, sort_keys=True, ensure_ascii=False, default=str)
    return hashlib.sha1(raw.encode("utf-8")).hexdigest()[:12]


def encode(backend: str, query: SearchQuery, key: list[Any]) -> str:
    payload = {"b": backend, "f": fingerprint(query), "k": key}
    raw = json.dumps(payload, separators=(",", ":"), ensure_ascii=False).encode("utf-8")
    return base64.urlsafe_b64encode(raw).decode("ascii").rstrip("=")


def decode(backend: str, query: SearchQuery) -> list[Any]:
    """The sort key in ``query.cursor``; :class:`QueryError` when it is not usable here."""
    token = query.cursor or ""
    try:
        raw = base64.urlsafe_b64decode(token + "=" * (-len(token) % 4))
        payload = json.loads(raw.decode("utf-8"))
        backend_name, fp, key = payload["b"], payload["f"], payload["k"]
    except (ValueError, KeyError, TypeError, UnicodeDecodeError) as exc:
        raise QueryError(
            "cursor is not valid (take it from next_cursor unchanged)", "cursor"
        ) from exc
    if backend_name != backend or not isinstance(key, list):
        raise QueryError("cursor belongs to another search backend", "cursor")
    if fp != fingerprint(query):
        raise QueryError(
            "cursor belongs to another query (q, filters and sort must stay the same)", "cursor"
        )
    return key
