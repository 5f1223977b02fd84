"""The same app over the Elasticsearch-compatible backend, on a real OpenSearch node.

The node is the one the search suite starts (``tests/search/engine.py``): it
skips when no engine can be started, unless ``KIEMSAT_REQUIRE_ENGINE=1``.
People, units and documents come from the store, so they must answer the same
as over the embedded backend.
"""

from __future__ import annotations

import io
import uuid

import openpyxl
import pytest

from kiemsat.settings import Settings
from tests.search.engine import engine_url_or_skip
from tests.serve.fixtures import NINH_BINH, build_data, make_app

pytestmark = pytest.mark.engine


@pytest.fixture(scope="module")
def engine_client(request, tmp_path_factory):
    url = engine_url_or_skip(request)
    settings = Settings(
        data_dir=tmp_path_factory.mktemp("serve-engine") / "data",
        search_url=url,
        index_prefix=f"kiemsat-serve-{uuid.uuid4().hex[:8]}",
    )
    build_data(settings)
    app = make_app(settings)
    yield app.test_client()
    app.extensions["kiemsat"].close()


def test_search_facets_and_collapse_over_the_engine(engine_client):
    data = engine_client.get("/api/search?source=vksthaibinh.gov.vn&facets=source").get_json()
    assert data["total"] == 3
    counts = {f["value"]: f["count"] for f in data["facets"]["source"]}
    assert counts == {"vksndtc.gov.vn": 3, "vksthaibinh.gov.vn": 3, "vksninhbinh.gov.vn": 2}
    hits = engine_client.get("/api/search?q=tap huan kiem sat").get_json()["hits"]
    assert "tập huấn" in hits[0]["title"] and "<mark>" in hits[0]["snippet"]
    folded = engine_client.get("/api/search?q=giao ban Quy I/2024&collapse=story").get_json()
    assert sum(1 for h in folded["hits"] if h["copies"]) == 1
    assert (
        engine_client.get("/api/search", query_string={"unit": NINH_BINH}).get_json()["total"] == 2
    )


def test_figures_coverage_feed_and_pages_over_the_engine(engine_client):
    xlsx = engine_client.get("/api/metrics?subject=khieu+nai&format=xlsx")
    rows = list(openpyxl.load_workbook(io.BytesIO(xlsx.data)).active.iter_rows(values_only=True))
    assert len(rows) == 2 and 1245 in rows[1]
    coverage = engine_client.get("/api/coverage?interval=month&by=source").get_json()
    assert coverage["total"] == 8 and sum(coverage["counts"]) == 8
    assert engine_client.get("/feeds/search.atom?q=kiem+sat").status_code == 200
    people = engine_client.get("/api/people").get_json()
    assert people["total"] == 3
    html = engine_client.get("/?q=kiem+sat&source=vksninhbinh.gov.vn").get_data(as_text=True)
    assert "Đoàn kiểm tra" in html
    assert engine_client.get("/api/health").get_json()["backend"]["articles"] == 8
