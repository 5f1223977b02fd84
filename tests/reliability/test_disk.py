"""Disk faults: the store's file lost or damaged, the search index lost.

The store is the system of record: when its file is missing or damaged every
command and the API say so clearly, naming the file and how to rebuild (exit
3, or HTTP 503 with a JSON body; never a traceback or a 500). The index is
derived: lost, it is rebuilt from the store by ``kiemsat reindex`` (or
``kiemsat index``) with nothing missing.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from kiemsat.settings import Settings
from tests.reliability.conftest import cli_env, kiemsat_proc, run_kiemsat
from tests.reliability.test_process_kill import fill_store, fingerprint
from tests.serve.conftest import make_app

N = 150


def _damage(path: Path, how: str) -> None:
    data = path.read_bytes()
    if how == "garbage":
        path.write_bytes(b"this is not a database\n" * 200)
    elif how == "truncated":
        path.write_bytes(data[: len(data) // 3])
    elif how == "zeroed-pages":  # a torn write: pages in the middle of the file zeroed
        page = 4096
        mid = (len(data) // page // 2) * page
        path.write_bytes(data[:mid] + b"\0" * page * 4 + data[mid + page * 4 :])
    elif how == "empty":
        path.write_bytes(b"")
    else:
        raise ValueError(how)


@pytest.fixture
def filled(tmp_path: Path) -> Settings:
    settings = Settings(data_dir=tmp_path / "data")
    fill_store(settings, N)
    run_kiemsat(["index", "--quiet"], cli_env(settings))
    # fold the WAL into the main file, as after a clean shutdown
    import sqlite3

    conn = sqlite3.connect(settings.store_path)
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()
    return settings


COMMANDS = [["status"], ["index", "--quiet"], ["reindex", "--quiet"], ["extract", "--from-store"]]


@pytest.mark.parametrize("args", COMMANDS, ids=lambda a: a[0])
def test_missing_store_is_a_clear_error(tmp_path: Path, args):
    settings = Settings(data_dir=tmp_path / "nothing-here")
    out = kiemsat_proc(args, cli_env(settings))
    assert out.returncode == 3, (out.returncode, out.stderr)
    assert str(settings.store_path) in out.stderr
    assert "kiemsat crawl" in out.stderr and "Traceback" not in out.stderr


@pytest.mark.parametrize("how", ["garbage", "truncated", "zeroed-pages"])
def test_damaged_store_is_a_clear_error(filled: Settings, how: str):
    _damage(filled.store_path, how)
    # `status` reads only counts, which zeroed data pages need not touch; `reindex`
    # reads every article and must meet any damage
    commands = (
        [["reindex", "--quiet"]] if how == "zeroed-pages" else [["status"], ["reindex", "--quiet"]]
    )
    for args in commands:
        out = kiemsat_proc(args, cli_env(filled))
        assert out.returncode == 3, (how, args, out.returncode, out.stderr[-2000:])
        assert str(filled.store_path) in out.stderr, out.stderr
        assert "rebuild" in out.stderr and "Traceback" not in out.stderr


@pytest.mark.parametrize("how", ["garbage", "truncated", "zeroed-pages", "empty"])
def test_damaged_store_gives_503_json(filled: Settings, how: str):
    _damage(filled.store_path, how)
    app = make_app(filled)
    client = app.test_client()
    statuses = []
    urls = [
        "/api/articles/" + "0" * 16,
        "/api/people",
        "/api/units",
        "/api/documents",
        "/api/health",
    ]
    for url in urls:
        resp = client.get(url)
        text = resp.get_data(as_text=True)[:400]
        assert resp.status_code in (200, 404, 503), (how, url, resp.status_code, text)
        assert resp.is_json, text
        if resp.status_code == 503:
            assert "store" in text, text
        statuses.append(resp.status_code)
    if how != "zeroed-pages":  # zeroed pages are met only by the queries that read them
        assert set(statuses) == {503}, statuses
    app.extensions["kiemsat"].close()


def test_lost_sqlite_index_is_rebuilt_by_reindex(filled: Settings, tmp_path: Path):
    before = fingerprint(filled)
    assert before["count"] == N
    for suffix in ("", "-wal", "-shm"):
        Path(str(filled.data_dir / "search.sqlite3") + suffix).unlink(missing_ok=True)
    run_kiemsat(["reindex", "--quiet"], cli_env(filled))
    assert fingerprint(filled) == before
    # and plain `index` rebuilds a lost index too (its watermark went with it)
    shutil.rmtree(filled.data_dir / "search.sqlite3", ignore_errors=True)
    (filled.data_dir / "search.sqlite3").unlink(missing_ok=True)
    run_kiemsat(["index", "--quiet"], cli_env(filled))
    assert fingerprint(filled) == before


@pytest.mark.engine
def test_lost_engine_index_is_rebuilt_by_reindex(filled: Settings, engine_url: str):
    import urllib.request

    settings = filled.with_overrides(search_url=engine_url, index_prefix="lostidx")
    env = cli_env(settings, KIEMSAT_SEARCH_URL=engine_url, KIEMSAT_INDEX_PREFIX="lostidx")
    run_kiemsat(["index", "--quiet"], env)
    before = fingerprint(settings)
    assert before["count"] == N
    req = urllib.request.Request(f"{engine_url}/lostidx-*", method="DELETE")
    with urllib.request.urlopen(req, timeout=30):  # noqa: S310 - local test node
        pass
    run_kiemsat(["reindex", "--quiet"], env)
    assert fingerprint(settings) == before
