"""Snippets with ``<mark>`` around the words that matched, HTML-escaped.

Both backends build snippets here from the stored original text and the
parsed query, so they mark the same words: matching is on the folded token
stream (accent-insensitive, abbreviations expanded), and a match inside an
expanded abbreviation marks the abbreviation as printed (``VKSND``).
"""

from __future__ import annotations

import html

from search_api.query_syntax import Query
from search_api.text import token_pattern, word_forms

WINDOW = 36  # raw tokens in a snippet
MAX_SCAN = 8_000  # characters of a long article searched for the best passage


def _marked(raws: list[str], query: Query) -> set[int]:
    words: list[str] = []
    owner: list[int] = []
    for i, raw in enumerate(raws):
        folded = word_forms(raw)[1]
        words.extend(folded)
        owner.extend([i] * len(folded))
    marked: set[int] = set()
    starts: dict[str, list[int]] = {}
    for k, w in enumerate(words):
        starts.setdefault(w, []).append(k)
    for leaf in query.leaves():
        seq = list(leaf.folded)
        n = len(seq)
        for k in starts.get(seq[0], ()):
            if n == 1 or words[k : k + n] == seq:
                marked.update(owner[k : k + n])
    return marked


def snippet(text: str, query: Query | None, *, window: int = WINDOW) -> str:
    """The best ``window``-token passage of ``text`` as safe HTML."""
    if not text:
        return ""
    text = text[:MAX_SCAN]
    tokens = [(m.start(), m.end()) for m in token_pattern(text).finditer(text)]
    if not tokens:
        return html.escape(text[:200])
    raws = [text[a:b] for a, b in tokens]
    marked = _marked(raws, query) if query is not None and not query.empty else set()
    start = 0
    if marked:
        # the window with the most marked tokens (earliest on ties)
        flags = [1 if i in marked else 0 for i in range(len(tokens))]
        best = current = sum(flags[:window])
        for s in range(1, max(1, len(tokens) - window + 1)):
            current += flags[s + window - 1] - flags[s - 1]
            if current > best:
                best, start = current, s
        # start a little before the first mark so it has context
        first = min(i for i in marked if i >= start)
        start = max(0, min(start, first - 4))
    end = min(len(tokens), start + window)
    lo = tokens[start][0] if start > 0 else 0
    hi = tokens[end - 1][1] if end < len(tokens) else len(text)
    out: list[str] = ["…" if start > 0 else ""]
    pos = lo
    i = start
    while i < end:
        if i not in marked:
            i += 1
            continue
        j = i
        while j + 1 < end and j + 1 in marked:
            j += 1
        out.append(html.escape(text[pos : tokens[i][0]]))
        out.append("<mark>" + html.escape(text[tokens[i][0] : tokens[j][1]]) + "</mark>")
        pos = tokens[j][1]
        i = j + 1
    out.append(html.escape(text[pos:hi]))
    if end < len(tokens):
        out.append("…")
    return " ".join("".join(out).split())
