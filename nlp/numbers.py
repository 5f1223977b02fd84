"""Numbers as Vietnamese text writes them: ``.`` groups thousands, ``,`` is the decimal mark.

``3.275`` is 3275, ``99,8`` is 99.8, ``04`` is 4 (leading zeros are common in
counts: ``04 nhóm``, ``08 đơn vị``), ``1.234.567,5`` is 1234567.5. Text pasted
from English sources sometimes uses the other convention; a dot followed by
anything but groups of exactly three digits (``3.5``) is read as a decimal
point, and commas grouping threes (``1,234,567``) as thousands, so such input
still gives the intended value.

Money is scaled by its word (``720 triệu đồng`` = 720 000 000 VND), and
percentages and ranges (``10-20``) are read here too so that every component
shares one reading of a figure. All patterns are precompiled with bounded
quantifiers: scanning is linear even on 100k characters of digits and dots.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

__all__ = [
    "NUMBER_PATTERN",
    "SCALE_WORDS",
    "NumberMatch",
    "decimals",
    "find_numbers",
    "parse_number",
    "parse_percent",
    "parse_range",
    "scale_word",
]

# One number token: digits with ``.``/``,`` separators. Bounded: up to 7 groups
# of up to 3 digits after the first run (quadrillions), a run of at most 15.
NUMBER_PATTERN = r"\d{1,15}(?:[.,]\d{1,3}){0,6}"
_NUMBER = re.compile(rf"(?<![\w.,])(?:{NUMBER_PATTERN})(?![\w]|[.,]\d)")
_FULL = re.compile(rf"[ \t]{{0,8}}[+\-−]?[ \t]{{0,2}}({NUMBER_PATTERN})[ \t]{{0,8}}")
_THOUSANDS_DOT = re.compile(r"\d{1,3}(?:\.\d{3}){1,6}(?:,\d{1,6})?")
_THOUSANDS_COMMA = re.compile(r"\d{1,3}(?:,\d{3}){2,6}(?:\.\d{1,6})?")
_PERCENT = re.compile(rf"[ \t]{{0,8}}({NUMBER_PATTERN})[ \t]{{0,2}}%[ \t]{{0,8}}")
_RANGE = re.compile(
    rf"[ \t]{{0,8}}(?:từ[ \t]{{1,3}})?({NUMBER_PATTERN})[ \t]{{0,3}}(?:[-–—]|đến|tới)[ \t]{{0,3}}({NUMBER_PATTERN})[ \t]{{0,8}}"
)

#: Scale words that multiply the number before them (money, populations).
SCALE_WORDS: dict[str, int] = {
    "nghìn": 1_000,
    "ngàn": 1_000,
    "triệu": 1_000_000,
    "tỷ": 1_000_000_000,
    "tỉ": 1_000_000_000,
}


def _as_number(value: float) -> int | float:
    """An int when the value is whole (counts), else the float rounded to kill binary noise."""
    if value == int(value) and abs(value) < 1e18:
        return int(value)
    return round(value, 10)


def _read(token: str) -> float | None:
    """The value of one separator-bearing digit token, or None if it is not a number."""
    if not token or len(token) > 64:
        return None
    dots, commas = token.count("."), token.count(",")
    if dots == 0 and commas == 0:
        return float(int(token))
    if _THOUSANDS_DOT.fullmatch(token):
        # Vietnamese: ``1.234.567`` or ``1.234,5``
        whole, _, frac = token.partition(",")
        return float(whole.replace(".", "") + ("." + frac if frac else ""))
    if _THOUSANDS_COMMA.fullmatch(token):
        # English grouping with at least two commas: ``1,234,567`` (``.5`` decimal)
        return float(token.replace(",", ""))
    if dots + commas == 1:
        # ``99,8`` (Vietnamese decimal) or ``3.5`` (a dot not followed by three digits)
        return float(token.replace(",", "."))
    return None


def parse_number(text: str | None) -> int | float | None:
    """The number written in ``text`` (the whole string, sign allowed), or None.

    >>> parse_number("3.275"), parse_number("99,8"), parse_number("04")
    (3275, 99.8, 4)
    """
    if not text:
        return None
    match = _FULL.fullmatch(text)
    if not match:
        return None
    value = _read(match.group(1))
    if value is None:
        return None
    stripped = text.strip()
    if stripped[:1] in "-−":
        value = -value
    return _as_number(value)


def decimals(token: str) -> int:
    """How many decimal places a written number states (``99,8`` → 1, ``90`` → 0)."""
    value_text = token.strip().rstrip("%").strip()
    if _THOUSANDS_DOT.fullmatch(value_text):
        return len(value_text.partition(",")[2])
    if _THOUSANDS_COMMA.fullmatch(value_text):
        return len(value_text.partition(".")[2])
    for sep in (",", "."):
        if value_text.count(sep) == 1 and value_text.count("," if sep == "." else ".") == 0:
            return len(value_text.partition(sep)[2])
    return 0


def parse_percent(text: str | None) -> float | None:
    """``84,3%`` → 84.3 (the percent sign is required), else None."""
    if not text:
        return None
    match = _PERCENT.fullmatch(text)
    if not match:
        return None
    value = _read(match.group(1))
    return None if value is None else _as_number(value)


def parse_range(text: str | None) -> tuple[int | float, int | float] | None:
    """``10-20``, ``10 - 20``, ``từ 10 đến 20`` → (10, 20), else None."""
    if not text:
        return None
    match = _RANGE.fullmatch(text)
    if not match:
        return None
    low, high = _read(match.group(1)), _read(match.group(2))
    if low is None or high is None:
        return None
    return _as_number(low), _as_number(high)


def scale_word(word: str) -> int:
    """The multiplier of a scale word (``triệu`` → 1 000 000), 1 for anything else."""
    return SCALE_WORDS.get(word.lower(), 1)


@dataclass(frozen=True)
class NumberMatch:
    """One number in running text: span, text as written, value, decimals stated."""

    start: int
    end: int
    text: str
    value: int | float
    decimals: int


def find_numbers(text: str) -> list[NumberMatch]:
    """Every number token in ``text`` with its value (tokens that do not read are skipped)."""
    out: list[NumberMatch] = []
    for match in _NUMBER.finditer(text):
        token = match.group(0)
        value = _read(token)
        if value is None:
            continue
        out.append(
            NumberMatch(match.start(), match.end(), token, _as_number(value), decimals(token))
        )
    return out
