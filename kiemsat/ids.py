"""Stable identifiers derived from canonical URLs.

An article's id must survive re-crawls and must be the same whichever of its
URLs (tracking parameters, ``http`` vs ``https``, a ``#fragment``, a trailing
``index`` page) reached it, so ids are hashes of a canonical form of the URL
rather than database row numbers.
"""

from __future__ import annotations

import hashlib
from urllib.parse import urlsplit, urlunsplit

from w3lib.url import canonicalize_url

# Query parameters that never change what a page shows.
_TRACKING_PREFIXES = ("utm_", "fbclid", "gclid", "zarsrc", "_ga")


def canonical_url(url: str) -> str:
    """Return the canonical form of ``url``: lower-case host, no default port,
    no fragment, sorted query without tracking parameters.

    >>> canonical_url("HTTP://Example.gov.vn:80/a/b?utm_source=x&id=2#top")
    'http://example.gov.vn/a/b?id=2'
    """
    url = url.strip()
    if url.startswith("file:"):
        return url
    canon = canonicalize_url(url, keep_fragments=False)
    parts = urlsplit(canon)
    query = "&".join(
        kv for kv in parts.query.split("&") if kv and not kv.lower().startswith(_TRACKING_PREFIXES)
    )
    netloc = parts.hostname or ""
    if parts.port and parts.port not in (80, 443):
        netloc = f"{netloc}:{parts.port}"
    return urlunsplit((parts.scheme, netloc, parts.path or "/", query, ""))


def article_id(url: str) -> str:
    """Stable 16-hex-digit id of the article at ``url``.

    The scheme is left out of the hash so a portal that moves from ``http`` to
    ``https`` keeps its article ids.
    """
    canon = canonical_url(url)
    key = canon.split("://", 1)[1] if "://" in canon else canon
    return hashlib.sha1(key.encode("utf-8")).hexdigest()[:16]
