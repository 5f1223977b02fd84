"""From a raw page or a plain-text copy to the article object of EXTRACTION.md.

Two stages:

1. *Segmentation* (:mod:`nlp.html`, :mod:`nlp.boilerplate`): the page becomes
   title, dateline, authors, section, body paragraphs and captions.
2. *Understanding*: one spaCy ``Doc`` per article, built from title + body +
   captions (``doc._.zones`` says where each part lies, ``doc._.context`` what
   the page says about its source), runs through the project's components
   (units, people, documents, metrics, event type) and the ``Doc`` attributes
   they fill become the article's lists.

The spaCy pipeline is ``spacy.blank("vi")`` with our regex tokenizer
(:mod:`nlp.tokenizer`): no model download, no pyvi. Components are added by
their registered names; a component whose module is not there yet is simply
not added (the pipeline still runs), so the stages can land independently.
"""

from __future__ import annotations

import importlib
import importlib.util
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

import spacy
from spacy.language import Language
from spacy.tokens import Doc

from kiemsat.model import Article
from nlp import extensions
from nlp.boilerplate import Segmented, segment_text
from nlp.normalize import clean_text
from nlp.tokenizer import VietnameseTokenizer

#: Component names in the order they run (people need units' mentions, the
#: event type may look at documents). Module ``nlp.components.<module>``.
COMPONENTS: tuple[tuple[str, str], ...] = (
    ("kiemsat_units", "units"),
    ("kiemsat_people", "people"),
    ("kiemsat_documents", "documents"),
    ("kiemsat_metrics", "metrics"),
    ("kiemsat_event_type", "event_type"),
)

#: Largest text handed to spaCy, in characters. Longer inputs are cut (at a
#: paragraph break) so one pathological page cannot take unbounded time/memory.
MAX_CHARS = 200_000


class ExtractionError(ValueError):
    """An input that cannot be turned into an article (with a message saying why)."""


def available_components() -> list[str]:
    """Names of the components whose modules exist in this build."""
    names = []
    for name, module in COMPONENTS:
        if importlib.util.find_spec(f"nlp.components.{module}") is not None:
            names.append(name)
    return names


@lru_cache(maxsize=1)
def get_nlp() -> Language:
    """The shared pipeline (built once per process)."""
    return build_nlp()


def reset_nlp() -> None:
    """Drop the shared pipeline so the next :func:`get_nlp` builds a fresh one.

    spaCy's vocabulary keeps every token string it has seen (about 4 MB per
    1,000 articles here); long batch runs call this now and then to keep
    memory flat (a rebuild takes well under a second).
    """
    get_nlp.cache_clear()


def build_nlp(components: Iterable[str] | None = None) -> Language:
    """A fresh pipeline with ``components`` (default: every available one)."""
    extensions.register_extensions()
    nlp = spacy.blank("vi", config={"nlp": {"tokenizer": {"use_pyvi": False}}})
    nlp.tokenizer = VietnameseTokenizer(nlp.vocab)
    nlp.max_length = MAX_CHARS + 10_000
    wanted = list(components) if components is not None else available_components()
    modules = dict(COMPONENTS)
    for name in wanted:
        if name not in modules:
            raise ValueError(f"unknown component {name!r}; known: {', '.join(modules)}")
        importlib.import_module(f"nlp.components.{modules[name]}")  # registers the factory
        nlp.add_pipe(name)
    return nlp


# -- building the Doc -----------------------------------------------------------
@dataclass
class Source:
    """One input to extraction: its segmented parts and what we know of its origin."""

    seg: Segmented
    path: str | None = None
    url: str | None = None
    site: str | None = None
    context: dict[str, Any] = field(default_factory=dict)


def doc_text(seg: Segmented) -> tuple[str, list[tuple[int, int, str]]]:
    """The text a Doc is built from, and its zones ``(start, end, kind)``."""
    parts: list[tuple[str, str]] = []
    if seg.title:
        parts.append((seg.title, "title"))
    if seg.paragraphs:
        parts.append((seg.body, "body"))
    parts.extend((c, "caption") for c in seg.captions)
    text = ""
    zones: list[tuple[int, int, str]] = []
    for chunk, kind in parts:
        if text:
            text += "\n\n"
        start = len(text)
        text += chunk
        zones.append((start, len(text), kind))
    if len(text) > MAX_CHARS:
        cut = text.rfind("\n\n", 0, MAX_CHARS)
        cut = cut if cut > MAX_CHARS // 2 else MAX_CHARS
        text = text[:cut]
        zones = [(s, min(e, cut), k) for s, e, k in zones if s < cut]
    return text, zones


_PROVINCE_OF_UNIT = re.compile(r"(?:tỉnh|thành phố)\s+(.+)$")


def source_context(source: Source) -> dict[str, Any]:
    """``doc._.context``: site and URL, the publishing unit a portal profile
    names, and that unit's province (what ``VKSND tỉnh`` means on its pages)."""
    context: dict[str, Any] = {"site": source.site, "url": source.url, **source.context}
    # Bylines can name a unit (``Hồng Nhung - Thanh tra``); the page's own header
    # or footer names the publishing procuracy when no profile does.
    context.setdefault("authors", list(source.seg.authors))
    if not context.get("unit"):
        from nlp.components.units import publisher_unit

        found = publisher_unit(line.text for line in source.seg.lines if line.kind == "boilerplate")
        if found:
            context["unit"] = found
    unit = context.get("unit")
    if unit and not context.get("province"):
        m = _PROVINCE_OF_UNIT.search(unit)
        if m:
            context["province"] = m.group(1).strip()
    return context


def make_doc(nlp: Language, source: Source) -> Doc:
    text, zones = doc_text(source.seg)
    doc = nlp.make_doc(text)
    doc.user_data[extensions.TEXT_KEY] = text  # doc.text is rebuilt from tokens on every access
    doc._.zones = zones
    doc._.context = source_context(source)
    return doc


def to_article(doc: Doc, source: Source) -> Article:
    seg = source.seg
    return Article(
        title=seg.title,
        published=seg.published,
        authors=list(seg.authors),
        section=seg.section,
        event_type=doc._.event_type or "other",
        body=seg.body,
        captions=list(seg.captions),
        people=list(doc._.people or []),
        units=list(doc._.units or []),
        documents=list(doc._.documents or []),
        metrics=list(doc._.metrics or []),
        path=source.path,
        url=source.url,
        site=source.site,
    )


def process(
    sources: Iterable[Source], *, batch_size: int = 32, nlp: Language | None = None
) -> Iterator[Article]:
    """Articles for ``sources``, in order, through ``nlp.pipe``."""
    nlp = nlp or get_nlp()
    pending = list(sources) if not isinstance(sources, list) else sources
    docs = (make_doc(nlp, s) for s in pending)
    for source, doc in zip(pending, nlp.pipe(docs, batch_size=batch_size), strict=True):
        yield to_article(doc, source)


# -- public API ------------------------------------------------------------------
def text_source(
    text: str, *, path: str | None = None, site: str | None = None, url: str | None = None
) -> Source:
    if not isinstance(text, str):
        raise ExtractionError(f"expected text, got {type(text).__name__}")
    return Source(segment_text(clean_text(text)), path=path, url=url, site=site)


def html_source(
    html: str | bytes,
    *,
    url: str | None = None,
    site: str | None = None,
    profile: Any = None,
    path: str | None = None,
) -> Source:
    from nlp.html import segment_html

    seg, info = segment_html(html, url=url, profile=profile)
    return Source(
        seg,
        path=path,
        url=url or info.get("url"),
        site=site or info.get("site"),
        context=info.get("context", {}),
    )


def extract_text(
    text: str, *, path: str | None = None, site: str | None = None, url: str | None = None
) -> Article:
    """The article object of a plain-text copy of a page."""
    return next(process([text_source(text, path=path, site=site, url=url)]))


def extract_html(
    html_or_bytes: str | bytes,
    *,
    url: str | None = None,
    site: str | None = None,
    profile: Any = None,
) -> Article:
    """The article object of an HTML page (profile selectors first, then the line classifier)."""
    return next(process([html_source(html_or_bytes, url=url, site=site, profile=profile)]))


def extract_many(sources: Iterable[Source], *, batch_size: int = 32) -> Iterator[Article]:
    """Batch form: build sources with :func:`text_source` / :func:`html_source`."""
    return process(sources, batch_size=batch_size)
