"""Vietnamese normalisation, the query parser, FTS5 expression safety and provinces."""

from __future__ import annotations

import sqlite3

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from search_api.base import QueryError, SearchQuery
from search_api.provinces import province_of_unit
from search_api.query_syntax import AnyOf, parse
from search_api.sqlite_backend import SqliteBackend, match_expressions
from search_api.text import accented_text, fold, folded_text, token_streams, unify_tone


@pytest.mark.parametrize(
    ("word", "expected"),
    [
        ("hoà", "hòa"),
        ("HOÀ", "hòa"),
        ("thuỷ", "thủy"),
        ("khoẻ", "khỏe"),
        ("hoàn", "hoàn"),
        ("quý", "quý"),
    ],
)
def test_tone_placement_is_unified(word, expected):
    assert unify_tone(word.lower()) == expected


def test_folding_maps_d_stroke():
    assert fold("Đồng") == "dong"
    assert folded_text("đồng chí Đặng") == "dong chi dang"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("VKSND", "viện kiểm sát nhân dân"),
        ("VKSNDTC", "viện kiểm sát nhân dân tối cao"),
        ("Đ/c An", "đồng chí an"),
        ("đ / c An", "đồng chí an"),
        ("Tp. Huế", "thành phố huế"),
        ("UBND, HĐND", "ủy ban nhân dân hội đồng nhân dân"),
        ("03/CT-VKSTC", "03 ct viện kiểm sát nhân dân tối cao"),
        ("snake_case", "snake case"),
    ],
)
def test_abbreviations_expand(text, expected):
    assert accented_text(text) == expected
    assert token_streams(text) == (expected, folded_text(text))


def test_parser_tree():
    q = parse('kiem "tối cao" -"tập huấn" a OR b -c OR')
    assert [c.accented for c in q.required if not isinstance(c, AnyOf)] == [
        ("kiem",),
        ("tối", "cao"),
    ]
    alternatives = [c for c in q.required if isinstance(c, AnyOf)]
    assert [o.accented for o in alternatives[0].options] == [("a",), ("b",)]
    assert [e.accented for e in q.excluded] == [("tập", "huấn"), ("c",)]
    assert parse("").empty and parse("*** ---").empty
    with pytest.raises(QueryError):
        parse("a " * 300)
    with pytest.raises(QueryError):
        parse(" ".join(f"w{i}" for i in range(60)))


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=120))
def test_any_text_gives_a_valid_fts5_expression(q):
    """Whatever the user types, the MATCH expression parses (every token is quoted)."""
    try:
        parsed = parse(q)
    except QueryError:
        return
    positive, negative = match_expressions(parsed)
    conn = sqlite3.connect(":memory:")
    conn.execute(
        "CREATE VIRTUAL TABLE t USING fts5(title_acc, body_acc, title_fold, body_fold, abbr, tokenize='unicode61 remove_diacritics 0')"
    )
    for expr in (positive, negative):
        if expr:
            conn.execute("SELECT * FROM t WHERE t MATCH ?", (expr,)).fetchall()


@settings(max_examples=60, deadline=None)
@given(st.text(alphabet=st.sampled_from('ab "-*:()^{}OR\\đ/c'), max_size=40))
def test_search_never_errors_on_syntax(tmp_path_factory, q):
    backend = SqliteBackend(tmp_path_factory.mktemp("h") / "s.sqlite3")
    try:
        result = backend.search(SearchQuery(q=q))
    except QueryError:
        return
    assert result.total == 0


@pytest.mark.parametrize(
    ("name", "level", "province"),
    [
        ("Viện kiểm sát nhân dân tỉnh Thanh Hóa", "province", "Thanh Hóa"),
        ("Viện kiểm sát nhân dân tỉnh Thanh Hoá", "province", "Thanh Hóa"),
        ("VKSND huyện Quế Sơn, tỉnh Quảng Nam", "district", "Quảng Nam"),
        ("Viện kiểm sát nhân dân TP Hồ Chí Minh", "province", "Hồ Chí Minh"),
        ("Viện kiểm sát nhân dân khu vực 3 - Hà Nội", "regional", "Hà Nội"),
        ("Viện kiểm sát nhân dân khu vực 3 Hà Nội", "regional", "Hà Nội"),
        ("Phòng 7 Viện kiểm sát nhân dân tỉnh Trà Vinh", "department", "Trà Vinh"),
        ("Viện kiểm sát nhân dân tỉnh Thừa Thiên Huế", "province", "Thừa Thiên Huế"),
        ("Viện kiểm sát nhân dân cấp cao tại Đà Nẵng", "high", None),
        ("Ủy ban nhân dân tỉnh Thanh Hóa", "external", None),
        ("Viện kiểm sát quân sự khu vực 1", "military", None),
    ],
)
def test_province_of_unit(name, level, province):
    assert province_of_unit(name, level) == province


def test_abbreviation_marks_cover_nested_expansions():
    from search_api.text import abbreviation_mark, abbreviation_marks

    stream = folded_text("Đại diện VKSNDTC và UBND tỉnh dự hội nghị")
    marks = abbreviation_marks(stream).split()
    assert {"kxvksndtc", "kxvksnd", "kxvks", "kxubnd"} <= set(marks)
    assert abbreviation_mark(tuple(folded_text("Viện kiểm sát nhân dân").split())) == "kxvksnd"
    assert abbreviation_mark(("kiem", "sat")) is None
