"""Atom feeds of saved searches (``/feeds/search.atom?q=...``).

A feed is a search sorted newest first. Entry ids are ``urn:kiemsat:article:<id>``
built from the article's stable id, and the feed id is derived from the
normalised search parameters, so feed readers never see a story twice and a
re-crawl or a reindex does not make old entries look new. The XML is built with
``xml.etree.ElementTree``, which escapes all text.
"""

from __future__ import annotations

import hashlib
import re
import xml.etree.ElementTree as ET
from collections.abc import Callable, Iterable
from datetime import UTC, datetime
from urllib.parse import urlencode

from search_api.base import Hit

ATOM_NS = "http://www.w3.org/2005/Atom"
_TAGS = re.compile(r"</?mark>")


def feed_id(params: Iterable[tuple[str, str]]) -> str:
    """A stable id for a search: same parameters (in any order) → same id."""
    canonical = urlencode(sorted((k, v) for k, v in params if v))
    return "urn:kiemsat:search:" + hashlib.sha1(canonical.encode("utf-8")).hexdigest()[:16]


def _timestamp(day: str | None) -> str:
    if day and len(day) >= 10:
        return f"{day[:10]}T00:00:00Z"
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _text(snippet: str) -> str:
    import html

    return html.unescape(_TAGS.sub("", snippet or ""))


def atom_feed(
    *,
    title: str,
    params: list[tuple[str, str]],
    self_url: str,
    html_url: str,
    hits: list[Hit],
    article_url: Callable[[str], str],
) -> bytes:
    """Render the Atom document for ``hits`` (already newest first)."""
    ET.register_namespace("", ATOM_NS)
    feed = ET.Element(f"{{{ATOM_NS}}}feed")

    def sub(parent: ET.Element, tag: str, text: str | None = None, **attrs: str) -> ET.Element:
        el = ET.SubElement(parent, f"{{{ATOM_NS}}}{tag}", attrs)
        if text is not None:
            el.text = text
        return el

    sub(feed, "id", feed_id(params))
    sub(feed, "title", title)
    sub(
        feed,
        "updated",
        max((_timestamp(h.published) for h in hits if h.published), default=_timestamp(None)),
    )
    sub(feed, "link", rel="self", href=self_url, type="application/atom+xml")
    sub(feed, "link", rel="alternate", href=html_url, type="text/html")
    author = sub(feed, "author")
    sub(author, "name", "kiemsat")
    sub(feed, "generator", "kiemsat")
    for hit in hits:
        entry = sub(feed, "entry")
        sub(entry, "id", f"urn:kiemsat:article:{hit.id}")
        sub(entry, "title", hit.title or "(không có tiêu đề)")
        sub(entry, "updated", _timestamp(hit.published))
        if hit.published:
            sub(entry, "published", _timestamp(hit.published))
        sub(entry, "link", rel="alternate", href=article_url(hit.id), type="text/html")
        if hit.url:
            sub(entry, "link", rel="via", href=hit.url)
        if hit.source:
            sub(entry, "category", term=hit.source)
        sub(entry, "summary", _text(hit.snippet), type="text")
    return ET.tostring(feed, encoding="utf-8", xml_declaration=True)
