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

from nlp.extensions import TEXT_KEY

# A token: word characters, joined by "/" or "-" to more word characters, or by
# "." "," ":" between digits; an optional trailing "%". Anything else that is
# not whitespace is a one-character token. Each token takes one following
# space as its trailing-space flag; any other run of whitespace is a token of
# its own (spaCy's convention), so the Doc's text is the input, exactly.
_TOKEN = r"\w+(?:(?:[/\-]|(?<=\d)[.,:](?=\d))\w+)*%?|[^\w\s]"
_PAIRS = re.compile(rf"({_TOKEN})( ?)|(\s+)")


class TextDoc(Doc):
    """A ``Doc`` that remembers its text.

    spaCy's ``Doc.text`` joins every token's text on each access (about 5 ms
    for a 1,000-token article, paid again by each component that reads it);
    the tokenizer knows the text already, so it keeps it in ``user_data`` and
    this property returns it. Retokenizing (merging or splitting tokens)
    never changes a Doc's text, so the cached value stays right.
    """

    @property
    def text(self) -> str:  # type: ignore[override]
        cached = self.user_data.get(TEXT_KEY)
        return cached if cached is not None else Doc.text.__get__(self)


class VietnameseTokenizer:
    """Callable ``text -> Doc`` (the interface ``nlp.tokenizer`` must have)."""

    def __init__(self, vocab: Vocab) -> None:
        self.vocab = vocab

    def __call__(self, text: str) -> Doc:
        pairs = _PAIRS.findall(text)
        words = [tok or ws for tok, _sp, ws in pairs]
        spaces = [sp == " " for _tok, sp, _ws in pairs]
        doc = TextDoc(self.vocab, words=words, spaces=spaces)
        doc.user_data[TEXT_KEY] = text
        return doc

    # spaCy serialises tokenizers with the pipeline; ours has no state to save.
    def to_bytes(self, **_: object) -> bytes:
        return b""

    def from_bytes(self, _data: bytes, **_: object) -> VietnameseTokenizer:
        return self

    def to_disk(self, _path: object, **_: object) -> None:
        return None

    def from_disk(self, _path: object, **_: object) -> VietnameseTokenizer:
        return self
