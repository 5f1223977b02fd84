"""The province of an article, derived from the procuracies it names.

A provincial, district or regional procuracy (and a department inside one)
names its province (``Viện kiểm sát nhân dân tỉnh Thanh Hóa``, ``... huyện Quế
Sơn, tỉnh Quảng Nam``, ``... khu vực 3 - Hà Nội``); the supreme, high and
military procuracies and bodies outside the procuracy system do not give the
article a province. The result is the province's name without its ``tỉnh`` or
``thành phố`` prefix, spelled as in :data:`PROVINCES`.

This is a small stand-in for the province helper of ``nlp/components/units.py``;
:func:`province_of_unit` is the one function to swap when that lands.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from kiemsat.model import Article, Unit
from search_api.text import folded_text

# The 63 provinces and centrally governed cities before the 2025 merger, and the
# names the 34 merged ones kept (a subset), as the portals spell them.
PROVINCES = (
    "An Giang", "Bà Rịa - Vũng Tàu", "Bắc Giang", "Bắc Kạn", "Bạc Liêu", "Bắc Ninh",
    "Bến Tre", "Bình Định", "Bình Dương", "Bình Phước", "Bình Thuận", "Cà Mau", "Cần Thơ",
    "Cao Bằng", "Đà Nẵng", "Đắk Lắk", "Đắk Nông", "Điện Biên", "Đồng Nai", "Đồng Tháp",
    "Gia Lai", "Hà Giang", "Hà Nam", "Hà Nội", "Hà Tĩnh", "Hải Dương", "Hải Phòng",
    "Hậu Giang", "Hòa Bình", "Hồ Chí Minh", "Hưng Yên", "Huế", "Khánh Hòa", "Kiên Giang",
    "Kon Tum", "Lai Châu", "Lâm Đồng", "Lạng Sơn", "Lào Cai", "Long An", "Nam Định",
    "Nghệ An", "Ninh Bình", "Ninh Thuận", "Phú Thọ", "Phú Yên", "Quảng Bình", "Quảng Nam",
    "Quảng Ngãi", "Quảng Ninh", "Quảng Trị", "Sóc Trăng", "Sơn La", "Tây Ninh", "Thái Bình",
    "Thái Nguyên", "Thanh Hóa", "Thừa Thiên Huế", "Tiền Giang", "Trà Vinh", "Tuyên Quang",
    "Vĩnh Long", "Vĩnh Phúc", "Yên Bái",
)  # fmt: skip

_BY_FOLDED: dict[str, str] = {folded_text(p): p for p in PROVINCES}
_BY_FOLDED[folded_text("Thừa Thiên - Huế")] = "Thừa Thiên Huế"
_BY_FOLDED["hcm"] = "Hồ Chí Minh"
_BY_FOLDED["ho chi minh"] = "Hồ Chí Minh"
_BY_FOLDED["ba ria vung tau"] = "Bà Rịa - Vũng Tàu"

# Levels whose procuracy belongs to one province.
_LOCAL_LEVELS = {"province", "district", "regional", "department"}
# The folded text after which a province name follows.
_MARKER = re.compile(r"\b(?:tinh|thanh pho|khu vuc \d+)\s+")
_MAX_WORDS = 4


def province_of_unit(name: str, level: str | None = None) -> str | None:
    """The province a procuracy unit belongs to, or ``None``.

    >>> province_of_unit("Viện kiểm sát nhân dân huyện Quế Sơn, tỉnh Quảng Nam", "district")
    'Quảng Nam'
    >>> province_of_unit("VKSND TP Hồ Chí Minh", "province")
    'Hồ Chí Minh'
    """
    if level is not None and level not in _LOCAL_LEVELS:
        return None
    folded = folded_text(name)
    if "vien kiem sat" not in folded or "quan su" in folded:
        return None
    # the last marker wins: "huyện X, tỉnh Y" → Y
    best: str | None = None
    for m in _MARKER.finditer(folded):
        tail = folded[m.end() :].split()
        for n in range(min(_MAX_WORDS, len(tail)), 0, -1):
            candidate = _BY_FOLDED.get(" ".join(tail[:n]))
            if candidate:
                best = candidate
                break
    return best


def provinces_of(units: Iterable[Unit]) -> list[str]:
    """Distinct provinces of ``units`` in order of first appearance."""
    out: list[str] = []
    for unit in units:
        province = province_of_unit(unit.name, unit.level)
        if province and province not in out:
            out.append(province)
    return out


def article_provinces(article: Article) -> list[str]:
    return provinces_of(article.units)
