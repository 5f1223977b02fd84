"""Custom ``Doc`` attributes the pipeline's components read and write.

The pipeline (``nlp.pipeline``) builds one ``Doc`` per article from the text
that extraction works on: the title, the body and the captions, joined by blank
lines, and records where each part lies in ``doc._.zones`` as
``(start_char, end_char, kind)`` with kind ``"title"``, ``"body"`` or
``"caption"``. ``doc._.context`` carries what the page itself says about its
source (``site``, ``url``, ``province`` of the source portal when known), which
components use to resolve implied parents such as ``VKSND tỉnh``.

Each component fills one attribute with ``kiemsat.model`` objects:
``units``, ``people``, ``documents``, ``metrics``, ``event_type``.
"""

from __future__ import annotations

from spacy.tokens import Doc

_ATTRS: dict[str, object] = {
    "zones": None,  # list[tuple[int, int, str]]
    "context": None,  # dict[str, str | None]
    "units": None,  # list[kiemsat.model.Unit]
    "unit_mentions": None,  # list[tuple[int, int, str]]: (start, end, canonical name)
    "people": None,  # list[kiemsat.model.Person]
    "documents": None,  # list[kiemsat.model.Document]
    "metrics": None,  # list[kiemsat.model.Metric]
    "event_type": None,  # str
}


def register_extensions() -> None:
    """Idempotently register the ``Doc._`` attributes (safe to call from every component)."""
    for name, default in _ATTRS.items():
        if not Doc.has_extension(name):
            Doc.set_extension(name, default=default)


register_extensions()


#: ``doc.user_data`` key of the Doc's text (see :func:`doc_text`).
TEXT_KEY = "kiemsat.text"


def doc_text(doc: Doc) -> str:
    """``doc.text``, computed at most once per Doc.

    spaCy rebuilds ``doc.text`` from every token on each access (about 10 ms
    for a 1,000-token article), so components that work on the text with
    regular expressions should read it through this helper. The pipeline
    stores the text here when it builds the Doc, so it is free.
    """
    text = doc.user_data.get(TEXT_KEY)
    if text is None:
        text = doc.user_data[TEXT_KEY] = doc.text
    return text
