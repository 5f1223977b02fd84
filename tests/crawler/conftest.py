"""Fixtures for the crawler tests: the fake portal on 127.0.0.1 and a crawl runner.

Crawls run the real ``kiemsat crawl`` command in a subprocess (Twisted's
reactor cannot be restarted inside the pytest process) against the fake portal
served from a thread of the pytest process, so the portal's request log shows
exactly what the crawler asked for.
"""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest

from crawler.fakeportal import FakePortal
from kiemsat.ids import canonical_url


@pytest.fixture
def portal():
    with FakePortal(slow_seconds=3.0) as p:
        yield p


@pytest.fixture
def clean_portal():
    """The three sites without the trap pages (what the demo crawls)."""
    with FakePortal(traps=False) as p:
        yield p


def crawl_env(sites_dir: Path) -> dict[str, str]:
    return {
        "KIEMSAT_SITES_DIR": str(sites_dir),
        "KIEMSAT_DOWNLOAD_DELAY": "0",
        "KIEMSAT_AUTOTHROTTLE": "0",
        "KIEMSAT_DOWNLOAD_TIMEOUT": "1",
        "KIEMSAT_RETRY_BACKOFF": "0.1",
    }


@pytest.fixture
def crawl(run_cli, tmp_path):
    """``crawl(portal, *args)``: run ``kiemsat crawl --json ARGS`` against ``portal``;
    returns ``(completed process, {site: summary})``."""

    def run(portal: FakePortal, *args: str, env: dict[str, str] | None = None):
        sites = portal.write_sites(tmp_path / "sites")
        res = run_cli("crawl", "--json", *args, env=crawl_env(sites) | (env or {}))
        lines = [line for line in res.stdout.splitlines() if line.startswith("[")]
        assert lines, f"no JSON summary; rc={res.returncode}\n{res.stderr[-3000:]}"
        return res, {s["site"]: s for s in json.loads(lines[-1])}

    return run


def _stored_pages(settings) -> list[dict]:
    conn = sqlite3.connect(settings.store_path)
    conn.row_factory = sqlite3.Row
    try:
        rows = conn.execute(
            "SELECT id, url, final_url, canonical_url, site, encoding, status, body FROM raw_pages"
        ).fetchall()
    finally:
        conn.close()
    return [dict(r) for r in rows]


@pytest.fixture
def stored_pages(settings):
    """``stored_pages()``: the raw pages in the store, read directly with sqlite3."""
    return lambda: _stored_pages(settings)


@pytest.fixture
def canon():
    return canonical_url
