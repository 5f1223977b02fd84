"""A small regex tokenizer for Vietnamese news text.

Why not spaCy's default ``vi`` tokenizer: it delegates to pyvi word
segmentation, which is slow (a CRF per sentence) and merges or splits person
names unpredictably, while our components work on syllables and character
offsets anyway. This tokenizer splits on whitespace and punctuation but keeps
as one token what the components need whole:

* numbers with Vietnamese separators and a percent sign: ``3.275``, ``99,8%``,
  ``3.275/3.283``, ``8:19:41``;
* dates: ``27/6/2023``;
* document symbols and codes: ``03/CT-VKSTC``, ``27-NQ/TW``, ``09/2014/UBTVQH13``,
  ``COVID-19``, ``đ/c``.

The regular expression has no nested quantifiers over overlapping classes, so
its running time is linear in the input (tested on adversarial input).
"""

from __future__ import annotations

import re

from spacy.tokens import Doc
from spacy.vocab import Vocab

# A token: word characters, joined by "/" or "-" to more word characters, or by
# "." "," ":" between digits; an optional trailing "%". Anything else that is
# not whitespace is a one-character token.
_TOKEN = re.compile(r"\w+(?:(?:[/\-]|(?<=\d)[.,:](?=\d))\w+)*%?|[^\w\s]")


class VietnameseTokenizer:
    """Callable ``text -> Doc`` (the interface ``nlp.tokenizer`` must have)."""

    def __init__(self, vocab: Vocab) -> None:
        self.vocab = vocab

    def __call__(self, text: str) -> Doc:
        words: list[str] = []
        spaces: list[bool] = []
        pos = 0
        for m in _TOKEN.finditer(text):
            start = m.start()
            if start > pos:
                self._gap(text[pos:start], words, spaces)
            words.append(m.group())
            spaces.append(False)
            pos = m.end()
        if pos < len(text):
            self._gap(text[pos:], words, spaces)
        return Doc(self.vocab, words=words, spaces=spaces)

    @staticmethod
    def _gap(gap: str, words: list[str], spaces: list[bool]) -> None:
        """Whitespace between tokens: one plain space is a trailing-space flag,
        anything more becomes a whitespace token (spaCy's convention)."""
        if words and gap[0] == " " and not spaces[-1]:
            spaces[-1] = True
            gap = gap[1:]
        if gap:
            words.append(gap)
            spaces.append(False)

    # spaCy serialises tokenizers with the pipeline; ours has no state to save.
    def to_bytes(self, **_: object) -> bytes:
        return b""

    def from_bytes(self, _data: bytes, **_: object) -> VietnameseTokenizer:
        return self

    def to_disk(self, _path: object, **_: object) -> None:
        return None

    def from_disk(self, _path: object, **_: object) -> VietnameseTokenizer:
        return self
