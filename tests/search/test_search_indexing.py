"""Indexing from the store: incremental, idempotent, deletions, rebuild with
swap, and an engine that goes down mid-way (nothing lost, resume later)."""

from __future__ import annotations

import dataclasses
import json
from urllib.parse import urlsplit

import pytest

from kiemsat.model import Metric
from search_api import indexer
from search_api.base import BackendUnavailable, MetricQuery, SearchQuery
from tests.search.proxy import Proxy


def _ids(backend, q: str = "") -> set[str]:
    return {h.id for h in backend.search(SearchQuery(q=q, size=100)).hits}


def test_incremental_idempotent_with_deletions(fresh, store, articles):
    for a in articles:
        store.put_article(a)
    report = indexer.index_changes(store, fresh, batch=4)
    assert (report.indexed, report.deleted) == (len(articles), 0)
    assert fresh.count() == len(articles)
    assert fresh.get_watermark() == store.current_seq()

    again = indexer.index_changes(store, fresh)
    assert (again.indexed, again.deleted) == (0, 0)
    assert fresh.count() == len(articles)

    # an edit: new title, fewer figures
    edited = dataclasses.replace(
        articles[0],
        title="Tiêu đề mới về sơ kết chuyên đề",
        metrics=[Metric(5, subject="chuyên đề")],
    )
    store.put_article(edited)
    report = indexer.index_changes(store, fresh)
    assert report.indexed == 1
    assert _ids(fresh, "so ket chuyen de") == {edited.id}
    assert fresh.metrics(MetricQuery(article=edited.id)).total == 1

    # a deletion propagates, with the article's figures
    store.delete_article(articles[3].id)
    report = indexer.index_changes(store, fresh)
    assert report.deleted == 1
    assert fresh.count() == len(articles) - 1
    assert articles[3].id not in _ids(fresh)
    assert fresh.metrics(MetricQuery(article=articles[3].id)).total == 0
    assert fresh.get_watermark() == store.current_seq()


def test_rebuild_swaps_only_when_complete(fresh, store, articles):
    for a in articles[:5]:
        store.put_article(a)
    indexer.index_changes(store, fresh)
    before = _ids(fresh)
    for a in articles[5:]:
        store.put_article(a)
    generation = fresh.begin_rebuild()
    fresh.index_articles(articles[:2], generation=generation)
    fresh.refresh()
    assert _ids(fresh) == before  # the half-built generation is invisible
    fresh.finish_rebuild(generation, 0)
    report = indexer.rebuild(store, fresh)
    assert report.rebuilt and report.indexed == len(articles)
    assert _ids(fresh) == {a.id for a in articles}
    assert fresh.get_watermark() == store.current_seq()
    # and incremental indexing carries on from the rebuilt index
    store.delete_article(articles[0].id)
    assert indexer.index_changes(store, fresh).deleted == 1
    assert fresh.count() == len(articles) - 1


def test_engine_down_loses_nothing(backend_kind, engine_url, store, articles):
    if backend_kind != "engine":
        pytest.skip("the embedded backend has no engine to lose")
    from search_api.elastic_backend import ElasticBackend

    target = urlsplit(engine_url)
    proxy = Proxy(target.hostname or "127.0.0.1", target.port or 9200)
    proxy.start()
    prefix = "downtest"
    through = ElasticBackend(proxy.url, prefix=prefix, refresh=True, max_retries=2, backoff=0.05)
    direct = ElasticBackend(engine_url, prefix=prefix, refresh=True)
    try:
        for a in articles[:6]:
            store.put_article(a)
        indexer.index_changes(store, through)
        mark = store.current_seq()
        proxy.stop()
        for a in articles[6:]:
            store.put_article(a)
        store.delete_article(articles[1].id)
        with pytest.raises(BackendUnavailable):
            indexer.index_changes(store, through)
        assert direct.count() == 6 and direct.get_watermark() == mark
        proxy.start()  # the engine is back, on the same address
        report = indexer.index_changes(store, through)
        assert report.indexed == len(articles) - 6 and report.deleted == 1
        assert _ids(direct) == {a.id for a in articles} - {articles[1].id}
        assert direct.get_watermark() == store.current_seq()
    finally:
        proxy.stop()
        through.close()
        direct.close()


def _fill(store, articles):
    for a in articles:
        store.put_article(a)


def test_cli_index_reindex_search(run_cli, store, articles):
    _fill(store, articles)
    out = run_cli("index", "--json", "--quiet")
    assert out.returncode == 0, out.stderr
    report = json.loads(out.stdout)
    assert report["indexed"] == len(articles) and report["articles_in_index"] == len(articles)
    out = run_cli("index", "--json", "--quiet")
    assert json.loads(out.stdout)["indexed"] == 0
    out = run_cli("reindex", "--quiet")
    assert out.returncode == 0 and f"index holds {len(articles)}" in out.stdout
    out = run_cli("search", "VKSND", "tỉnh", "Thanh", "Hóa", "--json")
    assert out.returncode == 0, out.stderr
    result = json.loads(out.stdout)
    assert result["total"] == 3
    out = run_cli("search", "dong", "chi", "--province", "Thanh Hóa")
    assert out.returncode == 0 and out.stdout.startswith("2 articles")
    assert "[Đồng chí]" in out.stdout or "[Đ/c]" in out.stdout
    out = run_cli("search", "x", "--size", "500")
    assert out.returncode == 2 and "size" in out.stderr


def test_cli_engine_down_is_a_clear_error(run_cli, store, articles):
    _fill(store, articles[:2])
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    out = run_cli("index", "--quiet", env={"KIEMSAT_SEARCH_URL": f"http://127.0.0.1:{port}"})
    assert out.returncode == 1
    assert "unavailable" in out.stderr and "Nothing is lost" in out.stderr
    assert "Traceback" not in out.stderr


def test_cli_index_without_store(run_cli):
    out = run_cli("index", "--quiet")
    assert out.returncode == 3 and "store not found" in out.stderr
