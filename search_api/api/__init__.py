"""The JSON API blueprint (``/api/...``) and the Atom feed blueprint (``/feeds/...``).

Handlers are thin: :mod:`search_api.params` turns the URL into a query (or a
400), the backend or the catalog answers, and the result's dataclasses become
JSON. Errors are JSON everywhere under these prefixes (see
``search_api.app._register_errors``).
"""

from __future__ import annotations

from search_api.api.routes import api, feeds

__all__ = ["api", "feeds"]
