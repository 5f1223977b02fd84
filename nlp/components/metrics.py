"""Figures stated in an article: counts, fractions, rates, changes and money.

Procuracy reports pack their results into long sentences
(``đã tiến hành 9 cuộc thanh tra, kiểm tra; phân loại 3.275/3.283 đơn (đạt tỉ
lệ 99,8%)``). This component reads every figure in the title, body and
captions into a :class:`kiemsat.model.Metric`:

- a count or fraction is a number followed by the noun phrase it counts; the
  phrase runs up to the first clause break (``;``, ``(``, ``.``, the next
  figure, or a comma followed by a verb such as ``tăng``/``đạt``/``cần``);
- a rate (``đạt tỷ lệ 84,3%``) or change (``tăng 9 kiến nghị``,
  ``tăng 3,2%``) right after a figure belongs to that figure; standing alone
  (``tỷ lệ ... được chấp nhận đạt 79,5%``, ``tội phạm về ma túy tăng 12,6%``)
  it is a figure of its own whose subject is the phrase before the verb;
- money (``720 triệu đồng``) is valued in VND with subject ``đồng``.

Not figures: dates, years, times, document numbers, periods, durations and
ages (``02 ngày``, ``60 năm``), ranges, ordinal names (``Vụ 1``, ``Phòng
15``, ``Quân khu 3``) and numbers written as words.

The ``period`` of a figure is the reporting period its sentence states (the
last one before the figure: ``năm 2016: 1.112 vụ; năm 2020: 1.318 vụ``); a
sentence that states none inherits a period opening an earlier sentence of
its paragraph (``Sáu tháng đầu năm 2024, ...``), else the article's reporting
period (the first period introduced as one: ``Theo báo cáo, 6 tháng đầu năm
2023``, ``Trong 9 tháng năm 2023``) when it comes after it; directive
sentences (``yêu cầu các đơn vị ...``) inherit nothing. Everything is plain precompiled regular expressions with
bounded quantifiers over ``doc.text``: linear time, no model.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from spacy.language import Language
from spacy.tokens import Doc

from kiemsat.model import Metric
from nlp.components.documents import citation_spans
from nlp.dates import PeriodMatch, find_dates, find_periods, reporting_periods
from nlp.extensions import register_extensions
from nlp.numbers import NUMBER_PATTERN, SCALE_WORDS, decimals, parse_number

__all__ = ["MetricsComponent", "find_metrics", "make_metrics", "sentences"]

_NUM = NUMBER_PATTERN
# A figure: a number, optionally ``/total``, optionally ``%``. The look-arounds
# keep dates (``27/6/2023``), times (``8:19``), codes (``COVID-19``,
# ``03/CT-VKSTC``) and ranges (``10-20``) out.
_FIGURE = re.compile(
    rf"(?<![\w.,\-:])(?<!\d/)(?P<num>{_NUM})(?:/(?P<tot>{_NUM}))?"
    rf"(?:(?P<glued>đ|VNĐ|VND|vnđ)(?!\w)|(?![\w/]|[.,:]\d|[\-–]\d)(?P<pct>[ \u00a0]?%)?)"
)
_WORD = re.compile(r"[^\W\d_][\w\-/]{0,40}")
_SPACE = re.compile(r"[ \t\u00a0]{1,20}")
_LETTER_START = re.compile(r"[^\W\d_]")

# Words after a number that make it a duration, age, time or a date part.
_TIME_UNITS = frozenset(
    "ngày tháng năm giờ phút giây tuần quý tuổi thế kỷ kỳ buổi sáng chiều tối đêm h".split()
)
# Words that cannot start the counted noun phrase (ranges, dates, lists of numbers).
_NOT_NOUNS = frozenset(
    "và hoặc đến tới trên dưới so với là của thì mà nhưng tại ở từ trong đã đang sẽ được có không "
    "cũng vẫn phải cần này đó nêu cho về khi sau trước".split()
)
# Word(s) just before a number that make it a name or an ordinal, not a count
# (``Vụ 1``, ``năm 2023``, ``số 08`` but not ``tổng số 48``).
_NAME_BEFORE = re.compile(
    r"(?<!\w)(?:(?<!tổng )số|thứ|vụ|phòng|cục|khu vực|quân khu|điều|khoản|chương|mục|phần|quận|phường|"
    r"xã|khóa|khoá|kỳ họp|tầng|cấp cao|đợt|tổ|đội|tòa|phiên|năm|tháng|ngày|quý|giai đoạn|"
    r"nhiệm kỳ|lần|hạng|bậc|cấp|loại|nhóm|khu|đường|lô|ấp|thôn|bản|khối|căn|phụ lục|biểu|"
    r"mẫu|bảng|hình|trang|câu|bước|giải|top|covid|sinh|tuổi|gấp|ảnh|"
    r"lộ|ngõ|ngách|hẻm|kiệt|km|cột|lớp|chuyến|khu phố|tổ dân phố|căn hộ|biển số|tờ bản đồ|thửa)[ \t\u00a0]{0,3}$",
    re.IGNORECASE,
)
# A capitalised word before a number names something (``Quân khu 1``, ``Đại hội XIII``).
_CAPITAL_BEFORE = re.compile(r"(?<!\w)[^\W\d_]{1,20}[ \t\u00a0]{1,3}$")
# Plural places or units after such a number: a count, not a name (``Quân khu 7``).
_PLACES_AFTER = re.compile(
    r"[ \t]{1,3}(?:tỉnh,[ \t]{0,3}thành|tỉnh[ \t]và[ \t]thành|huyện,[ \t]{0,3}(?:thị|thành|quận)|"
    r"quận,[ \t]{0,3}huyện|xã,[ \t]{0,3}(?:phường|thị)|đơn[ \t]vị)(?!\w)"
)
_CHANGE_BEFORE = re.compile(
    r"(?<!\w)(?P<verb>tăng|giảm)(?:[ \t]{1,3}(?:thêm|hơn|gần|trên|khoảng|là))?[ \t]{1,3}$",
    re.IGNORECASE,
)
_RATE_BEFORE = re.compile(
    r"(?<!\w)(?:(?:đạt|chiếm|bằng|là)(?:[ \t]{1,3}(?:tỷ|tỉ)[ \t]lệ)?|(?:tỷ|tỉ)[ \t]lệ(?:[ \t]{1,3}(?:là|đạt))?)"
    r"(?:[ \t]{1,3}(?:gần|trên|hơn|khoảng|xấp xỉ))?[ \t]{1,3}$",
    re.IGNORECASE,
)
_MONEY_UNITS = frozenset({"đồng", "đ", "vnđ", "vnd"})
# Parts of a legal text after a list of numbers (``khoản 1, 2 Điều 5``): not counted things
# (``điểm``/``mục`` are left out: ``điểm cầu``, ``mục tiêu`` are counted).
_LEGAL_PARTS = frozenset({"điều", "khoản", "chương"})
# ``đồng`` starting these words is not the currency (``01 đồng chí``).
_NOT_MONEY_AFTER_DONG = re.compile(
    r"[ \t]{1,3}(?:chí|bào|đội|nghiệp|thời|ý|hồ|chủ|hương|phạm|minh|tình|loạt|bộ|cảm|lòng|đều)(?!\w)",
    re.IGNORECASE,
)

# Stops inside a subject phrase (case-insensitive, at a word boundary).
_SUBJECT_STOP = re.compile(
    r"[;:()\[\]\"“”!?…=]|\.(?=\s|$)|[ \t]-[ \t]|[ \t]–[ \t]|/(?=\d)"
    r"|(?<=[ \t])(?:gồm|bao gồm|trong đó|tăng|giảm|đạt|so với|và được|theo|chiếm|với tổng|"
    r"tương ứng|tương đương với|trị giá|thuộc diện|"
    # a predicate or a prepositional tail after the noun phrase: ``học viên là
    # Kiểm sát viên``, ``bản án xác định ...``, ``bản án khác không áp dụng``,
    # ``bị can trong vụ án ...``, ``đơn vị trên địa bàn tỉnh``, ``tin báo đã được ...``
    r"là|đã|đang|sẽ|xác định|cho thấy|khẳng định|(?<!do )(?<!vì )(?<!là )(?<!hoặc )không|dù|mặc dù|"
    r"trong[ \t](?:vụ[ \t]án|vụ|các[ \t]vụ|đường[ \t]dây)|trên[ \t]địa[ \t]bàn|"
    # a scope adverbial: ``điểm cầu trong cả nước``, ``trên toàn tỉnh``
    r"(?:trong|trên)[ \t](?:cả[ \t]nước|toàn[ \t](?:quốc|tỉnh|thành[ \t]phố|ngành|huyện)))(?![\w])",
    re.IGNORECASE,
)
# After a comma, these first words end the subject (a new clause starts).
_COMMA_STOP = re.compile(
    r",[ \t]{0,3}(?:tăng|giảm|đạt|chiếm|trong đó|trong|cần|phải|gồm|bao gồm|nhiều|đáp ứng|bảo đảm|"
    r"đảm bảo|góp phần|vượt|so với|với|theo|được|đã|để|nhằm|thì|là|tổng số|tổng cộng|còn|tại|"
    r"qua|cụ thể|riêng|không|chưa|đồng thời|kịp thời|nhưng|song|tuy nhiên|do|vì|sau|trước|khi|từ|"
    r"đến|xảy ra|sẽ|đang|vừa|mới|hiện|làm|gây|chủ yếu|trung bình|bình quân|số|lũy kế|luỹ kế|"
    r"đề nghị|yêu cầu|kiến nghị với|như|nay|hiện nay|qua đó|từ đó|nên|vì vậy|do đó|ngoài ra|"
    r"tỷ lệ|tỉ lệ|phục vụ|tạo|giúp|thể hiện|khẳng định|nâng cao|hoàn thành|thực hiện|triển khai|tiến hành|"
    r"phối hợp|giải quyết|xử lý|truy tố|xét xử|đưa ra|trả hồ sơ|tham gia|tham mưu|chỉ đạo|"
    r"phát hiện|áp dụng|ban hành|tổ chức|kiểm sát|thụ lý|khởi tố|ra quyết định|chấp nhận|đúng|"
    r"[\d])",
    re.IGNORECASE,
)
_NEXT_FIGURE = re.compile(r"(?<=[ \t])\d")
# ``Số X là N ...`` / ``Tổng số X là N ...`` opening a clause.
_NAMED_BEFORE = re.compile(
    r"(?:^|[,;:][ \t]{0,3})(?:[Tt]ổng[ \t])?[Ss]ố[ \t]{1,3}(?P<what>[^\W\d_][^,;:()\d]{2,100}?)"
    r"[ \t]{1,3}là[ \t]{1,3}$"
)
# A comma opening a new clause with a named subject of its own: ``hồ sơ, Đoàn
# công tác đánh giá ...``, ``gói thầu, bị can Hùng đã ký ...`` (the subject must
# hold a capitalised word: ``tin báo, tố giác tội phạm đã ...`` is one list).
_COMMA_CLAUSE = re.compile(
    r",[ \t]{0,3}(?P<who>(?:[^\W\d_]{1,12}[ \t]{1,3}){1,4})(?:đã|đang|sẽ|đánh[ \t]giá|cho[ \t]biết|"
    r"ghi[ \t]nhận|nhận[ \t]thấy|kết[ \t]luận|chỉ[ \t]ra)(?!\w)"
)
_PASSIVE = re.compile(r"(?<=[ \t])(?:được|bị)[ \t]{1,3}(?=[^\W\d_])")
_LOCATIVE_BEFORE = re.compile(r"(?<!\w)(?:tại|ở)[ \t]{1,3}(?:các[ \t]{1,3})?$", re.IGNORECASE)
_LOCATIVE_STOP = re.compile(r"(?<=[ \t])có(?![\w])")
_TRAILING = re.compile(r"(?:[\s,;]|(?<!\w)(?:và|hoặc|với|cùng|của|các)(?!\w))+$", re.IGNORECASE)
_LEADING = re.compile(
    r"^(?:[\s,;:]|(?:trong đó|riêng|còn|và|cùng với|đối với|với|các|những)(?!\w))+", re.IGNORECASE
)
_BACK_BREAK = re.compile(
    r"[;:()\[\]=]|(?<!\w)(?:trong đó|riêng|đáng chú ý|ngoài ra|bên cạnh đó|theo đó|cụ thể|đặc biệt|"
    r"nhìn chung|tuy nhiên|trong khi|còn|như|phấn đấu|yêu cầu|đề nghị)(?!\w),?",
    re.IGNORECASE,
)

# Sentence ends: . ! ? … then space and an upper-case letter, digit or quote.
_SENT_END = re.compile(r"(?:[.!?…]{1,3})(?=[ \t]{1,5}[\"“(]?(?P<next>\w))|\n")
_ABBREV_DOT = re.compile(r"(?:^|[\s(])(?:TP|Tp|tp|TS|ThS|Th\.S|GS|PGS|BS|Đ/c|đ/c|St|Mr|Mrs|Ms|No)$")

# What introduces the article's reporting period: ``Theo báo cáo, ...``,
# ``Báo cáo kết quả công tác 9 tháng ...``, ``Hội nghị sơ kết công tác 6 tháng
# đầu năm 2024`` (in the title too), or a sentence opening ``Trong 6 tháng ...``.
_PERIOD_CUE = re.compile(
    r"(?:báo cáo[^.;]{0,25}|(?:sơ|tổng)[ \t]kết(?:[ \t]{1,3}công[ \t]tác)?(?:[ \t]{1,3}[^\W\d]{1,12}){0,4}[ \t]{1,3})$",
    re.IGNORECASE,
)
_PERIOD_OPENING = re.compile(
    r"^[\W]{0,3}(?:trong|qua|lũy kế|luỹ kế|tính chung|kết quả)(?:[ \t]{1,3}(?:thời gian|cả))?[ \t]{1,3}$",
    re.IGNORECASE,
)
_DIRECTIVE = re.compile(
    r"(?<!đáp ứng )(?<!theo )(?<!\w)(?:yêu cầu|đề nghị)[ \t]{1,3}"
    r"(?:các|toàn|đơn vị|cán bộ|VKS|Viện|lãnh đạo|mỗi|từng|đồng chí|Thanh tra|Phòng|ngành)",
    re.IGNORECASE,
)
# Sentences about the meeting itself, awards, a visiting team's own work or the
# present state of a unit: their counts (``13 điểm cầu``, ``5 tập thể được tặng
# Bằng khen``, ``Đoàn thanh tra đã kiểm tra 40 hồ sơ``, ``Hiện toàn ngành có 487
# cán bộ``) are not the statistics of the reported period, so they inherit no
# period from the paragraph or the article.
_NO_INHERIT = re.compile(
    r"(?<!\w)(?:(?:[Cc]ùng|[Tt]ham)[ \t]dự|[Dd]ự[ \t](?:và[ \t]chỉ[ \t]đạo|[Hh]ội[ \t]nghị|buổi|lễ|lớp)|"
    r"chủ[ \t]trì|điểm[ \t]cầu|kết[ \t]nối[ \t]trực[ \t]tuyến|"
    r"Bằng[ \t]khen|Giấy[ \t]khen|[Dd]anh[ \t]hiệu|[Kk]hen[ \t]thưởng|[Hh]uân[ \t]chương|[Cc]ờ[ \t]thi[ \t]đua|"
    r"được[ \t]tặng|[Đđ]oàn[ \t](?:thanh[ \t]tra|kiểm[ \t]tra|công[ \t]tác|giám[ \t]sát))(?!\w)"
    r"|(?:^|(?<=[,;:]))[ \t]{0,3}[Hh]iện(?=[ \t])"
)
# A period set off by commas as a fronted adverbial: ``Báo cáo cho biết, 6 tháng
# đầu năm 2024, ...``, ``Theo số liệu thống kê ..., từ năm 2020 đến năm 2022, ...``.
# Only after a cue that a report is being quoted (``cho biết``, ``số liệu``,
# ``Kết luận thanh tra nêu rõ``): in a case narrative (``Cáo trạng xác định,
# năm 2020, ...``) the year dates events, it does not open a report.
_FRONTED_BEFORE = re.compile(r"[,:][ \t]{0,3}$")
_REPORT_CUE = re.compile(
    r"(?i)báo[ \t]cáo|cho[ \t]biết|số[ \t]liệu|thống[ \t]kê|nêu[ \t]rõ|kết[ \t]quả|[st][ơổ][ \t]kết"
)
_FRONTED_AFTER = re.compile(r"[ \t]{0,3},")
_DIGIT = re.compile(r"\d")
_TARGET_BEFORE = re.compile(
    r"(?<!\w)(?:vượt(?:[ \t]{1,3}chỉ[ \t]tiêu)?|không[ \t]quá|tối[ \t]đa|tối[ \t]thiểu|ít[ \t]nhất|chỉ[ \t]tiêu)"
    r"(?:[ \t]{1,3}(?:là|đề ra|giao))?[ \t]{1,3}$",
    re.IGNORECASE,
)
_MONEY_CONTEXT = re.compile(
    r"(?i)tiền|thiệt hại|chiếm đoạt|trị giá|giá trị|đồng|thu hồi|ngân sách|khắc phục|bồi thường|nộp"
)
_YEAR_LIKE = re.compile(r"(?:19|20)\d{2}")
_DAY_MONTH_BEFORE = re.compile(
    r"(?<!\w)(?:sáng|chiều|tối|trưa|đêm|hôm|ngày|từ|đến|và|rạng sáng)[ \t]{1,3}$|[-–][ \t]{0,2}$",
    re.IGNORECASE,
)
_PERIOD_WORD = re.compile(r"(?i)năm|quý|tháng")
_MAX_SUBJECT_WORDS = 32
_MAX_SAME = 50  # figures with one value compared for de-duplication (bounds pathological input)
_MAX_BACK_WORDS = 15


@dataclass
class _Figure:
    metric: Metric
    num_start: int  # in the sentence
    subject_end: int  # where the counted phrase ended (attachments follow)
    # an absolute change just attached (``tăng 15 vụ``): its owner, sign and end, so a
    # percentage right after it (``(4,5%)``) becomes the owner's change_percent
    change_owner: _Figure | None = None
    change_sign: int = 1
    change_end: int = -1
    # a bare relative change (``tăng 5,7% về số vụ``): its sign, so a percentage
    # listed right after it (``, 21,5% về số bị can``) is one more such change
    pct_sign: int = 0
    # the first of a ``N vụ/M bị can`` pair, on the second figure of the pair
    pair_first: _Figure | None = None


def sentences(text: str, start: int = 0, end: int | None = None) -> Iterator[tuple[int, int]]:
    """Sentence spans inside ``text[start:end]`` (newlines always end a sentence)."""
    end = len(text) if end is None else end
    begin = start
    for match in _SENT_END.finditer(text, start, end):
        if match.group(0) != "\n":
            following = match["next"]
            if not (following.isupper() or following.isdigit()):
                continue
            if match.group(0) == "." and _ABBREV_DOT.search(
                text, max(begin, match.start() - 6), match.start()
            ):
                continue
        stop = match.end() if match.group(0) != "\n" else match.start()
        if text[begin:stop].strip():
            yield _strip_span(text, begin, stop)
        begin = match.end()
    if text[begin:end].strip():
        yield _strip_span(text, begin, end)


def _strip_span(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def _word_after(s: str, pos: int) -> tuple[str, int, int]:
    """The word starting at ``pos`` after optional spaces: (word, start, end) or ("", pos, pos)."""
    space = _SPACE.match(s, pos)
    at = space.end() if space else pos
    word = _WORD.match(s, at)
    if not word:
        return "", at, at
    return word.group(0), word.start(), word.end()


def _is_name_number(s: str, start: int) -> bool:
    """A number right after a name-taking word (``Vụ 1``, ``năm 2023``, ``số 08``, ``Quân khu 3``)."""
    before = s[max(0, start - 24) : start]
    if _NAME_BEFORE.search(before):
        return True
    capital = _CAPITAL_BEFORE.search(before)
    if not capital or not capital.group(0)[0].isupper():
        return False
    # ... unless the capitalised word opens the sentence (``Hơn 300 vụ``, ``Có 5 đơn vị``)
    if not s[: start - len(capital.group(0))].strip():
        return False
    # ... or the number counts places or units inside a name: ``VKSND 23 tỉnh, thành phố``
    figure = _FIGURE.match(s, start)
    return not (figure and _PLACES_AFTER.match(s, figure.end()))


def _is_time_number(s: str, start: int) -> bool:
    """A number followed by a time unit (``6 tháng đầu năm``): a period or duration."""
    figure = _FIGURE.match(s, start)
    if not figure:
        return False
    word = _word_after(s, figure.end())[0].lower()
    return word in _TIME_UNITS


def _forward_subject(s: str, pos: int, locative: bool) -> tuple[str, int]:
    """The noun phrase starting at ``pos`` up to the first clause break: (phrase, end)."""
    limit = min(len(s), pos + 400)
    end = limit
    for pattern in (_SUBJECT_STOP, _COMMA_STOP):
        match = pattern.search(s, pos, end)
        if match:
            end = match.start()
    for match in _NEXT_FIGURE.finditer(s, pos, end):
        # the next figure or period starts a new item; a name number (``năm 2023``) does not
        if not _is_name_number(s, match.start()) or _is_time_number(s, match.start()):
            end = match.start()
            break
    for match in _COMMA_CLAUSE.finditer(s, pos, min(limit, end + 16)):
        if match.start() >= end:
            break
        if any(c.isupper() for c in match["who"]):
            end = match.start()
            break
    for match in _PASSIVE.finditer(s, pos, end):
        # ``cá nhân được Viện trưởng ... tặng Bằng khen``: a passive with its agent
        # is a clause of its own (``cá nhân được đề nghị khen thưởng`` is not)
        if s[match.end()].isupper():
            end = match.start()
            break
    if locative:
        match = _LOCATIVE_STOP.search(s, pos, end)
        if match:
            end = match.start()
    phrase = _TRAILING.sub("", s[pos:end]).strip()
    words = phrase.split()
    if len(words) > _MAX_SUBJECT_WORDS:
        phrase = " ".join(words[:_MAX_SUBJECT_WORDS])
    return phrase, end


def _backward_subject(s: str, floor: int, verb_start: int) -> str:
    """The phrase before a bare rate/change verb, back to the clause start."""
    window = s[floor:verb_start]
    cut = 0
    for match in _BACK_BREAK.finditer(window):
        cut = match.end()
    phrase = _LEADING.sub("", window[cut:]).strip()
    phrase = _TRAILING.sub("", phrase).strip()
    words = phrase.split()
    if len(words) > _MAX_BACK_WORDS:
        last_comma = phrase.rfind(",")
        phrase = (
            phrase[last_comma + 1 :].strip()
            if last_comma >= 0
            else " ".join(words[-_MAX_BACK_WORDS:])
        )
    return _LEADING.sub("", phrase).strip()


def _consistent(
    value: float, total: float | None, percent: float | None, pct_text: str | None
) -> bool | None:
    if total in (None, 0) or percent is None or pct_text is None:
        return None
    computed = value / total * 100
    return abs(computed - percent) <= 0.5 * 10 ** (-decimals(pct_text)) + 1e-9


def _money_value(s: str, value: float, after: int) -> tuple[float, int] | None:
    """``720 triệu đồng`` / ``2 tỷ 300 triệu đồng`` / ``500.000 đồng``: (VND, end) or None."""
    total = 0.0
    current = value
    pos = after
    for _ in range(4):
        word, _ws, we = _word_after(s, pos)
        lower = word.lower()
        if lower in SCALE_WORDS:
            total += current * SCALE_WORDS[lower]
            current = 0.0
            pos = we
            nxt = _FIGURE.match(s, _SPACE.match(s, pos).end() if _SPACE.match(s, pos) else pos)
            if nxt and not nxt["tot"] and not nxt["pct"]:
                scale_word, _a, _b = _word_after(s, nxt.end())
                if scale_word.lower() in SCALE_WORDS or scale_word.lower() in _MONEY_UNITS:
                    current = float(parse_number(nxt["num"]) or 0)
                    pos = nxt.end()
                    continue
            continue
        if lower in _MONEY_UNITS:
            if lower == "đồng" and _NOT_MONEY_AFTER_DONG.match(s, we):
                return None
            return total + current, we
        return None
    return None


def _as_number(value: float) -> int | float:
    return int(value) if float(value).is_integer() else round(value, 6)


class _Spans:
    """Merged character spans with a logarithmic membership test."""

    def __init__(self, spans: list[tuple[int, int]]) -> None:
        merged: list[list[int]] = []
        for start, end in sorted(spans):
            if merged and start <= merged[-1][1]:
                merged[-1][1] = max(merged[-1][1], end)
            else:
                merged.append([start, end])
        self.starts = [m[0] for m in merged]
        self.ends = [m[1] for m in merged]

    def __contains__(self, pos: int) -> bool:
        i = bisect.bisect_right(self.starts, pos) - 1
        return i >= 0 and pos < self.ends[i]


@dataclass
class _Candidate:
    """One number found by :data:`_FIGURE`, read, with its context."""

    match: re.Match[str]
    value: int | float
    total: int | float | None
    start: int
    after: int
    before: str  # up to 40 characters before the number

    @property
    def num_text(self) -> str:
        return self.match["num"]

    @property
    def is_fraction(self) -> bool:
        return self.match["tot"] is not None


class _SentenceReader:
    """Reads the figures of one sentence left to right.

    A figure may attach to the one before it (a rate, a change), so the reader
    keeps the figures found so far; ``consumed`` skips the numbers inside a
    money phrase already read (``2 tỷ 300 triệu đồng``).
    """

    def __init__(self, s: str, periods: list[PeriodMatch]) -> None:
        self.s = s
        self.figures: list[_Figure] = []
        self.consumed = 0
        self.taken = _Spans(
            [(p.start, p.end) for p in periods]
            + [(d.start, d.end) for d in find_dates(s)]
            + citation_spans(s)
        )

    def read(self) -> list[_Figure]:
        for match in _FIGURE.finditer(self.s):
            if match.start() < self.consumed or match.start() in self.taken:
                continue
            value = parse_number(match["num"])
            total = parse_number(match["tot"]) if match["tot"] else None
            if value is None or (match["tot"] and total is None):
                continue
            start = match.start()
            cand = _Candidate(
                match, value, total, start, match.end(), self.s[max(0, start - 40) : start]
            )
            change = _CHANGE_BEFORE.search(cand.before)
            if change:
                self._change(cand, change)
            elif match["pct"]:
                self._rate(cand)
            else:
                self._count(cand)
        return self.figures

    @property
    def prev(self) -> _Figure | None:
        return self.figures[-1] if self.figures else None

    def _adjacent(self, end: int, at: int, extra: str = "") -> bool:
        """Nothing but spaces, commas and brackets between ``end`` and ``at``."""
        return not self.s[end:at].strip(" ,(\t" + extra)

    def _change(self, cand: _Candidate, change: re.Match[str]) -> None:
        """``tăng/giảm N X`` or ``tăng/giảm N%``: the figure before's change, or a figure of its own."""
        s, prev = self.s, self.prev
        sign = -1 if change["verb"].lower() == "giảm" else 1
        verb_at = cand.start - len(cand.before) + change.start()
        attachable = prev is not None and self._adjacent(prev.subject_end, verb_at)
        if cand.match["pct"]:
            if attachable and prev.metric.change_percent is None:
                prev.metric.change_percent = sign * cand.value
                return
            floor = prev.subject_end if prev else 0
            subject = (
                _backward_subject(s, floor, verb_at) or _forward_subject(s, cand.after, False)[0]
            )
            if subject:
                metric = Metric(value=cand.value, change_percent=sign * cand.value, subject=subject)
                self.figures.append(
                    _Figure(metric, cand.start, _clause_end(s, cand.after), pct_sign=sign)
                )
            return
        # an absolute change: ``(tăng 9 kiến nghị)`` belongs to the figure before
        if cand.is_fraction or _word_after(s, cand.after)[0].lower() in _TIME_UNITS:
            return
        subject, subject_end = _forward_subject(s, cand.after, False)
        # right after a figure, or further on but counting a noun an earlier
        # figure counts (``truy tố 26 vụ ...; giảm 11 vụ so với cùng kỳ``)
        owner = _change_owner(self.figures, subject, strict=not attachable) if prev else None
        if owner is not None:
            owner.metric.change = sign * cand.value
            prev.change_owner, prev.change_sign, prev.change_end = owner, sign, subject_end
            prev.subject_end = max(prev.subject_end, _close_paren(s, subject_end))
        elif subject:
            metric = Metric(value=cand.value, change=sign * cand.value, subject=subject)
            self.figures.append(_Figure(metric, cand.start, subject_end))

    def _rate(self, cand: _Candidate) -> None:
        """``N%``: the percent of the figure before, a change's percentage, or a rate of its own."""
        s, prev, value = self.s, self.prev, cand.value
        if _TARGET_BEFORE.search(cand.before):
            return  # ``(vượt 8,94%)``, ``chỉ tiêu không quá 5%``: a target, not a result
        rate = _RATE_BEFORE.search(cand.before)
        verb_at = cand.start - len(cand.before) + rate.start() if rate else cand.start
        if (
            prev is not None
            and prev.change_owner is not None
            and not rate
            and prev.change_owner.metric.change_percent is None
            and self._adjacent(prev.change_end, cand.start)
        ):
            # ``tăng 15 vụ (7,5%)``
            prev.change_owner.metric.change_percent = prev.change_sign * value
            prev.subject_end = max(prev.subject_end, _close_paren(s, cand.after))
            return
        attachable = prev is not None and self._adjacent(prev.subject_end, verb_at, "=")
        if attachable and prev.pct_sign and not rate and not cand.is_fraction:
            # ``tăng 5,7% về số vụ, 21,5% về số bị can``
            metric = Metric(
                value=value, change_percent=prev.pct_sign * value, subject=prev.metric.subject
            )
            self.figures.append(
                _Figure(metric, cand.start, _clause_end(s, cand.after), pct_sign=prev.pct_sign)
            )
            return
        if attachable and prev.pair_first is not None and prev.pair_first.metric.percent is None:
            # ``412 vụ/598 bị can, chiếm 38% tổng số vụ án``: the rate is the first
            # count's unless what follows it names the second's noun
            head = " ".join(prev.metric.subject.lower().split()[:2])
            if head not in s[cand.after : _clause_end(s, cand.after)].lower():
                first = prev.pair_first.metric
                first.percent = value
                first.consistent = _consistent(first.value, first.total, value, cand.num_text)
                prev.subject_end = _close_paren(s, cand.after)
                return
        if attachable and prev.metric.percent is None:
            prev.metric.percent = value
            prev.metric.consistent = _consistent(
                prev.metric.value, prev.metric.total, value, cand.num_text
            )
            prev.subject_end = _close_paren(s, cand.after)
            return
        if cand.is_fraction:
            return
        floor = prev.subject_end if prev else 0
        subject = _backward_subject(s, floor, verb_at) if rate else ""
        subject_end = cand.after
        if not subject:
            subject, subject_end = _forward_subject(s, cand.after, False)
            subject = re.sub(r"^(?:số|của)\s+", "", subject)
        if not subject:
            # elliptical ``án hành chính 86,66%``: the phrase before the figure
            subject = _backward_subject(s, floor, cand.start)
        if subject:
            metric = Metric(value=value, percent=value, subject=subject)
            self.figures.append(_Figure(metric, cand.start, subject_end))

    def _count(self, cand: _Candidate) -> None:
        """``N X`` / ``a/b X`` / money: a figure counting the noun phrase after it."""
        s, prev, value, start = self.s, self.prev, cand.value, cand.start
        if cand.match["glued"] and not cand.is_fraction:
            self.figures.append(_Figure(Metric(value=value, subject="đồng"), start, cand.after))
            return  # ``500.000đ``
        if _is_name_number(s, start) or _YEAR_LIKE.fullmatch(cand.num_text):
            return  # ``Vụ 1``; a bare ``2015`` is a year (counts that large are written ``2.015``)
        if (
            cand.is_fraction
            and value <= 31
            and cand.total <= 12
            and _DAY_MONTH_BEFORE.search(cand.before)
        ):
            return  # ``sáng 5/3``: a day and month
        word, word_start, word_end = _word_after(s, cand.after)
        if not word or word_start == cand.after:
            return  # ``12)``, ``3.`` or a number glued to something
        lower = word.lower()
        if lower in _TIME_UNITS or lower in _NOT_NOUNS or lower in _LEGAL_PARTS:
            return
        if not cand.is_fraction and (lower in SCALE_WORDS or lower in _MONEY_UNITS):
            money = _money_value(s, float(value), cand.after)
            if money is not None:
                amount, money_end = money
                self.figures.append(
                    _Figure(Metric(value=_as_number(amount), subject="đồng"), start, money_end)
                )
                self.consumed = money_end
                return
            if lower in SCALE_WORDS:
                value = _as_number(float(value) * SCALE_WORDS[lower])
                after = word_end
                word, word_start, _end = _word_after(s, after)
                if not word or word_start == after:
                    if _MONEY_CONTEXT.search(s):
                        # ``thiệt hại hơn 1,5 tỷ.``: an amount of money without ``đồng``
                        self.figures.append(
                            _Figure(Metric(value=value, subject="đồng"), start, after)
                        )
                    return
        locative = bool(_LOCATIVE_BEFORE.search(cand.before))
        subject, subject_end = _forward_subject(s, word_start, locative)
        if not subject or not _LETTER_START.match(subject):
            return
        named = _NAMED_BEFORE.search(s, max(0, start - 120), start)
        if named:
            # ``Số người bị tạm giữ sau đó bị khởi tố là 1.702/1.846 người``: the
            # phrase after ``Số`` says what is counted, the noun after the number is its unit
            subject = named["what"]
        if (
            prev is not None
            and prev.change_owner is not None
            and not cand.is_fraction
            and not s[prev.change_end : start].strip(" ,\t")
        ):
            # ``(giảm 79 vụ, 208 bị can)``: the list of changes goes on
            owner = _change_owner(self.figures, subject, strict=True)
            if owner is not None:
                owner.metric.change = prev.change_sign * value
                prev.change_end = subject_end
                prev.subject_end = max(prev.subject_end, _close_paren(s, subject_end))
                return
        metric = Metric(value=value, total=cand.total, subject=subject)
        figure = _Figure(metric, start, subject_end)
        if prev is not None and start > 0 and s[start - 1] == "/" and prev.subject_end == start - 1:
            figure.pair_first = prev  # ``58 vụ/97 bị can``: two counts, written as one
        self.figures.append(figure)


def _sentence_metrics(s: str, periods: list[PeriodMatch] | None = None) -> list[_Figure]:
    """Every figure of one sentence, with rates and changes attached where they belong."""
    return _SentenceReader(s, find_periods(s) if periods is None else periods).read()


def _same_head(a: str, b: str) -> bool:
    """Whether two subjects start with the same noun (first two syllables at most)."""
    wa, wb = a.lower().split(), b.lower().split()
    n = min(2, len(wa), len(wb))
    return n > 0 and wa[:n] == wb[:n]


def _change_owner(figures: list[_Figure], subject: str, strict: bool = False) -> _Figure | None:
    """The figure a ``tăng/giảm N X`` right after a run of figures belongs to.

    ``khởi tố 120 vụ/210 bị can, giảm 5 vụ``: the one counting the same noun,
    else (unless ``strict``) the figure just before.
    """
    for figure in reversed(figures):
        if figure.metric.change is None and _same_head(figure.metric.subject, subject):
            return figure
    if strict or not figures:
        return None
    last = figures[-1]
    return last if last.metric.change is None else None


_CLAUSE_END = re.compile(r"[,;.()\n]")


def _clause_end(s: str, pos: int) -> int:
    """Where the clause that ``pos`` is in ends (the next ``, ; . ( )``), at most 80 characters on."""
    match = _CLAUSE_END.search(s, pos, min(len(s), pos + 80))
    return match.start() if match else pos


def _close_paren(s: str, pos: int) -> int:
    """Past a closing bracket that ends an attachment: ``(đạt tỉ lệ 99,8%)``."""
    rest = s[pos : pos + 40]
    idx = rest.find(")")
    if idx >= 0 and "(" not in rest[:idx]:
        return pos + idx + 1
    return pos


def _article_period(text: str, spans: Iterable[tuple[int, int]]) -> tuple[str, int] | None:
    """The article's reporting period: the first period introduced as one, with its position."""
    for start, end in spans:
        sent = text[start:end]
        for period in find_periods(sent):
            before = sent[max(0, period.start - 40) : period.start]
            if _PERIOD_CUE.search(before) or _PERIOD_OPENING.match(sent[: period.start]):
                return period.text, start + period.start
    return None


def _period_at(sent: str, periods: list, at: int) -> str | None:
    """The last period before offset ``at`` (``năm 2016: 1.112 vụ``), else the first one after.

    A period after the figure counts only inside its clause: in ``Hiện có 487 cán
    bộ; trong năm 2023 đã cử 24 công chức ...`` the year is not the 487's.
    """
    if not periods:
        return None
    before = [p for p in periods if p.start < at]
    if before:
        return before[-1].text
    if ";" in sent[at : periods[0].start]:
        return None
    return periods[0].text


def _opening_period(sent: str, periods: list[PeriodMatch]) -> str | None:
    """A period the sentence opens with (``Sáu tháng đầu năm 2024, ...``, ``Trong năm 2023, ...``).

    ``periods`` are the sentence's reporting periods.
    """
    if not periods:
        return None
    first = periods[0]
    if first.start == 0 or _PERIOD_OPENING.match(sent[: first.start]):
        return first.text
    if (
        _FRONTED_BEFORE.search(sent, 0, first.start)
        and _FRONTED_AFTER.match(sent, first.end)
        and _REPORT_CUE.search(sent, 0, first.start)
    ):
        return first.text
    return None


def _syllables(text: str) -> set[str]:
    return {w.strip(".,;:()\"'“”").lower() for w in text.split()} - {""}


def _same_statement(a: Metric, b: Metric) -> bool:
    if a.value != b.value or a.total != b.total:
        return False
    sa, sb = _syllables(a.subject), _syllables(b.subject)
    if not sa or not sb:
        return sa == sb
    # the same head noun too: ``12 điểm cầu VKSND khu vực`` and ``12 VKSND khu vực``
    # share most syllables but count different things
    return (
        (len(sa & sb) / max(len(sa), len(sb)) >= 0.5 and _same_head(a.subject, b.subject))
        or a.subject.lower().startswith(b.subject.lower())
        or (b.subject.lower().startswith(a.subject.lower()))
    )


def find_metrics(text: str, zones: list[tuple[int, int, str]] | None = None) -> list[Metric]:
    """Every figure in ``text``; ``zones`` are ``(start, end, kind)`` (title/body/caption)."""
    if not zones:
        zones = [(0, len(text), "body")]
    lead_spans = [
        span for z in zones if z[2] in ("title", "body") for span in sentences(text, z[0], z[1])
    ]
    article = _article_period(text, lead_spans)
    out: list[Metric] = []
    seen: dict[tuple, list[Metric]] = {}  # (value, total) -> metrics, for de-duplication
    for z_start, z_end, kind in zones:
        paragraph_start, paragraph_period = -1, None
        for start, end in sentences(text, z_start, z_end):
            sent = text[start:end]
            here = text.rfind("\n", z_start, start) + 1
            if here != paragraph_start:
                paragraph_start, paragraph_period = here, None
            has_digit = _DIGIT.search(sent) is not None
            found = find_periods(sent) if has_digit or _PERIOD_WORD.search(sent) else []
            periods = reporting_periods(sent, found)
            opening = _opening_period(sent, periods)
            if not has_digit:
                paragraph_period = paragraph_period or opening
                continue
            figures = _sentence_metrics(sent, found)
            inherited = None
            if kind == "body" and not _DIRECTIVE.search(sent) and not _NO_INHERIT.search(sent):
                inherited = paragraph_period
                if inherited is None and article and article[1] < start:
                    inherited = article[0]
            paragraph_period = paragraph_period or opening
            for figure in figures:
                metric = figure.metric
                metric.period = _period_at(sent, periods, figure.num_start) or inherited
                metric.sentence = sent
                if metric.value == metric.percent and metric.total is None:
                    metric.consistent = None
                same = seen.setdefault((metric.value, metric.total), [])
                # two equal figures in one sentence count different things
                # (``2 cuộc kiểm tra đột xuất; 2 cuộc kiểm tra định kỳ``)
                known = next(
                    (
                        m
                        for m in same[:_MAX_SAME]
                        if m.sentence is not sent and _same_statement(m, metric)
                    ),
                    None,
                )
                if known is None:
                    out.append(metric)
                    same.append(metric)
                    continue
                for attr in ("percent", "change", "change_percent", "period", "consistent"):
                    if getattr(known, attr) is None and getattr(metric, attr) is not None:
                        setattr(known, attr, getattr(metric, attr))
    return out


class MetricsComponent:
    """Fills ``doc._.metrics`` from the title, body and captions zones of the doc."""

    def __init__(self, nlp: Language, name: str) -> None:
        register_extensions()
        self.name = name

    def __call__(self, doc: Doc) -> Doc:
        doc._.metrics = find_metrics(doc.text, doc._.zones)
        return doc


@Language.factory("kiemsat_metrics")
def make_metrics(nlp: Language, name: str) -> MetricsComponent:
    return MetricsComponent(nlp, name)
