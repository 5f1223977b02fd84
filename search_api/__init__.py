"""Search backends (SQLite FTS5 embedded, Elasticsearch/OpenSearch) and the Flask app.

:func:`get_backend` is the one place that chooses a backend from the settings:
an empty ``search_url`` gives the embedded SQLite FTS5 backend in
``$KIEMSAT_DATA_DIR/search.sqlite3``; an ``http(s)://`` URL an Elasticsearch
8/9 or OpenSearch 2/3 node (told apart by its root endpoint).
"""

from __future__ import annotations

from typing import Any

from search_api.base import SearchBackend


def get_backend(settings: Any) -> SearchBackend:
    """The search backend ``settings`` selects (see :class:`kiemsat.settings.Settings`)."""
    url = (getattr(settings, "search_url", "") or "").strip()
    if not url or url.lower() in ("sqlite", "embedded"):
        from search_api.sqlite_backend import SqliteBackend

        return SqliteBackend.for_settings(settings)
    if url.startswith(("http://", "https://")):
        from search_api.elastic_backend import ElasticBackend

        return ElasticBackend(
            url,
            prefix=getattr(settings, "index_prefix", "kiemsat"),
            timeout=getattr(settings, "search_timeout", 10.0),
        )
    from kiemsat.settings import SettingsError

    raise SettingsError(
        f"search URL must be empty (embedded SQLite) or an http(s):// URL of an "
        f"Elasticsearch/OpenSearch node, got {url!r}"
    )
