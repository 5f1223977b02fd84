"""Vietnamese text normalisation shared by every extraction component.

Three different needs, three helpers, so nobody has to choose between keeping
the text as printed and matching it reliably:

* :func:`clean_text` is for *display*: NFC, newlines unified, invisible
  characters (zero-width spaces, soft hyphens, BOM) removed and no-break spaces
  turned into spaces. It never changes letters, so names and titles stay
  exactly as printed.
* :func:`match_key` is for *matching with diacritics*: :func:`clean_text`, then
  :func:`unify_tones` (``hoà`` → ``hòa``, ``thuỷ`` → ``thủy``), case folding and
  collapsed whitespace. Two spellings of one word get one key.
* :func:`fold` is for *accent-insensitive* matching: :func:`match_key` without
  any diacritics, ``đ`` → ``d`` (``đ`` has no Unicode decomposition, so generic
  "strip accents" helpers miss it).

Offsets: :func:`clean_text` may delete characters; the matching helpers work on
strings, not offsets. Components that need character offsets into a ``Doc``
run their regular expressions on ``doc.text`` (already cleaned by the
pipeline) and use :func:`match_key` only to compare what they found.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

# Characters that carry no text: zero-width space/joiners, word joiner, BOM, soft hyphen.
_INVISIBLE = re.compile("[\u200b\u200c\u200d\u2060\ufeff\u00ad]")
# Spaces other than the plain one (no-break, en/em/thin spaces, ideographic).
_SPACES = re.compile(r"[\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000\t\f\v]")

# Combining diacritical marks (every Vietnamese vowel mark and tone in NFD).
_COMBINING = re.compile("[\u0300-\u036f]")
# Vietnamese tone marks as combining characters (NFD).
TONE_MARKS = "\u0300\u0301\u0303\u0309\u0323"
# "New style" tone placement on the second vowel of open syllables oa/oe/uy
# (hoà, khoẻ, thuỷ) moved onto the first vowel (hòa, khỏe, thủy), the spelling
# official names use. Only open syllables: in ``hoàn`` the tone is on ``a`` in
# both styles. ``quý`` is excluded because its ``u`` belongs to ``qu``.
_NEW_STYLE_TONE = re.compile(rf"([oOuU])([aAeEyY])([{TONE_MARKS}])(?!\w)")


# Regex character classes of upper- and lower-case letters of Vietnamese text
# (Latin-1 and Latin Extended blocks). ``[À-Ỹ]`` is NOT an upper-case class: that
# code-point range interleaves both cases (``Đ`` U+0110, ``đ`` U+0111, ...).
_LATIN = (
    [chr(c) for c in range(0x41, 0x7B)]
    + [chr(c) for c in range(0xC0, 0x250)]
    + [chr(c) for c in range(0x1E00, 0x1F00)]
)
UPPER = "".join(c for c in _LATIN if c.isupper())
LOWER = "".join(c for c in _LATIN if c.islower())
#: Use inside a regex character class: ``rf"[{UPPER_CLASS}]"``.
UPPER_CLASS = re.escape(UPPER)
LOWER_CLASS = re.escape(LOWER)


def nfc(text: str) -> str:
    """Unicode NFC (the form the contract requires for every output string)."""
    return unicodedata.normalize("NFC", text)


def clean_text(text: str) -> str:
    """Normalise for display and storage: NFC, ``\\n`` newlines, no invisible
    characters, exotic spaces turned into plain spaces. Letters are untouched."""
    text = (
        text.replace("\r\n", "\n")
        .replace("\r", "\n")
        .replace("\u2028", "\n")
        .replace("\u2029", "\n")
    )
    text = _INVISIBLE.sub("", text)
    text = _SPACES.sub(" ", text)
    return text if text.isascii() else nfc(text)


def _swap_tone(m: re.Match[str]) -> str:
    first, second, tone = m.group(1), m.group(2), m.group(3)
    pair_ok = (first in "oO" and second in "aAeE") or (first in "uU" and second in "yY")
    after_q = m.start() > 0 and m.string[m.start() - 1] in "qQ"
    if not pair_ok or after_q:
        return m.group(0)
    return first + tone + second


def unify_tones(text: str) -> str:
    """Put tone marks of open ``oa``/``oe``/``uy`` syllables on the first vowel.

    >>> unify_tones("Thanh Hoá, thuỷ sản, Uỷ ban, hoàn thành, quý")
    'Thanh Hóa, thủy sản, Ủy ban, hoàn thành, quý'
    """
    if text.isascii():
        return text
    decomposed = unicodedata.normalize("NFD", text)
    swapped = _NEW_STYLE_TONE.sub(_swap_tone, decomposed)
    return nfc(swapped) if swapped != decomposed else nfc(text)


def collapse_ws(text: str) -> str:
    """Runs of whitespace (newlines included) become one space; ends trimmed."""
    return " ".join(text.split())


#: Strings up to this length are memoised (names, titles, gazetteer entries
#: repeat); whole paragraphs are not, so the caches stay small.
CACHE_MAX_LEN = 200


def match_key(text: str) -> str:
    """Key for matching with diacritics: cleaned, tones unified, case-folded, spaces collapsed.

    >>> match_key("  Viện KIỂM SÁT\\u00a0nhân dân tỉnh Thanh Hoá ") == match_key("viện kiểm sát nhân dân tỉnh thanh hóa")
    True
    """
    return _match_key_cached(text) if len(text) <= CACHE_MAX_LEN else _match_key(text)


def _match_key(text: str) -> str:
    return collapse_ws(unify_tones(clean_text(text)).casefold())


_match_key_cached = lru_cache(maxsize=32768)(_match_key)


def fold(text: str) -> str:
    """Accent-insensitive key: :func:`match_key` without diacritics, ``đ`` → ``d``.

    >>> fold("Đồng chí Nguyễn Hải Đăng")
    'dong chi nguyen hai dang'
    """
    return _fold_cached(text) if len(text) <= CACHE_MAX_LEN else _fold(text)


def _fold(text: str) -> str:
    key = match_key(text)
    if key.isascii():
        return key
    stripped = _COMBINING.sub("", unicodedata.normalize("NFD", key))
    return stripped.replace("đ", "d").replace("Đ", "d")


_fold_cached = lru_cache(maxsize=32768)(_fold)


def compare_key(text: str | None) -> str | None:
    """The contract's comparison form (section 5): NFC, lower case, whitespace collapsed.

    Deliberately *not* tone-unified: scoring follows the contract to the letter.
    """
    if text is None:
        return None
    return collapse_ws(nfc(text).lower())
