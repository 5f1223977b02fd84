"""The server-rendered web UI (Vietnamese), usable without JavaScript.

Every page's state lives in its URL (GET forms, plain links), so a search can
be bookmarked, shared and turned into an Atom feed; the one script only
submits the filter form when a facet checkbox changes.
"""

from __future__ import annotations

from search_api.web.views import web

__all__ = ["web"]
