"""What an article becomes in a search index: one flat record per article and
one per extracted figure, built the same way for every backend so they index
the same facts (facet values, province, dates, normalised text)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from kiemsat.model import Article, Metric
from search_api.provinces import article_provinces
from search_api.text import abbreviation_marks, nfc, token_streams

_ISO_DATE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})")
_YEAR = re.compile(r"\b(19\d\d|20\d\d)\b")


def iso_date(value: str | None) -> str | None:
    """``YYYY-MM-DD`` from an ISO date or timestamp, else ``None``."""
    m = _ISO_DATE.match(value or "")
    return f"{m.group(1)}-{m.group(2)}-{m.group(3)}" if m else None


@dataclass
class MetricDoc:
    id: str
    article_id: str
    article_title: str | None
    published: str | None
    source: str | None
    unit: str | None
    value: float
    total: float | None
    percent: float | None
    change: float | None
    change_percent: float | None
    subject: str
    subject_key: str  # accented, tone-unified, abbreviations expanded (group-by key)
    subject_fold: str  # folded tokens (word matching)
    period: str | None
    year: str | None
    sentence: str
    consistent: bool | None


@dataclass
class IndexDoc:
    id: str
    story_id: str | None
    story_key: str
    source: str
    url: str | None
    title: str | None
    published: str | None
    event_type: str
    units: list[str]
    people: list[str]
    documents: list[str]
    provinces: list[str]
    has_figures: bool
    body: str  # original text (body, then captions) for snippets
    title_acc: str
    title_fold: str
    body_acc: str
    body_fold: str
    abbr: str  # abbreviation mark tokens of title and body (SQLite's fast path)
    metrics: list[MetricDoc] = field(default_factory=list)

    @property
    def month(self) -> str | None:
        return self.published[:7] if self.published else None

    @property
    def year(self) -> str | None:
        return self.published[:4] if self.published else None


def main_unit(article: Article) -> str | None:
    """The unit an article is mostly about: most mentioned procuracy unit, else any."""
    inside = [u for u in article.units if u.level != "external"] or list(article.units)
    if not inside:
        return None
    best = max(inside, key=lambda u: u.mentions)  # first of the most mentioned
    return nfc(best.name)


def _num(value: object) -> float | None:
    return None if value is None else float(value)  # type: ignore[arg-type]


def metric_doc(article: Article, index: int, metric: Metric, unit: str | None) -> MetricDoc:
    published = iso_date(article.published)
    years = _YEAR.findall(metric.period or "")
    year = years[-1] if years else (published[:4] if published else None)
    subject = nfc(metric.subject)
    subject_key, subject_fold = token_streams(subject)
    return MetricDoc(
        id=f"{article.id}:{index}",
        article_id=article.id or "",
        article_title=article.title,
        published=published,
        source=article.site,
        unit=unit,
        value=float(metric.value),
        total=_num(metric.total),
        percent=_num(metric.percent),
        change=_num(metric.change),
        change_percent=_num(metric.change_percent),
        subject=subject,
        subject_key=subject_key,
        subject_fold=subject_fold,
        period=nfc(metric.period) if metric.period else None,
        year=year,
        sentence=metric.sentence,
        consistent=metric.consistent,
    )


def _distinct(values: list[str]) -> list[str]:
    out: list[str] = []
    for v in values:
        v = nfc(v).strip()
        if v and v not in out:
            out.append(v)
    return out


def index_doc(article: Article) -> IndexDoc:
    """Flatten ``article`` for indexing; raise ``ValueError`` when it has no id."""
    if not article.id:
        raise ValueError("an article needs an id to be indexed")
    title = nfc(article.title) if article.title else None
    body = nfc(article.body)
    captions = [nfc(c) for c in article.captions if c]
    full_body = "\n\n".join([body, *captions]).strip()
    unit = main_unit(article)
    title_acc, title_fold = token_streams(title or "")
    body_acc, body_fold = token_streams(full_body)
    return IndexDoc(
        id=article.id,
        story_id=article.story_id,
        story_key=article.story_id or article.id,
        source=article.site or "file",
        url=article.url,
        title=title,
        published=iso_date(article.published),
        event_type=article.event_type or "other",
        units=_distinct([u.name for u in article.units]),
        people=_distinct([p.name for p in article.people]),
        documents=_distinct([d.number for d in article.documents]),
        provinces=article_provinces(article),
        has_figures=bool(article.metrics),
        body=full_body,
        title_acc=title_acc,
        title_fold=title_fold,
        body_acc=body_acc,
        body_fold=body_fold,
        abbr=abbreviation_marks(f"{title_fold} {body_fold}"),
        metrics=[metric_doc(article, i, m, unit) for i, m in enumerate(article.metrics)],
    )
