"""Dates and reporting periods as Vietnamese portals write them, read to ISO.

Vietnamese text writes dates day first (``21/9/2023``, ``ngày 02/3/2021``,
``ngày 5 tháng 7 năm 2022``), but several portals run an ASP.NET CMS that
prints US-style timestamps (``3/15/2021 8:19:41 AM``): a clock with AM/PM after
the date, or a second field above 12, marks the month-first order. Reporting
periods (``Quý IV/2023``, ``6 tháng đầu năm 2024``, ``năm 2023``) are kept as
written because analysts group figures by them verbatim.

Every regex is precompiled with bounded quantifiers so that adversarial input
(100k digits and slashes) is scanned in linear time.

API:
- :func:`parse_date` reads the first date in a string (``date | None``);
- :func:`find_dates` lists every date with its character span;
- :func:`find_period` returns the reporting period a sentence states;
- :func:`find_periods` lists every period with its span.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

__all__ = [
    "DateMatch",
    "PeriodMatch",
    "find_dates",
    "find_period",
    "find_periods",
    "reporting_periods",
    "parse_date",
    "to_iso",
]

MIN_YEAR = 1900
MAX_YEAR = 2100

# ``21/9/2023``, ``21-9-2023``, ``21.9.2023``, ``09 - 07 - 2024``, optionally followed by a clock
# (``8:19:41 AM``, ``17:19``). The look-arounds stop a match inside a longer
# run of digits (a document number such as ``09/2014/UBTVQH13`` is no date).
_NUMERIC = re.compile(
    r"(?<![\d/.\-])"
    r"(?P<a>\d{1,2})(?P<sep>[/.\-]| - | / )(?P<b>\d{1,2})(?P=sep)(?P<y>\d{4})"
    r"(?![\d/]|\.\d|-\d)"
    r"(?:[ \t,]{1,3}(?P<clock>\d{1,2}:\d{2}(?::\d{2})?)(?:[ \t]{0,2}(?P<ampm>[AaPp]\.?[Mm]\.?))?)?"
)
# ``2019-02-19`` (ISO, as in feeds and ``<time datetime>``)
_ISO = re.compile(r"(?<![\d\-])(?P<y>\d{4})-(?P<m>\d{2})-(?P<d>\d{2})(?![\d])")
# ``ngày 5 tháng 7 năm 2022``
_WORDS = re.compile(
    r"(?<!\w)ngày[ \t]{1,3}(?P<d>\d{1,2})[ \t]{1,3}tháng[ \t]{1,3}(?P<m>\d{1,2})"
    r"[ \t]{1,3}năm[ \t]{1,3}(?P<y>\d{4})(?!\d)",
    re.IGNORECASE,
)
# A clock *before* the date: ``Ngày đăng : 08:00, 05/07/2022``. The numeric
# pattern already reads the date; this only tells us the clock is not a US one.


@dataclass(frozen=True)
class DateMatch:
    """One date found in text: its span, the text as written and the date."""

    start: int
    end: int
    text: str
    date: date

    @property
    def iso(self) -> str:
        return self.date.isoformat()


def _make(y: int, m: int, d: int) -> date | None:
    if not MIN_YEAR <= y <= MAX_YEAR:
        return None
    try:
        return date(y, m, d)
    except ValueError:
        return None


def _numeric_date(match: re.Match[str]) -> date | None:
    a, b, y = int(match["a"]), int(match["b"]), int(match["y"])
    us = bool(match["ampm"])
    if us and a <= 12:
        # ``3/15/2021 8:19:41 AM``: month first; ``15/3/2021 8:19 AM`` stays day first.
        return _make(y, a, b) or _make(y, b, a)
    return _make(y, b, a) or _make(y, a, b)


def find_dates(text: str) -> list[DateMatch]:
    """Every calendar date in ``text``, in order of position, invalid ones skipped."""
    found: list[DateMatch] = []
    taken: list[tuple[int, int]] = []
    for match in _WORDS.finditer(text):
        value = _make(int(match["y"]), int(match["m"]), int(match["d"]))
        if value:
            found.append(DateMatch(match.start(), match.end(), match.group(0), value))
            taken.append(match.span())
    for match in _NUMERIC.finditer(text):
        value = _numeric_date(match)
        if value:
            found.append(DateMatch(match.start(), match.end(), match.group(0), value))
            taken.append(match.span())
    for match in _ISO.finditer(text):
        if any(s <= match.start() < e for s, e in taken):
            continue
        value = _make(int(match["y"]), int(match["m"]), int(match["d"]))
        if value:
            found.append(DateMatch(match.start(), match.end(), match.group(0), value))
    found.sort(key=lambda m: m.start)
    return found


def parse_date(text: str | None) -> date | None:
    """The first date written in ``text`` (``21/9/2023``, ``3/15/2021 8:19:41 AM``), or None."""
    if not text:
        return None
    dates = find_dates(text)
    return dates[0].date if dates else None


def to_iso(text: str | None) -> str | None:
    """:func:`parse_date` as an ISO string ``YYYY-MM-DD`` (the contract's format), or None."""
    value = parse_date(text)
    return value.isoformat() if value else None


# --- reporting periods -------------------------------------------------------

_ROMAN = r"(?:IV|I{1,3}|V)"
_YEAR = r"(?:19|20)\d{2}"
_NAM = r"[Nn]ăm"
# Month counts written as words (``Sáu tháng đầu năm 2024``); ``năm`` (five) is
# left out because it would read every ``năm tháng`` as a period.
_MONTH_WORDS = (
    r"(?:[Mm]ột|[Hh]ai|[Bb]a|[Bb]ốn|[Ss]áu|[Bb]ảy|[Tt]ám|[Cc]hín|[Mm]ười(?:[ \t]một|[ \t]hai)?)"
)
_MONTH_YEAR = (
    rf"(?:0?[1-9]|1[0-2])(?:[ \t]{{0,2}}/[ \t]{{0,2}}{_YEAR}|[ \t]{{1,3}}{_NAM}[ \t]{{1,3}}{_YEAR})"
)
_DAY_MONTH_YEAR = r"\d{1,2}/\d{1,2}/(?:19|20)\d{2}"
_PERIOD_ALTS = [
    # ``từ năm 2010 đến năm 2014``, ``từ đầu năm 2022 đến nay``
    rf"[Tt]ừ[ \t]{{1,3}}(?:đầu[ \t]{{1,3}})?{_NAM}[ \t]{{1,3}}{_YEAR}[ \t]{{1,3}}(?:đến|tới)[ \t]{{1,3}}"
    rf"(?:nay|hết[ \t]{{1,3}}{_NAM}[ \t]{{1,3}}{_YEAR}|(?:{_NAM}[ \t]{{1,3}})?{_YEAR})",
    # ``từ tháng 3/2025 đến tháng 12/2025``, ``từ tháng 3 đến tháng 12/2025``
    rf"[Tt]ừ[ \t]{{1,3}}tháng[ \t]{{1,3}}(?:0?[1-9]|1[0-2])(?:[ \t]{{0,2}}/[ \t]{{0,2}}{_YEAR})?[ \t]{{1,3}}(?:đến|tới)"
    rf"[ \t]{{1,3}}(?:nay|tháng[ \t]{{1,3}}{_MONTH_YEAR})",
    # ``từ ngày 01/12/2023 đến ngày 31/5/2024`` (a report's statistical period)
    rf"[Tt]ừ[ \t]{{1,3}}ngày[ \t]{{1,3}}{_DAY_MONTH_YEAR}[ \t]{{1,3}}(?:đến|tới)[ \t]{{1,3}}(?:ngày[ \t]{{1,3}})?{_DAY_MONTH_YEAR}",
    # ``giai đoạn 2016 - 2020``, ``giai đoạn 2016-2020``
    rf"[Gg]iai[ \t]đoạn[ \t]{{1,3}}{_YEAR}[ \t]{{0,2}}[-–][ \t]{{0,2}}{_YEAR}",
    # ``Quý IV/2023``, ``quý 1/2024``, ``Quý I năm 2024``
    rf"[Qq]uý[ \t]{{1,3}}(?:{_ROMAN}|[1-4])(?:[ \t]{{0,2}}/[ \t]{{0,2}}{_YEAR}|[ \t]{{1,3}}{_NAM}[ \t]{{1,3}}{_YEAR})?",
    # ``6 tháng đầu năm 2024``, ``9 tháng năm 2023``, ``6 tháng cuối năm``, ``Sáu tháng ...``
    rf"(?:0?[1-9]|1[0-2]|{_MONTH_WORDS})[ \t]{{1,3}}tháng(?:[ \t]{{1,3}}(?:đầu|cuối))?[ \t]{{1,3}}{_NAM}(?:[ \t]{{1,3}}{_YEAR})?",
    # ``tháng 10/2024``, ``tháng 10 năm 2024``
    rf"[Tt]háng[ \t]{{1,3}}(?:0?[1-9]|1[0-2])(?:[ \t]{{0,2}}/[ \t]{{0,2}}{_YEAR}|[ \t]{{1,3}}{_NAM}[ \t]{{1,3}}{_YEAR})",
    # ``năm 2023``
    rf"{_NAM}[ \t]{{1,3}}{_YEAR}",
]
_PERIOD = re.compile(
    r"(?<!\w)(?:" + "|".join(f"(?:{alt})" for alt in _PERIOD_ALTS) + r")(?!\w|/\d)"
)
# Words just before ``năm 2014`` that make it a name, not a period: a law's
# year (``Luật Tổ chức VKSND năm 2014``), a plan's year (``Kế hoạch công tác
# năm 2023``) is still a period in the gold, so only laws and codes are listed.
_NOT_PERIOD_BEFORE = re.compile(
    r"(?:Luật|luật|Bộ luật|Hiến pháp|Pháp lệnh)[^.;:\n]{0,80}$"
    # a birth year (``bị can A (sinh năm 1980)``) dates a person, not a report
    r"|(?<!\w)(?:[Ss]inh|SN)(?:[ \t]{1,3}ra)?[ \t]{1,3}$",
)


@dataclass(frozen=True)
class PeriodMatch:
    """One reporting period as written, with its span."""

    start: int
    end: int
    text: str


def find_periods(text: str) -> list[PeriodMatch]:
    """Every reporting period written in ``text`` (``Quý IV/2023``, ``năm 2023`` ...)."""
    out: list[PeriodMatch] = []
    for match in _PERIOD.finditer(text):
        phrase = match.group(0)
        if phrase[:3].lower() == "năm" and _NOT_PERIOD_BEFORE.search(
            text, max(0, match.start() - 80), match.start()
        ):
            continue
        out.append(PeriodMatch(match.start(), match.end(), phrase))
    return out


_COMPARISON_BEFORE = ("so với", "so cùng kỳ", "cùng kỳ", "so")


def reporting_periods(sentence: str, periods: list[PeriodMatch] | None = None) -> list[PeriodMatch]:
    """The periods of a sentence that are not comparisons (``so với năm 2017``).

    ``periods`` is :func:`find_periods` of the sentence when the caller has it already.
    """
    out = []
    for period in find_periods(sentence) if periods is None else periods:
        before = sentence[max(0, period.start - 12) : period.start].lower().rstrip()
        if before.endswith(_COMPARISON_BEFORE):
            continue
        out.append(period)
    return out


def find_period(sentence: str, at: int | None = None) -> str | None:
    """The reporting period a sentence states, as written, or None.

    Vietnamese reports open with the period (``Trong 6 tháng đầu năm 2023,
    ...``); comparisons (``tăng 3,2% so với năm 2017``) are not periods. With
    ``at`` (a character offset of a figure), the last period before it wins
    (``năm 2016: 1.112 vụ; năm 2020: 1.318 vụ``), else the first after it.
    """
    periods = reporting_periods(sentence)
    if not periods:
        return None
    if at is not None:
        before = [p for p in periods if p.start < at]
        if before:
            return before[-1].text
    return periods[0].text
