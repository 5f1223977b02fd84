"""The API fuzzed from its OpenAPI document, over the Elasticsearch-compatible backend,
and the web UI's pages fuzzed with hostile query strings.

``tests/serve/test_serve_openapi.py::test_fuzzed_requests_never_500_and_conform``
runs schemathesis over every operation with the embedded backend. The same
generated requests here go to an app whose backend is the session's real
OpenSearch node (query building, facets and paging there are different code),
in a bounded run; and the server-rendered pages, which the OpenAPI document
does not describe, get hypothesis-generated parameters: never a 500.
"""

from __future__ import annotations

from urllib.parse import urlencode

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kiemsat.settings import Settings
from tests.reliability.test_hostile_content import assert_inert_html
from tests.serve.conftest import build_data, make_app
from tests.serve.test_serve_openapi import fuzz_api


@pytest.fixture(scope="module")
def engine_app(tmp_path_factory: pytest.TempPathFactory, engine_url: str):
    data = Settings(
        data_dir=tmp_path_factory.mktemp("fuzz-engine"),
        search_url=engine_url,
        index_prefix="apifuzz",
    )
    build_data(data)
    from search_api import get_backend

    backend = get_backend(data)
    backend.refresh()
    backend.close()
    app = make_app(data)
    yield app
    app.extensions["kiemsat"].close()


@pytest.mark.engine
@pytest.mark.slow
def test_fuzzed_api_over_the_engine_never_500_and_conforms(engine_app):
    tested = fuzz_api(engine_app, max_examples=12)  # fewer: the engine answers slower
    assert "/api/search" in tested and "/api/metrics" in tested and "/feeds/search.atom" in tested


HOSTILE = st.one_of(
    st.text(max_size=60),
    st.sampled_from(
        [
            "<script>alert(1)</script>",
            '"><img src=x onerror=alert(1)>',
            "javascript:alert(1)",
            "' OR 1=1 --",
            "title_fold:x*",
            "%00",
            "\x00\x01",
            "9" * 400,
            "-1",
            "2024-13-45",
            "../../etc/passwd",
            "{{7*7}}",
        ]
    ),
)
PAGES = ["/", "/people", "/units", "/documents", "/figures", "/coverage"]
PARAMS = [
    "q",
    "page",
    "size",
    "sort",
    "source",
    "unit",
    "person",
    "from",
    "to",
    "subject",
    "interval",
    "by",
    "level",
]


@pytest.fixture(scope="module")
def sqlite_app(tmp_path_factory: pytest.TempPathFactory):
    data = Settings(data_dir=tmp_path_factory.mktemp("fuzz-web"))
    build_data(data)
    app = make_app(data)
    yield app
    app.extensions["kiemsat"].close()


@settings(max_examples=60, deadline=None, derandomize=True, suppress_health_check=list(HealthCheck))
@given(
    page=st.sampled_from(PAGES),
    params=st.dictionaries(st.sampled_from(PARAMS), HOSTILE, max_size=4),
)
def test_fuzzed_web_pages_never_500(sqlite_app, page, params):
    client = sqlite_app.test_client()
    resp = client.get(page + "?" + urlencode(params))
    assert resp.status_code in (200, 400, 404), (page, params, resp.status_code)
    assert_inert_html(resp.get_data(as_text=True), f"{page} {params}")
    if resp.status_code != 200:
        assert resp.mimetype == "text/html"
