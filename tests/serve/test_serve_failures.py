"""When the store or the engine is not there: 503 JSON, never a 500; admin behind a token."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from kiemsat.settings import Settings
from tests.serve.fixtures import free_port, make_app


def test_missing_store_gives_503_json(tmp_path: Path):
    app = make_app(Settings(data_dir=tmp_path / "empty"))
    client = app.test_client()
    for url in ("/api/articles/0123456789abcdef", "/api/people", "/api/health"):
        resp = client.get(url)
        assert resp.status_code == 503, url
        assert resp.is_json
    assert client.get("/api/health").get_json()["status"] == "unavailable"
    html = client.get("/people")
    assert html.status_code == 503 and "tạm thời" in html.get_data(as_text=True)
    app.extensions["kiemsat"].close()


def test_engine_down_gives_503_json(data_settings: Settings):
    """A real Elasticsearch client pointed at a port where nothing listens."""
    pytest.importorskip("search_api.elastic_backend", reason="Elasticsearch backend not built yet")
    settings = data_settings.with_overrides(search_url=f"http://127.0.0.1:{free_port()}")
    app = make_app(settings)
    client = app.test_client()
    for url in ("/api/search?q=kiem+sat", "/api/metrics", "/api/coverage", "/feeds/search.atom"):
        resp = client.get(url)
        assert resp.status_code == 503, (url, resp.get_data(as_text=True)[:300])
        assert "unavailable" in resp.get_json()["error"]
    health = client.get("/api/health")
    assert health.status_code == 503 and health.get_json()["store"]["articles"] == 8
    assert client.get("/").status_code == 503
    app.extensions["kiemsat"].close()


def test_admin_endpoints_do_not_exist_without_a_token(client):
    assert client.post("/api/admin/reindex").status_code == 404


def test_admin_needs_the_right_token_and_runs_a_job(data_settings: Settings):
    app = make_app(data_settings.with_overrides(admin_token="s3cret-token"))
    client = app.test_client()
    assert client.post("/api/admin/reindex").status_code == 401
    wrong = client.post("/api/admin/reindex", headers={"Authorization": "Bearer s3cret-tokeN"})
    assert wrong.status_code == 401 and wrong.is_json
    auth = {"Authorization": "Bearer s3cret-token"}
    assert client.post("/api/admin/explode", headers=auth).status_code == 404
    started = client.post("/api/admin/reindex", headers=auth)
    assert started.status_code == 202
    job = started.get_json()
    deadline = time.time() + 120
    while job["status"] == "running" and time.time() < deadline:
        time.sleep(0.2)
        job = client.get(f"/api/admin/jobs/{job['id']}", headers=auth).get_json()
    assert job["status"] == "ok", job
    assert job["returncode"] == 0 and job["output"], (
        "the job's output is kept for the admin to read"
    )
    assert client.get("/api/health").get_json()["backend"]["articles"] == 8
    # one job at a time
    first = client.post("/api/admin/reindex", headers=auth)
    second = client.post("/api/admin/reindex", headers=auth)
    assert first.status_code == 202 and second.status_code == 409 and second.is_json
    job = first.get_json()
    while job["status"] == "running" and time.time() < deadline:
        time.sleep(0.2)
        job = client.get(f"/api/admin/jobs/{job['id']}", headers=auth).get_json()
    app.extensions["kiemsat"].close()
