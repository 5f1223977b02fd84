"""``kiemsat demo --no-serve``: fake portal → crawl → extract → index, end to end, offline."""

from __future__ import annotations

import json

import pytest

from kiemsat.settings import Settings
from kiemsat.store import Store
from search_api import get_backend
from search_api.base import SearchQuery
from tests.serve.fixtures import make_app

pytestmark = pytest.mark.slow


def test_demo_runs_the_whole_pipeline(run_cli, settings: Settings):
    proc = run_cli("demo", "--no-serve", "--json", timeout=900)
    assert proc.returncode == 0, proc.stderr[-3000:]
    summary = json.loads(proc.stdout.strip().splitlines()[-1])
    demo_dir = settings.data_dir / "demo"
    assert summary["data_dir"] == str(demo_dir)
    assert summary["articles"] >= 10 and summary["indexed"] == summary["articles"]
    assert len(summary["sites"]) == 3  # every site of the fake portal was crawled

    demo = Settings(data_dir=demo_dir)
    with Store(demo.store_path, readonly=True) as store:
        assert store.count_articles() == summary["articles"]
        with_people = store.conn.execute(
            "SELECT COUNT(*) FROM articles WHERE json_array_length(data, '$.people') > 0"
        ).fetchone()[0]
    assert with_people > 0, "extraction found people"
    backend = get_backend(demo)
    try:
        result = backend.search(SearchQuery(q="kiem sat"))
    finally:
        backend.close()
    assert result.total > 0

    # the app serves what the demo built
    app = make_app(demo)
    client = app.test_client()
    hit = client.get("/api/search?q=kiem+sat&size=1").get_json()["hits"][0]
    article = client.get(f"/api/articles/{hit['id']}").get_json()
    assert article["source_url"].startswith("http://127.0.0.1:")
    assert client.get(f"/api/articles/{hit['id']}/source").status_code == 200
    assert client.get("/api/people").get_json()["total"] > 0
    assert client.get("/").status_code == 200
    app.extensions["kiemsat"].close()

    # running it again starts afresh (same counts, no duplicates)
    again = run_cli("demo", "--no-serve", "--json", timeout=900)
    assert again.returncode == 0, again.stderr[-3000:]
    assert json.loads(again.stdout.strip().splitlines()[-1])["articles"] == summary["articles"]
