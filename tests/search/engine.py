"""Start a real OpenSearch node for the tests (no Docker): the launcher that
``.ci/prepare-engine`` builds from ``.ci/engine/`` runs one node on a free
127.0.0.1 port with its data in a temp directory; it stops when the test run
ends (its stdin closes).

``KIEMSAT_TEST_SEARCH_URL`` points the suite at a node someone else runs.
``KIEMSAT_REQUIRE_ENGINE=1`` (set by ``.ci/run``) turns "cannot start the
engine" from a skip into a failure.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import tempfile
import threading
import time
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
ENGINE_DIR = ROOT / ".engine"
HEAP = os.environ.get("KIEMSAT_ENGINE_HEAP") or "512m"
START_TIMEOUT = float(os.environ.get("KIEMSAT_ENGINE_START_TIMEOUT", "240"))

_state: dict[str, object] = {}


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _java() -> str | None:
    home = os.environ.get("JAVA_HOME")
    if home and (Path(home) / "bin" / "java").exists():
        return str(Path(home) / "bin" / "java")
    return shutil.which("java")


def _prepare() -> None:
    """Build the launcher if needed (cheap when ``.engine`` is up to date)."""
    script = ROOT / ".ci" / "prepare-engine"
    proc = subprocess.run([str(script)], cwd=ROOT, capture_output=True, text=True, timeout=900)
    if proc.returncode != 0:
        raise RuntimeError(f".ci/prepare-engine failed:\n{proc.stdout}\n{proc.stderr}")


def _alive(url: str) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=5) as resp:  # noqa: S310 - local test node
            return resp.status == 200
    except OSError:
        return False


def start_engine() -> str:
    """Start the node and return its URL; raise ``RuntimeError`` with the reason when it cannot."""
    if _java() is None:
        raise RuntimeError("no Java runtime (java) on PATH or in JAVA_HOME")
    if shutil.which("mvn") is None and not (ENGINE_DIR / "classpath.txt").exists():
        raise RuntimeError("no Maven (mvn) to fetch the engine and no prebuilt .engine/")
    _prepare()
    port = _free_port()
    base = tempfile.mkdtemp(prefix="kiemsat-engine-")
    classpath = f"{ENGINE_DIR / 'classes'}:{(ENGINE_DIR / 'classpath.txt').read_text().strip()}"
    log = open(Path(base) / "launcher.log", "w+")  # noqa: SIM115 - kept open for the node's life
    proc = subprocess.Popen(
        [
            _java(),
            f"-Xms{HEAP}",
            f"-Xmx{HEAP}",
            "-XX:+UseSerialGC",
            "-XX:TieredStopAtLevel=1",
            "-Djava.awt.headless=true",
            "-Dlog4j2.disable.jmx=true",
            "-cp",
            classpath,
            "KiemsatEngine",
            str(port),
            base,
        ],
        stdin=subprocess.PIPE,
        stdout=log,
        stderr=subprocess.STDOUT,
        cwd=base,
    )
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + START_TIMEOUT
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            log.seek(0)
            raise RuntimeError(f"the engine exited with {proc.returncode}:\n{log.read()[-3000:]}")
        log.seek(0)
        if "KIEMSAT-ENGINE-READY" in log.read() and _alive(url):
            _state.update(proc=proc, base=base, log=log)
            return url
        time.sleep(0.5)
    proc.kill()
    log.seek(0)
    raise RuntimeError(
        f"the engine did not start within {START_TIMEOUT:.0f}s:\n{log.read()[-3000:]}"
    )


def stop_engine() -> None:
    proc = _state.pop("proc", None)
    if isinstance(proc, subprocess.Popen):
        try:
            if proc.stdin:
                proc.stdin.close()  # the launcher closes the node and exits
            proc.wait(timeout=30)
        except (OSError, subprocess.TimeoutExpired):
            proc.kill()
            proc.wait(timeout=30)
    log = _state.pop("log", None)
    if log is not None:
        log.close()  # type: ignore[attr-defined]
    base = _state.pop("base", None)
    if isinstance(base, str):
        shutil.rmtree(base, ignore_errors=True)


_lock = threading.Lock()


def engine_url_or_skip(request: pytest.FixtureRequest) -> str:
    """The URL of a live engine for this session: given, started, or skip/fail."""
    given = os.environ.get("KIEMSAT_TEST_SEARCH_URL", "").strip()
    if given:
        return given.rstrip("/")
    with _lock:
        if "url" in _state:
            return str(_state["url"])
        if "error" in _state:
            reason = str(_state["error"])
        else:
            try:
                url = start_engine()
                _state["url"] = url
                request.session.config.add_cleanup(stop_engine)
                return url
            except RuntimeError as exc:
                _state["error"] = reason = str(exc)
    message = f"search engine unavailable: {reason}"
    if os.environ.get("KIEMSAT_REQUIRE_ENGINE") == "1":
        pytest.fail(message + " (KIEMSAT_REQUIRE_ENGINE=1)", pytrace=False)
    pytest.skip(message + " (install a JDK 17+ and maven, or set KIEMSAT_TEST_SEARCH_URL)")
