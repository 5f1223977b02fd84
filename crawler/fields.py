"""Read an article page's parts with its profile's selectors.

The crawler uses it to notice empty articles; the NLP stage can use it as the
"profile selectors first" step of boilerplate stripping (DESIGN.md), before its
line classifier handles unknown layouts.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime
from functools import lru_cache

import lxml.html
from lxml.cssselect import CSSSelector

from crawler.profiles import FieldSelectors

_CREDIT_RE = re.compile(r"[.\s]*\(?\s*Ảnh\s*:[^)]*\)?\s*$", re.IGNORECASE)
_DATE_RE = re.compile(r"(\d{1,2})/(\d{1,2})/(\d{4})")
_BLOCKS = ("p", "h2", "h3", "h4", "li", "blockquote")


@dataclass
class PageFields:
    title: str | None = None
    dateline: str | None = None
    published: str | None = None
    section: str | None = None
    paragraphs: list[str] = field(default_factory=list)
    authors: list[str] = field(default_factory=list)
    captions: list[str] = field(default_factory=list)

    @property
    def body(self) -> str:
        return "\n\n".join(self.paragraphs)

    @property
    def empty(self) -> bool:
        return not self.paragraphs


@lru_cache(maxsize=256)
def _sel(css: str) -> CSSSelector | None:
    """Compiled selector (compiling costs more than matching, so keep them)."""
    return CSSSelector(css) if css else None


def _text(el: lxml.html.HtmlElement) -> str:
    return " ".join(el.text_content().split())


def parse_date(text: str | None, date_format: str) -> str | None:
    """ISO date of a dateline (``21/09/2023``, ``3/15/2021 8:19:41 AM``, ``Ngày đăng: 05/07/2022``)."""
    if not text:
        return None
    text = " ".join(text.split())
    try:
        return datetime.strptime(text, date_format).date().isoformat()
    except ValueError:
        pass
    m = _DATE_RE.search(text)
    if not m:
        return None
    a, b, y = (int(g) for g in m.groups())
    month_first = date_format.startswith("%m")
    day, month = (b, a) if month_first else (a, b)
    try:
        return datetime(y, month, day).date().isoformat()
    except ValueError:
        return None


def extract_fields(html: str, selectors: FieldSelectors) -> PageFields:
    """The page's title, dateline, body paragraphs, bylines and captions."""
    try:
        tree = lxml.html.fromstring(html)
    except (ValueError, lxml.etree.ParserError):
        return PageFields()
    out = PageFields()
    for css in selectors.drop:
        for el in _sel(css)(tree):  # type: ignore[misc]
            el.drop_tree()
    if (sel := _sel(selectors.title)) and (found := sel(tree)):
        out.title = _text(found[0]) or None
    if (sel := _sel(selectors.section)) and (found := sel(tree)):
        out.section = _text(found[0]) or None
    if (sel := _sel(selectors.dateline)) and (found := sel(tree)):
        el = found[0]
        out.dateline = _text(el) or None
        iso = el.get("datetime")
        out.published = (iso[:10] if iso else None) or parse_date(
            out.dateline, selectors.date_format
        )
    skip: set[lxml.html.HtmlElement] = set()
    if sel := _sel(selectors.captions):
        for el in sel(tree):
            skip.add(el)
            text = _CREDIT_RE.sub("", _text(el)).strip()
            if text:
                out.captions.append(text)
    if sel := _sel(selectors.byline):
        for el in sel(tree):
            skip.add(el)
            if text := _text(el):
                out.authors.append(text)
    body_sel = _sel(selectors.body)
    bodies = body_sel(tree) if body_sel else []
    if bodies:
        body = bodies[0]
        for el in body.iter(*_BLOCKS):
            if el in skip or any(anc in skip for anc in el.iterancestors()):
                continue
            text = _text(el)
            if text and text != "\xa0":
                out.paragraphs.append(text)
        if not out.paragraphs and _text(body):
            out.paragraphs = [
                line.strip() for line in body.text_content().splitlines() if line.strip()
            ]
    return out


def has_body_text(html: str, selectors: FieldSelectors, minimum: int = 20) -> bool:
    """Cheap check used on every crawled page: does the body hold text beyond its
    captions and bylines? (:func:`extract_fields` does the full reading.)"""
    try:
        tree = lxml.html.fromstring(html)
    except (ValueError, lxml.etree.ParserError):
        return False
    body_sel = _sel(selectors.body)
    bodies = body_sel(tree) if body_sel else []
    if not bodies:
        return False
    total = len("".join(bodies[0].itertext()).strip())
    for css in (selectors.captions, selectors.byline, *selectors.drop):
        if sel := _sel(css):
            total -= sum(len("".join(el.itertext()).strip()) for el in sel(bodies[0]))
    return total >= minimum
