"""The search contract: both backends, same corpus, same answers.

Every test runs once per backend (``backend_kind``: sqlite, engine) against
the session's ``loaded`` backend; expectations are written from the corpus
(``tests/search/corpus.py``), not from either backend's output.
"""

from __future__ import annotations

import pytest

from search_api.base import MetricQuery, QueryError, SearchQuery
from tests.search import corpus

N = 13


def ids(result) -> set[str]:
    return {h.id for h in result.hits}


def idx(articles, *numbers: int) -> set[str]:
    return {articles[i].id for i in numbers}


def run(backend, q: str = "", **kw):
    kw.setdefault("size", 100)
    return backend.search(SearchQuery(q=q, **kw))


def test_everything_and_counts(loaded, articles):
    result = run(loaded)
    assert result.total == N == loaded.count()
    assert ids(result) == {a.id for a in articles}


@pytest.mark.parametrize(
    ("q", "expected"),
    [
        ("kiem sat toi cao", {0, 1, 5, 11, 12}),
        ("dong chi", {0, 2, 3, 5, 6}),
        ("Đồng chí", {0, 2, 3, 5, 6}),
        ("VKSND tỉnh Thanh Hóa", {2, 3, 7}),
        ('"Viện kiểm sát nhân dân tỉnh Thanh Hóa"', {2, 3, 7}),
        ('"vksnd tinh thanh hoa"', {2, 3, 7}),
        ("CQĐT", {12}),
        ("co quan dieu tra", {12}),
        ("KSV", {2, 3}),
        ('"kiểm sát viên"', {2, 3}),
        ("hoà giải", {10}),
        ("hòa giải", {10}),
        ("Hòa Bình", {9}),
        ("TAND", {3}),
        ('"kháng nghị phúc thẩm"', {5}),
        ('"tập huấn" OR "tham ô"', {2, 3}),
        ("tập huấn OR tham", {2}),
        ("Thanh Hóa -tập", {3, 7, 10}),  # "thành ... hòa" in 10
        ('"Thanh Hóa" -"tập huấn"', {3, 7}),
        ("03/CT-VKSTC", {5}),
        ("thanh pho ho chi minh", {5}),
        ("TP Hồ Chí Minh", {5}),
        ("-kiểm -viện", {8}),
        ("không có từ này", set()),
    ],
)
def test_text_matching(loaded, articles, q, expected):
    result = run(loaded, q)
    assert ids(result) == idx(articles, *expected), q
    assert result.total == len(expected)


@pytest.mark.parametrize(
    ("q", "top"),
    [
        ("bàn giao", 6),
        ("ban giáo", 7),
        ("tham ô", 3),
    ],
)
def test_top_hit_of_targeted_queries(loaded, articles, q, top):
    result = run(loaded, q)
    assert result.hits[0].id == articles[top].id


def test_unaccented_query_finds_both_accented_forms(loaded, articles):
    assert idx(articles, 6, 7) <= ids(run(loaded, "ban giao"))


@pytest.mark.parametrize(
    ("filters", "expected"),
    [
        ({"source": ["kiemsat.vn"]}, {1, 8, 9, 10}),
        ({"source": ["kiemsat.vn", "hcm.kiemsat.gov.vn"]}, {1, 5, 8, 9, 10}),
        ({"unit": [corpus.QUE_SON]}, {4, 12}),
        ({"person": ["Trần Quốc Vượng Bình"]}, {0, 1}),
        ({"document": ["03/CT-VKSTC"]}, {0, 5}),
        ({"event_type": ["case"]}, {3, 12}),
        ({"province": ["Thanh Hóa"]}, {2, 3, 7}),
        ({"province": ["Quảng Nam"], "event_type": ["case"]}, {12}),
        ({"date_from": "2022-01-01", "date_to": "2022-12-31"}, {2, 6, 7}),
        ({"date_from": "2024-05-20"}, {3, 12}),
        ({"has_figures": False}, {6, 8}),
        ({"has_figures": True, "source": ["vksndtc.gov.vn"]}, {0, 11}),
    ],
)
def test_filters(loaded, articles, filters, expected):
    result = run(loaded, **filters)
    assert ids(result) == idx(articles, *expected)
    assert result.total == len(expected)


def facet(result, name) -> dict[str, int]:
    return {v.value: v.count for v in result.facets[name]}


def test_facet_counts(loaded):
    result = run(loaded)
    assert facet(result, "province") == {
        "Thanh Hóa": 3,
        "Quảng Nam": 2,
        "Hồ Chí Minh": 1,
        "Hòa Bình": 1,
    }
    assert facet(result, "source") == {
        "kiemsat.vn": 4,
        "thanhhoa.kiemsat.gov.vn": 3,
        "vksndtc.gov.vn": 2,
        "quangnam.kiemsat.gov.vn": 2,
        "hcm.kiemsat.gov.vn": 1,
        "vkscc-danang.gov.vn": 1,
    }
    assert facet(result, "event_type") == {
        "conference": 5,
        "other": 3,
        "case": 2,
        "training": 1,
        "inspection": 1,
        "directive": 1,
    }
    assert facet(result, "document") == {"03/CT-VKSTC": 2, "14/KH-VKSQN": 1}
    assert facet(result, "person")["Trần Quốc Vượng Bình"] == 2
    assert facet(result, "unit")[corpus.THANH_HOA] == 3
    # ties are ordered by value
    values = [v.value for v in result.facets["source"]]
    assert values.index("quangnam.kiemsat.gov.vn") < values.index("vksndtc.gov.vn")


def test_facets_are_disjunctive(loaded):
    result = run(loaded, source=["kiemsat.vn"], facets=["source", "event_type"])
    # the source facet ignores the source filter ...
    assert facet(result, "source")["thanhhoa.kiemsat.gov.vn"] == 3
    assert [v.selected for v in result.facets["source"] if v.value == "kiemsat.vn"] == [True]
    # ... the others apply it
    assert facet(result, "event_type") == {"other": 2, "conference": 2}
    assert result.total == 4


def test_facet_size(loaded):
    result = run(loaded, facets=["source"], facet_size=2)
    assert list(facet(result, "source")) == ["kiemsat.vn", "thanhhoa.kiemsat.gov.vn"]
    assert set(result.facets) == {"source"}


def test_histograms(loaded):
    years = run(loaded, histogram="year").histogram
    assert [(b.value, b.count) for b in years] == [
        ("2021", 3),
        ("2022", 3),
        ("2023", 3),
        ("2024", 3),
    ]
    months = run(loaded, province=["Thanh Hóa"], histogram="month").histogram
    assert [(b.value, b.count) for b in months] == [("2022-03", 1), ("2022-06", 1), ("2024-05", 1)]
    assert run(loaded, histogram=None).histogram == []


def test_collapse_story(loaded, articles):
    result = run(loaded, collapse="story", sort="-date")
    assert result.total == N - 1
    story_hits = [h for h in result.hits if h.story_id == corpus.STORY]
    assert len(story_hits) == 1
    hit = story_hits[0]
    assert hit.id == articles[1].id  # the newer copy comes first by date
    assert [c["id"] for c in hit.copies] == [articles[0].id]
    assert hit.copies[0]["source"] == "vksndtc.gov.vn"
    assert len(result.hits) == N - 1


@pytest.mark.parametrize("sort", ["relevance", "-date", "date"])
def test_pages_cover_everything_once(loaded, sort):
    seen: list[str] = []
    for page in range(1, 5):
        seen += [h.id for h in run(loaded, sort=sort, size=4, page=page).hits]
    assert len(seen) == N == len(set(seen))


def test_date_sorts(loaded, articles):
    newest = run(loaded, sort="-date").hits
    assert newest[0].id == articles[12].id and newest[-1].id == articles[8].id  # undated last
    oldest = run(loaded, sort="date").hits
    assert oldest[0].id == articles[9].id and oldest[-1].id == articles[8].id


@pytest.mark.parametrize(
    ("q", "sort"), [("", "relevance"), ("kiem sat", "relevance"), ("", "-date"), ("vien", "date")]
)
def test_cursor_never_skips_or_repeats(loaded, q, sort):
    everything = [h.id for h in run(loaded, q, sort=sort).hits]
    seen: list[str] = []
    cursor = None
    for _ in range(20):
        result = run(loaded, q, sort=sort, size=3, cursor=cursor)
        seen += [h.id for h in result.hits]
        cursor = result.next_cursor
        if cursor is None:
            break
    assert seen == everything


def test_bad_cursor_is_a_query_error(loaded):
    with pytest.raises(QueryError) as err:
        run(loaded, cursor="not-a-cursor")
    assert err.value.param == "cursor"
    first = run(loaded, "kiem sat", size=2)
    with pytest.raises(QueryError):
        run(loaded, "other words", size=2, cursor=first.next_cursor)


@pytest.mark.parametrize(
    "kw",
    [
        {"size": 0},
        {"size": 101},
        {"page": 0},
        {"page": 200, "size": 100},
        {"sort": "title"},
        {"facets": ["colour"]},
        {"date_from": "2024-13-01"},
        {"date_from": "2024-02-01", "date_to": "2024-01-01"},
        {"collapse": "story", "cursor": "x"},
        {"histogram": "week"},
    ],
)
def test_invalid_queries(loaded, kw):
    with pytest.raises(QueryError):
        loaded.search(SearchQuery(**kw))


def test_too_long_query(loaded):
    with pytest.raises(QueryError) as err:
        run(loaded, "kiểm " * 200)
    assert err.value.param == "q"


def snippet_of(result, article) -> str:
    return next(h.snippet for h in result.hits if h.id == article.id)


def test_highlights_are_marked_and_escaped(loaded, articles):
    result = run(loaded, "kiem sat toi cao")
    s = snippet_of(result, articles[11])
    assert "Viện <mark>kiểm sát</mark> nhân dân <mark>tối cao</mark>" in s
    s = snippet_of(run(loaded, '"vksnd toi cao"'), articles[11])
    assert "<mark>Viện kiểm sát nhân dân tối cao</mark>" in s
    s = snippet_of(run(loaded, "VKSND"), articles[3])
    assert "<mark>VKSND</mark>" in s
    s = snippet_of(run(loaded, "script"), articles[8])
    assert "&lt;<mark>script</mark>&gt;alert(1)&lt;/" in s
    assert "<script" not in s and "&amp;" in s
    plain = snippet_of(run(loaded, "script", highlight=False), articles[8])
    assert "<mark>" not in plain and "&lt;script&gt;" in plain


@pytest.mark.parametrize(
    "q",
    [
        "title_fold: NEAR(a b) *",
        '") OR 1=1 --',
        '{"query": {"match_all": {}}}',
        "*:*",
        "AND OR NOT",
        '"unclosed phrase',
        "body_acc:kiem^10 OR",
        "\\ ' ; -- /* */",
        "a" * 300,
    ],
)
def test_query_syntax_is_text(loaded, articles, q):
    result = run(loaded, q)  # never an engine error
    assert result.total == len(result.hits)
    if q.startswith("title_fold"):
        assert ids(result) == idx(articles, 8)


def test_same_answers_on_both_backends(loaded, articles, backend_kind, tmp_path):
    """A reference run on a fresh SQLite index must give what this backend gives."""
    from search_api.sqlite_backend import SqliteBackend

    ref = SqliteBackend(tmp_path / "ref.sqlite3")
    ref.index_articles(articles)
    for q in ["", "kiem sat", "VKSND Thanh Hóa", '"giao ban"', "hội nghị -trực"]:
        for kw in ({}, {"province": ["Thanh Hóa"]}, {"collapse": "story"}):
            a, b = run(loaded, q, **kw), run(ref, q, **kw)
            assert a.total == b.total, (q, kw)
            assert ids(a) == ids(b)
            assert {k: facet(a, k) for k in a.facets} == {k: facet(b, k) for k in b.facets}
            assert [(x.value, x.count) for x in a.histogram] == [
                (x.value, x.count) for x in b.histogram
            ]
            assert {h.id: h.snippet for h in a.hits} == {h.id: h.snippet for h in b.hits}


# -- figures ------------------------------------------------------------------
def test_metrics_all_and_rows(loaded, articles):
    result = loaded.metrics(MetricQuery())
    assert result.total == 12 == len(result.rows)
    row = next(r for r in result.rows if r.id == f"{articles[0].id}:0")
    assert (row.value, row.total, row.percent, row.consistent) == (3275, 3283, 99.8, True)
    assert row.unit == corpus.SUPREME and row.source == "vksndtc.gov.vn"
    assert row.published == "2023-10-05" and row.period == "Quý III/2023"
    # newest article first
    assert result.rows[0].article_id == articles[12].id


@pytest.mark.parametrize(
    ("kw", "expected"),
    [
        ({"subject": "diem cau"}, 2),
        ({"subject": "vụ án"}, 2),
        ({"subject": "vu an -hinh"}, 1),
        ({"subject": "KSV"}, 1),
        ({"value_min": 100}, 6),
        ({"value_min": 100, "value_max": 500}, 3),
        ({"year": 2022}, 3),
        ({"period": "năm 2021"}, 2),
        ({"unit": [corpus.THANH_HOA]}, 3),
        ({"source": ["kiemsat.vn"]}, 3),
    ],
)
def test_metric_filters(loaded, kw, expected):
    assert loaded.metrics(MetricQuery(**kw)).total == expected


def test_metric_filter_by_article(loaded, articles):
    result = loaded.metrics(MetricQuery(article=articles[0].id))
    assert sorted(r.id for r in result.rows) == [f"{articles[0].id}:0", f"{articles[0].id}:1"]


def test_metric_aggregations(loaded):
    years = loaded.metrics(MetricQuery(group_by="year"))
    assert [(b.key, b.count) for b in years.buckets] == [
        ("2021", 3),
        ("2022", 3),
        ("2023", 3),
        ("2024", 3),
    ]
    subjects = loaded.metrics(MetricQuery(subject="điểm cầu", group_by="subject"))
    assert [(b.key, b.count, b.sum) for b in subjects.buckets] == [("điểm cầu", 2, 126.0)]
    units = {b.key: (b.count, b.sum) for b in loaded.metrics(MetricQuery(group_by="unit")).buckets}
    assert units[corpus.THANH_HOA] == (3, 12_000_000_127.0)
    assert units[corpus.SUPREME][0] == 4


def test_metric_query_errors(loaded):
    with pytest.raises(QueryError):
        loaded.metrics(MetricQuery(value_min=5, value_max=1))
    with pytest.raises(QueryError):
        loaded.metrics(MetricQuery(size=0))
