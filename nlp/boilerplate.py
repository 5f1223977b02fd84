"""Boilerplate removal for plain text: a line classifier for unknown layouts.

A page copied as text (or the text of an HTML page whose layout we have no
profile for) is a list of lines: site chrome (portal name, menus, ``Cỡ chữ``,
``Tìm kiếm``), CMS artefacts (``leftcenterrightdel``, image counters), the
headline, a dateline, the story's paragraphs with photo captions between them,
the byline, then "related news" lists. :func:`segment_text` labels every line
with one of ``title``, ``dateline``, ``body``, ``caption``, ``byline``,
``section`` or ``boilerplate`` and assembles the article's fields from them.

How, in a few passes (each rule is about *shape*, never about a particular
site's strings, so it generalises to unseen portals):

1. Every line gets cheap features: chrome phrases, artefacts, datelines,
   photo credits, headline shape, name shape.
2. The story core runs from the first to the last *substantial* paragraph
   (long, sentence-like). Lines before it are the header zone (where the
   title, section and dateline live), lines after it the tail zone (bylines,
   related-news lists, footer).
3. Inside the core, photo captions are recognised by shape (a short line with
   no closing punctuation that describes a picture, or the line after an
   image artefact, or a line carrying an ``Ảnh: ...`` credit).
4. Paragraphs that repeat an earlier one, or a teaser cut with ``...`` that
   repeats the start of a paragraph, are dropped.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from nlp.dates import find_dates
from nlp.normalize import LOWER_CLASS, UPPER_CLASS, clean_text, fold, match_key

MAX_LINE = 20_000
_TAIL_CHARS = 160  # credits and closing punctuation are looked for in a line's end only
#: Private-use character the HTML reader puts before text the markup says is a
#: photo caption (``<figcaption>``, a profile's caption selector), so the line
#: classifier keeps captions in place without guessing.
CAPTION_MARK = "\ue000"  # longer "lines" (minified junk) are cut before any regex sees them

# -- line features ------------------------------------------------------------
# CMS artefacts: the alignment classes of an image table leaked as text, image
# counters (``02``, ``3/12``), editor placeholders.
_ARTEFACT = re.compile(
    r"^(?:(?:left|center|right|del|top|bottom|middle|justify)\s*){2,}$"
    r"|^\(?\d{1,3}\s*(?:/\s*\d{1,3})?\)?$"
    r"|^(?:ảnh|hình|photo|image|video)\s*\d{1,3}(?:\s*/\s*\d{1,3})?$"
    r"|^\[/?(?:caption|img|image|video|embed)[^\]]{0,200}\]$"
    r"|^(?:loading|đang tải)\W*$",
    re.IGNORECASE,
)

# Phrases that are site chrome when a line consists of nothing else (compared
# folded, so with or without diacritics).
_CHROME_PHRASES = [
    "co chu",
    "tuong phan",
    "tim kiem",
    "in bai",
    "ban in",
    "in trang",
    "gui email",
    "gui bai",
    "gui cho ban be",
    "chia se",
    "share",
    "tweet",
    "facebook",
    "zalo",
    "twitter",
    "linkedin",
    "binh luan",
    "y kien ban doc",
    "luot xem",
    "luot doc",
    "so luot xem",
    "trang chu",
    "dang nhap",
    "dang ky",
    "dang xuat",
    "lien he",
    "so do cong",
    "so do trang",
    "so do site",
    "quay lai",
    "tro ve",
    "tro lai",
    "ve dau trang",
    "len dau trang",
    "dau trang",
    "xem tiep",
    "doc tiep",
    "xem them",
    "nghe doc",
    "nghe bai",
    "nghe doc bai",
    "tai ve",
    "dinh kem",
    "phong to",
    "thu nho",
    "mac dinh",
    "print",
    "email",
    "copy link",
    "sao chep lien ket",
    "english",
    "tieng viet",
    "rss",
    "ngon ngu",
    "thich",
    "like",
    "a-",
    "a+",
    "aa",
    "menu",
    "danh muc",
    "tat ca",
    "lien ket website",
    "lien ket",
    "thong bao",
    "van ban",
    "video",
    "hinh anh",
    "gioi thieu",
    "bai viet",
    "chuyen muc",
    "in",
    "luu",
    "tiep",
    "truoc",
    "sau",
    "trang",
    "next",
    "previous",
    "prev",
    "top",
    "home",
    "font",
    "kich thuoc chu",
    "thu gon",
    "mo rong",
    "doc bai",
    "google",
    "gop y",
    "hoi dap",
    "search",
    "login",
    "sitemap",
    "contact",
]
_CHROME_RE = re.compile(
    r"(?<![a-z0-9])(?:"
    + "|".join(re.escape(p) for p in sorted(_CHROME_PHRASES, key=len, reverse=True))
    + r")(?![a-z0-9])"
)

# Headings that open a "related news" list: it and the headline list after it go.
_RELATED = re.compile(
    r"^(?:tin|bai|bai viet|cac tin|cac bai|tin tuc)\s+(?:lien quan|khac|cung chuyen muc|da dua|moi|moi nhat|"
    r"noi bat|doc nhieu|xem nhieu|hoat dong|tieu diem|cung loai|truoc|tiep theo|moi dang)"
    r"(?:\s*(?:khac|nhat))?\s*[:.]?$|^(?:doc nhieu nhat|xem nhieu nhat|co the ban quan tam|"
    r"ban co the quan tam|dang duoc quan tam|tieu diem|tin anh|video noi bat)\s*[:.]?$"
)

# Footer lines: copyright, licence, address, contacts.
_FOOTER = re.compile(
    r"^(?:©|\(c\)|copyright|ban quyen|giay phep|chiu trach nhiem|tong bien tap|dia chi\s*:|dien thoai\s*:|"
    r"fax\s*:|email\s*:|e-mail\s*:|duong day nong|ghi ro nguon|\(?nguon\s*:|"
    r"\(?theo\s+(?:[\w.]+\.(?:vn|com|net)\b|bao\b|tap chi\b|cong thong tin\b|trang\b|dai\b|ttxvn\b)|"
    r"tags?\s*:|tu khoa\s*:|thiet ke boi|phat trien boi|co quan chu quan|website\s*:|"
    r"truong ban bien tap|ban bien tap\s*:|so lan xem|luot truy cap|(?:trang|cong) thong tin dien tu\b)"
)

# Mottos that portals print in their banner on every page (folded, whole line).
_SLOGANS = {
    "cong minh, chinh truc, khach quan, than trong, khiem ton",
    "doan ket, trach nhiem - ky cuong, liem chinh - ban linh, hieu qua",
    "doan ket, trach nhiem, ky cuong, liem chinh, ban linh, hieu qua",
}

# Portal banners: an all-caps line naming the portal or the procuracy.
_BANNER = re.compile(
    r"^(?:cong thong tin|trang thong tin|trang tin|bao dien tu|tap chi|vien kiem sat|"
    r"website|cong dien tu)"
)
_ENGLISH = re.compile(
    r"^[A-Za-z][A-Za-z’'.,&\- ]+$",
)
_ENGLISH_WORDS = re.compile(
    r"\b(?:the|of|and|people|procuracy|portal|supreme|website|news|online)\b", re.I
)

# Dateline pieces: labels, weekdays, clocks, time zones, view counters.
_DATELINE_NOISE = re.compile(
    r"(?:ngày đăng|ngày cập nhật|cập nhật lúc|cập nhật|đăng lúc|đăng ngày|đăng tải|ngày xuất bản|xuất bản|"
    r"thời gian đăng|thời gian|ngày|date|posted|published|updated|đăng bởi|người đăng|tác giả|bởi|by|"
    r"thứ\s+(?:hai|ba|tư|năm|sáu|bảy|[2-7])|chủ\s+nhật|t[2-7]|cn|"
    r"\d{1,2}:\d{2}(?::\d{2})?\s*(?:am|pm|sa|ch)?|\(?gmt\s*[+-]\s*\d{1,2}(?::\d{2})?\)?|"
    r"lượt xem\s*:?\s*\d*|\d{4}-\d{2}(?:-\d{2})?|\d{1,2}[/.\-]\d{1,2}[/.\-]\d{4}|"
    r"\d{1,2}\s+tháng\s+\d{1,2}(?:\s*,)?\s+năm\s+\d{4}|\d{1,2}\s+tháng\s+\d{1,2},?\s+\d{4}|lúc)",
    re.IGNORECASE,
)
# Cheap test for "may hold a date" before the full date parser runs.
_DATE_HINT = re.compile(r"\d{1,4}\s*[/.\-]\s*\d{1,2}|\d{1,2}\s+tháng\s+\d", re.IGNORECASE)
# A date and clock glued to the start of a paragraph (``3/15/2021 8:19:41 AMThực hiện``).
_LEADING_STAMP = re.compile(
    r"^(\d{1,2}/\d{1,2}/\d{4}[ ,]{1,3}\d{1,2}:\d{2}(?::\d{2})?(?:\s?(?:AM|PM|SA|CH))?)\s*(?=\S)"
    r"|^(\d{1,2}/\d{1,2}/\d{4})(?=[^\W\d_])"  # a bare date glued to the first word
)

# Photo credits: ``(Ảnh: N.D)``, ``ảnh: Cổng TTĐTQH.``, ``Ảnh minh họa``, ``Nguồn ảnh: ...``.
_CREDIT_TAIL = re.compile(
    r"[\s,;–\-]*[(\[]?\s*(?:nguồn\s+)?(?:ảnh|hình|photo)(?:\s+minh\s+họa)?\s*[:：]\s*[^()\[\]]{1,60}?[)\]]?\s*\.?\s*$"
    r"|[\s,;–\-]*[(\[]\s*ảnh\s+minh\s+họa\s*[)\]]\s*\.?\s*$",
    re.IGNORECASE,
)
# A line that is only a credit: ``Ảnh: CN``, ``(Ảnh minh họa)``, ``Bài, ảnh: Lan Chi``
# is *not* (that is a byline). ``Ảnh hưởng ...`` is a word, not a credit: a
# credit has a colon or ``minh họa`` after ``Ảnh``.
_CREDIT_ONLY = re.compile(
    r"^[(\[]?\s*(?:nguồn\s+)?(?:ảnh|hình|photo)"
    r"(?:\s+minh\s+họa(?:\s*[:：]\s*[^()\[\]]{1,60})?|\s*[:：]\s*[^()\[\]]{1,60})?"
    r"\s*[)\]]?\s*\.?$",
    re.IGNORECASE,
)

# Words that describe what a photo shows (people speaking, presiding, handing
# over, the view of a meeting). Kept to photo language: a body subheading
# rarely says "phát biểu tại Hội nghị".
_CAPTION_CUES = re.compile(
    r"\b(?:phát biểu|chủ trì|quang cảnh|toàn cảnh|đại biểu|tham dự|trao|tặng|chụp ảnh|"
    r"tại hội nghị|tại buổi|tại lễ|tại phiên|tại điểm cầu|dự hội nghị|dự buổi|kết luận hội nghị|"
    r"chúc mừng|tặng hoa|ký kết|tuyên án|lưu niệm|truyền đạt|tham luận|trình bày)\b",
    re.IGNORECASE,
)
# What a person in a photo is doing: the only cues that make a longer sentence a caption.
_PHOTO_VERBS = re.compile(
    r"\b(?:phát biểu|chủ trì|trao|tặng|chụp ảnh|truyền đạt|trình bày|tham luận)\b", re.IGNORECASE
)
# How story sentences open (``Tham dự có ...``, ``Tại Hội nghị, ...``), never captions.
_BODY_OPENER = re.compile(
    r"^(?:tham dự|cùng dự|dự |đến dự|tại |theo |ngày |sáng |chiều |tối |trong |thực hiện|qua |"
    r"về |đồng thời|ngoài ra|sau |trước |với |nhằm |để |khi |từ |do |vì |nhân dịp)",
    re.IGNORECASE,
)
_NUMBERED = re.compile(r"^(?:[IVX]+|\d{1,2}|[a-zđ])[.)]\s")
_CRUMB_SEP = re.compile(r"\s[>»›|/]\s|[>»›|]")
# Captions usually open with who is in the picture.
# Military ranks and academic degrees printed before a name.
_RANK = (
    r"(?:đại tướng|thượng tướng|trung tướng|thiếu tướng|đại tá|thượng tá|trung tá|thiếu tá|"
    r"đại úy|thượng úy|trung úy|thiếu úy|gs\.?\s?ts\.?|pgs\.?\s?ts\.?|gs\.|pgs\.|ts\.|ths\.|"
    r"tiến sĩ|thạc sĩ|luật sư|ls\.)"
)
_PERSON_START = re.compile(
    r"^(?:đồng chí|đ/c|các đồng chí|ông|bà|lãnh đạo|kiểm sát viên|điều tra viên|thẩm phán|"
    r"bị cáo|bị can|đại diện|đoàn|viện trưởng|phó viện trưởng|chánh|phó chánh|trưởng|phó trưởng|"
    rf"cán bộ|công chức|báo cáo viên|giảng viên|{_RANK})\s",
    re.IGNORECASE,
)
_RANK_PREFIX = re.compile(rf"^{_RANK}\s*", re.IGNORECASE)
_SENTENCE_END = re.compile(r"[.;:!?…]['\"”’)]*$|\.\.\.$")
_UPPER_START = re.compile(rf"^[\"“'(]*[{UPPER_CLASS}0-9]")
_LOWER_START = re.compile(rf"^[{LOWER_CLASS}]")

# A printed name: 1-6 capitalised syllables or initials (``P.V``, ``HQ``, ``H.Xuân``).
# Tokens are separated by punctuation or spaces (never by nothing), so the
# pattern cannot split one word in many ways: no catastrophic backtracking.
_NAME_TOKEN = rf"[{UPPER_CLASS}][\w’']*"
_NAME = re.compile(rf"^{_NAME_TOKEN}(?:(?:[ ]*[.\-–&,/][ ]*|[ ]+){_NAME_TOKEN}){{0,6}}\.?$")
# Organisation after a name in a byline (``Việt Hưng- Phòng 15 Viện kiểm sát nhân dân tỉnh``).
_ORG_START = re.compile(
    r"^(?:phòng|văn phòng|vksnd|vksqs|vks|viện|ban|tổ|đội|cục|vụ|trung tâm|báo|tạp chí|cổng|"
    r"đài|thông tấn|chi bộ|đoàn|trường|tòa|tand|cqđt|công an|ttxvn|pv|ctv)\b",
    re.IGNORECASE,
)
_BYLINE_LABEL = re.compile(
    r"^(?:(?:bài|tin|bài và ảnh|bài, ảnh|tin, ảnh|tin và ảnh|tin và bài|nhóm phóng viên|phóng viên|pv|"
    r"tác giả|người viết|ctv|cộng tác viên)\s*[:：]\s*)",
    re.IGNORECASE,
)


@dataclass
class Line:
    """One non-blank source line (or part of one, after splitting a glued dateline)."""

    no: int  # 1-based line number in the input (the first one, for a merged line)
    text: str  # stripped, cleaned text
    indented: bool = False  # the source line began with whitespace (a wrapped continuation)
    gap_before: bool = True  # a blank line precedes it
    kind: str = "body"
    extra: str | None = None  # author found on a dateline
    more: list[int] = field(default_factory=list)  # further source lines merged into this one

    @property
    def nos(self) -> list[int]:
        return [self.no, *self.more]


@dataclass
class Segmented:
    """The fields the line classifier recovers from one page's text."""

    title: str | None = None
    published: str | None = None
    authors: list[str] = field(default_factory=list)
    section: str | None = None
    paragraphs: list[str] = field(default_factory=list)
    captions: list[str] = field(default_factory=list)
    lines: list[Line] = field(default_factory=list)
    published_line: Line | None = None  # the dateline next to the headline, when there is one

    @property
    def body(self) -> str:
        return "\n\n".join(self.paragraphs)

    def labels(self) -> dict[str, list[int]]:
        """Line numbers per label, in the shape of a gold file's ``lines``."""
        out: dict[str, list[int]] = {}
        for line in self.lines:
            kind = {"section": "boilerplate", "credit": "caption"}.get(line.kind, line.kind)
            for no in line.nos:
                if no not in out.setdefault(kind, []):
                    out[kind].append(no)
        return out


# -- features ------------------------------------------------------------------
def _words(text: str) -> list[str]:
    return text.split()


def is_artefact(text: str) -> bool:
    return bool(_ARTEFACT.match(text))


def is_chrome(text: str) -> bool:
    """A line made only of chrome phrases and punctuation (``Cỡ chữ:   Tương phản``)."""
    if len(text) > 120:
        return False
    key = fold(text)
    if key in _SLOGANS or fold(text.strip("\"“”'")) in _SLOGANS:
        return True
    if _FOOTER.match(key):
        return True
    rest = _CHROME_RE.sub(" ", key)
    return not re.search(r"[a-z]", rest) and bool(_CHROME_RE.search(key))


def is_related_heading(text: str) -> bool:
    return len(text) <= 60 and bool(_RELATED.match(fold(text)))


def is_banner(text: str) -> bool:
    """An all-caps portal banner or an English strap line."""
    if len(text) > 200:
        return False
    if text.isupper() and len(_words(text)) <= 14 and _BANNER.match(fold(text)):
        return True
    return (
        text.isascii()
        and bool(_ENGLISH.match(text))
        and len(_words(text)) >= 3
        and bool(_ENGLISH_WORDS.search(text))
    )


def dateline_parts(text: str) -> tuple[str | None, str | None] | None:
    """``(iso_date, author)`` when the line is a dateline, else None.

    A dateline holds a date and nothing but labels, weekdays, clocks and
    separators, except possibly a printed name (``13/05/2015 13:58 Ngọc Quang``).
    """
    if len(text) > 120 or not _DATE_HINT.search(text):
        return None
    dates = find_dates(text)
    partial = re.search(r"\b\d{4}-\d{2}\b", text)
    if not dates and not partial:
        return None
    rest = _DATELINE_NOISE.sub(" ", text)
    rest = re.sub(r"[\s|:,;()\[\]\-–—/.]+", " ", rest).strip()
    iso = dates[0].iso if dates else None
    if not rest:
        return iso, None
    if iso and _NAME.match(rest) and len(_words(rest)) <= 6:
        return iso, rest
    return None


def strip_credit(text: str) -> str:
    # Credits sit at the end: only the tail is searched, so a pathological long
    # line cannot make the scan quadratic.
    head, tail = text[:-_TAIL_CHARS], text[-_TAIL_CHARS:]
    return (head + _CREDIT_TAIL.sub("", tail)).strip(" -–")


_CREDIT_WORDS = ("ảnh", "hình", "photo")


def has_credit(text: str) -> bool:
    tail = text[-_TAIL_CHARS:]
    low = tail.lower()
    return any(w in low for w in _CREDIT_WORDS) and bool(_CREDIT_TAIL.search(tail))


def ends_sentence(text: str) -> bool:
    """Whether ``text`` ends with closing punctuation (looked for in its last characters only)."""
    return bool(_SENTENCE_END.search(text[-12:]))


def is_credit_only(text: str) -> bool:
    return len(text) <= 80 and bool(_CREDIT_ONLY.match(text))


def is_substantial(text: str) -> bool:
    """A paragraph that is clearly story text: long, or a complete sentence of some length."""
    n = len(_words(text))
    if n >= 10 and ends_sentence(text) and not text.endswith(":"):
        return True
    # Without closing punctuation (a copy cut mid-sentence), only a long run of
    # text, or several sentences, is story text: headlines reach 40 words.
    return n >= 45 or (n >= 20 and bool(re.search(rf"[.;!?] [{UPPER_CLASS}]", text)))


def is_headline(text: str) -> bool:
    """Shaped like a headline: 3-45 words, capitalised, no closing punctuation,
    not a numbered section heading (``I. KẾT QUẢ``, ``2. Giải pháp``)."""
    n = len(_words(text))
    return (
        3 <= n <= 45
        and len(text) <= 300
        and not re.search(r"[.;:,]$", text)
        and bool(_UPPER_START.match(text))
        and not _NUMBERED.match(text)
    )


def byline_text(text: str) -> str | None:
    """The author as printed when the line is a byline, else None."""
    if len(text) > 100 or ends_sentence(text.rstrip(" ")) and not re.search(r"\b\w\.$", text):
        return None
    candidate = _BYLINE_LABEL.sub("", text).strip()
    if candidate[:1] in "([" and candidate[-1:] in ")]":
        candidate = candidate[1:-1].strip()  # a byline printed in brackets
    if not candidate or len(_words(candidate)) > 20:
        return None
    name = _RANK_PREFIX.sub("", candidate)  # ``Thượng úy Trần Anh Tú``, ``ThS. Vũ Đức Thịnh``
    if name and _NAME.match(name) and len(_words(name)) <= 6:
        return candidate
    # Name, then an organisation after a dash or in brackets: a unit's name
    # (``Phòng 15 ...``) or any capitalised name (``Thanh tra``, ``VKSQS Quân khu 7``).
    m = re.match(r"^(.{2,50}?)\s*[-–(]\s*(.+?)\)?$", name)
    if m and _NAME.match(m.group(1).strip()) and len(_words(m.group(1))) <= 6:
        org = m.group(2).strip()
        if _ORG_START.match(org) or (_UPPER_START.match(org) and len(_words(org)) <= 10):
            return candidate
    m = re.match(r"^(.{2,40}?)\s*,\s*(.+)$", name)
    if m and _NAME.match(m.group(1).strip()) and _ORG_START.match(m.group(2).strip()):
        return candidate
    return None


def is_org_byline(text: str) -> bool:
    """A byline's second line naming the author's unit (``Phòng 10-VKSND tỉnh``)."""
    return (
        len(text) <= 90
        and len(_words(text)) <= 12
        and bool(_ORG_START.match(text))
        and not ends_sentence(text)
    )


def is_caption_shape(text: str) -> bool:
    """A short descriptive line with no closing punctuation that talks about a picture."""
    n = len(_words(text))
    if n < 2 or n > 45 or len(text) > 300:
        return False
    if re.search(r"[;:,]$", text):
        return False
    if _NUMBERED.match(text):
        return False
    if _BODY_OPENER.match(text):
        return False
    ends_open = not ends_sentence(text)
    # A caption may be a short sentence; one naming who is pictured may run longer.
    short_sentence = text.endswith(".") and (
        n <= 14 or (n <= 30 and bool(_PERSON_START.match(text)) and bool(_PHOTO_VERBS.search(text)))
    )
    if not (ends_open or short_sentence):
        return False
    if _CAPTION_CUES.search(text):
        return True
    # A picture of people: "Đồng chí X ký ...", "Kiểm sát viên nghiên cứu hồ sơ".
    return ends_open and 4 <= n <= 30 and bool(_PERSON_START.match(text))


# -- the classifier ----------------------------------------------------------------
def _split_lines(text: str) -> list[Line]:
    lines: list[Line] = []
    gap = True
    for no, raw in enumerate(clean_text(text).split("\n"), start=1):
        raw = raw[:MAX_LINE]
        stripped = raw.strip()
        if stripped.startswith(CAPTION_MARK):
            text = stripped.replace(CAPTION_MARK, "").strip()
            if text:
                lines.append(Line(no, text, False, gap, kind="caption"))
            gap = False
            continue
        stripped = stripped.replace(CAPTION_MARK, "")
        if not stripped:
            gap = True
            continue
        m = _LEADING_STAMP.match(stripped)
        if m and len(stripped) - m.end() >= 40:
            stamp = m.group(1) or m.group(2)
            lines.append(Line(no, stamp, raw[:1].isspace(), gap, kind="dateline"))
            lines.append(Line(no, stripped[m.end() :].strip(), False, False))
        elif lines and not gap and _continues(lines[-1], stripped, raw[:1].isspace()):
            prev = lines[-1]
            prev.text = f"{prev.text} {stripped}"
            prev.more.append(no)
        else:
            lines.append(Line(no, stripped, raw[:1].isspace(), gap))
        gap = False
    return lines


def _continues(prev: Line, text: str, indented: bool) -> bool:
    """Whether a line is the wrapped continuation of the line just above it (no blank between).

    A line that starts in lower case, or an indented line after one that ends
    with a comma or without closing punctuation, continues it (captions and
    headlines wrapped by the page layout).
    """
    if prev.kind != "body" or len(prev.text) > 400 or ends_sentence(prev.text):
        return False
    if is_artefact(prev.text) or is_artefact(text):
        return False
    if _LOWER_START.match(text) and not _LOWER_START.match(prev.text):
        return True
    return indented and (prev.text.endswith(",") or len(prev.text) < 200)


def segment_text(text: str, *, title_hint: str | None = None, body_only: bool = False) -> Segmented:
    """Label every line of ``text`` and assemble title, dateline, authors, body and captions.

    ``title_hint``: the headline when the page's markup already says it (a line
    equal to it is the title). ``body_only``: the text is a story container
    chosen by a portal profile, so there is no header to find (short opening
    lines are story text), only artefacts, chrome, captions and bylines.
    """
    lines = _split_lines(text)
    seg = Segmented(lines=lines)
    if not lines:
        return seg

    # Pass 1: features that need no context.
    hint = match_key(title_hint) if title_hint else None
    for line in lines:
        if line.kind != "body":
            continue
        t = line.text
        if hint and match_key(t) == hint:
            line.kind = "title"
            seg.title = t
        elif is_artefact(t):
            line.kind = "boilerplate"
        elif is_chrome(t) or is_banner(t):
            line.kind = "boilerplate"
        elif is_credit_only(t):
            line.kind = "credit"
        else:
            parts = dateline_parts(t)
            if parts is not None:
                line.kind = "dateline"
                line.extra = parts[1]

    # Related-news lists: a heading, then headlines, until story text resumes.
    # Only once the story has begun: above it, ``Tin hoạt động`` is a menu
    # item or the section, not a list heading.
    story_start = next(
        (i for i, ln in enumerate(lines) if ln.kind == "body" and is_substantial(ln.text)),
        len(lines),
    )
    in_related = False
    for i, line in enumerate(lines):
        if line.kind == "body" and is_related_heading(line.text) and i > story_start:
            in_related = True
            line.kind = "boilerplate"
            continue
        if in_related:
            if line.kind == "body" and is_substantial(line.text) and line.text.endswith("."):
                in_related = False
            elif line.kind in ("body", "dateline"):
                line.kind = "boilerplate"

    # Pass 2: the story core, from the first to the last substantial paragraph.
    subs = [i for i, ln in enumerate(lines) if ln.kind == "body" and is_substantial(ln.text)]
    first = subs[0] if subs else len(lines)
    last = subs[-1] if subs else -1
    if body_only:
        first = 0
    else:
        _header(lines, first, seg)
    _dateline_fields(lines, seg)
    _tail(lines, last, seg)
    _captions(lines, first, last)
    _assemble(lines, seg)
    return seg


def _header(lines: list[Line], first: int, seg: Segmented) -> None:
    """Title, section and dateline before the first substantial paragraph."""
    header = list(lines[:first])
    if any(ln.kind == "title" for ln in header):
        title_idx = next(i for i, ln in enumerate(header) if ln.kind == "title")
        _section_above(header, title_idx, seg)
        _drop_short_header_lines(header, title_idx)
        return
    # The dateline next to the headline is the last one in the header (a portal
    # may print today's date above its banner as well).
    header_datelines = [i for i, ln in enumerate(header) if ln.kind == "dateline"]
    dateline_idx = header_datelines[-1] if header_datelines else None
    if dateline_idx is not None:
        seg.published_line = header[dateline_idx]
    cands = [i for i, ln in enumerate(header) if ln.kind == "body" and is_headline(ln.text)]
    title_idx = None
    if dateline_idx is not None:
        before = [i for i in cands if i < dateline_idx]
        if before:
            title_idx = before[-1]
        elif cands and cands[0] == dateline_idx + 1:
            title_idx = cands[0]  # dateline printed above the headline
    elif cands:
        # No dateline: the headline is the first header line, if it looks like one
        # and is followed by story text.
        first_body = next((i for i, ln in enumerate(header) if ln.kind == "body"), None)
        if first_body is not None and first_body == cands[0]:
            title_idx = cands[0]
    if title_idx is not None:
        header[title_idx].kind = "title"
        seg.title = header[title_idx].text
        _section_above(header, title_idx, seg)
    _drop_short_header_lines(header, title_idx)


def _section_above(header: list[Line], title_idx: int, seg: Segmented) -> None:
    """A short label alone on the line just above the title is the section
    (``Tin hoạt động``). A breadcrumb or a menu (items with separators) is
    site navigation, not the article's section."""
    for ln in reversed(header[:title_idx]):
        if ln.kind != "body":
            if ln.kind == "dateline":
                continue
            break
        text = ln.text
        if len(_words(text)) <= 6 and not _CRUMB_SEP.search(text) and not ends_sentence(text):
            ln.kind = "section"
            seg.section = text
        break


def _drop_short_header_lines(header: list[Line], title_idx: int | None) -> None:
    """Header lines that are not a sentence are chrome (menus, banners, however
    long), except a byline or caption under the title; a short opening
    sentence under the title is story text."""
    for i, ln in enumerate(header):
        if ln.kind != "body" or is_substantial(ln.text):
            continue
        below_title = title_idx is not None and i > title_idx
        if below_title and byline_text(ln.text):
            ln.kind = "byline"  # a byline printed under the headline
        elif below_title and is_caption_shape(ln.text):
            ln.kind = "caption"
        elif _NUMBERED.match(ln.text):
            continue  # the story's first numbered heading
        elif (
            below_title
            and ln.text.endswith(".")
            and len(_words(ln.text)) >= 5
            and _UPPER_START.match(ln.text)
        ):
            continue  # a short opening sentence is story text
        elif len(_words(ln.text)) <= 12 or not ends_sentence(ln.text):
            ln.kind = "boilerplate"


def _dateline_fields(lines: list[Line], seg: Segmented) -> None:
    """Publication date from the first dated dateline; a name printed on it is an author."""
    datelines = [ln for ln in lines if ln.kind == "dateline"]
    if seg.published_line is not None:
        datelines.insert(0, seg.published_line)
    for ln in datelines:
        parts = dateline_parts(ln.text)
        if parts and parts[0]:
            seg.published = parts[0]
            break


def _tail(lines: list[Line], last: int, seg: Segmented) -> None:
    """Bylines and footer after the last substantial paragraph."""
    tail = lines[last + 1 :] if last >= 0 else []
    found_name = False
    for ln in tail:
        if ln.kind != "body":
            continue
        author = byline_text(ln.text)
        if author is not None and not (found_name and is_caption_shape(ln.text)):
            ln.kind = "byline"
            found_name = True
            continue
        if found_name and is_org_byline(ln.text):
            ln.kind = "byline"
            continue
    # A unit alone on the very last line signs the article (``Văn phòng``, ``Phòng 7``).
    rest = [ln for ln in tail if ln.kind in ("body", "byline")]
    if rest and rest[-1].kind == "body" and not found_name:
        last_line = rest[-1]
        if is_org_byline(last_line.text) and len(_words(last_line.text)) <= 6:
            last_line.kind = "byline"
    # A byline at the very end of the last paragraph's line group is common;
    # anything after a byline that is short and not a sentence is footer chrome.
    seen_byline = False
    for ln in tail:
        if ln.kind == "byline":
            seen_byline = True
        elif (
            seen_byline
            and ln.kind == "body"
            and not is_substantial(ln.text)
            and (len(_words(ln.text)) <= 12 or not ends_sentence(ln.text))
        ):
            ln.kind = "boilerplate"


def _captions(lines: list[Line], first: int, last: int) -> None:
    """Photo captions inside (and just after) the story core."""
    prev_kind = None
    for i, ln in enumerate(lines):
        if ln.kind == "body":
            after_artefact = (
                i > 0 and lines[i - 1].kind == "boilerplate" and is_artefact(lines[i - 1].text)
            )
            n = len(_words(ln.text))
            # A credit (``Ảnh: ...``) marks a caption unless the line is a long story sentence.
            credited = has_credit(ln.text) and (
                n <= 40 or (n <= 60 and not is_substantial(strip_credit(ln.text)))
            )
            if (
                (after_artefact and n <= 60)
                or credited
                or (i > first and is_caption_shape(ln.text))
            ):
                ln.kind = "caption"
            elif (
                prev_kind == "caption"
                and not ln.gap_before
                and (_LOWER_START.match(ln.text) or ln.indented)
                and len(_words(ln.text)) <= 30
            ):
                ln.kind = "caption"  # the wrapped second line of a caption
        prev_kind = ln.kind


def _assemble(lines: list[Line], seg: Segmented) -> None:
    paragraphs: list[str] = []
    captions: list[str] = []
    prev: Line | None = None
    for ln in lines:
        if ln.kind == "dateline" and ln.extra:
            seg.authors.append(ln.extra)
        elif ln.kind == "byline":
            seg.authors.append(byline_text(ln.text) or ln.text)
        if ln.kind == "body":
            paragraphs.append(ln.text)
        elif ln.kind == "caption":
            text = strip_credit(ln.text)
            if prev is not None and prev.kind == "caption" and not ln.gap_before and captions:
                captions[-1] = f"{captions[-1]} {text}".strip()
            elif text:
                captions.append(text)
        elif ln.kind == "credit":
            ln.kind = "caption"
        prev = ln
    seg.paragraphs = dedupe_paragraphs(paragraphs, seg.title)
    seg.captions = [c for c in captions if c]


_ELLIPSIS = re.compile(r"(?:\.\.\.|…)\s*$")
_ELLIPSIS_ANY = re.compile(r"\.\.\.|…")
_LEADING_ELLIPSIS = re.compile(r"^\s*(?:\.\.\.|…)\s*")


class _Prefixes:
    """Which paragraphs start with a given string, without comparing against all of them.

    Paragraph keys are bucketed by their first :data:`_BUCKET` characters; a
    query of at least that length looks in one bucket only, so deduplicating
    a page of many thousands of paragraphs stays near-linear.
    """

    def __init__(self, keys: list[str]) -> None:
        self.keys = keys
        self.buckets: dict[str, list[int]] = {}
        for i, k in enumerate(keys):
            self.buckets.setdefault(k[:_BUCKET], []).append(i)

    def others_starting_with(self, prefix: str, exclude: int, longer: bool = False) -> bool:
        for j in self.buckets.get(prefix[:_BUCKET], ()):
            k = self.keys[j]
            if j != exclude and k.startswith(prefix) and (not longer or len(k) > len(prefix)):
                return True
        return False


_BUCKET = 40


def _dup_key(text: str) -> str:
    """Comparison key for text a page repeats: case and spacing only (a page
    repeats its own bytes, so no NFC or tone unification is needed)."""
    return " ".join(text.casefold().split())


def dedupe_paragraphs(paragraphs: list[str], title: str | None = None) -> list[str]:
    """Drop text a page shows twice.

    * a paragraph equal to an earlier one, or to the title;
    * a teaser cut with ``...`` (at either end) that repeats the opening of
      another paragraph;
    * the page's opening repeated after a ``...`` inside a paragraph (the
      paragraph is cut at the ellipsis).
    """
    paragraphs = list(paragraphs)
    keys = [_dup_key(p) for p in paragraphs]
    index = _Prefixes(keys)
    for i, p in enumerate(paragraphs):
        for m in _ELLIPSIS_ANY.finditer(p):
            rest = _dup_key(p[m.end() : m.end() + 400])
            if len(rest) >= _BUCKET and index.others_starting_with(rest[:80], i):
                paragraphs[i] = p[: m.end()].strip()
                keys[i] = _dup_key(paragraphs[i])
                break
    index = _Prefixes(keys)
    title_key = _dup_key(title) if title else None
    out: list[str] = []
    seen: set[str] = set()
    for i, (p, k) in enumerate(zip(paragraphs, keys, strict=True)):
        if not k or k in seen or (title_key and k == title_key):
            continue
        stem = _dup_key(_ELLIPSIS.sub("", _LEADING_ELLIPSIS.sub("", p)))
        if stem != k and len(stem) >= _BUCKET:
            if stem in seen or index.others_starting_with(stem, i, longer=True):
                continue
        seen.add(k)
        out.append(p)
    return out
