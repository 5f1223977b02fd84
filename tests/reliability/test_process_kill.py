"""SIGKILL in the middle of ``kiemsat index`` and ``kiemsat reindex``, then rerun:
the store is untouched and the index ends equal to a clean run's (both backends).

The commands run as real subprocesses and are killed with a real SIGKILL at a
point read from the index itself (watermark moved but not finished; a new
generation half filled). ``tests/search/test_search_indexing.py::
test_engine_down_loses_nothing`` covers the engine going away mid-index.
"""

from __future__ import annotations

import itertools
import json
import shutil
import sqlite3
import urllib.request
from pathlib import Path
from typing import Any

import pytest

from kiemsat.ids import article_id
from kiemsat.settings import Settings
from kiemsat.store import Store
from kiemsat.synth import make_article
from search_api import get_backend
from search_api.base import MetricQuery, SearchQuery
from tests.reliability.conftest import cli_env, kill_when, run_kiemsat

pytestmark = pytest.mark.slow

N_ARTICLES = 500
_prefix = itertools.count()


def fill_store(settings: Settings, n: int = N_ARTICLES) -> None:
    with Store.open(settings) as store:
        for i in range(n):
            art = make_article(i, seed=11).to_article()
            art.url = f"https://vksndtc.gov.vn/tin-tuc/tin-hoat-dong/bai-viet-{i}.html"
            art.id = article_id(art.url)
            art.site = "vksndtc"
            store.put_article(art)


@pytest.fixture(scope="module")
def store_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A store of generated articles, built once and copied per test."""
    settings = Settings(data_dir=tmp_path_factory.mktemp("kill-template"))
    fill_store(settings)
    return settings.store_path


def _settings(tmp: Path, template: Path, kind: str, engine: str | None) -> Settings:
    data = tmp / f"data-{next(_prefix)}"
    data.mkdir()
    shutil.copy(template, data / "kiemsat.sqlite3")
    return Settings(
        data_dir=data,
        search_url=engine or "" if kind == "engine" else "",
        index_prefix=f"kill{next(_prefix)}",
    )


@pytest.fixture(params=["sqlite", "engine"])
def kind(request: pytest.FixtureRequest) -> str:
    if request.param == "engine":
        request.getfixturevalue("engine_url")
    return request.param


def _env(settings: Settings) -> dict[str, str]:
    return cli_env(
        settings,
        KIEMSAT_SEARCH_URL=settings.search_url,
        KIEMSAT_INDEX_PREFIX=settings.index_prefix,
    )


def fingerprint(settings: Settings) -> dict[str, object]:
    """What a user of the index can see: counts, watermark, answers to a few queries."""
    backend = get_backend(settings)
    try:
        backend.refresh()
        out: dict[str, object] = {
            "count": backend.count(),
            "watermark": backend.get_watermark(),
            "metrics": backend.metrics(MetricQuery(size=1)).total,
        }
        for q in ("kiem sat", "Viện kiểm sát nhân dân tối cao", '"hội nghị"', "VKSND -tỉnh"):
            res = backend.search(SearchQuery(q=q, size=5, facets=["source"], histogram=None))
            out[q] = (res.total, [h.id for h in res.hits])
        return out
    finally:
        backend.close()


def store_fingerprint(settings: Settings) -> tuple[int, int]:
    with Store.open(settings, create=False) as store:
        return store.count_articles(), store.current_seq()


def sqlite_meta(settings: Settings) -> dict[str, str]:
    conn = sqlite3.connect(f"file:{settings.data_dir / 'search.sqlite3'}?mode=ro", uri=True)
    try:
        return dict(conn.execute("SELECT key, value FROM meta").fetchall())
    finally:
        conn.close()


def sqlite_tables(settings: Settings) -> set[str]:
    conn = sqlite3.connect(f"file:{settings.data_dir / 'search.sqlite3'}?mode=ro", uri=True)
    try:
        return {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    finally:
        conn.close()


def _engine_get(settings: Settings, path: str) -> Any:
    with urllib.request.urlopen(settings.search_url + path, timeout=10) as resp:  # noqa: S310
        return json.loads(resp.read())


def engine_indices(settings: Settings) -> dict[str, int]:
    """``{index name: doc count}`` of the articles indices of this prefix (aliased or not)."""
    try:
        rows = _engine_get(
            settings, f"/_cat/indices/{settings.index_prefix}-articles-*?format=json"
        )
    except OSError:
        return {}
    return {r["index"]: int(r["docs.count"] or 0) for r in rows}


def engine_aliased(settings: Settings) -> list[str]:
    """The indices behind the articles alias (exactly one when all is well)."""
    return sorted(_engine_get(settings, f"/_alias/{settings.index_prefix}-articles"))


def index_progress(settings: Settings) -> int:
    """The live index's watermark, read from outside the indexing process."""
    if settings.search_url:  # read the alias's _meta; never create anything
        try:
            mapping = _engine_get(settings, f"/{settings.index_prefix}-articles/_mapping")
        except OSError:
            return 0
        meta = next(iter(mapping.values()))["mappings"].get("_meta") or {}
        return int(meta.get("kiemsat_seq", 0))
    path = settings.data_dir / "search.sqlite3"
    if not path.exists():
        return 0
    meta = sqlite_meta(settings)
    return int(meta.get(f"seq.{meta.get('active', '1')}", 0))


def clean_run(tmp: Path, template: Path, kind: str, engine: str | None) -> dict[str, object]:
    settings = _settings(tmp, template, kind, engine)
    run_kiemsat(["index", "--quiet"], _env(settings))
    return fingerprint(settings)


def test_sigkill_mid_index_then_rerun(kind, tmp_path, store_template, request):
    engine = request.getfixturevalue("engine_url") if kind == "engine" else None
    settings = _settings(tmp_path, store_template, kind, engine)
    before = store_fingerprint(settings)
    total_seq = before[1]
    args = ["index", "--quiet", "--batch", "25"]
    killed, err = kill_when(args, _env(settings), lambda: 0 < index_progress(settings) < total_seq)
    assert killed, f"index finished before the kill point:\n{err[-2000:]}"
    assert 0 < index_progress(settings) < total_seq, "the kill landed mid-way"
    assert store_fingerprint(settings) == before, "the store is untouched by indexing"

    out = run_kiemsat(["index", "--json", "--quiet"], _env(settings))
    assert json.loads(out)["articles_in_index"] == N_ARTICLES
    assert fingerprint(settings) == clean_run(tmp_path, store_template, kind, engine)


def test_sigkill_mid_reindex_then_rerun(kind, tmp_path, store_template, request):
    engine = request.getfixturevalue("engine_url") if kind == "engine" else None
    settings = _settings(tmp_path, store_template, kind, engine)
    # an index of the first half, then the whole store rebuilt and killed mid-way
    run_kiemsat(["index", "--quiet"], _env(settings))
    live = fingerprint(settings)
    assert live["count"] == N_ARTICLES

    def half_built() -> bool:
        if kind == "engine":  # a second generation exists beside the live one
            return len(engine_indices(settings)) > 1
        meta = sqlite_meta(settings)
        g = meta.get("building")
        if not g:
            return False
        conn = sqlite3.connect(f"file:{settings.data_dir / 'search.sqlite3'}?mode=ro", uri=True)
        try:
            return conn.execute(f"SELECT COUNT(*) FROM docs_{int(g)}").fetchone()[0] >= 100  # noqa: S608
        finally:
            conn.close()

    killed, err = kill_when(["reindex", "--quiet", "--batch", "25"], _env(settings), half_built)
    assert killed, f"reindex finished before the kill point:\n{err[-2000:]}"
    # searches still see the complete live index while a rebuild lies half done
    assert fingerprint(settings) == live
    run_kiemsat(["reindex", "--quiet"], _env(settings))
    assert fingerprint(settings) == clean_run(tmp_path, store_template, kind, engine)
    # the half-built generation does not linger
    if kind == "engine":
        # the alias moved to the new generation (the killed run's index stays, unaliased
        # and unused: docs/reliability.md says how to clear it)
        assert len(engine_aliased(settings)) == 1
    else:
        docs = {t for t in sqlite_tables(settings) if t.startswith("docs_")}
        assert docs == {f"docs_{sqlite_meta(settings)['active']}"}, docs


N_PAGES = 110


@pytest.fixture(scope="module")
def raw_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A store of raw pages only (what a crawl leaves), built once."""
    from tests.reliability.faultportal import FaultPortal, article_path

    settings = Settings(data_dir=tmp_path_factory.mktemp("raw-template"))
    portal = FaultPortal(n=N_PAGES, seed=5)
    with Store.open(settings) as store:
        for i in range(N_PAGES):
            store.put_raw_page(
                url=f"https://vksndtc.gov.vn{article_path(i)}",
                body=portal.article_html(i).encode(),
                site="vksndtc",
                encoding="utf-8",
                content_type="text/html; charset=utf-8",
                fetched_at="2024-05-01T08:00:00Z",
            )
    return settings.store_path


def articles_table(settings: Settings) -> dict[str, str]:
    with Store.open(settings, create=False) as store:
        return dict(store.conn.execute("SELECT id, data FROM articles").fetchall())


def test_sigkill_mid_extract_then_rerun(tmp_path, raw_template):
    """Killed between batches of ``kiemsat extract --from-store``: the rerun
    extracts only what is left and the articles equal a clean run's."""
    settings = _settings(tmp_path, raw_template, "sqlite", None)
    env = cli_env(settings)

    def some_extracted() -> bool:
        with Store.open(settings, create=False, readonly=True) as store:
            return 0 < store.count_articles() < N_PAGES

    killed, err = kill_when(["extract", "--from-store"], env, some_extracted, timeout=300)
    assert killed, f"extract finished before the kill point:\n{err[-2000:]}"
    with Store.open(settings, create=False) as store:
        done = store.count_articles()
        assert store.count_raw_pages() == N_PAGES, "no raw page lost"
        pending = store.stats()["unprocessed"]
    assert 0 < done < N_PAGES and pending == N_PAGES - done, (done, pending)
    out = run_kiemsat(["extract", "--from-store", "--json"], env, timeout=600)
    assert json.loads(out)["processed"] == N_PAGES - done, out[-500:]
    clean = _settings(tmp_path, raw_template, "sqlite", None)
    run_kiemsat(["extract", "--from-store"], cli_env(clean), timeout=600)
    assert articles_table(settings) == articles_table(clean)
    with Store.open(settings, create=False) as store:
        assert store.stats()["unprocessed"] == 0 and store.stats()["errors"] == 0
