"""Units: every organisation an article names, by its canonical name and level.

Why a hand-written grammar rather than a statistical NER: the procuracy system
is a closed, regular world (one supreme procuracy, three high ones, one per
province, district/regional ones, military ones, numbered departments), and
the contract (``shared/spec/EXTRACTION.md`` sections 2 and 3) wants *canonical*
names (``Vụ 2 Viện kiểm sát nhân dân tối cao``), implied parents resolved
(``VKSND tỉnh`` → the province of the article) and generic references
(``VKSND các cấp``) left out. A grammar over gazetteers gives exactly that and
works on names it has never seen (any ``Sở X tỉnh Y``, ``UBND phường Z``).

How it runs: one combined regular expression finds *anchors* (words that can
start an organisation's name); at each anchor a small recursive parser reads
the name with anchored, bounded regular expressions (``pattern.match(text,
pos)``): a procuracy or court head and its qualifier (``tối cao``, ``cấp cao
2, 3``, ``tỉnh Thái Bình``, ``khu vực 3``), or a department head (``Phòng
15``, ``Văn phòng``, ``Vụ Pháp chế``) followed by its parent (``, Thanh tra
Chính phủ``), or a fixed-name body from ``nlp/gazetteer/bodies.json``. Every
quantifier is bounded, so the running time is linear in the text.

Public helpers for other stages: :func:`find_units` (the whole scan),
:func:`resolve_unit` (canonicalise the unit written after a title, used by the
people component) and :func:`province_of` (the search stage's ``province``
facet).
"""

from __future__ import annotations

import bisect
import itertools
import re
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import lru_cache

from spacy.language import Language
from spacy.tokens import Doc

from kiemsat.model import Unit
from nlp.extensions import register_extensions
from nlp.gazetteer import load, province_aliases, provinces
from nlp.normalize import fold, unify_tones

# --------------------------------------------------------------------------- letters

_UP = "A-ZÀÁẢÃẠĂẮẰẲẴẶÂẤẦẨẪẬĐÈÉẺẼẸÊẾỀỂỄỆÌÍỈĨỊÒÓỎÕỌÔỐỒỔỖỘƠỚỜỞỠỢÙÚỦŨỤƯỨỪỬỮỰỲÝỶỸỴ"
_LO = "a-zàáảãạăắằẳẵặâấầẩẫậđèéẻẽẹêếềểễệìíỉĩịòóỏõọôốồổỗộơớờởỡợùúủũụưứừửữựỳýỷỹỵ"
#: One capitalised syllable (``Thái``), the building block of names and places.
CAP_SYL = rf"[{_UP}][{_LO}]*"
_WORD = re.compile(r"[^\W\d_]+|\d{1,3}")

LEVELS_PROCURACY = frozenset({"supreme", "high", "province", "district", "regional", "military"})

SUPREME = "Viện kiểm sát nhân dân tối cao"
HIGH = {
    "1": "Viện kiểm sát nhân dân cấp cao tại Hà Nội",
    "2": "Viện kiểm sát nhân dân cấp cao tại Đà Nẵng",
    "3": "Viện kiểm sát nhân dân cấp cao tại Thành phố Hồ Chí Minh",
}
MIL_CENTRAL = "Viện kiểm sát quân sự Trung ương"
PROC_PREFIX = "Viện kiểm sát nhân dân"
COURT_PREFIX = "Tòa án nhân dân"

# Words that never belong to a place name or an organisation's own name (they
# start a title, another organisation or a new clause).
_NON_NAME_CAPS = frozenset(
    """Viện Phó Trưởng Chánh Thủ Tòa Toà Công Ủy Uỷ Hội Ban Bộ Sở Cục Vụ Phòng Văn Thanh Đảng Đồng Đ
    Tỉnh Thành Huyện Quận Xã Phường TP Tp UBND HĐND VKSND VKS VKSQS TAND Trường Học Bệnh Báo Kiểm Điều Chuyên
    Giám Chủ Bí Tổng Ông Bà Anh Chị Ngày Tháng Năm Quý Tại Theo Trong Sau Về Với Cùng Các
    Những Hội Nghị Kế Quyết Chỉ Thông Luật Nghị""".split()
)
# Capitalised words of _NON_NAME_CAPS that are also common syllables of place and school
# names: they end a name only before one of these second syllables (or a lower-case word).
_AMBIGUOUS_CAPS = {
    "Thanh": {"tra", "niên"}, "Văn": {"phòng", "bản"}, "Công": {"an", "ty", "đoàn", "văn"},
    "Đồng": {"chí"}, "Thành": {"phố", "ủy", "uỷ", "viên", "đoàn"}, "Hội": {"đồng", "nghị"},
    "Kiểm": {"sát", "tra", "toán"}, "Điều": {"tra"}, "Học": {"viện"}, "Giám": {"đốc", "sát"},
}  # fmt: skip
# "Trung tướng", "Trung ương", "Đại tá" end a name; "Miền Trung", "Đại Lộc" do not.
_RANK_LEADS = frozenset({"Trung", "Thượng", "Đại", "Thiếu", "Chuẩn"})
_RANK_TAIL = re.compile(r"[ \t]+(?:tướng|tá|úy|uý|ương|đô\s+đốc)(?![\w])")
# Stop words a committee's long name may still contain ("Ban Chỉ đạo thực hiện ... tỉnh X").
_LOOSE_OK = frozenset("về thực tỉnh thành huyện quận thị xã phường tp cấp tổ xây triển".split())
# Acronyms that belong inside company names ("Công ty TNHH MTV Sông Mã").
_NAME_ACRONYMS = frozenset("TNHH MTV CP TMCP XNK DV TM XD THCS THPT".split())
# Function words a long official name may contain before its place or parent.
_POLICE_CODE = re.compile(r"[ \t]+(P[A-Z])[ \t]?(\d{2})(?![\w])")
_REGION_PLACE = re.compile(
    rf"(?:VKSND|[Nn]hân\s+dân)\s+khu\s+vực\s+\d{{1,2}}\s*[-–]\s*({CAP_SYL}(?:[ ]{CAP_SYL}){{0,2}})"
)
_TAIL_OK = frozenset("về các cho trên".split())
_COMPANIES = frozenset({"Công ty", "Tập đoàn", "Ngân hàng"})
_LEGAL_FORM = re.compile(
    r"(?:(?:cổ\s+phần|trách\s+nhiệm\s+hữu\s+hạn|một\s+thành\s+viên|hai\s+thành\s+viên(?:\s+trở\s+lên)?"
    r"|hợp\s+danh|liên\s+doanh|tư\s+nhân|thương\s+mại\s+cổ\s+phần)[ \t]+){1,3}(?=[" + _UP + r"])"
)


@lru_cache(maxsize=1)
def _office_names() -> tuple[str, ...]:
    return tuple(load("departments")["procuracy_offices"]["names"])


def _procuracy_office(name: str) -> bool:
    """``Phòng Tổ chức cán bộ``: an office every procuracy has (``departments.json``)."""
    return name[len("Phòng ") :].lower().startswith(_office_names())


def _trim_lower_tail(text: str, start: int, end: int) -> int:
    """A company's own name ends on a capitalised word: ``Công ty Minh Phát nhận ...``
    → ``Công ty Minh Phát`` (lower-case words only inside the name)."""
    last = start
    for wm in _WORD.finditer(text, start, end):
        w = wm.group()
        if w[0].isupper() or w.isdigit() and last == start:
            last = wm.end()
    return last


_WORD_AFTER = re.compile(r" [^\W\d_]")
_NEXT_CAP = re.compile(rf" {CAP_SYL} {CAP_SYL}(?![\w])")


@lru_cache(maxsize=1)
def _surnames() -> frozenset[str]:
    return frozenset(load("people")["surnames"])


# Capitalised words that end a place name ("huyện Châu Thành", "Kỳ Anh" and "Đồng Hới" are places).
_NON_PLACE = frozenset(
    """Viện Phó Trưởng Chánh Thủ Tòa Toà Ủy Uỷ Ban Bộ Sở Cục Vụ Phòng Đảng Tỉnh Huyện Quận Xã Phường TP Tp
    Ngày Tháng Năm Quý Tại Theo Trong Sau Về Với Cùng Các Những Nghị Kế Quyết Chỉ Thông Luật Ông Bà Giám Chủ
    Bí Tổng Kiểm Điều Chuyên UBND HĐND VKSND VKS TAND""".split()
)
_STRONG_SURNAMES = frozenset(
    "Nguyễn Trần Lê Phạm Huỳnh Phan Vũ Võ Đặng Bùi Đỗ Ngô Dương Đinh Trương Tạ Tôn Lương Trịnh".split()
)
# Middle names so common that "surname + one of them" opens a person's name, not a place's
# ("xã Thanh Sơn Lò Thị Xuân").
_MIDDLE = frozenset("Văn Thị Đức Hữu Quốc Công Đình".split())
# Lower-case words after which an organisation's name cannot go on.
_STOP = frozenset(
    """của về với tại trong đã đang sẽ được bị là có cho theo thuộc để do từ đến khi nhằm cùng các những này đó
    năm ngày tháng số ký gồm như nên mà thì vì nếu đối vừa mới còn cũng đều rất lại ra vào lên xuống qua sau
    trước giữa trên dưới hay hoặc nhưng tuy vẫn chưa không tỉnh huyện quận xã phường tp cấp nhận trao
    gửi nêu biết chúc tặng và""".split()
)
# Two-syllable verbs that end a name ("Phòng Tham mưu tổng hợp tổ chức ..."), while their
# first syllable alone may belong to it ("Quy chế dân chủ", "Ban Tổ chức").
_STOP_VERBS = frozenset(
    """chủ trì|chủ động|tổ chức|phát biểu|phát hiện|tham dự|tham gia|tham mưu|trực tiếp|tiến hành|thực hiện|
    triển khai|xây dựng|báo cáo|trình bày|yêu cầu|đề nghị|đề ra|ghi nhận|biểu dương|nhấn mạnh|đánh giá|tiếp tục|
    làm việc|phối hợp|kiểm tra|giới thiệu|trao đổi|ban hành|hướng dẫn|kiến nghị|cho biết|giao ban|tiếp nhận|
    chỉ đạo|quán triệt|khẳng định|đề xuất|thị xã|thị trấn|thành phố|dự hội|dự lễ|dự buổi|dự phiên|dự họp|
    dự và|dự khai""".split("|")
)
_STOP_VERBS = frozenset(v.strip() for v in _STOP_VERBS)
_PLACE_KIND = r"(?:[Tt]ỉnh|[Tt]hành\s+phố|TP\.?|Tp\.?|[Hh]uyện|[Qq]uận|[Tt]hị\s+xã|[Tt]hị\s+trấn|[Xx]ã|[Pp]hường)"


def _kind_word(raw: str) -> str:
    """Canonical spelling of a place kind: ``TP.`` → ``thành phố``."""
    low = re.sub(r"\s+", " ", raw.lower()).strip().rstrip(".")
    return "thành phố" if low in {"tp", "thành phố"} else low


def _flex(literal: str) -> str:
    """A literal as a regex that tolerates runs of spaces and a spaced or unspaced hyphen."""
    parts = re.split(r"(\s*[-–]\s*|\s+)", literal)
    out = []
    for part in parts:
        if not part:
            continue
        if part.strip() in {"-", "–"}:
            out.append(r"\s*[-–]\s*")
        elif part.isspace():
            out.append(r"\s+")
        else:
            out.append(re.escape(part))
    return "".join(out)


def phrase_regex(phrases: Iterable[str]) -> str:
    """One regex (no flags, no anchors) matching any of ``phrases``, built as a
    character trie so the engine rejects a position after one character instead of
    trying every phrase in turn. Spaces match runs of whitespace; the longest
    phrase wins (greedy optional branches). Use inside ``(?i:...)`` for case-blind
    matching of case-folded phrases."""
    trie: dict = {}
    for phrase in phrases:
        node = trie
        for ch in re.sub(r"\s+", " ", phrase.strip()):
            node = node.setdefault(ch, {})
        node[""] = {}

    def emit(node: dict) -> str:
        ends = "" in node
        branches = []
        for ch in sorted(k for k in node if k):
            head = r"\s+" if ch == " " else re.escape(ch)
            branches.append(head + emit(node[ch]))
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        return f"(?:{body})?" if ends else body

    return emit(trie)


# --------------------------------------------------------------------------- provinces


@lru_cache(maxsize=1)
def _province_tables() -> tuple[dict[str, str], dict[str, str], re.Pattern[str]]:
    kinds = provinces()
    alias = {k: k for k in kinds}
    alias.update(province_aliases())
    names = sorted(alias, key=len, reverse=True)
    pattern = re.compile(
        r"(?:(?:TP\.?|Tp\.?)\s*HCM|TPHCM|"
        + "|".join(_flex(n) for n in names)
        + rf")(?![{_LO}{_UP}\w])"
    )
    return kinds, alias, pattern


def _canon_province(raw: str) -> str:
    kinds, alias, _ = _province_tables()
    key = re.sub(r"\s*[-–]\s*", " - ", re.sub(r"\s+", " ", raw)).strip()
    if "HCM" in key:
        return "Hồ Chí Minh"
    if key in alias:
        return alias[key]
    nohy = key.replace(" - ", " ")
    return alias.get(nohy, alias.get(key.replace(" - ", "-"), key))


def province_names() -> list[str]:
    """Every province and centrally-run city, before and after the 2025 merger."""
    return sorted(_province_tables()[0])


def province_unit_name(province: str, prefix: str = PROC_PREFIX) -> str:
    """``Thái Bình`` → ``Viện kiểm sát nhân dân tỉnh Thái Bình`` (``thành phố`` for cities)."""
    kinds = _province_tables()[0]
    name = _canon_province(province)
    kind = kinds.get(name, "tỉnh")
    if name == "Hồ Chí Minh":
        kind = "Thành phố" if prefix == PROC_PREFIX else "thành phố"
    return f"{prefix} {kind} {name}"


@lru_cache(maxsize=1)
def _site_keys() -> list[tuple[str, str]]:
    """Province names as they appear in portal host names (``thaibinh``), longest first."""
    keys = {fold(name).replace(" ", "").replace("-", ""): name for name in _province_tables()[0]}
    keys.update({"hcm": "Hồ Chí Minh", "tphcm": "Hồ Chí Minh", "hochiminh": "Hồ Chí Minh", "brvt": "Bà Rịa - Vũng Tàu",
                 "baria": "Bà Rịa - Vũng Tàu", "tthue": "Thừa Thiên Huế", "hue": "Huế", "daklak": "Đắk Lắk"})  # fmt: skip
    return sorted(keys.items(), key=lambda kv: len(kv[0]), reverse=True)


@lru_cache(maxsize=256)
def province_from_site(site: str | None) -> str | None:
    """The province a procuracy portal serves, read from its host name
    (``vksnd.thaibinh.gov.vn`` → ``Thái Bình``); ``None`` for national portals.

    >>> province_from_site("https://vksndtravinh.gov.vn/tin-tuc")
    'Trà Vinh'
    """
    if not site:
        return None
    host = re.sub(r"^[a-z]+://", "", site.lower()).split("/")[0]
    host = re.sub(r"\.(gov|com|org|net|edu)?\.?vn$|\.(com|org|net)$", "", host)
    compact = host.replace(".", "").replace("-", "")
    for key, name in _site_keys():
        if len(key) >= 3 and key in compact:
            return name
    return None


def province_of(unit_name: str | None) -> str | None:
    """The province or centrally-run city a unit belongs to, when its name says so.

    >>> province_of("Phòng 15 Viện kiểm sát nhân dân tỉnh Thái Bình")
    'Thái Bình'
    >>> province_of("Viện kiểm sát nhân dân cấp cao tại Đà Nẵng") is None
    True
    """
    if not unit_name:
        return None
    text = unify_tones(unit_name)
    if re.search(r"cấp\s+cao|tối\s+cao", text, re.IGNORECASE):
        return None
    _, _, pattern = _province_tables()
    m = re.search(rf"(?:tỉnh|thành\s+phố|TP\.?|Tp\.?)\s+({pattern.pattern})", text, re.IGNORECASE)
    if m:
        return _canon_province(m.group(1))
    if re.match(r"(?:Viện kiểm sát nhân dân|Tòa án nhân dân|Công an)\s", text):
        rest = re.sub(r"^(?:Viện kiểm sát nhân dân|Tòa án nhân dân|Công an)\s+", "", text)
        m = pattern.match(rest)
        if m and m.end() == len(rest):
            return _canon_province(m.group(0))
    return None


# --------------------------------------------------------------------------- results


@dataclass
class Found:
    """One organisation found in the text: span, canonical name, level, rank (nesting depth)."""

    start: int
    end: int
    name: str
    level: str
    rank: int


@dataclass
class Parsed:
    """What a parse at one position read: the organisation(s) it names (several for
    ``VKSND cấp cao 2, 3``) and the organisations named inside it (its parents)."""

    end: int
    primary: list[Found]
    inner: list[Found] = field(default_factory=list)

    def all(self) -> list[Found]:
        return self.primary + self.inner


# --------------------------------------------------------------------------- patterns

_OPT_ABBR = r"(?:\s*\(\s*(?:VKSND|VKS|TAND|VKSQS)\s*\))?"
_PROC_HEAD = re.compile(
    rf"(?:Viện\s+[Kk]iểm\s+[Ss]át\s+[Nn]hân\s+[Dd]ân|VIỆN\s+KIỂM\s+SÁT\s+NHÂN\s+DÂN|Viện\s+KSND|VKSND|VKS\s+ND)(?![\w]){_OPT_ABBR}"
)
_VKS_HEAD = re.compile(r"(?:Viện\s+[Kk]iểm\s+[Ss]át|VKS)(?![\w])")
_MIL_HEAD = re.compile(
    rf"(?:Viện\s+[Kk]iểm\s+[Ss]át\s+[Qq]uân\s+[Ss]ự|VKSQS|VKS\s+[Qq]uân\s+[Ss]ự){_OPT_ABBR}"
)
_COURT_HEAD = re.compile(rf"(?:T[òo]a\s+án\s+[Nn]hân\s+[Dd]ân|TAND)(?![\w]){_OPT_ABBR}")
_MIL_COURT_HEAD = re.compile(r"T[òo]a\s+án\s+[Qq]uân\s+[Ss]ự")

_SUPREME_Q = re.compile(r"\s+(?:[Tt]ối\s+[Cc]ao|TỐI\s+CAO)(?![\w])")
_HIGH_CITY = r"(?:Hà\s+Nội|Đà\s+Nẵng|(?:[Tt]hành\s+phố|TP\.?|Tp\.?)\s*(?:Hồ\s+Chí\s+Minh|HCM)|TPHCM|Hồ\s+Chí\s+Minh)"
_HIGH_Q = re.compile(r"\s+[Cc]ấp\s+[Cc]ao(?![\w])")
_HIGH_CITIES = re.compile(rf"\s+(?:tại\s+)?({_HIGH_CITY})((?:\s*(?:,|và)\s*{_HIGH_CITY}){{0,2}})")
_HIGH_NUMS = re.compile(r"\s*(?:số\s*)?([123])(?![\w/.,]\d)((?:\s*(?:,|và)\s*[123](?![\w]))){0,2}")
_CITY_ONE = re.compile(_HIGH_CITY)
_PROV_Q = re.compile(r"\s+((?:[Tt]ỉnh|[Tt]hành\s+phố|TP\.?|Tp\.?)\s*)?")
_DISTRICT_Q = re.compile(rf"\s+({_PLACE_KIND})\s+")
_REGION_Q = re.compile(
    r"\s+[Kk]hu\s+vực\s+(\d{1,2})(?![\w])(?:\s*[-–]\s*("
    + CAP_SYL
    + r"(?:[ ]"
    + CAP_SYL
    + r"){0,3}))?"
)
# "VKSND tỉnh" alone; not "VKSND tỉnh, thành phố (trực thuộc Trung ương)", a category.
_IMPLIED_Q = re.compile(
    r"\s+([Tt]ỉnh|[Tt]hành\s+phố)(?![\w])(?!\s+["
    + _UP
    + r"\d])(?!\s*(?:,|và|/)\s*(?:[Tt]hành\s+phố|[Tt]ỉnh|TP)(?![\w]))"
)
_MIL_Q = re.compile(
    r"\s+(?:(?P<central>[Tt]rung\s+ương|TW)(?![\w])"
    r"|(?P<qk>[Qq]uân\s+khu)\s+(?P<qkn>\d{1,2}|Thủ\s+đô(?:\s+Hà\s+Nội)?)"
    r"|(?P<kv>[Kk]hu\s+vực)\s+(?P<kvn>\d{1,2}(?![\w])|" + CAP_SYL + r"(?:[ ]" + CAP_SYL + r"){0,3})"
    r"|(?P<qc>Quân\s+chủng\s+(?:Hải\s+quân|Phòng\s+không\s*[-–]\s*Không\s+quân))"
    r"|(?P<qd>Quân\s+đoàn\s+\d{1,2}|Bộ\s+đội\s+Biên\s+phòng|Cảnh\s+sát\s+biển)"
    r")"
)
_PLACE = re.compile(rf"\d{{1,2}}(?![\w])|{CAP_SYL}(?:[ ]{CAP_SYL}){{0,3}}")

# Department heads inside a procuracy (and the same words for outside bodies).
_DEPT_HEADS: list[tuple[str, str, int]] = [
    # (regex, canonical head, rank)
    (r"Ban\s+[Tt]hanh\s+tra", "Ban thanh tra", 2),
    (r"[Vv]ăn\s+phòng", "Văn phòng", 2),
    (r"Thanh\s+tra", "Thanh tra", 2),
    (r"Cơ\s+quan\s+[Đđ]iều\s+tra|CQĐT", "Cơ quan điều tra", 2),
    (r"Ban\s+[Cc]án\s+sự\s+[Đđ]ảng|BCS\s*[Đđ]ảng|BCSĐ", "Ban cán sự đảng", 3),
    (r"(?:Ủy|Uỷ)\s+ban\s+[Kk]iểm\s+tra|UBKT", "Ủy ban Kiểm tra", 2),
    (r"Đảng\s+(?:ủy|uỷ)", "Đảng ủy", 3),
    (r"Đảng\s+bộ", "Đảng bộ", 3),
    (r"Công\s+đoàn", "Công đoàn", 2),
    (r"Đoàn\s+[Tt]hanh\s+niên(?:\s+[Cc]ộng\s+sản\s+Hồ\s+Chí\s+Minh)?", "Đoàn Thanh niên", 2),
    (r"Hội\s+[Cc]ựu\s+chiến\s+binh", "Hội Cựu chiến binh", 2),
    (r"Chi\s+bộ", "Chi bộ", 1),
    (r"Ủy\s+ban\s+[Kk]iểm\s+sát", "Ủy ban Kiểm sát", 2),
]
_DEPT_RE = [(re.compile(p + r"(?![\w])"), c, r) for p, c, r in _DEPT_HEADS]
_NAMED_HEAD = re.compile(
    r"(?P<head>Đoàn\s+[Ll]uật\s+sư|Vụ|Cục|Tổng\s+cục|Phòng|phòng|Sở|Ban|Trường|Học\s+viện|Bệnh\s+viện|Công\s+ty|Tập\s+đoàn|Ngân\s+hàng"
    r"|Báo|Tạp\s+chí|Đài|Hội|Liên\s+đoàn|Viện|Trung\s+tâm|Chi\s+cục|Hạt|Đội)(?![\w])"
)
_NAMED_RANK = {
    "Vụ": 2, "Cục": 2, "Tổng cục": 3, "Phòng": 1, "Sở": 3, "Ban": 2, "Trường": 4, "Học viện": 4, "Bệnh viện": 4,
    "Công ty": 4, "Tập đoàn": 5, "Ngân hàng": 4, "Báo": 4, "Tạp chí": 4, "Đài": 4, "Hội": 4, "Liên đoàn": 4,
    "Viện": 4, "Trung tâm": 3, "Đoàn Luật sư": 4, "Chi cục": 2, "Hạt": 2, "Đội": 1,
}  # fmt: skip
# Heads that may stand alone (without a parent) when a proper name follows.
_STANDALONE_NAMED = frozenset(
    {"Cục", "Tổng cục", "Trường", "Học viện", "Bệnh viện", "Công ty", "Tập đoàn", "Ngân hàng", "Báo", "Tạp chí",
     "Đài", "Liên đoàn", "Viện"}
)  # fmt: skip
# Departments that only the supreme, high, provincial and military procuracies have:
# "Thanh tra VKSND huyện X" at the start of a headline is the verb "to inspect".
_UPPER_LEVEL_ONLY = {
    "Thanh tra": {"supreme", "high", "province", "military"},
    "Cơ quan điều tra": {"supreme", "military"},
}
_NUMBERED = re.compile(r"[ \t]*(\d{1,2})(?![\w/.,]\d)(?![\w])")
_NOT_UNIT = re.compile(
    r"(?:Đoàn|đoàn)\s+(?:[Tt]hanh\s+tra|[Kk]iểm\s+tra|[Cc]ông\s+tác|[Gg]iám\s+sát)(?![\w])"
)
_PARTY_PLACE = re.compile(r"(?P<kind>Tỉnh|Thành|Huyện|Quận|Thị)\s+(?:ủy|uỷ)(?![\w])")
_PARTY_BAN = re.compile(
    r"[Bb]an\s+(?P<what>Tổ\s+chức|Tuyên\s+giáo(?:\s+và\s+Dân\s+vận)?|Dân\s+vận|Nội\s+chính|Kinh\s+tế)\s+"
)
_PEOPLE_COUNCIL = re.compile(
    r"(?P<head>UBND|Ủy\s+ban\s+[Nn]hân\s+[Dd]ân|Uỷ\s+ban\s+[Nn]hân\s+[Dd]ân|HĐND|Hội\s+đồng\s+[Nn]hân\s+[Dd]ân)(?![\w])"
)
_POLICE = re.compile(r"Công\s+an(?![\w])")
_INVESTIGATION = re.compile(
    r"[Cc]ơ\s+quan\s+(?:(?P<cs>Cảnh\s+sát\s+điều\s+tra|CSĐT)|(?P<an>An\s+ninh\s+điều\s+tra|ANĐT))(?![\w])"
)
# Departments every procuracy has, meaningful written alone ("phối hợp Văn phòng").
_BARE_DEPTS = frozenset({"Văn phòng", "Thanh tra"})
_NOT_BEFORE_BARE = frozenset("đoàn việc cuộc kết luận đợt công tác chánh".split())
_MIL_BODY = re.compile(
    r"(?:Bộ\s+Tư\s+lệnh|Cơ\s+quan\s+[Đđ]iều\s+tra\s+[Hh]ình\s+sự|Cục\s+[Đđ]iều\s+tra\s+[Hh]ình\s+sự)(?![\w])"
)
_COURT_DIVISION = re.compile(
    r"T[òo]a\s+(?P<what>(?i:hình\s+sự|dân\s+sự|hành\s+chính|kinh\s+tế|lao\s+động|phúc\s+thẩm"
    r"|gia\s+đình\s+và\s+người\s+chưa\s+thành\s+niên))(?![\w])"
)
_BAN_CHI_DAO = re.compile(r"[Bb]an\s+[Cc]hỉ\s+đạo(?![\w])")
_LINK = re.compile(r"(?:\s*[,\-–(]\s*|\s+)(?:(?:thuộc|trực\s+thuộc|của)\s+)?")
_APPEAL = re.compile(
    r"Viện\s+(?P<what>[Tt]hực\s+hành\s+quyền\s+công\s+tố|[Cc]ông\s+tố)\s+và\s+[Kk]iểm\s+sát\s+xét\s+xử\s+"
    rf"phúc\s+thẩm\s+tại\s+(?P<city>{_HIGH_CITY})"
)
_SIBLING = re.compile(r"\s*(?:,|và)\s*")
_BLANKS = re.compile(r"[ \t]*")
_FULL_PROV_HEAD = re.compile(
    _PROC_HEAD.pattern + r"\s+(?:(?:[Tt]ỉnh|[Tt]hành\s+phố|TP\.?|Tp\.?)\s*)?"
)
_SPACES = re.compile(r"\s+")
_KIND_AFTER = re.compile(rf"\s+({_PLACE_KIND})\s*")
_KIND_AFTER_NAME = re.compile(rf"\s*,?\s+({_PLACE_KIND})\s*")
_POLICE_AFTER = re.compile(r"\s+(?:Công\s+an|Bộ\s+Công\s+an)")
# a spelled-out department (any case) followed by its number in brackets, within one clause
_SPELLED_NUMBERED = re.compile(
    r"(?:Vụ|Cục)[ \t]+(?!\d)(?:(?!Vụ|Cục|VKS|Viện)[^()\n.;:]){3,160}?\([ \t]*(Vụ|Cục)[ \t]+(\d{1,2})[ \t]*\)"
)
_NUMBER_IN_BRACKETS = re.compile(r"\s*\(\s*(?:Vụ|Cục|Phòng)\s+(\d{1,2})\s*\)")
_NAME_HYPHEN = re.compile(r"[-–][ \t]*(?=[" + _UP + "])")
_VP_AT = re.compile(rf"\s+tại\s+({_HIGH_CITY})")


@lru_cache(maxsize=1)
def _bodies() -> tuple[re.Pattern[str], dict[str, tuple[str, str, int]]]:
    table: dict[str, tuple[str, str, int]] = {}
    for body in load("bodies")["bodies"]:
        for alias in [body["name"], *body["aliases"]]:
            table[_body_key(unify_tones(alias))] = (
                body["name"],
                body["level"],
                body.get("rank", 5),
            )
    return _compile_bodies(table), table


@lru_cache(maxsize=1)
def party_bodies() -> frozenset[str]:
    """Canonical names of the party bodies in the gazetteer (``Bộ Chính trị``, ``Ban Nội chính
    Trung ương``...): a post in one of them is a party post."""
    return frozenset(b["name"] for b in load("bodies")["bodies"] if b.get("party"))


@lru_cache(maxsize=1)
def _body_parents() -> dict[str, tuple[str, str]]:
    """Fixed-name bodies that name their parent (``Ủy ban Thường vụ Quốc hội`` → ``Quốc hội``)."""
    bodies = {b["name"]: b for b in load("bodies")["bodies"]}
    out: dict[str, tuple[str, str]] = {}
    for name, body in bodies.items():
        parent = body.get("parent")
        if parent:
            out[name] = (parent, bodies[parent]["level"] if parent in bodies else "external")
    return out


def _body_key(text: str) -> str:
    """Look-up key of a body's spelling: spaces collapsed, hyphens spaced, case folded."""
    return re.sub(r"\s+", " ", re.sub(r"\s*[-–]\s*", " - ", text)).strip().casefold()


def _compile_bodies(table: dict[str, tuple[str, str, int]]) -> re.Pattern[str]:
    alts = sorted(table, key=len, reverse=True)
    return re.compile("(?i:" + "|".join(_flex(a) for a in alts) + r")(?![\w])")


def _anchor_pattern() -> re.Pattern[str]:
    heads = [
        _PROC_HEAD.pattern,
        _MIL_HEAD.pattern,
        _VKS_HEAD.pattern,
        _COURT_HEAD.pattern,
        _MIL_COURT_HEAD.pattern,
        _NOT_UNIT.pattern,
        _PARTY_PLACE.pattern,
        _PEOPLE_COUNCIL.pattern,
        _POLICE.pattern,
        _INVESTIGATION.pattern,
        # (_MIL_BODY opens with "Bộ", "Cơ quan điều tra" or "Cục": anchored already)
        r"T[òo]a\s+(?=[HhDdKkLlGgPp])",
        r"VKSNDTC|VKSTC|TANDTC|UBTVQH",
        *[p for p, _, _ in _DEPT_HEADS],
        _NAMED_HEAD.pattern.replace("(?P<head>", "(?:"),
        r"Bộ|[Bb]an\s+(?=["
        + _UP
        + r"])|Ủy\s+ban|Uỷ\s+ban|Đảng|Quân\s+ủy|Tổng\s+cục|Quốc\s+hội|Chính\s+phủ|Kiểm\s+toán|Mặt\s+trận|MTTQ|Thông\s+tấn|TTXVN|Trung\s+ương|Liên\s+đoàn|Tổng\s+Liên",
    ]
    # not inside a word, nor inside a document symbol ("252-KH/BCSĐ")
    return re.compile(r"(?<![\w/-])(?:" + "|".join(f"(?:{h})" for h in heads) + ")")


_ANCHOR = _anchor_pattern()


# --------------------------------------------------------------------------- the parser


def _full_provincial(text: str) -> list[tuple[int, str]]:
    """Every provincial procuracy named in full (``VKSND tỉnh Thái Bình``), in text order."""
    _, _, prov = _province_tables()
    out = []
    for m in _FULL_PROV_HEAD.finditer(text):
        pm = prov.match(text, m.end())
        if pm:
            out.append((m.start(), _canon_province(pm.group())))
    return out


class _Scanner:
    """Parses organisations in one (tone-unified) text. ``context`` is the page's own
    context (``province`` of its source portal); ``authority`` lists the provincial
    procuracies named in full in the text, used to resolve ``VKSND tỉnh``."""

    def __init__(self, text: str, context: dict | None = None) -> None:
        self.t = text
        self.n = len(text)
        self.context = context or {}
        self.full_provincial = _full_provincial(self.t)  # (pos, province name), in text order
        self._dominant: str | None = None
        self.known: list[Found] = []  # everything found so far
        self.by_prefix: dict[
            str, Found
        ] = {}  # "Phòng 15" -> last "Phòng 15 Viện kiểm sát ..." found
        self.procuracies: list[tuple[int, str]] = []  # (start, name) of procuracies found, in order

    # ---- helpers
    def _name_end(
        self, pos: int, *, max_words: int = 8, loose: bool = False, first_cap: bool = True
    ) -> int:
        """End of an organisation's proper name starting at ``pos`` (its first word
        capitalised), or ``pos`` when there is none. Bounded by ``max_words``."""
        t = self.t
        end = pos
        words = 0
        i = pos
        while words < max_words:
            m = _BLANKS.match(t, i)
            j = m.end() if m else i
            if words and j == i:
                break
            wm = _WORD.match(t, j)
            if not wm:
                # a hyphen between capitalised parts: "Lao động - Thương binh"
                hm = _NAME_HYPHEN.match(t, j)
                if words and hm:
                    i = hm.end()
                    continue
                break
            w = wm.group()
            first = w[0]
            if words == 0:
                if first_cap and not (first.isupper() or w.isdigit()):
                    return pos
            else:
                if j == i:
                    break
                low = w.lower()
                if first.isupper():
                    if (w in _NON_NAME_CAPS and not self._name_syllable(w, wm.end())) or (
                        len(w) > 1 and w.isupper() and w not in _NAME_ACRONYMS
                    ):
                        break
                    if words >= 2 and w in _surnames() and _NEXT_CAP.match(t, wm.end()):
                        break  # "Tập đoàn Phúc Sơn Nguyễn Văn Hậu": a person's name follows
                    if not loose and _province_tables()[2].match(t, j):
                        break  # "Sở Y tế Lai Châu": the place is read after the name
                    if w in _RANK_LEADS and _RANK_TAIL.match(t, wm.end()):
                        break
                elif w.isdigit():
                    pass
                elif low == "và":
                    nxt = _WORD.match(t, wm.end() + 1) if wm.end() < self.n else None
                    if not nxt or not nxt.group()[0].isupper() or nxt.group() in _NON_NAME_CAPS:
                        break
                elif low in _STOP and not (loose and low in _LOOSE_OK):
                    break
                elif not (loose and low in _LOOSE_OK) and self._verb_at(low, wm.end()):
                    break
                elif low == "dự" and not _WORD_AFTER.match(t, wm.end()):
                    break  # "... tỉnh Bạc Liêu dự." (attended), not "dự án"
            words += 1
            end = wm.end()
            i = end
        return end

    def _name_syllable(self, w: str, end: int) -> bool:
        """Whether ``w`` (in ``_NON_NAME_CAPS``) is a syllable of a proper name here: ``Thanh``
        ends a name before ``tra`` (``Thanh tra``) but not in ``Trường Tiểu học Thanh Sơn``."""
        seconds = _AMBIGUOUS_CAPS.get(w)
        if seconds is None:
            return False
        nxt = _WORD.match(self.t, end + 1) if end < self.n and self.t[end] == " " else None
        return bool(nxt) and nxt.group()[0].isupper() and nxt.group().lower() not in seconds

    def _verb_at(self, low: str, end: int) -> bool:
        """Whether ``low`` (a lower-case word ending at ``end``) opens a two-syllable verb."""
        nxt = _WORD.match(self.t, end + 1) if end < self.n and self.t[end] == " " else None
        return bool(nxt) and f"{low} {nxt.group().lower()}" in _STOP_VERBS

    def _place(self, pos: int) -> tuple[int, str] | None:
        """A place name at ``pos``: a province (gazetteer) or 1-4 capitalised syllables."""
        _, _, prov = _province_tables()
        m = prov.match(self.t, pos)
        if m:
            return m.end(), _canon_province(m.group())
        m = _PLACE.match(self.t, pos)
        if not m:
            return None
        words = m.group().split(" ")
        kept: list[str] = []
        for k, w in enumerate(words):
            if (
                w in _NON_PLACE
                or (k >= 2 and w in _STRONG_SURNAMES)
                or (len(w) > 1 and w.isupper())
                or (k >= 1 and k + 1 < len(words) and w in _surnames() and words[k + 1] in _MIDDLE)
            ):
                break
            kept.append(w)
        if not kept:
            return None
        text = " ".join(kept)
        return pos + len(text), text

    def _implied_province(self, pos: int) -> str | None:
        """Province of an implied ``VKSND tỉnh`` at ``pos``: the page's own province (its
        portal; a provincial portal's ``VKSND tỉnh`` is itself even after other provinces
        are named), else the nearest earlier full mention, else the first later one."""
        ctx = self.context.get("province")
        if ctx:
            return _canon_province(ctx)
        own = province_from_site(self.context.get("site") or self.context.get("url"))
        if own:
            return own
        k = bisect.bisect_left(self.full_provincial, pos, key=lambda p: p[0])
        if k:
            return self.full_provincial[k - 1][1]
        if self.full_provincial:
            return self._dominant_province()
        return None

    def _dominant_province(self) -> str:
        """The province the article's procuracies are named after most often (provincial
        ones and regional ones, ``khu vực 6 - Ninh Bình``); ties go to the first named.
        Used before any full mention when the page has no province of its own: merged-away
        provinces named later (``VKSND tỉnh Hà Nam (cũ)``) are usually named once."""
        if self._dominant is None:
            named = list(self.full_provincial)
            kinds = _province_tables()[0]
            for m in itertools.islice(_REGION_PLACE.finditer(self.t), 200):
                name = _canon_province(m.group(1))
                if name in kinds:
                    named.append((m.start(), name))
            counts = Counter(name for _, name in named)
            best = max(counts.values())
            self._dominant = min((at, n) for at, n in named if counts[n] == best)[1]
        return self._dominant

    # ---- procuracies and courts
    def _qualified(self, pos: int, prefix: str, court: bool) -> Parsed | None:
        """The qualifier after a procuracy/court head at ``pos`` (the head's end)."""
        t = self.t
        start = self._head_start
        level_of = (lambda lv: "external") if court else (lambda lv: lv)
        m = _SUPREME_Q.match(t, pos)
        if m:
            return Parsed(
                m.end(), [Found(start, m.end(), f"{prefix} tối cao", level_of("supreme"), 5)]
            )
        m = _HIGH_Q.match(t, pos)
        if m:
            found: list[Found] = []
            cm = _HIGH_CITIES.match(t, m.end())
            if cm:
                cities = [cm.group(1)] + [c.group() for c in _CITY_ONE.finditer(cm.group(2) or "")]
                for c in cities:
                    key = "1" if "Hà" in c else "2" if "Đà" in c else "3"
                    found.append(
                        Found(
                            start,
                            cm.end(),
                            HIGH[key].replace(PROC_PREFIX, prefix),
                            level_of("high"),
                            5,
                        )
                    )
                return Parsed(cm.end(), found)
            nm = _HIGH_NUMS.match(t, m.end())
            if nm:
                nums = re.findall(r"[123]", nm.group())
                for k in nums:
                    found.append(
                        Found(
                            start,
                            nm.end(),
                            HIGH[k].replace(PROC_PREFIX, prefix),
                            level_of("high"),
                            5,
                        )
                    )
                return Parsed(nm.end(), found)
            return Parsed(m.end(), [])  # "VKSND cấp cao" as a category
        m = _REGION_Q.match(t, pos)
        if m:
            name = f"{prefix} khu vực {int(m.group(1))}"
            end = m.end()
            if m.group(2):
                # "khu vực 2 - Gia Lai Đinh Thị Hoa": the place is a province, not the name after it
                place = self._place(m.start(2))
                if place:
                    end, pname = place
                    name += f" - {pname}"
                else:
                    end = m.start(2)
            return Parsed(end, [Found(start, end, name, level_of("regional"), 5)])
        m = _PROV_Q.match(t, pos)
        if m:
            _, _, prov = _province_tables()
            pm = prov.match(t, m.end())
            if pm:
                kind = _kind_word(m.group(1)) if m.group(1) else None
                name = _canon_province(pm.group())
                kinds = _province_tables()[0]
                if kind in (None, "tỉnh") or kinds.get(name) == "thành phố" or name == "Huế":
                    full = province_unit_name(name, prefix)
                    return Parsed(pm.end(), [Found(start, pm.end(), full, level_of("province"), 5)])
        m = _DISTRICT_Q.match(t, pos)
        if m:
            place = self._place(m.end())
            if place:
                end, name = place
                kind = _kind_word(m.group(1))
                return Parsed(
                    end, [Found(start, end, f"{prefix} {kind} {name}", level_of("district"), 5)]
                )
        m = _IMPLIED_Q.match(t, pos)
        if m:
            kind = _kind_word(m.group(1))
            prov = self._implied_province(start)
            kinds = _province_tables()[0]
            if prov and (kind == "tỉnh" or kinds.get(prov) == "thành phố"):
                return Parsed(
                    m.end(),
                    [
                        Found(
                            start,
                            m.end(),
                            province_unit_name(prov, prefix),
                            level_of("province"),
                            5,
                        )
                    ],
                )
            if kind == "tỉnh":
                return Parsed(
                    m.end(), [Found(start, m.end(), f"{prefix} tỉnh", level_of("province"), 5)]
                )
            return Parsed(m.end(), [])
        return None

    def _military(
        self, pos: int, prefix: str = "Viện kiểm sát quân sự", court: bool = False
    ) -> Parsed | None:
        m = _MIL_Q.match(self.t, pos)
        start = self._head_start
        level = "external" if court else "military"
        if not m:
            return None
        if m.group("central"):
            return Parsed(m.end(), [Found(start, m.end(), f"{prefix} Trung ương", level, 5)])
        if m.group("qk"):
            return Parsed(
                m.end(), [Found(start, m.end(), f"{prefix} Quân khu {m.group('qkn')}", level, 5)]
            )
        if m.group("kv"):
            return Parsed(
                m.end(), [Found(start, m.end(), f"{prefix} khu vực {m.group('kvn')}", level, 5)]
            )
        tail = re.sub(r"\s+", " ", m.group(0).strip())
        return Parsed(m.end(), [Found(start, m.end(), f"{prefix} {tail}", level, 5)])

    # ---- one organisation at pos
    def parse(self, pos: int, depth: int = 0) -> Parsed | None:
        if depth > 4 or pos >= self.n:
            return None
        t = self.t
        self._head_start = pos
        m = _NOT_UNIT.match(t, pos)
        if m:  # "Đoàn thanh tra VKSND tỉnh": not a unit, but its parent is
            lm = _LINK.match(t, m.end())
            parent = self.parse(lm.end() if lm else m.end(), depth + 1)
            if parent and parent.primary and parent.primary[0].rank >= 3:
                return Parsed(parent.end, [], parent.all())
            return Parsed(m.end(), [])
        m = _MIL_HEAD.match(t, pos)
        if m:
            self._head_start = pos
            return self._military(m.end()) or Parsed(m.end(), [])
        m = _MIL_COURT_HEAD.match(t, pos)
        if m:
            self._head_start = pos
            return self._military(m.end(), "Tòa án quân sự", court=True) or Parsed(m.end(), [])
        m = _PROC_HEAD.match(t, pos)
        if m:
            self._head_start = pos
            return self._qualified(m.end(), PROC_PREFIX, court=False) or Parsed(m.end(), [])
        m = _COURT_HEAD.match(t, pos)
        if m:
            self._head_start = pos
            return self._qualified(m.end(), COURT_PREFIX, court=True) or Parsed(m.end(), [])
        m = _VKS_HEAD.match(t, pos)
        if m:
            self._head_start = pos
            q = self._qualified(m.end(), PROC_PREFIX, court=False)
            return q if q and q.primary else Parsed(m.end(), [])
        m = _APPEAL.match(t, pos)
        if m:  # the supreme procuracy's appeal institutes, named by their city
            city = m.group("city")
            key = "1" if "Hà" in city else "2" if "Đà" in city else "3"
            what = (
                "Công tố"
                if m.group("what").lower().startswith("công")
                else "Thực hành quyền công tố"
            )
            name = f"Viện {what} và kiểm sát xét xử phúc thẩm tại {HIGH[key].split(' tại ')[1]}"
            return Parsed(m.end(), [Found(pos, m.end(), name, "department", 4)])
        bp, table = _bodies()
        m = bp.match(t, pos)
        entry = table.get(_body_key(m.group())) if m else None
        if m and entry:
            name, level, rank = entry
            found = Found(pos, m.end(), name, level, rank)
            parsed = self._maybe_parent(found, m.end(), depth)
            if name in _body_parents():
                pname, plevel = _body_parents()[name]
                at = m.group().casefold().rfind(pname.casefold())
                parsed.inner.append(
                    Found(pos + at if at > 0 else m.end(), m.end(), pname, plevel, 5)
                )
            return parsed
        m = _MIL_BODY.match(t, pos)
        if m:  # "Bộ Tư lệnh Quân khu 5", "Cơ quan điều tra hình sự Bộ Quốc phòng"
            head = re.sub(r"\s+", " ", m.group())
            self._head_start = pos
            got = self._military(m.end(), head, court=True)
            if got:
                return got
            lm = _LINK.match(t, m.end())
            parent = self.parse(lm.end(), depth + 1) if lm else None
            if parent and parent.primary and parent.primary[0].name.startswith("Bộ "):
                p = parent.primary[0]
                return Parsed(
                    parent.end,
                    [Found(pos, parent.end, f"{head} {p.name}", "external", 4)],
                    parent.all(),
                )
            return Parsed(m.end(), [])
        m = _COURT_DIVISION.match(t, pos)
        if m:  # "Tòa Hình sự TAND cấp cao tại Đà Nẵng"
            lm = _LINK.match(t, m.end())
            parent = self.parse(lm.end(), depth + 1) if lm else None
            if parent and parent.primary and parent.primary[0].name.startswith(COURT_PREFIX):
                head = "Tòa " + re.sub(r"\s+", " ", m.group("what")).capitalize()
                out = [
                    Found(pos, parent.end, f"{head} {p.name}", "external", 3)
                    for p in parent.primary
                ]
                return Parsed(parent.end, out, parent.all())
            return None
        m = _INVESTIGATION.match(t, pos)
        if m:
            head = "Cơ quan Cảnh sát điều tra" if m.group("cs") else "Cơ quan An ninh điều tra"
            return self._dept(pos, m.end(), head, 2, depth, standalone=True)
        m = _PARTY_BAN.match(t, pos)
        if m:
            inner = self._party_committee(m.end())
            if inner:
                what = re.sub(r"\s+", " ", m.group("what"))
                p = inner.primary[0]
                return Parsed(
                    inner.end,
                    [Found(pos, inner.end, f"Ban {what} {p.name}", "external", 3)],
                    inner.all(),
                )
        m = _PARTY_PLACE.match(t, pos)
        if m:
            return self._party_committee(pos)
        m = _PEOPLE_COUNCIL.match(t, pos)
        if m:
            head = (
                "Hội đồng nhân dân"
                if ("H" in m.group("head")[:2] and "Ủy" not in m.group("head"))
                else "Ủy ban nhân dân"
            )
            if m.group("head").startswith(("UBND", "Ủy", "Uỷ")):
                head = "Ủy ban nhân dân"
            return self._local_body(pos, m.end(), head)
        m = _POLICE.match(t, pos)
        if m:
            return self._local_body(pos, m.end(), "Công an")
        for rx, canon, rank in _DEPT_RE:
            m = rx.match(t, pos)
            if m:
                return self._dept(pos, m.end(), canon, rank, depth)
        m = _BAN_CHI_DAO.match(t, pos)
        if m:
            end = (
                self._name_end(m.end() + 1, max_words=10, loose=True, first_cap=False)
                if m.end() < self.n
                else m.end()
            )
            if end > m.end() + 1:
                name = "Ban Chỉ đạo " + re.sub(r"\s+", " ", t[m.end() + 1 : end])
                level = "external" if "Trung ương" in name else "department"
                return Parsed(end, [Found(pos, end, name, level, 3)])
            return None
        m = _NAMED_HEAD.match(t, pos)
        if m:
            return self._named(pos, m, depth)
        return None

    def _maybe_parent(self, found: Found, end: int, depth: int) -> Parsed:
        """A fixed-name body may be followed by its parent only when it ranks below it."""
        if found.rank < 5:
            lm = _LINK.match(self.t, end)
            if lm:
                parent = self.parse(lm.end(), depth + 1)
                if parent and parent.primary and parent.primary[0].rank > found.rank:
                    p = parent.primary[0]
                    found = Found(
                        found.start, parent.end, f"{found.name} {p.name}", found.level, found.rank
                    )
                    return Parsed(parent.end, [found], parent.all())
        return Parsed(end, [found])

    def _party_committee(self, pos: int) -> Parsed | None:
        m = _PARTY_PLACE.match(self.t, pos)
        if not m:
            return None
        place = self._place(m.end() + 1) if m.end() < self.n and self.t[m.end()] == " " else None
        if not place:
            return None
        end, name = place
        kind = m.group("kind")
        if kind == "Tỉnh" and _canon_province(name) not in _province_tables()[0]:
            return None  # "Bí thư Tỉnh ủy Lê Văn K": a person's name, not a province
        return Parsed(end, [Found(pos, end, f"{kind} ủy {name}", "external", 4)])

    def _local_body(self, pos: int, head_end: int, head: str) -> Parsed | None:
        t = self.t
        _, _, prov = _province_tables()
        km = _KIND_AFTER.match(t, head_end)
        if km:
            kind = _kind_word(km.group(1))
            place = self._place(km.end())
            person_after = False
            if place and kind == "tỉnh" and _canon_province(place[1]) not in _province_tables()[0]:
                place = None  # "Chủ tịch UBND tỉnh Lê Văn K": a person, the province is implied
                person_after = True
            if place:
                end, name = place
                kinds = _province_tables()[0]
                if kind in {"tỉnh", "thành phố"} and name in kinds:
                    full = province_unit_name(name, head)
                    level_name = full
                else:
                    level_name = f"{head} {kind} {name}"
                return Parsed(end, [Found(pos, end, level_name, "external", 4)])
            if kind in {"tỉnh", "thành phố"}:
                prov_name = self._implied_province(pos)
                if not prov_name and person_after:  # unresolved: kept as written (section 3)
                    end = head_end + len(km.group().rstrip())
                    return Parsed(end, [Found(pos, end, f"{head} tỉnh", "external", 4)])
                if prov_name:
                    return Parsed(
                        km.end(),
                        [
                            Found(
                                pos,
                                head_end + len(km.group().rstrip()),
                                province_unit_name(prov_name, head),
                                "external",
                                4,
                            )
                        ],
                    )
            return None
        pm = _SPACES.match(t, head_end)
        if pm:
            m = prov.match(t, pm.end())
            if m:
                return Parsed(
                    m.end(),
                    [
                        Found(
                            pos,
                            m.end(),
                            province_unit_name(_canon_province(m.group()), head),
                            "external",
                            4,
                        )
                    ],
                )
        if head == "Công an":
            return None
        return None

    def _dept(
        self, pos: int, head_end: int, canon: str, rank: int, depth: int, standalone: bool = False
    ) -> Parsed | None:
        """A department head without a proper name (``Văn phòng``, ``Thanh tra``...) and its parent."""
        t = self.t
        lm = _LINK.match(t, head_end)
        parent = self.parse(lm.end(), depth + 1) if lm else None
        if (
            canon == "Ủy ban Kiểm tra"
            and parent
            and parent.primary
            and "ủy" not in parent.primary[0].name.split(" ")[1:2]
        ):
            if not parent.primary[0].name.startswith("Đảng ủy"):
                parent = None
        allowed = _UPPER_LEVEL_ONLY.get(canon)
        if allowed and parent and parent.primary and parent.primary[0].level not in allowed:
            return Parsed(parent.end, [], parent.all())
        if parent and parent.primary and parent.primary[0].rank > rank:
            out: list[Found] = []
            for p in parent.primary:
                level = "department" if p.level != "external" else "external"
                name = f"{canon} {p.name}"
                end = parent.end
                if canon == "Văn phòng" and p.name == SUPREME:
                    vm = _VP_AT.match(t, parent.end)
                    if vm:
                        city = vm.group(1)
                        key = "1" if "Hà" in city else "2" if "Đà" in city else "3"
                        name += " tại " + HIGH[key].split(" tại ")[1]
                        end = vm.end()
                out.append(Found(pos, end, name, level, rank))
            return Parsed(out[0].end, out, parent.all())
        if (
            parent
            and not parent.primary
            and parent.inner == []
            and parent.end > (lm.end() if lm else head_end)
        ):
            # parent was a category ("VKSND các cấp"): the department is generic too
            return Parsed(parent.end, [])
        if (
            canon == "Ban thanh tra"
        ):  # the supreme procuracy's inspectorate before 2014, named alone
            proc = self._last_procuracy(pos)
            if proc:
                return Parsed(
                    head_end, [Found(pos, head_end, f"{canon} {proc}", "department", rank)]
                )
        if standalone:
            end = head_end
            name = canon
            cm = _POLICE_AFTER.match(t, head_end)
            if cm:
                sub = self.parse(cm.start() + len(cm.group()) - len(cm.group().lstrip()), depth + 1)
                if sub and sub.primary:
                    p = sub.primary[0]
                    return Parsed(
                        sub.end,
                        [Found(pos, sub.end, f"{canon} {p.name}", "external", rank)],
                        sub.all(),
                    )
            return Parsed(end, [Found(pos, end, name, "external", rank)])
        if canon in _BARE_DEPTS and self._bare_here(pos, head_end):
            # "phối hợp Văn phòng theo dõi": the department of the procuracy in view
            resolved = self._resolve_bare(canon)
            if resolved:
                return Parsed(head_end, [Found(pos, head_end, resolved.name, resolved.level, rank)])
            proc = self._implied_procuracy(pos)
            if proc:
                return Parsed(
                    head_end, [Found(pos, head_end, f"{canon} {proc}", "department", rank)]
                )
        return None

    def _bare_here(self, pos: int, end: int) -> bool:
        """A capitalised ``Văn phòng``/``Thanh tra`` written alone inside a sentence (not
        opening one, where ``Thanh tra`` is a verb; not before a name of its own)."""
        t = self.t
        k = pos
        while k > 0 and t[k - 1] in " \t":
            k -= 1
        if k == 0 or t[k - 1] in '.!?\n:"“' or not t[pos].isupper():
            return False
        prev = t[max(0, k - 12) : k].split()
        if prev and prev[-1].lower() in _NOT_BEFORE_BARE:
            return False  # "Trưởng đoàn Thanh tra", "về việc Thanh tra": an inspection
        if end < self.n and t[end] == " ":
            nxt = _WORD.match(t, end + 1)
            if nxt and not (nxt.group() in _STOP or self._verb_at(nxt.group(), nxt.end())):
                return False  # "Thanh tra toàn diện ...": the verb
        return True

    def _named(self, pos: int, m: re.Match[str], depth: int) -> Parsed | None:
        """``Vụ 2``, ``Phòng 15``, ``Vụ Pháp chế``, ``Sở Tài chính tỉnh X``, ``Cục Bảo vệ ...``."""
        t = self.t
        head = re.sub(r"\s+", " ", m.group("head"))
        if head == "phòng":
            head = "Phòng"
        if head.startswith("Đoàn"):
            head = "Đoàn Luật sư"
        rank = _NAMED_RANK[head]
        nm = _NUMBERED.match(t, m.end())
        number = None
        spelled = _SPELLED_NUMBERED.match(t, pos) if head in {"Vụ", "Cục"} else None
        if head == "Đoàn Luật sư":  # named by its place only: "Đoàn Luật sư TP Hà Nội"
            name_end = m.end()
            name = head
        elif spelled:  # "Vụ thực hành quyền công tố ... (Vụ 1)": named by its number
            number = int(spelled.group(2))
            name_end = spelled.end()
            name = f"{spelled.group(1)} {number}"
        elif nm and head in {"Vụ", "Cục", "Phòng"}:
            number = int(nm.group(1))
            name_end = nm.end()
            name = f"{head} {number}"
        elif head == "Phòng" and _POLICE_CODE.match(t, m.end()):
            # "Phòng PC04 Công an tỉnh X": a police department by its code
            cm = _POLICE_CODE.match(t, m.end())
            name_end = cm.end()
            name = f"Phòng {cm.group(1)}{cm.group(2)}"
        else:
            if m.end() >= self.n or t[m.end()] not in " \t":
                return None
            at = m.end() + 1
            legal = ""
            if head in _COMPANIES:  # "Công ty cổ phần Xây dựng X": the legal form is lower-case
                fm = _LEGAL_FORM.match(t, at)
                if fm:
                    legal, at = re.sub(r"\s+", " ", fm.group()), fm.end()
            name_end = self._name_end(at, max_words=9)
            if name_end <= at:
                return None
            if head in _COMPANIES:
                name_end = _trim_lower_tail(t, at, name_end)
            proper = legal + re.sub(r"\s+", " ", t[at:name_end])
            if head == "Viện" or (head == "Ban" and proper.split(" ")[0] in {"Chỉ", "Chấp"}):
                return None
            if head in {"Báo", "Tạp chí", "Đài", "Hội"} and not proper[0].isupper():
                return None
            if _ANCHOR.match(t, m.end() + 1):
                return None  # "Trưởng phòng Phòng 6 ...": the name is another unit's
            first_word = proper.split(" ")[0]
            if first_word in {"Hội", "Họp"}:  # "phòng Hội nghị", "Phòng Họp": a room
                return None
            if len(first_word) > 1 and first_word.isupper() and first_word not in _NAME_ACRONYMS:
                return None  # "phòng UBND ...": the tail of "văn phòng"
            name = f"{head} {proper}"
            # "(Vụ 1)" written after a spelled-out name gives the number
            pm = _NUMBER_IN_BRACKETS.match(t, name_end)
            if pm:
                number = int(pm.group(1))
                name = f"{head} {number}"
                name_end = pm.end()
        end = name_end
        # a place after the name: "Sở Tài chính tỉnh Thanh Hóa", "phòng Nội vụ TP Biên Hòa"
        if number is None and head not in {"Vụ"}:
            km = _KIND_AFTER_NAME.match(t, end)
            if km and "," in km.group() and name.split(" ")[-1][:1].isupper():
                km = None  # "Trường Tiểu học Thanh Sơn, xã Thanh Sơn": an address after a full name
            if km:
                place = self._place(km.end())
                if place:
                    kind = _kind_word(km.group(1))
                    end, pname = place
                    name = f"{name} {kind} {pname}"
                    return Parsed(end, [Found(pos, end, name, "external", rank)])
            if head in {"Sở", "Công an"} and end < self.n and t[end] == " ":
                pm = _province_tables()[2].match(t, end + 1)  # "Sở Tài chính Thanh Hóa"
                if pm:
                    name = f"{name} {_canon_province(pm.group())}"
                    return Parsed(pm.end(), [Found(pos, pm.end(), name, "external", rank)])
        # siblings sharing a parent: "Phòng A, Phòng B, Văn phòng X"
        sm = _SIBLING.match(t, end)
        if sm and depth < 4:
            hm = _NAMED_HEAD.match(t, sm.end())
            if (
                hm
                and re.sub(r"\s+", " ", hm.group("head")).capitalize() == head.capitalize()
                and not t[sm.end()].islower()
            ):
                sib = self.parse(sm.end(), depth + 1)
                if sib and sib.primary and sib.primary[0].name.startswith(head + " "):
                    parent_name = self._parent_suffix(sib.primary[0].name, head)
                    if parent_name:
                        first = sib.primary[0]
                        level = first.level
                        me = Found(pos, end, f"{name} {parent_name}", level, rank)
                        me = self._numbered_supreme(me, head, parent_name)
                        return Parsed(sib.end, [me], sib.all())
        lm = _LINK.match(t, end)
        parent = self.parse(lm.end(), depth + 1) if lm else None
        if number is None and head not in _COMPANIES and not (parent and parent.primary):
            # a long name with a function word inside ("... tư pháp về hình sự VKSND tối cao",
            # "Ban Quản lý dự án ... các công trình giao thông tỉnh X"): take up to five more
            # lower-case words when they lead to the parent or to the place
            plain = self._tail_ends(end, verbs_ok=False)
            for tail_end in self._tail_ends(end, verbs_ok=True):
                km = _KIND_AFTER_NAME.match(t, tail_end)
                place = self._place(km.end()) if km else None
                if place and head not in {"Vụ", "Cục"}:
                    words = re.sub(r"\s+", " ", t[end:tail_end])
                    p_end, pname = place
                    full = f"{name}{words} {_kind_word(km.group(1))} {pname}"
                    return Parsed(p_end, [Found(pos, p_end, full, "external", rank)])
                lm2 = _LINK.match(t, tail_end) if tail_end in plain else None
                if lm2 and not _ANCHOR.match(t, lm2.end()):
                    lm2 = None  # nothing that opens a unit there: no parse
                later = self.parse(lm2.end(), depth + 1) if lm2 else None
                if later and later.primary and later.primary[0].rank > rank:
                    name += re.sub(r"\s+", " ", t[end:tail_end])
                    parent = later
                    break
        if parent and parent.primary and parent.primary[0].rank > rank:
            out: list[Found] = []
            for p in parent.primary:
                level = "department" if p.level != "external" else "external"
                f = Found(pos, parent.end, f"{name} {p.name}", level, rank)
                out.append(self._numbered_supreme(f, head, p.name))
            return Parsed(parent.end, out, parent.all())
        # no parent written
        if number is not None:
            if head in {"Vụ", "Cục"}:
                return Parsed(end, [Found(pos, end, f"{name} {SUPREME}", "department", rank)])
            resolved = self._resolve_bare(name)
            if resolved:
                return Parsed(end, [Found(pos, end, resolved.name, resolved.level, rank)])
            proc = self._implied_procuracy(pos)
            if proc:
                return Parsed(end, [Found(pos, end, f"{name} {proc}", "department", rank)])
            return None
        resolved = self._resolve_bare(name) or self._short_company(head, name)
        if resolved:
            return Parsed(end, [Found(pos, end, resolved.name, resolved.level, rank)])
        if head == "Phòng" and _procuracy_office(name):
            proc = self._implied_procuracy(
                pos
            )  # "Trưởng phòng Tổ chức cán bộ" on a procuracy's page
            if proc:
                return Parsed(end, [Found(pos, end, f"{name} {proc}", "department", rank)])
        if head in _STANDALONE_NAMED:
            level = "school" if head == "Trường" and "iểm sát" in name else "external"
            return Parsed(end, [Found(pos, end, name, level, rank)])
        return None

    def _tail_ends(self, pos: int, verbs_ok: bool) -> list[int]:
        """Ends of 1-8 lower-case words from ``pos`` that may still belong to a long name
        (``về ma túy``, ``các công trình giao thông``): no clause word, and no verb nor
        ``các`` unless ``verbs_ok`` (before a place: ``xây dựng các công trình ... tỉnh X``)."""
        out: list[int] = []
        t = self.t
        i = pos
        for _ in range(8):
            if i >= self.n or t[i] != " ":
                break
            wm = _WORD.match(t, i + 1)
            if not wm or not wm.group().islower():
                break
            low = wm.group()
            if (low in _STOP and (low not in _TAIL_OK or (low == "các" and not verbs_ok))) or (
                not verbs_ok and self._verb_at(low, wm.end())
            ):
                break
            i = wm.end()
            out.append(i)
        return out

    @staticmethod
    def _parent_suffix(sibling_name: str, head: str) -> str | None:
        """``Phòng B Văn phòng X`` → ``Văn phòng X`` (the part after the sibling's own name)."""
        for marker in (
            " Văn phòng ",
            " Viện kiểm sát",
            " Thanh tra ",
            " Cục ",
            " Vụ ",
            " Tổng cục ",
            " Sở ",
            " Bộ ",
            " Cơ quan ",
        ):
            k = sibling_name.find(marker, len(head) + 1)
            if k > 0:
                return sibling_name[k + 1 :]
        return None

    @staticmethod
    def _numbered_supreme(found: Found, head: str, parent: str) -> Found:
        """A spelled-out department of the supreme procuracy is named by its number."""
        if head != "Vụ" or parent != SUPREME or re.match(r"Vụ \d", found.name):
            return found
        low = found.name.lower()
        for entry in load("departments")["supreme_vu"]:
            if all(k in low for k in entry["keywords"]):
                return Found(
                    found.start,
                    found.end,
                    f"Vụ {entry['number']} {SUPREME}",
                    found.level,
                    found.rank,
                )
        return found

    def remember(self, found: Iterable[Found]) -> None:
        """Record what was found, for bare department names and implied parents later on."""
        for f in found:
            self.known.append(f)
            words = f.name.split(" ")
            for k in range(1, min(len(words), 7)):
                self.by_prefix[" ".join(words[:k])] = f
            if f.level in LEVELS_PROCURACY and f.rank == 5:
                if not self.procuracies or self.procuracies[-1][0] <= f.start:
                    self.procuracies.append((f.start, f.name))

    def _short_company(self, head: str, name: str) -> Found | None:
        """``Công ty Hải Phong`` after ``Công ty TNHH Đầu tư Thương mại Hải Phong``: the same one."""
        if head not in _COMPANIES:
            return None
        tail = name[len(head) :]
        for f in reversed(self.known):
            if f.name.startswith(head + " ") and f.name.endswith(tail) and f.name != name:
                return f
        return None

    def _resolve_bare(self, name: str) -> Found | None:
        """A department named without its parent: the earlier full mention of it."""
        return self.by_prefix.get(name)

    def _last_procuracy(self, pos: int) -> str | None:
        """The procuracy named last before ``pos`` (for a department written alone)."""
        k = bisect.bisect_left(self.procuracies, pos, key=lambda p: p[0])
        return self.procuracies[k - 1][1] if k else None

    def _implied_procuracy(self, pos: int) -> str | None:
        """The procuracy a department written alone belongs to: the page's own procuracy
        (``context["unit"]``, e.g. a high procuracy's portal), else the implied province's."""
        own = self.context.get("unit")
        if own and not self.context.get("province") and own.startswith("Viện kiểm sát"):
            return own
        prov = self._implied_province(pos)
        return province_unit_name(prov) if prov else None

    # ---- whole text
    def scan(self, spans: Iterable[tuple[int, int, bool]] | None = None) -> list[Found]:
        """Every organisation in ``spans`` (``(start, end, may_be_cut_off)``; default:
        the whole text, complete)."""
        t = self.t
        out: list[Found] = []
        ranges = list(spans) if spans is not None else [(0, self.n, False)]
        for lo, hi, cut_off in ranges:
            pos = lo
            while pos < hi:
                am = _ANCHOR.search(t, pos, hi)
                if not am:
                    break
                parsed = self.parse(am.start())
                if parsed is None or parsed.end <= am.start():
                    pos = am.end()
                    continue
                found = [f for f in parsed.all() if f.end <= hi]
                if cut_off and parsed.end >= hi and _cut_off(t, hi, lo):
                    found = [f for f in found if f.end < hi]
                out.extend(found)
                self.remember(found)
                pos = max(parsed.end, am.end())
        return out


def _cut_off(text: str, hi: int, lo: int) -> bool:
    """A zone that ends without sentence punctuation was cut off (a teaser, a
    truncated copy): a name running into its end may be incomplete."""
    tail = text[lo:hi].rstrip()
    return bool(tail) and tail[-1] not in '.!?…"”)»:;'


# --------------------------------------------------------------------------- API


def doc_texts(doc: Doc) -> tuple[str, str]:
    """``doc.text`` and its :func:`tone_text`, computed once per doc and kept in
    ``doc.user_data`` (``doc.text`` is rebuilt from the tokens on every access)."""
    cached = doc.user_data.get("kiemsat.texts")
    if cached is None:
        # the pipeline may already hold the text under "kiemsat.text" (nlp.extensions)
        text = doc.user_data.get("kiemsat.text")
        if text is None:
            text = doc.text
        cached = doc.user_data["kiemsat.texts"] = (text, tone_text(text))
    return cached


def tone_text(text: str) -> str:
    """``text`` with tone marks in official (old-style) placement, same length, so
    offsets found in it hold for ``text``; ``text`` itself if that cannot be kept."""
    unified = unify_tones(text)
    return unified if len(unified) == len(text) else text


def find_units(
    text: str,
    context: dict | None = None,
    zones: list[tuple[int, int, str]] | None = None,
    extra: Iterable[str] = (),
    unified: str | None = None,
) -> list[Found]:
    """Every organisation mention in ``text`` (offsets into ``text``), in order.

    ``zones`` (``doc._.zones``) limits the scan to title/body/caption zones and
    lets a name cut off at the end of the body be dropped. ``extra`` strings
    (bylines) are scanned after the text with the same context; what they name
    is returned too, with offsets ``-1`` (they are not in ``text``).
    """
    scanner = _Scanner(unified if unified is not None else tone_text(text), context)
    # only the body can be a truncated copy; titles and captions often end on a name
    spans = [(s, e, kind == "body") for s, e, kind in zones] if zones else None
    found = scanner.scan(spans)
    for line in extra:
        sub = _Scanner(tone_text(line), context)
        sub.full_provincial = list(scanner.full_provincial)
        sub.remember(scanner.known)
        found.extend(Found(-1, -1, f.name, f.level, f.rank) for f in sub.scan())
    return found


def resolve_unit(text: str, context: dict | None = None) -> tuple[str, str] | None:
    """Canonical name and level of the organisation written at the start of ``text``
    (``"VKSND Tối cao ..."`` → ``("Viện kiểm sát nhân dân tối cao", "supreme")``), or ``None``.

    ``context`` may carry ``province`` to resolve an implied ``VKSND tỉnh``.
    """
    scanner = _Scanner(tone_text(text), context)
    parsed = scanner.parse(0)
    if parsed and parsed.primary:
        return parsed.primary[0].name, parsed.primary[0].level
    return None


_PUBLISHER_LINE = re.compile(
    r"^(?:©\s*|(?i:cổng\s+thông\s+tin\s+điện\s+tử|trang\s+thông\s+tin\s+điện\s+tử|bản\s+quyền\s+thuộc"
    r"|cơ\s+quan\s+của)\s*)?(?P<unit>.{10,90})$"
)
_KEEP_LOWER = {"Tại": "tại", "Tối": "tối", "Cao": "cao", "Cấp": "cấp", "Khu": "khu", "Vực": "vực", "Phố": "phố",
               "Ương": "ương"}  # fmt: skip
_ACRONYMS = frozenset("VKSND VKS VKSQS TAND TP HCM TP.HCM".split())


def publisher_unit(lines: Iterable[str]) -> str | None:
    """The procuracy a page's own header or footer names (``VIỆN KIỂM SÁT NHÂN DÂN TỈNH
    NINH BÌNH``, ``Trang thông tin điện tử Viện kiểm sát nhân dân tỉnh X``): what an implied
    ``VKSND tỉnh`` or a bare ``Văn phòng`` means on that page. ``lines``: the page's
    boilerplate lines; the first that is nothing but a procuracy's name wins.

    >>> publisher_unit(["Trang chủ", "VIỆN KIỂM SÁT NHÂN DÂN TỈNH NINH BÌNH"])
    'Viện kiểm sát nhân dân tỉnh Ninh Bình'
    """
    for line in itertools.islice(lines, 400):
        m = _PUBLISHER_LINE.match(line.strip())
        if not m:
            continue
        text = m.group("unit").strip()
        if text.isupper():
            text = " ".join(
                w if w.rstrip(".") in _ACRONYMS else _KEEP_LOWER.get(w.capitalize(), w.capitalize())
                for w in text.split()
            )
        scanner = _Scanner(tone_text(text))
        parsed = scanner.parse(0)
        if (
            parsed
            and len(parsed.primary) == 1
            and parsed.end >= len(text.rstrip(" ."))
            and parsed.primary[0].level in LEVELS_PROCURACY
        ):
            return parsed.primary[0].name
    return None


def aggregate(found: Iterable[Found]) -> list[Unit]:
    """Merge mentions by canonical name (first-seen order), counting them."""
    by_name: dict[str, Unit] = {}
    for f in found:
        key = f.name.casefold()
        if key in by_name:
            by_name[key].mentions += 1
        else:
            by_name[key] = Unit(name=f.name, level=f.level, mentions=1)
    return list(by_name.values())


class UnitsComponent:
    """spaCy component: fills ``doc._.units`` and ``doc._.unit_mentions``.

    ``extra_texts`` (a callable ``doc -> list[str]``) may add strings outside
    the doc that still name units of the article (its bylines, in
    ``doc._.context["authors"]``): the contract counts ``Phòng 15 VKSND tỉnh``
    written in a byline.
    """

    def __init__(self, nlp: Language, name: str, scan_authors: bool = True) -> None:
        register_extensions()
        self.name = name
        self.scan_authors = scan_authors
        self._extra: Callable[[Doc], list[str]] = _authors_of

    def __call__(self, doc: Doc) -> Doc:
        extra = self._extra(doc) if self.scan_authors else []
        text, unified = doc_texts(doc)
        found = find_units(text, dict(doc._.context or {}), doc._.zones, extra, unified=unified)
        doc._.unit_mentions = [(f.start, f.end, f.name) for f in found if f.start >= 0]
        doc._.units = aggregate(found)
        return doc


def _authors_of(doc: Doc) -> list[str]:
    ctx = doc._.context or {}
    authors = ctx.get("authors") or []
    return [a for a in authors if isinstance(a, str)]


@Language.factory("kiemsat_units", default_config={"scan_authors": True})
def make_units(nlp: Language, name: str, scan_authors: bool) -> UnitsComponent:
    """Factory registered under ``kiemsat_units`` (entry point in ``setup.cfg``)."""
    return UnitsComponent(nlp, name, scan_authors=scan_authors)
