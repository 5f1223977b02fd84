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

# Cue phrases (folded) and their weights per type.
CUES: dict[str, list[tuple[str, float]]] = {
    "conference": [
        (r"hoi nghi (?:truc tuyen )?(?:giao ban|so ket|tong ket|trien khai|quan triet)", 3.0),
        (r"giao ban", 2.0),
        (r"so ket", 2.0),
        (r"tong ket", 2.0),
        (r"hoi nghi", 1.5),
        (r"trien khai (?:cong tac|nhiem vu|ke hoach)", 1.0),
        (r"rut kinh nghiem", 1.0),
        (r"hoi thao|toa dam|ky niem|le ky|ky ket", 1.0),
    ],
    "training": [
        (r"tap huan", 3.0),
        (r"boi duong", 2.0),
        (r"dao tao", 1.0),
        (r"lop (?:hoc|boi duong|tap huan)", 2.0),
        (r"khai giang|be giang", 2.5),
    ],
    "inspection": [
        (r"thanh tra (?:toan dien|dot xuat|chuyen de|viec|cong tac|tai)", 3.0),
        (r"ket luan thanh tra", 3.0),
        (r"doan (?:thanh tra|kiem tra|giam sat)", 2.5),
        (r"kiem tra (?:viec|cong tac|tai|toan dien)", 2.0),
        (r"giam sat (?:viec|cong tac|tai)", 1.5),
        (r"thanh tra", 1.0),
        (r"kiem tra", 0.8),
    ],
    "case": [
        (r"khoi to", 2.0),
        (r"truy to", 2.5),
        (r"xet xu", 2.0),
        (r"khang nghi", 1.5),
        (r"bi can", 2.5),
        (r"bi cao", 2.5),
        (r"cao trang", 2.5),
        (r"vu an", 1.5),
        (r"phien toa", 2.0),
        (r"toi danh|ve toi|hanh vi", 1.0),
        (r"chiem doat|lua dao|tham o|nhan hoi lo|buon lau|ma tuy", 1.0),
    ],
    "directive": [
        (
            r"ban hanh (?:chi thi|nghi quyet|quyet dinh|ke hoach|thong tu|huong dan|quy che|quy dinh)",
            3.0,
        ),
        (r"thong qua (?:nghi quyet|luat|quy dinh)", 3.0),
        (r"nghi quyet (?:ve|thanh lap)", 2.0),
        (r"thanh lap", 2.0),
        (r"chi thi (?:so|ve)", 1.5),
        (r"ky (?:ban hanh|quyet dinh)", 2.0),
    ],
}
_COMPILED = {
    t: [(re.compile(rf"(?<![a-z]){p}(?![a-z])"), w) for p, w in cues] for t, cues in CUES.items()
}

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
    for zone, text in texts.items():
        if not text.strip():
            continue
        key = fold(text)
        zw = ZONE_WEIGHTS.get(zone, 0.25)
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
