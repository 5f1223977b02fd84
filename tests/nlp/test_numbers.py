"""Vietnamese number reading: dots group thousands, commas mark decimals."""

from __future__ import annotations

import time

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from nlp.numbers import decimals, find_numbers, parse_number, parse_percent, parse_range, scale_word


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("3.275", 3275),
        ("99,8", 99.8),
        ("04", 4),
        ("1.234.567", 1234567),
        ("72.000", 72000),
        ("1.234,5", 1234.5),
        ("0,8", 0.8),
        ("1,234,567", 1234567),
        ("3.5", 3.5),
        ("-12", -12),
        (" 7 ", 7),
    ],
)
def test_parse_number(text: str, value: float) -> None:
    assert parse_number(text) == value


@pytest.mark.parametrize("text", ["", "abc", "1..2", "1,2,3", "12%", "1.23.456"])
def test_parse_number_rejects_what_is_not_a_number(text: str) -> None:
    assert parse_number(text) is None


def test_whole_numbers_are_ints() -> None:
    assert isinstance(parse_number("1.500"), int)
    assert isinstance(parse_number("12,5"), float)


def test_percent_range_scale_and_decimals() -> None:
    assert parse_percent("84,3%") == 84.3
    assert parse_percent("90 %") == 90
    assert parse_percent("84,3") is None
    assert parse_range("10-20") == (10, 20)
    assert parse_range("từ 5 đến 7") == (5, 7)
    assert parse_range("12") is None
    assert scale_word("triệu") == 1_000_000
    assert scale_word("Tỷ") == 1_000_000_000
    assert scale_word("vụ") == 1
    assert decimals("99,8") == 1
    assert decimals("90") == 0
    assert decimals("3.275") == 0


def test_find_numbers_in_running_text() -> None:
    text = "thụ lý 1.204 vụ, giải quyết 1.100 vụ (đạt 91,4%); 06 đơn vị"
    assert [(n.text, n.value) for n in find_numbers(text)] == [
        ("1.204", 1204),
        ("1.100", 1100),
        ("91,4", 91.4),
        ("06", 6),
    ]


def _vietnamese(value: int) -> str:
    return f"{value:,}".replace(",", ".")


@settings(max_examples=500, deadline=None)
@given(st.integers(min_value=0, max_value=10**15))
def test_round_trip_integers(value: int) -> None:
    assert parse_number(_vietnamese(value)) == value
    assert [n.value for n in find_numbers(f"có {_vietnamese(value)} vụ")] == [value]


@settings(max_examples=500, deadline=None)
@given(st.integers(min_value=0, max_value=10**9), st.integers(min_value=1, max_value=9))
def test_round_trip_decimals(whole: int, tenth: int) -> None:
    text = f"{_vietnamese(whole)},{tenth}"
    assert parse_number(text) == pytest.approx(whole + tenth / 10)
    assert decimals(text) == 1


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="0123456789.,%- tđếnừ", max_size=300))
def test_never_crashes_on_noise(text: str) -> None:
    parse_number(text)
    parse_percent(text)
    parse_range(text)
    find_numbers(text)


def test_adversarial_input_is_linear() -> None:
    blobs = ["9" * 100_000, "1." * 50_000, "1,2." * 25_000, "123.456," * 12_000]
    start = time.perf_counter()
    for blob in blobs:
        parse_number(blob)
        parse_range(blob)
        find_numbers(blob)
    assert time.perf_counter() - start < 10
