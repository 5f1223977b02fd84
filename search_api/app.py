"""The Flask application factory: JSON API, Atom feeds, web UI, admin actions.

``create_app(config)`` takes a config class or object (``search_api.config``),
so tests, ``kiemsat serve`` and ``kiemsat demo`` each build their own app over
their own data directory and backend. Error handling lives here because it is
the contract of the whole app: under ``/api`` and ``/feeds`` every error is a
JSON body ``{"error": ..., "status": ...}`` (plus ``"param"`` for a bad
parameter); in the web UI it is a Vietnamese HTML page. Bad input is a 400,
an unknown id a 404, an engine or store that cannot answer a 503, and nothing
is ever an unexplained 500.
"""

from __future__ import annotations

import logging
import sqlite3
from typing import Any

from flask import Flask, Response, jsonify, render_template, request
from werkzeug.exceptions import HTTPException

from kiemsat.settings import Settings
from kiemsat.store import StoreError
from search_api.api.services import Services
from search_api.base import BackendUnavailable, QueryError
from search_api.config import config_from

log = logging.getLogger(__name__)


def create_app(config: Any = None) -> Flask:
    """Build the app. ``config``: a class/object with upper-case attributes, or a dict."""
    app = Flask(
        __name__,
        template_folder="web/templates",
        static_folder="web/static",
        static_url_path="/static",
    )
    app.config.from_mapping(config_from(config))
    settings: Settings = app.config.get("SETTINGS") or Settings.from_env()
    app.config["SETTINGS"] = settings
    app.json.ensure_ascii = False  # type: ignore[attr-defined]
    app.json.sort_keys = False  # type: ignore[attr-defined]
    app.extensions["kiemsat"] = Services(
        settings,
        backend=app.config.get("BACKEND"),
        cache_size=int(app.config.get("SEARCH_CACHE_SIZE", 256)),
    )

    from search_api.api import api, feeds
    from search_api.web import web

    app.register_blueprint(api)
    app.register_blueprint(feeds)
    app.register_blueprint(web)
    if settings.admin_token:
        from search_api.api.admin import admin

        app.register_blueprint(admin)
    _register_errors(app)

    @app.after_request
    def _headers(resp: Response) -> Response:
        resp.headers.setdefault("X-Content-Type-Options", "nosniff")
        resp.headers.setdefault("Referrer-Policy", "same-origin")
        if resp.mimetype == "text/html":
            resp.headers.setdefault(
                "Content-Security-Policy",
                "default-src 'self'; img-src 'self' data:; style-src 'self'; "
                "script-src 'self'; frame-ancestors 'none'",
            )
        return resp

    return app


def _wants_json() -> bool:
    return request.path.startswith(("/api/", "/feeds/")) or request.path in ("/api", "/feeds")


def _error(
    status: int, message: str, param: str | None = None
) -> tuple[Response, int] | tuple[str, int]:
    if _wants_json():
        body: dict[str, Any] = {"error": message, "status": status}
        if param:
            body["param"] = param
        return jsonify(body), status
    return render_template("error.html", status=status, message=message, param=param), status


def _register_errors(app: Flask) -> None:
    @app.errorhandler(QueryError)
    def _bad_query(exc: QueryError):
        return _error(400, str(exc), exc.param)

    @app.errorhandler(BackendUnavailable)
    def _backend_down(exc: BackendUnavailable):
        log.warning("search backend unavailable: %s", exc)
        return _error(503, f"the search engine is unavailable: {exc}")

    @app.errorhandler(StoreError)
    def _store_missing(exc: StoreError):
        return _error(503, f"the store is unavailable: {exc}")

    @app.errorhandler(sqlite3.DatabaseError)
    def _sqlite(exc: sqlite3.DatabaseError):
        log.warning("sqlite error: %s", exc)
        text = str(exc)
        if isinstance(exc, sqlite3.OperationalError) and ("locked" in text or "busy" in text):
            return _error(503, f"the database is busy: {exc}; try again")
        # a damaged or foreign file: name it and say how to rebuild (never a bare 500)
        store = app.config["SETTINGS"].store_path
        return _error(
            503,
            f"the store or search index is unavailable or damaged ({exc}); store: {store}. "
            "A damaged store is rebuilt by moving it aside and running `kiemsat crawl --all`, "
            "`kiemsat extract --from-store` and `kiemsat reindex`; a damaged index by "
            "`kiemsat reindex`.",
        )

    @app.errorhandler(HTTPException)
    def _http(exc: HTTPException):
        return _error(exc.code or 500, exc.description or exc.name)

    @app.errorhandler(Exception)
    def _unexpected(exc: Exception):
        log.exception("unexpected error on %s", request.path)
        return _error(500, f"internal error ({type(exc).__name__}); see the server log")
