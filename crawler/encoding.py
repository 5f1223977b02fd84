"""Which encoding a fetched page is really in.

Portals declare charsets wrongly more often than one would hope: an old
SharePoint page in windows-1258, a WordPress theme that says ``iso-8859-1``
over UTF-8 bytes, a page with no charset at all. Strict UTF-8 decoding almost
never succeeds on non-UTF-8 Vietnamese text, so a body that decodes as UTF-8
(and is not plain ASCII) is UTF-8 whatever the label says; otherwise the
declared charset is trusted if Python knows it, and only then is the charset
guessed (charset-normalizer, which Scrapy's stack already installs).
"""

from __future__ import annotations

import codecs
import re

_META_RE = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.IGNORECASE)


def _codec(name: str | None) -> str | None:
    if not name:
        return None
    try:
        return codecs.lookup(name.strip().strip("\"'")).name
    except LookupError:
        return None


def declared_charset(body: bytes, content_type: str | None) -> str | None:
    """The charset the server (Content-Type) or the page (``<meta>``) declares."""
    if content_type:
        m = re.search(r"charset\s*=\s*[\"']?([A-Za-z0-9_.:-]+)", content_type, re.IGNORECASE)
        if m and _codec(m.group(1)):
            return _codec(m.group(1))
    m = _META_RE.search(body[:4096])
    if m:
        return _codec(m.group(1).decode("ascii", "ignore"))
    return None


def detect_encoding(body: bytes, content_type: str | None = None) -> str:
    """The Python codec name that decodes ``body`` correctly (see module docstring)."""
    declared = declared_charset(body, content_type)
    if body.startswith(codecs.BOM_UTF8):
        return "utf-8"
    try:
        body.decode("utf-8")
    except UnicodeDecodeError:
        pass
    else:
        if declared is None or declared == "utf-8" or not body.isascii():
            return "utf-8"
        return declared
    if declared and declared != "utf-8":
        return declared
    from charset_normalizer import from_bytes

    best = from_bytes(body[:200_000]).best()
    return _codec(best.encoding if best else None) or "cp1258"
