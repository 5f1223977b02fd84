"""``kiemsat_event_type``: what kind of event an article reports.

One of ``conference``, ``training``, ``inspection``, ``case``, ``directive``,
``other`` (EXTRACTION.md). The headline says most about it, so cues in the
title weigh most, then the opening paragraph, then the rest of the body. Each
type has cue phrases (compared accent-folded, so ``hoi nghi`` and ``Hội nghị``
are one cue); the best-scoring type wins if its score clears a threshold,
else ``other``. Cues are about kinds of events, never about particular units
or people, so they carry over to any portal.
"""

from __future__ import annotations

import re

from spacy.language import Language
from spacy.tokens import Doc

from nlp import extensions
from nlp.normalize import fold

extensions.register_extensions()

# Cue phrases (folded) and their weights per type. Only phrases that name an
# *event* count: ``Thanh tra VKSND tối cao`` is a unit and ``công tác thanh
# tra`` a topic, neither is an inspection; ``khởi tố 72.000 vụ án`` is a
# statistic, not a case.
CUES: dict[str, list[tuple[str, float]]] = {
    "conference": [
        (
            r"hoi nghi (?:truc tuyen )?(?:giao ban|so ket|tong ket|trien khai|quan triet|danh gia)",
            3.0,
        ),
        (r"giao ban", 2.0),
        (r"so ket", 2.0),
        (r"tong ket", 2.0),
        (r"trien khai (?:cong tac|nhiem vu|ke hoach|chi thi|nghi quyet)", 1.0),
        (r"rut kinh nghiem", 1.0),
        (
            r"(?<!quoc )hoi thao(?! luan)|toa dam|le ky niem|ky niem \d+ nam|le ky ket|ky ket quy che",
            1.5,
        ),
        (r"dai hoi|hop bao|phien hop", 1.5),
    ],
    "training": [
        (r"hoi nghi (?:truc tuyen )?tap huan", 4.0),
        (r"tap huan", 3.0),
        (r"boi duong (?:nghiep vu|kien thuc|ky nang|chuyen sau)|lop boi duong", 2.5),
        (r"lop (?:hoc|tap huan|dao tao)", 2.0),
        (r"khai giang|be giang", 2.5),
        (r"dao tao", 0.5),
    ],
    "inspection": [
        (r"(?:cuoc|doan|dot) (?:thanh tra|kiem tra|giam sat)", 2.0),
        (r"thanh tra (?:toan dien|dot xuat|chuyen de|theo ke hoach)", 3.0),
        (r"ket luan (?:thanh tra|kiem tra)", 3.0),
        (r"cong bo (?:ket luan|quyet dinh) (?:thanh tra|kiem tra)", 3.0),
        (r"(?:thanh tra|kiem tra|giam sat) (?:viec|cong tac \w+ tai|tai|doi voi)", 2.0),
        (r"(?:tien hanh|to chuc) (?:thanh tra|kiem tra|giam sat)", 2.0),
    ],
    "case": [
        (r"(?<![0-9] )(?:bi can|bi cao)(?= [a-z])", 2.5),
        (r"cao trang", 2.5),
        (r"phien toa", 2.0),
        (r"dua (?:vu an )?ra xet xu|xet xu (?:so tham|phuc tham|luu dong)", 2.0),
        (r"(?:khoi to|truy to|bat tam giam) (?:bi can|vu an|doi voi)", 2.5),
        (r"khang nghi (?:ban an|quyet dinh)", 2.0),
        (r"ve (?:toi|hanh vi) [\"“]", 2.5),
        (r"vu an [\"“]", 2.0),
        (r"chiem doat|lua dao|tham o|nhan hoi lo|dua hoi lo|buon lau|van chuyen trai phep", 0.5),
    ],
    "directive": [
        (
            r"ban hanh (?:chi thi|nghi quyet|quyet dinh|ke hoach|thong tu|huong dan|quy che|quy dinh|cong van)",
            3.0,
        ),
        (r"thong qua (?:nghi quyet|luat|quy dinh|de an)", 3.0),
        (r"nghi quyet (?:ve|thanh lap)", 2.0),
        (r"thanh lap", 2.0),
        (r"(?:ky|vua) ban hanh", 2.0),
        (r"chi thi (?:so|ve)", 1.0),
    ],
}
_COMPILED = {
    t: [(re.compile(rf"(?<![a-z])(?:{p})(?![a-z])"), w) for p, w in cues]
    for t, cues in CUES.items()
}
# A bare ``hội nghị`` is whatever kind of meeting the article names elsewhere:
# in an article about a ``hội nghị tập huấn`` every later ``tại hội nghị`` is
# that training session, not a conference.
_GENERIC_MEETING = re.compile(r"(?<![a-z])hoi nghi(?! (?:truc tuyen )?tap huan)(?![a-z])")
# ... unless that training is only planned (``xây dựng kế hoạch tổ chức Hội nghị tập huấn``).
_TRAINING_MEETING = re.compile(
    r"(?<!ke hoach to chuc )(?<!tham muu to chuc )(?<!se to chuc )(?<!du kien to chuc )"
    r"(?<![a-z])(?:hoi nghi (?:truc tuyen )?tap huan|lop tap huan|lop boi duong)(?![a-z])"
)

#: Weight of a cue by where it occurs.
ZONE_WEIGHTS = {"title": 4.0, "lead": 2.0, "body": 0.25, "caption": 0.5}
#: Minimum score for a type other than ``other``.
THRESHOLD = 2.0


def _zones_text(doc: Doc) -> dict[str, str]:
    zones = doc._.zones or [(0, len(doc.text), "body")]
    out: dict[str, str] = {"title": "", "lead": "", "body": "", "caption": ""}
    for start, end, kind in zones:
        chunk = doc.text[start:end]
        if kind == "body":
            paras = [p for p in chunk.split("\n\n") if p.strip()]
            if paras:
                out["lead"] += " " + paras[0]
                out["body"] += " " + " ".join(paras[1:])
        else:
            out[kind] = out.get(kind, "") + " " + chunk
    return out


def score_types(texts: dict[str, str]) -> dict[str, float]:
    """Weighted cue counts per type for the zone texts of one article."""
    scores = dict.fromkeys(CUES, 0.0)
    keys = {zone: fold(text) for zone, text in texts.items() if text.strip()}
    meeting_kind = (
        "training" if any(_TRAINING_MEETING.search(k) for k in keys.values()) else "conference"
    )
    for zone, key in keys.items():
        zw = ZONE_WEIGHTS.get(zone, 0.25)
        hits = len(_GENERIC_MEETING.findall(key))
        if hits:
            scores[meeting_kind] += zw * 1.5 * (1 + 0.5 * min(hits - 1, 6))
        for etype, cues in _COMPILED.items():
            for pattern, weight in cues:
                hits = len(pattern.findall(key))
                if hits:
                    # Diminishing returns: a cue repeated 20 times is not 20 times the evidence.
                    scores[etype] += zw * weight * (1 + 0.5 * min(hits - 1, 6))
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
