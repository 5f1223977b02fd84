"""``kiemsat_event_type``: what kind of event an article reports.

One of ``conference``, ``training``, ``inspection``, ``case``, ``directive``,
``other`` (EXTRACTION.md). The headline says most about it, so cues in the
title weigh most, then the opening paragraph, then the rest of the body and
the captions. Each type has cue phrases; the best-scoring type wins if its
score clears a threshold, else ``other``. Cues are about kinds of events,
never about particular units or people, so they carry over to any portal.

Cues are matched on :func:`nlp.normalize.match_key` text (lower case, tone
placement unified) *with* diacritics: folding them away would make ``hội
thao`` (a sports day, ``other``) the same as ``hội thảo`` (a seminar).
"""

from __future__ import annotations

import re

from spacy.language import Language
from spacy.tokens import Doc

from nlp import extensions
from nlp.normalize import match_key

extensions.register_extensions()

_W = r"\w"  # a letter (\w is Unicode-aware: Vietnamese letters included)

# Cue phrases and their weights per type. Only phrases that name an *event*
# count: ``Thanh tra VKSND tối cao`` is a unit and ``công tác thanh tra`` a
# topic, neither is an inspection; ``khởi tố 72.000 vụ án`` is a statistic,
# not a case; ``ngày thành lập ngành`` is an anniversary, not a founding
# (anniversary ceremonies, sports days and visits are ``other``).
CUES: dict[str, list[tuple[str, float]]] = {
    "conference": [
        (
            r"hội nghị (?:trực tuyến )?(?:giao ban|sơ kết|tổng kết|triển khai|quán triệt|đánh giá)",
            3.0,
        ),
        (r"giao ban", 2.0),
        (r"sơ kết", 2.0),
        (r"tổng kết", 2.0),
        (r"triển khai (?:công tác|nhiệm vụ|kế hoạch|chỉ thị|nghị quyết)", 1.0),
        (r"rút kinh nghiệm", 1.0),
        (
            r"(?<!quốc )hội thảo(?! luận)|tọa đàm|lễ ký kết|ký kết quy chế",
            1.5,
        ),
        (r"đại hội|họp báo|phiên họp", 1.5),
    ],
    "training": [
        (r"hội nghị (?:trực tuyến )?tập huấn", 4.0),
        (r"tập huấn", 3.0),
        (r"bồi dưỡng (?:nghiệp vụ|kiến thức|kỹ năng|chuyên sâu)|lớp bồi dưỡng", 2.5),
        (r"lớp (?:học|tập huấn|đào tạo)", 2.0),
        (r"khai giảng|bế giảng", 2.5),
        (r"đào tạo", 0.5),
    ],
    "inspection": [
        (r"(?:cuộc|đoàn|đợt) (?:thanh tra|kiểm tra|giám sát)", 2.0),
        (r"thanh tra (?:toàn diện|đột xuất|chuyên đề|theo kế hoạch)", 3.0),
        (r"kết luận (?:thanh tra|kiểm tra)", 3.0),
        (r"công bố (?:kết luận|quyết định) (?:thanh tra|kiểm tra)", 3.0),
        (rf"(?:thanh tra|kiểm tra|giám sát) (?:việc|công tác {_W}+ tại|tại|đối với)", 2.0),
        (r"(?:tiến hành|tổ chức) (?:thanh tra|kiểm tra|giám sát)", 2.0),
    ],
    "case": [
        # ``bị can Nguyễn Văn A`` names a case; ``truy tố 1.234 bị can`` is a count.
        (rf"(?<![0-9] )(?:bị can|bị cáo)(?= {_W})", 2.5),
        (r"(?<!bản )cáo trạng", 2.5),
        (r"phiên tòa (?!rút kinh nghiệm)", 2.0),
        (r"đưa (?:vụ án )?ra xét xử|xét xử (?:sơ thẩm|phúc thẩm|lưu động)", 2.0),
        (r"(?:khởi tố|truy tố|bắt tạm giam) (?:bị can|vụ án|đối với)", 2.5),
        (r"kháng nghị (?:bản án|quyết định)", 2.0),
        (r"về (?:tội|hành vi) [\"“]", 2.5),
        (r"vụ án [\"“]", 2.0),
        (r"chiếm đoạt|lừa đảo|tham ô|nhận hối lộ|đưa hối lộ|buôn lậu|vận chuyển trái phép", 0.5),
    ],
    "directive": [
        (
            r"ban hành (?:chỉ thị|nghị quyết|quyết định|kế hoạch|thông tư|hướng dẫn|quy chế|quy định|công văn)",
            3.0,
        ),
        (r"thông qua (?:nghị quyết|luật|quy định|đề án)", 3.0),
        (r"nghị quyết (?:về|thành lập)", 2.0),
        (r"(?<!ngày )(?<!niệm )thành lập(?! ngành)", 2.0),
        (r"(?:ký|vừa) ban hành", 2.0),
        (r"chỉ thị (?:số|về)", 1.0),
    ],
}
# No leading ``(?<!\w)``: a pattern that starts with a literal lets the regex
# engine skip ahead to candidate positions (6x faster); the left word boundary
# is checked on each match instead (:func:`_count`).
_COMPILED = {t: [(re.compile(rf"(?:{p})(?!{_W})"), w) for p, w in cues] for t, cues in CUES.items()}
#: Characters of the body read for cues: the opening says what the event is.
BODY_CHARS = 3000


def _count(pattern: re.Pattern[str], text: str) -> int:
    """Matches of ``pattern`` in ``text`` that start at a word boundary."""
    n = 0
    for m in pattern.finditer(text):
        start = m.start()
        if start == 0 or not text[start - 1].isalnum():
            n += 1
    return n


# A bare ``hội nghị`` is whatever kind of meeting the article names elsewhere:
# in an article about a ``hội nghị tập huấn`` every later ``tại hội nghị`` is
# that training session, not a conference ...
_GENERIC_MEETING = re.compile(rf"(?<!{_W})hội nghị(?! (?:trực tuyến )?tập huấn)(?!{_W})")
# ... unless that training is only planned (``xây dựng kế hoạch tổ chức Hội nghị tập huấn``).
_TRAINING_MEETING = re.compile(
    r"(?<!kế hoạch tổ chức )(?<!tham mưu tổ chức )(?<!sẽ tổ chức )(?<!dự kiến tổ chức )"
    rf"(?<!{_W})(?:hội nghị (?:trực tuyến )?tập huấn|lớp tập huấn|lớp bồi dưỡng)(?!{_W})"
)

#: Weight of a cue by where it occurs.
ZONE_WEIGHTS = {"title": 4.0, "lead": 2.0, "body": 0.25, "caption": 0.5}
#: Minimum score for a type other than ``other``.
THRESHOLD = 3.0


def _zones_text(doc: Doc) -> dict[str, str]:
    """The article's text per zone: title, lead (first paragraph), rest of body, captions."""
    text = extensions.doc_text(doc)
    zones = doc._.zones or [(0, len(text), "body")]
    out: dict[str, str] = {"title": "", "lead": "", "body": "", "caption": ""}
    for start, end, kind in zones:
        chunk = text[start:end]
        if kind == "body":
            paras = [p for p in chunk.split("\n\n") if p.strip()]
            if paras:
                out["lead"] += "\n" + paras[0]
                out["body"] += "\n" + "\n".join(paras[1:])
        else:
            out[kind] = out.get(kind, "") + "\n" + chunk
    return out


def _bump(hits: int) -> float:
    """Diminishing returns: a cue repeated 20 times is not 20 times the evidence."""
    return 1 + 0.5 * min(hits - 1, 6) if hits else 0.0


def score_types(texts: dict[str, str]) -> dict[str, float]:
    """Weighted cue counts per type for the zone texts of one article."""
    scores = dict.fromkeys(CUES, 0.0)
    keys = {zone: match_key(text[:BODY_CHARS]) for zone, text in texts.items() if text.strip()}
    meeting_kind = (
        "training" if any(_TRAINING_MEETING.search(k) for k in keys.values()) else "conference"
    )
    for zone, key in keys.items():
        zw = ZONE_WEIGHTS.get(zone, 0.25)
        scores[meeting_kind] += zw * 1.5 * _bump(len(_GENERIC_MEETING.findall(key)))
        for etype, cues in _COMPILED.items():
            for pattern, weight in cues:
                scores[etype] += zw * weight * _bump(_count(pattern, key))
    return scores


def classify(texts: dict[str, str]) -> str:
    scores = score_types(texts)
    best = max(scores, key=lambda t: scores[t])
    return best if scores[best] >= THRESHOLD else "other"


class EventTypeComponent:
    """Sets ``doc._.event_type``."""

    def __call__(self, doc: Doc) -> Doc:
        doc._.event_type = classify(_zones_text(doc))
        return doc


@Language.factory("kiemsat_event_type")
def make_event_type(nlp: Language, name: str) -> EventTypeComponent:
    return EventTypeComponent()
