"""The article object of ``shared/spec/EXTRACTION.md`` as typed dataclasses.

Every stage speaks this model: the NLP stage produces it, the store keeps it as
JSON, the search backends index it and the API serves it. ``to_dict`` gives
exactly the contract's JSON shape (plus the provenance fields that are ``None``
for a file given on the command line).
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

EVENT_TYPES = ("conference", "training", "inspection", "case", "directive", "other")
UNIT_LEVELS = (
    "supreme",
    "high",
    "province",
    "district",
    "regional",
    "military",
    "department",
    "school",
    "external",
)


@dataclass
class Person:
    name: str
    titles: list[str] = field(default_factory=list)
    unit: str | None = None
    mentions: int = 1


@dataclass
class Unit:
    name: str
    level: str
    mentions: int = 1


@dataclass
class Document:
    type: str
    number: str
    issuer: str | None = None
    date: str | None = None
    text: str = ""


@dataclass
class Metric:
    value: float | int
    total: float | int | None = None
    percent: float | None = None
    change: float | int | None = None
    change_percent: float | None = None
    subject: str = ""
    period: str | None = None
    sentence: str = ""
    consistent: bool | None = None


@dataclass
class Article:
    """One article: the contract's fields plus provenance.

    ``id`` is the stable id of the canonical URL (``kiemsat.ids.article_id``),
    ``story_id`` is shared by copies of one story on several portals.
    """

    title: str | None = None
    published: str | None = None
    authors: list[str] = field(default_factory=list)
    section: str | None = None
    event_type: str = "other"
    body: str = ""
    captions: list[str] = field(default_factory=list)
    people: list[Person] = field(default_factory=list)
    units: list[Unit] = field(default_factory=list)
    documents: list[Document] = field(default_factory=list)
    metrics: list[Metric] = field(default_factory=list)
    # provenance (not part of the extraction contract's scored fields)
    id: str | None = None
    path: str | None = None
    url: str | None = None
    site: str | None = None
    story_id: str | None = None
    fetched_at: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Article:
        """Inverse of :meth:`to_dict`; unknown keys are ignored so old rows still load."""
        known = set(cls.__dataclass_fields__)
        kwargs = {k: v for k, v in data.items() if k in known}
        kwargs["people"] = [Person(**_pick(Person, p)) for p in data.get("people") or []]
        kwargs["units"] = [Unit(**_pick(Unit, u)) for u in data.get("units") or []]
        kwargs["documents"] = [Document(**_pick(Document, d)) for d in data.get("documents") or []]
        kwargs["metrics"] = [Metric(**_pick(Metric, m)) for m in data.get("metrics") or []]
        return cls(**kwargs)


def _pick(klass: type, data: dict[str, Any]) -> dict[str, Any]:
    known = set(klass.__dataclass_fields__)  # type: ignore[attr-defined]
    return {k: v for k, v in data.items() if k in known}
