"""The server reads while another process writes the same SQLite files (WAL).

A real waitress server on 127.0.0.1 answers a bounded load of mixed requests
(search, article, people, figures, feed, web page) from several client
threads, while a writer process (:mod:`tests.reliability.writer`) adds and
deletes articles in the store and indexes them into the embedded FTS5 index,
incrementally and with full rebuilds (generation swaps). No request may fail:
no ``database is locked`` (which the app would turn into a 503), no 500, no
missing table while a rebuild swaps generations.
"""

from __future__ import annotations

import json
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from collections import Counter
from pathlib import Path

import pytest

from kiemsat.settings import Settings
from kiemsat.store import Store
from search_api import get_backend, indexer
from search_api.serve_commands import make_server, server_url
from tests.conftest import ROOT
from tests.reliability.writer import synth_article

pytestmark = pytest.mark.slow

INITIAL = 200  # articles in store and index before the load starts
WRITES = 300  # articles the writer adds meanwhile
CLIENTS = 8
MAX_REQUESTS = 2000  # the load stops at this many requests, or when the writer is done


def _paths(ids: list[str]) -> list[str]:
    return [
        "/api/search?q=kiem+sat&size=10",
        "/api/search?q=%22h%E1%BB%99i+ngh%E1%BB%8B%22&sort=-date",
        "/api/search?q=VKSND+-t%E1%BB%89nh&collapse=story",
        *(f"/api/articles/{aid}" for aid in ids[:5]),
        "/api/people",
        "/api/units",
        "/api/metrics?group_by=unit",
        "/api/coverage?interval=month",
        "/feeds/search.atom?q=kiem+sat",
        "/?q=kiem+sat",
        "/api/health",
    ]


def test_reads_never_fail_while_the_indexer_writes(tmp_path: Path, capsys):
    settings = Settings(data_dir=tmp_path / "data")
    with Store.open(settings) as store:
        for i in range(INITIAL):
            store.put_article(synth_article(i))
        backend = get_backend(settings)
        indexer.index_changes(store, backend)
        backend.close()
        ids = [row[0] for row in store.conn.execute("SELECT id FROM articles LIMIT 5")]
    server = make_server(settings, "127.0.0.1", 0, threads=8)
    threading.Thread(target=server.run, daemon=True).start()
    base = server_url(server).rstrip("/")
    writer = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "tests.reliability.writer",
            str(settings.data_dir),
            str(INITIAL),
            str(WRITES),
            "25",
        ],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    paths = _paths(ids)
    outcomes: Counter[int] = Counter()
    failures: list[str] = []
    latencies: list[float] = []
    lock = threading.Lock()
    sent = iter(range(MAX_REQUESTS))

    def client(k: int) -> None:
        for n in sent:
            if writer.poll() is not None:
                return
            path = paths[(n + k) % len(paths)]
            started = time.monotonic()
            try:
                with urllib.request.urlopen(base + path, timeout=60) as resp:  # noqa: S310
                    status, body = resp.status, resp.read()
            except urllib.error.HTTPError as exc:
                status, body = exc.code, exc.read()
            took = time.monotonic() - started
            with lock:
                outcomes[status] += 1
                latencies.append(took)
                if status != 200:
                    failures.append(f"{status} {path}: {body[:300]!r}")

    started = time.monotonic()
    threads = [threading.Thread(target=client, args=(k,)) for k in range(CLIENTS)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=300)
    elapsed = time.monotonic() - started
    out, err = writer.communicate(timeout=300)
    server.close()
    server.flask_app.extensions["kiemsat"].close()
    assert writer.returncode == 0, err[-3000:]
    assert f"wrote {WRITES} articles" in out
    served = sum(outcomes.values())
    latencies.sort()
    figures = {
        "requests": served,
        "errors": len(failures),
        "by_status": dict(outcomes),
        "seconds": round(elapsed, 1),
        "p50_ms": round(latencies[len(latencies) // 2] * 1000, 1) if latencies else None,
        "p95_ms": round(latencies[int(len(latencies) * 0.95)] * 1000, 1) if latencies else None,
    }
    with capsys.disabled():
        print("\nconcurrency load:", json.dumps(figures))
    assert failures == [], f"{len(failures)} failed requests, first: {failures[:5]}"
    assert served >= 200, f"only {served} requests before the writer finished: no real overlap"
    # and the index ended complete: every article the writer left in the store
    backend = get_backend(settings)
    with Store.open(settings, create=False) as store:
        assert backend.count() == store.count_articles()
    backend.close()


def test_people_list_survives_a_delete_between_its_reads(tmp_path: Path, monkeypatch):
    """The race the load test met once (``IndexError`` → 500 on ``/api/people``),
    made deterministic: another process deletes a person's only article right
    after the list was read and before that person's latest title is looked up."""
    from search_api.api.catalog import Catalog

    settings = Settings(data_dir=tmp_path / "data")
    with Store.open(settings) as store:
        arts = [synth_article(i) for i in range(6)]
        for art in arts:
            store.put_article(art)
    catalog = Catalog(settings.store_path)
    real = Catalog._grouped
    deleted: list[str] = []

    def grouped_then_delete(self, *args, **kwargs):
        page = real(self, *args, **kwargs)
        with Store.open(settings) as writer:  # a second connection: another process's write
            for art in arts:
                writer.delete_article(art.id)
                deleted.append(art.id)
        return page

    monkeypatch.setattr(Catalog, "_grouped", grouped_then_delete)
    page = catalog.people(size=50)
    catalog.close()
    assert deleted and page.total > 0
    assert all(item["titles"] == [] for item in page.items)
