"""The search engine down, hanging or slow while the API serves and while indexing runs.

A :class:`~tests.reliability.faultproxy.FaultProxy` sits between kiemsat and
the session's real OpenSearch node. While serving, the API answers 503 with a
JSON body within a bounded time (no hang, no 500) and recovers by itself when
the engine is back. While indexing, ``kiemsat index`` waits for the engine and
carries on. ``tests/serve/test_serve_failures.py::test_engine_down_gives_503_json``
covers an engine that was never there; ``tests/search/test_search_indexing.py::
test_engine_down_loses_nothing`` an engine lost between two index runs.
"""

from __future__ import annotations

import json
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from urllib.parse import urlsplit

import pytest

from kiemsat.settings import Settings
from search_api.serve_commands import make_server, server_url
from tests.conftest import ROOT
from tests.reliability.conftest import cli_env, run_kiemsat
from tests.reliability.faultproxy import FaultProxy
from tests.reliability.test_process_kill import N_ARTICLES, fill_store, fingerprint

pytestmark = [pytest.mark.engine, pytest.mark.slow]

#: what a client of the API may wait, at most, for an answer while the engine hangs
#: (the server here gives the engine 1.5 s a try; readers queued behind each other
#: would wait 1.5 s times their place in the queue)
ANSWER_BOUND = 10.0
CLIENTS = 8


@pytest.fixture
def proxy(engine_url):
    target = urlsplit(engine_url)
    p = FaultProxy(target.hostname or "127.0.0.1", target.port or 9200).start()
    yield p
    p.stop()


def get(url: str, timeout: float = 60) -> tuple[int, dict, float]:
    started = time.monotonic()
    try:
        with urllib.request.urlopen(url, timeout=timeout) as resp:  # noqa: S310 - local server
            status, body = resp.status, resp.read()
    except urllib.error.HTTPError as exc:
        status, body = exc.code, exc.read()
    return status, json.loads(body), time.monotonic() - started


@pytest.fixture
def served(tmp_path, engine_url, proxy):
    """A waitress server whose backend talks to the engine through ``proxy``."""
    direct = Settings(data_dir=tmp_path / "data", search_url=engine_url, index_prefix="srvfault")
    from tests.serve.conftest import build_data

    build_data(direct)
    from search_api import get_backend

    backend = get_backend(direct)
    backend.refresh()
    backend.close()
    settings = direct.with_overrides(
        search_url=proxy.url, search_timeout=1.5
    )  # what `kiemsat serve` gets from KIEMSAT_SEARCH_TIMEOUT
    server = make_server(settings, "127.0.0.1", 0, threads=16)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    yield server_url(server).rstrip("/")
    server.close()
    server.flask_app.extensions["kiemsat"].close()


@pytest.mark.parametrize("fault", ["down", "blackhole", "slow"])
def test_api_answers_503_json_then_recovers(served, proxy, fault):
    search = f"{served}/api/search?q=kiem+sat"
    status, body, _ = get(search)
    assert status == 200 and body["total"] > 0
    proxy.set_mode(fault, delay=10.0)
    urls = [
        search,
        f"{served}/api/health",
        f"{served}/api/metrics",
        f"{served}/feeds/search.atom?q=x",
        *(f"{served}/api/search?q=so+{n}" for n in range(CLIENTS)),
    ]
    # all at once, as many readers would: nobody may queue behind another's timeout
    with ThreadPoolExecutor(len(urls)) as pool:
        answers = list(pool.map(get, urls))
    print("answer times under", fault, sorted(round(a[2], 1) for a in answers))
    for url, (status, body, took) in zip(urls, answers, strict=True):
        assert status == 503, (url, status, body)
        if url.endswith("/health"):  # the health document keeps its shape, says what is down
            assert body["status"] == "unavailable" and "error" in body["backend"]
        else:
            assert "unavailable" in body["error"] and body["status"] == 503
        assert took < ANSWER_BOUND, f"{url} took {took:.1f}s with the engine {fault}"
    proxy.set_mode("up")
    deadline = time.monotonic() + 30
    while True:
        status, body, _ = get(search)
        if status == 200 or time.monotonic() > deadline:
            break
        time.sleep(0.5)
    assert status == 200 and body["total"] > 0, "the API did not recover when the engine came back"
    assert get(f"{served}/api/health")[0] == 200


def test_index_waits_for_the_engine_and_carries_on(tmp_path, engine_url, proxy):
    """The engine drops out for a few seconds in the middle of ``kiemsat index``,
    then answers slowly for a few more: the run waits, resumes when the engine is
    back, and ends with the full index."""
    settings = Settings(data_dir=tmp_path / "data", search_url=proxy.url, index_prefix="idxwait")
    fill_store(settings)
    env = cli_env(
        settings,
        KIEMSAT_SEARCH_URL=proxy.url,
        KIEMSAT_INDEX_PREFIX=settings.index_prefix,
    )
    # Slow answers from the start, so the run is still sending batches when the engine
    # goes away (on an idle machine all batches can otherwise land within a second).
    proxy.set_mode("slow", delay=0.3)
    proc = subprocess.Popen(
        [sys.executable, "-m", "kiemsat", "index", "--quiet", "--json", "--batch", "25"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    direct = settings.with_overrides(search_url=engine_url)
    from tests.reliability.test_process_kill import index_progress

    deadline = time.monotonic() + 120
    while index_progress(direct) == 0 and time.monotonic() < deadline and proc.poll() is None:
        time.sleep(0.05)
    assert proc.poll() is None, "index finished before the engine could be cut"
    # stderr is read as it comes, so the engine stays away until the run has met the
    # outage and said it waits (a fixed sleep can fall between two bulk requests).
    err_lines: list[str] = []
    reader = threading.Thread(target=lambda: err_lines.extend(proc.stderr), daemon=True)
    reader.start()
    proxy.set_mode("down")
    time.sleep(4)
    deadline = time.monotonic() + 90
    while (
        not any("waiting" in line for line in err_lines)
        and proc.poll() is None
        and time.monotonic() < deadline
    ):
        time.sleep(0.1)
    mark = index_progress(direct)
    proxy.set_mode("slow", delay=0.3)  # back, but slow for a while
    time.sleep(3)
    proxy.set_mode("up")
    out = proc.stdout.read()
    proc.wait(timeout=300)
    reader.join(timeout=30)
    err = "".join(err_lines)
    assert proc.returncode == 0, err[-3000:]
    assert "waiting" in err, "the wait is reported"
    assert 0 < mark < N_ARTICLES
    assert json.loads(out)["articles_in_index"] == N_ARTICLES
    clean = settings.with_overrides(search_url=engine_url, index_prefix="idxclean")
    run_kiemsat(
        ["index", "--quiet"],
        cli_env(clean, KIEMSAT_SEARCH_URL=engine_url, KIEMSAT_INDEX_PREFIX="idxclean"),
    )
    assert fingerprint(direct) == fingerprint(clean)


def test_processes_starting_together_on_a_fresh_engine(engine_url):
    """Server threads and an indexer that meet a fresh engine at the same moment all
    create "the" index: the alias must end on exactly one index that takes writes."""
    from search_api.elastic_backend import ElasticBackend
    from tests.reliability.test_process_kill import engine_aliased
    from tests.reliability.writer import synth_article

    backends = [ElasticBackend(engine_url, prefix="race") for _ in range(8)]
    barrier = threading.Barrier(len(backends))
    errors: list[BaseException] = []

    def start(b: ElasticBackend) -> None:
        barrier.wait()
        try:
            b.ensure_index()
        except BaseException as exc:  # noqa: BLE001 - reported below
            errors.append(exc)

    threads = [threading.Thread(target=start, args=(b,)) for b in backends]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    assert errors == []
    assert len(engine_aliased(Settings(search_url=engine_url, index_prefix="race"))) == 1
    assert backends[0].index_articles([synth_article(1), synth_article(2)]) == 2
    backends[0].refresh()
    assert backends[-1].count() == 2
    for b in backends:
        b.close()
