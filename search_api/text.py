"""Vietnamese text normalisation shared by every search backend.

Both backends index and query *the same token streams* produced here, so the
SQLite FTS5 backend and Elasticsearch/OpenSearch agree on what matches:

* NFC first, then lower case, then one tone placement for ``oa``/``oe``/``uy``
  at the end of a syllable (``hoà`` and ``hòa`` both become ``hòa``; ``thuỷ``
  and ``thủy`` both ``thủy``), because portals mix the old and new styles;
* tokens are runs of letters and digits (``03/CT-VKSTC`` gives ``03 ct
  vkstc``), so both engines see plain space-separated words;
* abbreviations are expanded at index *and* query time (``VKSND`` becomes
  ``viện kiểm sát nhân dân``), so the abbreviation finds the full name and the
  full name finds the abbreviation;
* the folded form drops every diacritic and maps ``đ`` to ``d`` (``đ`` has no
  Unicode decomposition, so generic "remove diacritics" options keep it).

The accented stream keeps the diacritics so an accented query can rank exact
accented matches first.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache

# Bump when the token streams below change: indexes built with other rules must
# be rebuilt (``kiemsat reindex``), since the SQLite backend deletes rows by
# re-deriving what it indexed.
NORM_VERSION = 2

# Abbreviations of the procuracy world, as the portals print them. Keys are
# lower-case tokens; values the expansion in lower-case words. The forms that
# contain punctuation (``đ/c``) are rewritten before tokenising.
ABBREVIATIONS: dict[str, str] = {
    "vksnd": "viện kiểm sát nhân dân",
    "vksndtc": "viện kiểm sát nhân dân tối cao",
    "vkstc": "viện kiểm sát nhân dân tối cao",
    "vksndcc": "viện kiểm sát nhân dân cấp cao",
    "vks": "viện kiểm sát",
    "vksqs": "viện kiểm sát quân sự",
    "tand": "tòa án nhân dân",
    "tandtc": "tòa án nhân dân tối cao",
    "ubkt": "ủy ban kiểm tra",
    "cqđt": "cơ quan điều tra",
    "ksv": "kiểm sát viên",
    "tp": "thành phố",
    "hđnd": "hội đồng nhân dân",
    "ubnd": "ủy ban nhân dân",
}
# A token is a run of letters and digits, or the abbreviation ``đ/c`` (đồng chí).
_TOKEN = re.compile(r"(?<![^\W_])[đĐ]\s*/\s*[cC](?![^\W_])|[^\W_]+")
_WORD = re.compile(r"\w+")  # the same tokens when the text has no "_" and no "đ/c"
_DC_HINT = re.compile(r"[đĐ]\s*/\s*[cC]")


def token_pattern(text: str) -> re.Pattern[str]:
    """The cheapest pattern that tokenises ``text`` exactly like ``_TOKEN``."""
    if "_" in text or ("/" in text and _DC_HINT.search(text)):
        return _TOKEN
    return _WORD


# Tone marks that old-style spelling puts on the second vowel of a final
# oa/oe/uy (hoà, thuỷ) and new style on the first (hòa, thủy).
_TONES = "\u0300\u0301\u0303\u0309\u0323"  # grave, acute, tilde, hook, dot
_OLD_STYLE = re.compile(r"(?<![q])([ou])([ae]|y)([" + _TONES + r"])(?![^\W_])")


def nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text or "")


@lru_cache(maxsize=65536)
def unify_tone(token: str) -> str:
    """Move the tone mark of a final ``oa``/``oe``/``uy`` onto its first vowel.

    Works on a lower-case NFC token; ``hoàn`` is left alone because the vowel
    pair is not final.
    """
    decomposed = unicodedata.normalize("NFD", token)
    # Only the tone is moved; other marks (circumflex, breve, horn) stay put.
    # In NFD the tone follows any quality mark, e.g. "a\u0302\u0301".
    moved = _OLD_STYLE.sub(lambda m: m.group(1) + m.group(3) + m.group(2), decomposed)
    return unicodedata.normalize("NFC", moved)


@lru_cache(maxsize=65536)
def fold(token: str) -> str:
    """Lower case, no diacritics, ``đ`` → ``d``: the accent-insensitive form."""
    decomposed = unicodedata.normalize("NFD", token.lower().replace("đ", "d").replace("Đ", "d"))
    return "".join(c for c in decomposed if not unicodedata.combining(c))


@lru_cache(maxsize=65536)
def _normal_token(raw: str) -> tuple[str, ...]:
    """The accented index tokens of one raw token (abbreviations expanded)."""
    if "/" in raw:
        return ("đồng", "chí")
    low = unify_tone(raw.lower())
    expansion = _ABBREV_TOKENS.get(low)
    return expansion if expansion is not None else (low,)


_ABBREV_TOKENS: dict[str, tuple[str, ...]] = {
    k: tuple(unify_tone(w) for w in v.split()) for k, v in ABBREVIATIONS.items()
}


@dataclass(frozen=True)
class Token:
    """A raw token of the original text with its span and its normalised forms."""

    start: int
    end: int
    accented: tuple[str, ...]  # usually one word; several for an abbreviation

    @property
    def folded(self) -> tuple[str, ...]:
        return tuple(fold(t) for t in self.accented)


def iter_tokens(text: str) -> Iterator[Token]:
    """Tokens of ``text`` (already NFC) with spans into it, for highlighting."""
    for m in _TOKEN.finditer(text):
        yield Token(m.start(), m.end(), _normal_token(m.group()))


_WORD_CACHE: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {}


def word_forms(raw: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """``(accented, folded)`` index tokens of one raw token; a plain dict cache,
    because this runs for every word of every article indexed."""
    forms = _WORD_CACHE.get(raw)
    if forms is None:
        acc = _normal_token(raw)
        forms = (acc, tuple(fold(t) for t in acc))
        if len(_WORD_CACHE) < 500_000:
            _WORD_CACHE[raw] = forms
    return forms


_ACC: dict[str, str] = {}
_FOLD: dict[str, str] = {}


def _learn(words: set[str]) -> None:
    for w in words:
        acc = _normal_token(w)
        _ACC[w] = " ".join(acc)
        _FOLD[w] = " ".join(fold(t) for t in acc)
    if len(_ACC) > 1_000_000:  # unbounded vocabularies (numbers) must not grow forever
        _ACC.clear()
        _FOLD.clear()


def token_streams(text: str) -> tuple[str, str]:
    """``(accented, folded)`` token streams of ``text`` as space-joined strings.

    Hot path of indexing: one regex pass over the lower-cased text, then two
    C-level joins through per-word dictionaries.
    """
    low = nfc(text).lower()
    words = token_pattern(low).findall(low)
    missing = set(words).difference(_ACC)
    if missing:
        _learn(missing)
        if not _ACC.keys() >= missing:  # the cache was just cleared
            _learn(set(words))
    return " ".join(map(_ACC.__getitem__, words)), " ".join(map(_FOLD.__getitem__, words))


def accented_tokens(text: str) -> list[str]:
    """The accented token stream of ``text`` (what the accented column holds)."""
    out: list[str] = []
    for raw in _TOKEN.findall(nfc(text)):
        out.extend(word_forms(raw)[0])
    return out


def accented_text(text: str) -> str:
    return token_streams(text)[0]


def folded_text(text: str) -> str:
    return token_streams(text)[1]


def fold_phrase(text: str) -> str:
    """Folded, tone-unified, abbreviation-expanded form of a short string (facet keys)."""
    return folded_text(text)


def has_diacritics(word: str) -> bool:
    return fold(word) != word.lower()


# -- abbreviation marks -------------------------------------------------------
# An abbreviation's expansion (``viện kiểm sát nhân dân``) occurs in nearly
# every article, so matching it as a five-word phrase reads huge position
# lists. The SQLite backend therefore also indexes one mark token per
# expansion present in the text (``kxvksnd``), and a query word that is an
# abbreviation (or a quoted full form) matches that single token instead.
_MARKS: dict[tuple[str, ...], str] = {}
for _key, _value in ABBREVIATIONS.items():
    _MARKS.setdefault(tuple(fold(w) for w in _value.split()), "kx" + fold(_key))


def abbreviation_mark(folded: tuple[str, ...]) -> str | None:
    """The mark token of an exact expansion (``("vien", "kiem", "sat")`` → ``kxvks``)."""
    return _MARKS.get(folded)


def abbreviation_marks(folded_stream: str) -> str:
    """The distinct mark tokens of every expansion in a folded token stream."""
    padded = f" {folded_stream} "
    return " ".join(sorted({mark for phrase, mark in _MARK_PHRASES if phrase in padded}))


_MARK_PHRASES = [(" " + " ".join(k) + " ", mark) for k, mark in _MARKS.items()]
