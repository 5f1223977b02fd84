"""Query injection: FTS5 and Elasticsearch syntax in ``q`` is text, on both backends.

``tests/search/test_search_contract.py::test_query_syntax_is_text`` shows such
queries never raise an engine error. Here each query is built so that an
interpreted operator would change the answer (a column filter, NEAR, a prefix,
a boost, ``_exists_``, a JSON query, SQL): the expected answer is the one of
the words read as words, and it differs from what the operator would give.
"""

from __future__ import annotations

import itertools
from pathlib import Path

import pytest

from kiemsat.ids import article_id
from kiemsat.model import Article
from search_api.base import QueryError, SearchBackend, SearchQuery

_prefix = itertools.count()


def _article(slug: str, title: str, body: str) -> Article:
    url = f"https://vksndtc.gov.vn/tin-tuc/{slug}.html"
    return Article(
        id=article_id(url),
        url=url,
        site="vksndtc.gov.vn",
        title=title,
        body=body,
        published="2024-05-02",
    )


ARTICLES = {
    "hoi": _article("hoi-nghi", "Hội nghị giao ban", "Hội nghị được tổ chức tại trụ sở."),
    "kiem": _article("kiem-sat", "Kiểm sát viên trẻ", "Kiểm sát viên trao đổi nghiệp vụ."),
    "syntax": _article(
        "cu-phap",
        "Ghi chép kỹ thuật",
        "Các từ title_fold body_fold match_all query_string exists near xuất hiện ở đây.",
    ),
}

# q → keys of ARTICLES expected (as words); a comment says what the operator would give
CASES = [
    ("title_fold:hội", set()),  # FTS5 column filter: would find "hoi"
    ("{title_acc body_acc}: kiểm", set()),  # FTS5 column set: would find "kiem"
    ("NEAR(kiểm viên)", set()),  # FTS5 NEAR: would find "kiem"
    ("kiể*", set()),  # prefix: would find "kiem"
    ("hội^5", set()),  # boost: would find "hoi"; as words it needs a "5"
    ("title:hội", set()),  # ES field query: would find "hoi"
    ("_exists_:title", set()),  # ES exists: would find everything
    ('{"query": {"match_all": {}}}', {"syntax"}),  # JSON body: the words query, match, all
    ("hội~2", set()),  # fuzziness: would find "hoi"; as words it needs a "2"
    ("kiểm AND NOT viên", set()),  # upper-case operators are words ("and", "not")
    ("') OR 1=1 --", set()),  # SQL: would find everything
    ("hội OR kiểm", {"hoi", "kiem"}),  # our own syntax still works
    ('"kiểm sát viên" -trẻ', set()),  # phrase and exclusion, our syntax
    ("match_all", {"syntax"}),
]


def _sqlite(tmp: Path) -> SearchBackend:
    from search_api.sqlite_backend import SqliteBackend

    return SqliteBackend(tmp / "search.sqlite3")


@pytest.fixture(params=["sqlite", "engine"])
def backend(request: pytest.FixtureRequest, tmp_path: Path):
    if request.param == "sqlite":
        b = _sqlite(tmp_path)
    else:
        from search_api.elastic_backend import ElasticBackend

        b = ElasticBackend(
            request.getfixturevalue("engine_url"), prefix=f"inj{next(_prefix)}", refresh=True
        )
        b.ensure_index()
    b.index_articles(list(ARTICLES.values()))
    b.refresh()
    yield b
    b.close()


def test_query_syntax_is_matched_as_words(backend: SearchBackend):
    ids = {a.id: k for k, a in ARTICLES.items()}
    wrong = {}
    for q, expected in CASES:
        try:
            result = backend.search(SearchQuery(q=q, size=10, facets=[], histogram=None))
        except QueryError as exc:  # a clear 400 is acceptable, an engine error is not
            assert exc.param == "q", (q, exc)
            continue
        got = {ids[h.id] for h in result.hits}
        if got != expected:
            wrong[q] = got
    assert wrong == {}, f"queries read as syntax on {backend.name}: {wrong}"


@pytest.mark.parametrize("q", [q for q, _ in CASES])
def test_api_answers_injection_attempts_without_500(q, tmp_path):
    """Through the Flask app (embedded backend): 200 or a 400 naming ``q``, never a 500."""
    from kiemsat.settings import Settings
    from tests.serve.conftest import make_app

    settings = Settings(data_dir=tmp_path)
    b = _sqlite(tmp_path)
    b.index_articles(list(ARTICLES.values()))
    b.close()
    app = make_app(settings)
    resp = app.test_client().get("/api/search", query_string={"q": q})
    assert resp.status_code in (200, 400), resp.get_data(as_text=True)
    if resp.status_code == 400:
        assert resp.get_json()["param"] == "q"
    app.extensions["kiemsat"].close()
