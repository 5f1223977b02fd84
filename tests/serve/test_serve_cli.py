"""``kiemsat serve`` as a user runs it: a real process, waitress, HTTP on 127.0.0.1."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
import urllib.error
import urllib.request

from tests.conftest import ROOT
from tests.serve.fixtures import free_port


def _env(data_dir, **extra) -> dict[str, str]:
    env = os.environ.copy()
    env["KIEMSAT_DATA_DIR"] = str(data_dir)
    env["PYTHONPATH"] = str(ROOT) + os.pathsep + env.get("PYTHONPATH", "")
    env.pop("KIEMSAT_ADMIN_TOKEN", None)
    env.update(extra)
    return env


def _get(url: str, headers: dict[str, str] | None = None, method: str = "GET"):
    req = urllib.request.Request(url, headers=headers or {}, method=method)
    try:
        with urllib.request.urlopen(req, timeout=10) as resp:  # noqa: S310 - 127.0.0.1 only
            return resp.status, resp.read()
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read()


def test_serve_runs_under_waitress_and_stops(data_settings):
    port = free_port()
    proc = subprocess.Popen(
        [sys.executable, "-m", "kiemsat", "serve", "--host", "127.0.0.1", "--port", str(port)],
        cwd=ROOT,
        env=_env(data_settings.data_dir, KIEMSAT_ADMIN_TOKEN="tok-123"),
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.time() + 60
        status = None
        while time.time() < deadline:
            try:
                status, body = _get(base + "/api/health")
                break
            except OSError:
                time.sleep(0.2)
        assert status == 200, "server did not come up"
        assert json.loads(body)["store"]["articles"] == 8
        status, body = _get(base + "/api/search?q=kiem+sat&size=2")
        assert status == 200 and len(json.loads(body)["hits"]) == 2
        status, html = _get(base + "/")
        assert status == 200 and "kiemsat" in html.decode()
        status, body = _get(base + "/api/admin/reindex", method="POST")
        assert status == 401  # token set: the endpoint exists, but needs the token
    finally:
        proc.terminate()
        out, _ = proc.communicate(timeout=30)
    assert f"listening on http://127.0.0.1:{port}/" in out
    assert "admin endpoints enabled" in out and "tok-123" not in out


def test_serve_without_a_store_says_what_to_do(tmp_path):
    proc = subprocess.run(
        [sys.executable, "-m", "kiemsat", "serve", "--port", "0"],
        cwd=ROOT,
        env=_env(tmp_path / "nothing"),
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert proc.returncode == 3
    assert "store not found" in proc.stderr and "KIEMSAT_DATA_DIR" in proc.stderr
