"""What the spider hands to the pipelines: one fetched article page, as it came."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class PageItem:
    """A fetched article page (or a 304 for one), before anything else happens to it."""

    site: str
    url: str  # the URL requested first (before redirects)
    final_url: str  # the URL that answered
    status: int
    body: bytes = b""
    headers: dict[str, str] = field(default_factory=dict)
    canonical: str | None = None  # <link rel=canonical>, when on the profile's site
    content_type: str | None = None
    etag: str | None = None
    last_modified: str | None = None
    # filled in by the pipelines
    id: str | None = None
    encoding: str | None = None
    outcome: str | None = None  # "new", "updated", "unchanged"
