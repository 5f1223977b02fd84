"""Dates and reporting periods as the portals write them."""

from __future__ import annotations

import time
from datetime import date, datetime

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from nlp.dates import find_dates, find_period, find_periods, parse_date, to_iso


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("21/9/2023", "2023-09-21"),
        ("Sáng ngày 02/3/2021, đoàn công tác làm việc", "2021-03-02"),
        ("ký ngày 27/01/2010", "2010-01-27"),
        ("3/15/2021 8:19:41 AM", "2021-03-15"),
        ("4/2/2022 10:05:00 PM", "2022-04-02"),
        ("15/4/2022 10:05 AM", "2022-04-15"),
        ("Ngày đăng : 08:00, 05/07/2022", "2022-07-05"),
        ("Cập nhật 11/12/2020 17:45", "2020-12-11"),
        ("ngày 5 tháng 7 năm 2022", "2022-07-05"),
        ("published 2019-02-19T08:00", "2019-02-19"),
        ("12.10.2024", "2024-10-12"),
        ("Đăng ngày 09 - 07 - 2024", "2024-07-09"),
    ],
)
def test_parse_date_reads_portal_formats(text: str, expected: str) -> None:
    assert to_iso(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "",
        "không có ngày",
        "31/02/2023",
        "nhiệm kỳ 2021 - 2026",
        "từ 10 - 12/4",
        "Pháp lệnh 07/2019/UBTVQH14",
        "1.234.567",
        "45/13/2020",
    ],
)
def test_parse_date_gives_none_when_there_is_no_valid_date(text: str) -> None:
    assert parse_date(text) is None


def test_find_dates_keeps_order_and_spans() -> None:
    text = "Kế hoạch ngày 30/3/2023 và Công văn ngày 4/5/2023 của Viện"
    found = find_dates(text)
    assert [d.iso for d in found] == ["2023-03-30", "2023-05-04"]
    assert [text[d.start : d.end] for d in found] == ["30/3/2023", "4/5/2023"]


@pytest.mark.parametrize(
    ("sentence", "period"),
    [
        ("Trong 6 tháng đầu năm 2024, đơn vị đã thụ lý 12 vụ", "6 tháng đầu năm 2024"),
        ("Kết quả công tác Quý III/2022 của Viện", "Quý III/2022"),
        ("giao ban quý 2 năm 2021", "quý 2 năm 2021"),
        ("Năm 2019, toàn Ngành thụ lý 100 vụ, tăng 2% so với năm 2018", "Năm 2019"),
        ("Lũy kế 9 tháng năm 2020 đã giải quyết", "9 tháng năm 2020"),
        ("trong tháng 10/2024 đã kiểm sát", "tháng 10/2024"),
        ("từ năm 2011 đến năm 2015 đã chiếm đoạt", "từ năm 2011 đến năm 2015"),
        ("6 tháng cuối năm, Viện sẽ", "6 tháng cuối năm"),
        ("giai đoạn 2016 - 2020 có 10 đề tài", "giai đoạn 2016 - 2020"),
        ("Từ đầu năm 2021 đến nay, đơn vị", "Từ đầu năm 2021 đến nay"),
        ("từ tháng 2/2024 đến tháng 9/2024, bị can", "từ tháng 2/2024 đến tháng 9/2024"),
        ("(từ ngày 01/10/2022 đến ngày 30/9/2023)", "từ ngày 01/10/2022 đến ngày 30/9/2023"),
        ("Sáu tháng đầu năm 2022, tình hình", "Sáu tháng đầu năm 2022"),
    ],
)
def test_find_period(sentence: str, period: str) -> None:
    assert find_period(sentence) == period


def test_a_law_year_is_not_a_period() -> None:
    assert find_period("theo Luật Tổ chức Tòa án nhân dân năm 2014 thì") is None
    assert find_period("so với năm 2020, tăng 5 vụ") is None


def test_find_periods_lists_each_with_span() -> None:
    text = "Quý I/2023 và Quý II/2023"
    assert [(p.text, text[p.start : p.end]) for p in find_periods(text)] == [
        ("Quý I/2023", "Quý I/2023"),
        ("Quý II/2023", "Quý II/2023"),
    ]


@settings(max_examples=300, deadline=None)
@given(st.dates(min_value=date(1950, 1, 1), max_value=date(2099, 12, 31)), st.booleans())
def test_round_trip_day_first(value: date, pad: bool) -> None:
    text = (
        f"{value.day:02d}/{value.month:02d}/{value.year}"
        if pad
        else f"{value.day}/{value.month}/{value.year}"
    )
    assert parse_date(f"Ngày {text}, Viện tổ chức") == value


@settings(max_examples=300, deadline=None)
@given(st.datetimes(min_value=datetime(1950, 1, 1), max_value=datetime(2099, 12, 31)))
def test_round_trip_us_timestamp(value: datetime) -> None:
    hour = value.hour % 12 or 12
    ampm = "AM" if value.hour < 12 else "PM"
    text = f"{value.month}/{value.day}/{value.year} {hour}:{value.minute:02d}:{value.second:02d} {ampm}"
    assert parse_date(text) == value.date()


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="0123456789/.-: AMPngàyháQuýIV", max_size=200))
def test_never_crashes_on_noise(text: str) -> None:
    parse_date(text)
    find_periods(text)


def test_adversarial_input_is_linear() -> None:
    blobs = ["1/" * 50_000, "12/12/" * 20_000, "1." * 50_000, "năm " * 30_000, "9" * 100_000]
    start = time.perf_counter()
    for blob in blobs:
        find_dates(blob)
        find_periods(blob)
    assert time.perf_counter() - start < 10  # generous: linear scans take well under a second


@pytest.mark.parametrize(
    "text",
    [
        "bị can Lò Văn Sơn (sinh năm 1982)",
        "ông Hà, sinh ra năm 1975 tại Nghệ An",
        "Trần A (SN năm 1990)",
    ],
)
def test_a_birth_year_is_not_a_period(text: str) -> None:
    assert find_periods(text) == []


def test_a_year_near_a_birth_year_is_still_a_period() -> None:
    found = find_periods("Bị can Hải (sinh năm 1988) phạm tội trong năm 2023.")
    assert [p.text for p in found] == ["năm 2023"]
