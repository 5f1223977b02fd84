"""A crawl SIGKILLed mid-way and started again stores every article exactly once."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from crawler.fakeportal import FakePortal
from crawler.profiles import list_profiles

ROOT = Path(__file__).resolve().parents[2]
N = 150


def _count(db: Path) -> int:
    if not db.exists():
        return 0
    try:
        conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=5)
        try:
            return conn.execute("SELECT COUNT(*) FROM raw_pages").fetchone()[0]
        finally:
            conn.close()
    except sqlite3.OperationalError:
        return 0  # schema not created yet


@pytest.mark.slow
def test_kill_and_resume(settings, tmp_path, run_cli, canon, stored_pages):
    with FakePortal(large=N, seed=5, page_size=10) as portal:
        sites = portal.write_sites(tmp_path / "sites")
        listed = {p.name: p.enabled for p in list_profiles(sites)}
        assert listed["large"] and not listed["vksndtc"]  # --all would stay on the portal
        env = os.environ | {
            "KIEMSAT_DATA_DIR": str(settings.data_dir),
            "KIEMSAT_SITES_DIR": str(sites),
            "KIEMSAT_DOWNLOAD_DELAY": "0.03",  # slow enough to kill it half-way
            "KIEMSAT_AUTOTHROTTLE": "0",
            "PYTHONPATH": str(ROOT),
        }
        proc = subprocess.Popen(
            [sys.executable, "-m", "kiemsat", "crawl", "large", "--no-progress"],
            cwd=ROOT,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        deadline = time.monotonic() + 120
        while _count(settings.store_path) < 30 and time.monotonic() < deadline:
            assert proc.poll() is None, "crawl ended before it could be killed"
            time.sleep(0.05)
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=30)
        before = {p["canonical_url"] for p in stored_pages()}
        assert 30 <= len(before) < N

        portal.clear_hits()
        envs = {k: env[k] for k in ("KIEMSAT_SITES_DIR", "KIEMSAT_AUTOTHROTTLE")}
        res = run_cli("crawl", "large", "--no-progress", env=envs | {"KIEMSAT_DOWNLOAD_DELAY": "0"})
        assert res.returncode == 0, res.stderr[-2000:]
        pages = stored_pages()
        urls = [p["canonical_url"] for p in pages]
        expected = {
            canon(portal.url("large", f"/tin-tuc/tin-hoat-dong/bai-viet-{i}.html"))
            for i in range(N)
        }
        assert sorted(urls) == sorted(expected)  # every article, each exactly once
        refetched = {
            canon(portal.url("large", h.path)) for h in portal.hits("large") if "bai-viet" in h.path
        }
        # only what was in flight at the kill (stored but not yet marked) may be fetched again
        assert len(refetched & before) <= 2
        assert refetched | before == expected
        # the resumed crawl had to page through every listing page
        assert len({h.path for h in portal.hits("large") if "trang=" in h.path}) == N // 10 - 1

        portal.clear_hits()
        res = run_cli("crawl", "large", "--no-progress", env=envs | {"KIEMSAT_DOWNLOAD_DELAY": "0"})
        assert res.returncode == 0
        assert not [h for h in portal.hits("large") if "bai-viet" in h.path]
