"""Fixtures of the reliability suite: misbehaving portals, crawl runs in
subprocesses, direct reads of the store, and the session's search engine.

Crawls and the other long-running commands run as real ``python -m kiemsat``
subprocesses (so they can be killed with real signals); the portals are served
from threads of the pytest process so their request logs show what was asked.
"""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from kiemsat.settings import Settings
from tests.conftest import ROOT
from tests.reliability.faultportal import FaultPortal
from tests.search.engine import engine_url_or_skip


def crawl_env(sites_dir: Path, **extra: str) -> dict[str, str]:
    """Politeness off and short timeouts: the portal is ours, on 127.0.0.1."""
    return {
        "KIEMSAT_SITES_DIR": str(sites_dir),
        "KIEMSAT_DOWNLOAD_DELAY": "0",
        "KIEMSAT_AUTOTHROTTLE": "0",
        "KIEMSAT_DOWNLOAD_TIMEOUT": "1",
        "KIEMSAT_RETRY_BACKOFF": "0.05",
        **extra,
    }


@pytest.fixture
def fault_portal() -> Iterator[FaultPortal]:
    with FaultPortal() as portal:
        yield portal


@pytest.fixture
def crawl(run_cli, tmp_path: Path):
    """``crawl(portal, *args)``: ``kiemsat crawl faulty --json`` against ``portal``;
    returns ``(completed process, summary of the site)``."""

    def run(portal: FaultPortal, *args: str, env: dict[str, str] | None = None):
        sites = portal.write_profile(tmp_path / "sites")
        res = run_cli(
            "crawl", "faulty", "--json", "--no-progress", *args, env=crawl_env(sites) | (env or {})
        )
        lines = [line for line in res.stdout.splitlines() if line.startswith("[")]
        assert lines, f"no JSON summary; rc={res.returncode}\n{res.stderr[-3000:]}"
        return res, json.loads(lines[-1])[0]

    return run


def query(settings: Settings, sql: str, *params: object) -> list[sqlite3.Row]:
    """Read the store with a fresh read-only connection (what another process sees)."""
    conn = sqlite3.connect(f"file:{settings.store_path}?mode=ro", uri=True, timeout=30)
    conn.row_factory = sqlite3.Row
    try:
        return conn.execute(sql, params).fetchall()
    finally:
        conn.close()


def cli_env(settings: Settings, **extra: str) -> dict[str, str]:
    env = os.environ.copy()
    env["KIEMSAT_DATA_DIR"] = str(settings.data_dir)
    env["PYTHONPATH"] = str(ROOT) + os.pathsep + env.get("PYTHONPATH", "")
    env.update(extra)
    return env


def kill_when(
    args: list[str],
    env: dict[str, str],
    ready: Callable[[], bool],
    *,
    timeout: float = 120,
) -> tuple[bool, str]:
    """Start ``python -m kiemsat ARGS``, SIGKILL it as soon as ``ready()`` holds.

    Returns ``(killed, stderr)``: ``killed`` is false when the process ended on
    its own first (then the caller's kill point was not reached).
    """
    proc = subprocess.Popen(
        [sys.executable, "-m", "kiemsat", *args],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    deadline = time.monotonic() + timeout
    killed = False
    try:
        while time.monotonic() < deadline:
            if proc.poll() is not None:
                break
            try:
                if ready():
                    proc.send_signal(signal.SIGKILL)
                    killed = True
                    break
            except sqlite3.Error:
                pass  # the file is being created; look again
            time.sleep(0.02)
        else:
            proc.kill()
            pytest.fail(f"kiemsat {' '.join(args)} neither reached the kill point nor ended")
    finally:
        _, err = proc.communicate(timeout=60)
    if killed:
        assert proc.returncode == -signal.SIGKILL
    return killed, err


@pytest.fixture(scope="session")
def engine_url(request: pytest.FixtureRequest) -> str:
    """The session's real OpenSearch node (shared with tests/search)."""
    return engine_url_or_skip(request)


def kiemsat_proc(args: list[str], env: dict[str, str], timeout: float = 300):
    """Run ``python -m kiemsat ARGS`` to the end; return the completed process."""
    return subprocess.run(
        [sys.executable, "-m", "kiemsat", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
    )


def run_kiemsat(args: list[str], env: dict[str, str], timeout: float = 300) -> str:
    """Run ``python -m kiemsat ARGS``, require exit 0, return its stdout."""
    proc = kiemsat_proc(args, env, timeout)
    assert proc.returncode == 0, (
        f"kiemsat {' '.join(args)}: {proc.returncode}\n{proc.stderr[-3000:]}"
    )
    return proc.stdout
