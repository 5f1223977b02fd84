"""``kiemsat serve``: the API and web UI under waitress.

Waitress is a pure-Python production WSGI server: it runs the same way on a
laptop, in CI and on a server, with no compiler or platform-specific parts.
The app only reads the store and the index (``KIEMSAT_DATA_DIR`` or the
``SEARCH_URL`` engine); the admin endpoints exist only when
``KIEMSAT_ADMIN_TOKEN`` is set.
"""

from __future__ import annotations

import argparse
import logging
import sys
import threading
from typing import Any
from urllib.parse import urlsplit, urlunsplit

from kiemsat.settings import Settings
from kiemsat.store import Store

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 8000


def register(subparsers: Any) -> None:
    p = subparsers.add_parser(
        "serve",
        help="serve the JSON API and the web UI (waitress)",
        description="Serve the JSON API, Atom feeds and the web UI over the store and search index.",
    )
    p.add_argument(
        "--host", default=DEFAULT_HOST, help=f"address to listen on (default {DEFAULT_HOST})"
    )
    p.add_argument(
        "--port",
        type=int,
        default=DEFAULT_PORT,
        help=f"port (default {DEFAULT_PORT}; 0 picks a free one)",
    )
    p.add_argument("--threads", type=int, default=8, help="worker threads (default 8)")
    p.add_argument(
        "--cache-size",
        type=int,
        default=256,
        help="search/figures results kept in memory, invalidated when the index changes (0: off)",
    )
    p.set_defaults(handler=handle_serve)


def make_server(
    settings: Settings,
    host: str,
    port: int,
    threads: int = 8,
    app: Any = None,
    cache_size: int = 256,
):
    """A waitress server for the app over ``settings`` (not yet serving; call ``.run()``)."""
    from waitress import create_server

    from search_api.app import create_app
    from search_api.config import ProductionConfig

    if app is None:
        config = type(
            "ServeConfig",
            (ProductionConfig,),
            {"SETTINGS": settings, "SEARCH_CACHE_SIZE": cache_size},
        )
        app = create_app(config)
    server = create_server(
        app,
        host=host,
        port=port,
        threads=threads,
        ident="kiemsat",
        clear_untrusted_proxy_headers=True,
        channel_timeout=60,
    )
    server.flask_app = app  # waitress keeps only the WSGI callable
    return server


def warm_catalog(app: Any) -> threading.Thread:
    """Fill the people/units/documents tables in the background.

    On a large store this takes a while (every article's JSON is read once);
    the server listens meanwhile, search and articles answer at once, and the
    first people/units/documents request waits for the tables instead of
    building them itself.
    """

    def run() -> None:
        try:
            app.extensions["kiemsat"].catalog.refresh()
        except Exception as exc:  # noqa: BLE001 - requests will report it as a 503
            logging.getLogger(__name__).warning("catalog warm-up failed: %s", exc)

    thread = threading.Thread(target=run, name="catalog-warm-up", daemon=True)
    thread.start()
    return thread


def server_url(server: Any) -> str:
    host, port = server.effective_host, server.effective_port
    if ":" in str(host):
        host = f"[{host}]"
    return f"http://{host}:{port}/"


def _redact(url: str) -> str:
    """The engine URL without credentials, for the start-up banner."""
    parts = urlsplit(url)
    if parts.username or parts.password:
        return urlunsplit(
            parts._replace(netloc=f"***@{parts.hostname}:{parts.port or ''}".rstrip(":"))
        )
    return url


def handle_serve(args: argparse.Namespace, settings: Settings) -> int:
    # fail early and clearly when there is nothing to serve
    with Store(settings.store_path, create=False, readonly=True) as store:
        articles = store.count_articles()
    if not 0 <= args.port <= 65535:
        print(f"kiemsat: error: --port must be 0-65535, got {args.port}", file=sys.stderr)
        return 2
    logging.basicConfig(
        level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s"
    )
    server = make_server(settings, args.host, args.port, args.threads, cache_size=args.cache_size)
    app = server.flask_app
    warm_catalog(app)
    backend = (
        _redact(settings.search_url) or f"embedded SQLite ({settings.data_dir / 'search.sqlite3'})"
    )
    print(f"kiemsat: serving {articles} articles from {settings.store_path}", flush=True)
    print(f"kiemsat: search backend: {backend}", flush=True)
    if settings.admin_token:
        print("kiemsat: admin endpoints enabled (token from KIEMSAT_ADMIN_TOKEN)", flush=True)
    print(f"kiemsat: listening on {server_url(server)}  (Ctrl+C to stop)", flush=True)
    try:
        server.run()
    finally:
        app.extensions["kiemsat"].close()
    return 0
