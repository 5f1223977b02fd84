"""Mark people, units, documents and figures in an article's clean text.

The article page shows the body with each extracted entity highlighted and
linked to its page. The text comes from the web, so it is escaped piece by
piece and only our own ``<a>``/``<span>`` tags are added around exact
occurrences: the result is safe to insert as :class:`markupsafe.Markup`.
Figures are marked by their sentence (an outer span); entity links nest inside
it. Where two candidate marks overlap, the longer wins.
"""

from __future__ import annotations

from dataclasses import dataclass

from markupsafe import Markup, escape


@dataclass(frozen=True)
class Needle:
    """Text to find and how to mark it."""

    text: str
    kind: str  # person | unit | document | figure
    href: str | None = None
    label: str | None = None  # tooltip


@dataclass(frozen=True)
class _Span:
    start: int
    end: int
    needle: Needle


def _find_all(text: str, needles: list[Needle]) -> list[_Span]:
    spans = []
    for needle in needles:
        if len(needle.text) < 2:
            continue
        start = text.find(needle.text)
        while start != -1:
            spans.append(_Span(start, start + len(needle.text), needle))
            start = text.find(needle.text, start + len(needle.text))
    return spans


def _non_overlapping(spans: list[_Span]) -> list[_Span]:
    chosen: list[_Span] = []
    for span in sorted(spans, key=lambda s: (-(s.end - s.start), s.start)):
        if all(span.end <= c.start or span.start >= c.end for c in chosen):
            chosen.append(span)
    return sorted(chosen, key=lambda s: s.start)


def _open(needle: Needle) -> str:
    title = f' title="{escape(needle.label)}"' if needle.label else ""
    if needle.href:
        return f'<a class="ent ent-{needle.kind}" href="{escape(needle.href)}"{title}>'
    return f'<span class="ent ent-{needle.kind}"{title}>'


def _close(needle: Needle) -> str:
    return "</a>" if needle.href else "</span>"


def _render(text: str, start: int, end: int, spans: list[_Span]) -> str:
    out, pos = [], start
    for span in spans:
        if span.start < start or span.end > end:
            continue
        out.append(str(escape(text[pos : span.start])))
        out.append(
            _open(span.needle) + str(escape(text[span.start : span.end])) + _close(span.needle)
        )
        pos = span.end
    out.append(str(escape(text[pos:end])))
    return "".join(out)


def mark_paragraph(text: str, entities: list[Needle], figures: list[Needle]) -> Markup:
    outer = _non_overlapping(_find_all(text, figures))
    inner = [
        s
        for s in _non_overlapping(_find_all(text, entities))
        if all(
            s.end <= o.start or s.start >= o.end or (o.start <= s.start and s.end <= o.end)
            for o in outer
        )
    ]
    out, pos = [], 0
    for o in outer:
        out.append(_render(text, pos, o.start, inner))
        out.append(_open(o.needle) + _render(text, o.start, o.end, inner) + _close(o.needle))
        pos = o.end
    out.append(_render(text, pos, len(text), inner))
    return Markup("".join(out))  # noqa: S704 - every piece of text above went through escape()


def mark_body(body: str, entities: list[Needle], figures: list[Needle]) -> list[Markup]:
    """The body as a list of marked paragraphs (paragraphs are separated by blank lines)."""
    paragraphs = [p.strip() for p in body.replace("\r\n", "\n").split("\n\n")]
    return [mark_paragraph(" ".join(p.split("\n")), entities, figures) for p in paragraphs if p]
