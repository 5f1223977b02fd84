"""The results cache: repeated searches are served from memory until the index changes."""

from __future__ import annotations

from kiemsat.ids import article_id
from kiemsat.model import Article
from kiemsat.settings import Settings
from kiemsat.store import Store
from search_api import get_backend
from search_api.indexer import index_changes
from tests.serve.fixtures import build_data, make_app


def test_repeated_queries_hit_the_cache_and_a_new_index_is_seen(tmp_path):
    settings = Settings(data_dir=tmp_path / "data")
    build_data(settings)
    app = make_app(settings)
    client = app.test_client()
    stats = lambda: client.get("/api/health").get_json()["cache"]  # noqa: E731

    first = client.get("/api/search?q=chuyen+doi+so").get_json()
    before = stats()
    again = client.get("/api/search?q=chuyen+doi+so").get_json()
    after = stats()
    assert again["hits"] == first["hits"] and again["total"] == first["total"] == 1
    assert after["hits"] == before["hits"] + 1 and after["misses"] == before["misses"]
    client.get("/api/search?q=chuyen+doi+so&sort=-date")  # another query: a miss
    assert stats()["misses"] == after["misses"] + 1

    # a new article reaches the store and the index: the cached answer is no longer used
    url = "https://vksndtc.gov.vn/tin-tuc/chuyen-doi-so-moi.html"
    new = Article(
        id=article_id(url), url=url, site="vksndtc.gov.vn", published="2024-05-01",
        title="Đẩy mạnh chuyển đổi số trong công tác kiểm sát",
        body="Ngành Kiểm sát nhân dân tiếp tục đẩy mạnh chuyển đổi số trong năm 2024.",
    )  # fmt: skip
    with Store.open(settings) as store:
        store.put_article(new)
        backend = get_backend(settings)
        try:
            index_changes(store, backend)
        finally:
            backend.close()
    fresh = client.get("/api/search?q=chuyen+doi+so").get_json()
    assert fresh["total"] == 2 and new.id in {h["id"] for h in fresh["hits"]}
    app.extensions["kiemsat"].close()


def test_cache_can_be_turned_off(tmp_path):
    settings = Settings(data_dir=tmp_path / "data")
    build_data(settings)
    app = make_app(settings, SEARCH_CACHE_SIZE=0)
    client = app.test_client()
    for _ in range(3):
        assert client.get("/api/metrics?subject=khieu+nai").get_json()["total"] == 1
    assert client.get("/api/health").get_json()["cache"] == {
        "size": 0, "entries": 0, "hits": 0, "misses": 0,
    }  # fmt: skip
    app.extensions["kiemsat"].close()
