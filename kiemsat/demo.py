"""``kiemsat demo``: the whole pipeline on one machine, offline, in one command.

It starts the fake portal (our own procuracy sites on 127.0.0.1), crawls it
with the real Scrapy crawler, extracts the articles with the NLP pipeline,
indexes them into the embedded SQLite backend and serves the web UI, printing
its URL. Each stage runs as its own ``kiemsat`` command, exactly as a user
would run it, so the demo exercises the real command line end to end.

The demo keeps its data in ``<data dir>/demo`` and starts afresh each time
(the fake portal's ports change from run to run, and with them the article
URLs). ``--no-serve`` stops after indexing and prints a summary, for tests.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

from kiemsat.settings import Settings
from kiemsat.store import Store

ROOT = Path(__file__).resolve().parent.parent
#: the files of a demo directory (removed before each run, and nothing else)
DEMO_FILES = ("kiemsat.sqlite3", "search.sqlite3")


def register(subparsers: Any) -> None:
    p = subparsers.add_parser(
        "demo",
        help="crawl the bundled sample portal offline, extract, index and serve the UI",
        description="Start the fake portal, crawl it, extract, index into the embedded backend and serve the UI.",
    )
    p.add_argument("--host", default="127.0.0.1", help="address for the UI (default 127.0.0.1)")
    p.add_argument(
        "--port", type=int, default=8000, help="port for the UI (default 8000; 0 picks a free one)"
    )
    p.add_argument("--no-serve", action="store_true", help="stop after indexing (print a summary)")
    p.add_argument(
        "--json", action="store_true", help="print the summary as one JSON line on stdout"
    )
    p.set_defaults(handler=handle_demo)


def _reset(demo_dir: Path) -> None:
    demo_dir.mkdir(parents=True, exist_ok=True)
    for name in DEMO_FILES:
        for suffix in ("", "-wal", "-shm", "-journal"):
            (demo_dir / f"{name}{suffix}").unlink(missing_ok=True)


def _stage(title: str, args: list[str], demo_dir: Path, env: dict[str, str]) -> float:
    """Run one ``kiemsat`` command over the demo directory; fail loudly if it fails."""
    print(f"\n== {title}: kiemsat {' '.join(args)}", file=sys.stderr, flush=True)
    started = time.perf_counter()
    proc = subprocess.run(
        [sys.executable, "-m", "kiemsat", "--data-dir", str(demo_dir), *args],
        cwd=ROOT,
        env=env,
        stdout=sys.stderr,  # the stage's report goes to our stderr, our summary to stdout
        stdin=subprocess.DEVNULL,
        check=False,
    )
    took = time.perf_counter() - started
    # exit 1 means "some inputs failed, the rest were processed" (a trap page, an empty article)
    if proc.returncode not in (0, 1):
        raise DemoError(f"{title} failed (kiemsat {args[0]} exited with {proc.returncode})")
    return round(took, 1)


class DemoError(RuntimeError):
    """A stage of the demo failed."""


def run_pipeline(demo_dir: Path) -> dict[str, Any]:
    """Fake portal → crawl → extract → index; return a summary of what the store and index hold."""
    from crawler.fakeportal.server import FakePortal

    _reset(demo_dir)
    env = os.environ | {
        "PYTHONPATH": os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")])),
        "KIEMSAT_DOWNLOAD_DELAY": "0",
        "KIEMSAT_AUTOTHROTTLE": "0",
    }
    for name in ("KIEMSAT_DATA_DIR", "KIEMSAT_SEARCH_URL", "SEARCH_URL", "KIEMSAT_SITES_DIR"):
        env.pop(name, None)
    timings: dict[str, float] = {}
    try:
        portal = FakePortal(traps=False)
    except OSError as exc:
        raise DemoError(f"cannot start the fake portal: {exc}") from exc
    with portal:
        sites_dir = portal.write_sites(demo_dir / "sites")
        print(
            f"fake portal: {', '.join(s.base_url for s in portal.sites.values())}", file=sys.stderr
        )
        timings["crawl_s"] = _stage(
            "crawl",
            ["crawl", *portal.sites, "--sites-dir", str(sites_dir), "--no-progress"],
            demo_dir,
            env,
        )
    timings["extract_s"] = _stage("extract", ["extract", "--from-store"], demo_dir, env)
    timings["index_s"] = _stage("index", ["index"], demo_dir, env)

    settings = Settings(data_dir=demo_dir)
    from search_api import get_backend

    with Store(settings.store_path, readonly=True) as store:
        stats = store.stats()
        sites = dict(
            store.conn.execute(
                "SELECT site, COUNT(*) FROM articles GROUP BY site ORDER BY site"
            ).fetchall()
        )
    backend = get_backend(settings)
    try:
        indexed = backend.count()
    finally:
        backend.close()
    return {
        "data_dir": str(demo_dir),
        "raw_pages": stats["raw_pages"],
        "articles": stats["articles"],
        "extract_errors": stats["errors"],
        "indexed": indexed,
        "sites": sites,
        **timings,
    }


def handle_demo(args: argparse.Namespace, settings: Settings) -> int:
    demo_dir = Path(settings.data_dir) / "demo"
    try:
        summary = run_pipeline(demo_dir)
    except DemoError as exc:
        print(f"kiemsat demo: error: {exc}", file=sys.stderr)
        return 1
    print(
        f"\ndemo data: {summary['raw_pages']} pages fetched, {summary['articles']} articles "
        f"extracted, {summary['indexed']} indexed ({demo_dir})",
        file=sys.stderr,
    )
    if args.json:
        print(json.dumps(summary, ensure_ascii=False), flush=True)
    if summary["articles"] == 0 or summary["indexed"] != summary["articles"]:
        print(
            "kiemsat demo: error: the index does not hold every extracted article", file=sys.stderr
        )
        return 1
    if args.no_serve:
        return 0

    from search_api.serve_commands import make_server, server_url, warm_catalog

    demo_settings = settings.with_overrides(data_dir=demo_dir, search_url="", admin_token="")
    try:
        server = make_server(demo_settings, args.host, args.port)
    except OSError as exc:  # the port is taken: any free one will do for a demo
        print(
            f"kiemsat demo: port {args.port} unavailable ({exc.strerror}); picking a free one",
            file=sys.stderr,
        )
        server = make_server(demo_settings, args.host, 0)
    warm_catalog(server.flask_app)
    print(f"\nkiemsat demo: open {server_url(server)}  (Ctrl+C to stop)", flush=True)
    try:
        server.run()
    finally:
        server.flask_app.extensions["kiemsat"].close()
    return 0
