"""Official documents cited by number: ``Chỉ thị số 03/CT-VKSTC ngày 27/6/2023``.

Vietnamese official documents carry a number and symbol (*số, ký hiệu*) in one
of three styles, set by Decree 30/2020/NĐ-CP and the Party's own rules:

- state style ``N/TYPE-ISSUER[-DRAFTER]``: ``03/CT-VKSTC``, ``24/KL-VKS-TTr``,
  with a year for legal texts: ``01/2017/TTLT-VKSNDTC-BCA``;
- *công văn* style ``N/ISSUER-DRAFTER``: ``609/VKSTC-VP``;
- party style ``N-TYPE/ISSUER``: ``14-KH/BCSĐ``, ``27-NQ/TW``.

A citation is a document type word (``Kế hoạch``), optionally a few qualifier
words (``Kết luận thanh tra``), ``số`` and the number, optionally ``ngày
dd/mm/yyyy`` after it; a signing date just before (``ngày 27/01/2010, Viện
trưởng đã ký Quyết định số 68/...``) belongs to it too. Without ``số`` the
number must carry a symbol (``Pháp lệnh 09/2014/UBTVQH13``), so a law or code
cited by name only (``Bộ luật Hình sự``) is never a document.
"""

from __future__ import annotations

import re

from spacy.language import Language
from spacy.tokens import Doc

from kiemsat.model import Document
from nlp.dates import parse_date
from nlp.extensions import register_extensions

__all__ = [
    "DocumentsComponent",
    "find_documents",
    "issuer_of",
    "make_documents",
    "normalize_number",
]

# The base types of Decree 30/2020/NĐ-CP and the laws on legal texts. Qualifiers
# are not part of the type (``Quy chế phối hợp`` is a ``Quy chế``, ``Quyết định
# kháng nghị`` a ``Quyết định``, ``Bản án hình sự sơ thẩm`` a ``Bản án``), but the
# joint legal types (``Thông tư liên tịch``) are types of their own.
# Longest first so ``Thông tư liên tịch`` wins over ``Thông tư``.
DOCUMENT_TYPES: tuple[str, ...] = tuple(
    sorted(
        {
            "Báo cáo",
            "Bản án",
            "Biên bản",
            "Bộ luật",
            "Cáo trạng",
            "Chỉ thị",
            "Chỉ thị liên tịch",
            "Chương trình",
            "Công điện",
            "Công văn",
            "Đề án",
            "Hướng dẫn",
            "Kế hoạch",
            "Kết luận",
            "Kháng nghị",
            "Kiến nghị",
            "Luật",
            "Lệnh",
            "Nghị định",
            "Nghị quyết",
            "Nghị quyết liên tịch",
            "Pháp lệnh",
            "Phương án",
            "Quy chế",
            "Quy định",
            "Quy trình",
            "Quyết định",
            "Thông báo",
            "Thông cáo",
            "Thông tri",
            "Thông tư",
            "Thông tư liên tịch",
            "Tờ trình",
            "Văn bản",
        },
        key=len,
        reverse=True,
    )
)

#: Abbreviations of document types used in symbols (skipped when finding the issuer).
TYPE_ABBREVIATIONS: frozenset[str] = frozenset(
    {
        "BB",
        "BC",
        "CĐ",
        "CT",
        "CTLT",
        "CTR",
        "CV",
        "ĐA",
        "HD",
        "HDLN",
        "HĐ",
        "KH",
        "KL",
        "KN",
        "KNGĐT",
        "KNPT",
        "NĐ",
        "NQ",
        "NQLT",
        "QC",
        "QCPH",
        "QĐ",
        "QĐKN",
        "QĐ-KN",
        "QYĐ",
        "QY",
        "TB",
        "TBKL",
        "TT",
        "TTLT",
        "TTR",
        "TR",
        "PL",
        "PA",
        "GM",
        "QT",
        "L",
    }
)

_SP = r"[ \t\u00a0]"
_TYPE_ALT = "|".join(
    f"[{re.escape(t[0].upper())}{re.escape(t[0].lower())}]{re.escape(t[1:])}".replace(
        r"\ ", f"{_SP}{{1,2}}"
    )
    for t in DOCUMENT_TYPES
)
# A symbol segment: letters/digits (``CT``, ``VKSTC``, ``UBTVQH13``, ``2017``).
_SEG = r"[0-9A-Za-zĐđ]{1,15}"
# number and symbol: ``03/CT-VKSTC``, ``27- NQ/TW``, ``01/2017/TTLT-VKSNDTC-BCA``
_NUMBER_WITH_SO = rf"\d{{1,6}}(?:{_SP}{{0,2}}[/\-]{_SP}{{0,2}}{_SEG}){{0,6}}"
_NUMBER_BARE = rf"\d{{1,6}}(?:{_SP}{{0,2}}[/\-]{_SP}{{0,2}}{_SEG}){{1,6}}"
_DATE_AFTER = rf"(?:,?{_SP}{{1,3}}(?:ban hành{_SP}{{1,2}}|được ký{_SP}{{1,2}}|ký{_SP}{{1,2}})?ngày{_SP}{{1,3}}(?P<date>\d{{1,2}}[/.\-]\d{{1,2}}[/.\-]\d{{4}}|\d{{1,2}}{_SP}{{1,2}}tháng{_SP}{{1,2}}\d{{1,2}}{_SP}{{1,2}}năm{_SP}{{1,2}}\d{{4}}))?"

_CITATION = re.compile(
    rf"(?<!\w)(?P<type>{_TYPE_ALT})"
    rf"(?:(?P<qual>(?:{_SP}{{1,2}}[a-zàáảãạăằắẳẵặâầấẩẫậèéẻẽẹêềếểễệìíỉĩịòóỏõọôồốổỗộơờớởỡợùúủũụưừứửữựỳýỷỹỵđ]{{1,8}}){{0,6}})"
    rf"{_SP}{{1,2}}số{_SP}{{0,2}}:?{_SP}{{0,2}}(?P<num>{_NUMBER_WITH_SO})"
    rf"|{_SP}{{1,2}}(?P<bare>{_NUMBER_BARE})"
    rf"|{_SP}{{1,2}}(?P<bare_of>\d{{1,6}})(?={_SP}{{0,2}}(?:[,.;:)]|$|(?:của|về|và|thì|nêu|này|đã|quy định|"
    rf"được|với|sửa đổi|hướng dẫn|trong|ngày){_SP})))"
    rf"(?![\w/])"
    rf"{_DATE_AFTER}"
)
# A signing date just before the citation: ``ngày 27/01/2010, Viện trưởng ... đã ký ``
_DATE_BEFORE = re.compile(
    rf"[Nn]gày{_SP}{{1,3}}(?P<date>\d{{1,2}}/\d{{1,2}}/\d{{4}}),?[^.;:\n]{{0,80}}?"
    rf"(?:(?<!đăng )ký|ban hành){_SP}{{1,2}}(?:ban hành{_SP}{{1,2}})?$"
)
_YEAR = re.compile(r"(?:19|20)\d{2}")
# A court judgment or decision: ``41/2024/HS-ST``, ``12/2023/DS-PT``,
# ``05/2022/KDTM-GĐT``: year, case kind, trial stage. Courts put no issuer code
# in the symbol.
# Also written without the dash (``45/2023/HSST``) or stage first
# (``15/2024/QĐST-HNGĐ``).
_STAGE = r"(?:ST|PT|GĐT|GDT|TĐT|TDT)"
_JUDGMENT = re.compile(
    rf"\d{{1,6}}/(?:19|20)\d{{2}}/(?:[A-ZĐ]{{1,6}}-?{_STAGE}|[A-ZĐ]{{0,4}}{_STAGE}-[A-ZĐ]{{1,6}})"
)
# A type abbreviation with a joint-issuing suffix: ``KHLN`` (kế hoạch liên
# ngành), ``QCPH`` (quy chế phối hợp), ``HDLT`` (hướng dẫn liên tịch).
_JOINT_TYPE = re.compile(r"(?:KH|QC|HD|TB|BC|CT|NQ|QĐ|QY|TT|CTR)(?:LN|PH|LT|LB)")
_DIGITS = re.compile(r"\d+")
_SPACES = re.compile(rf"{_SP}+")


def normalize_number(raw: str) -> str:
    """Stray spaces removed; letters upper-cased except in segments that mix case (``TTr``)."""
    compact = _SPACES.sub("", raw)
    parts = re.split(r"([/\-])", compact)
    out = []
    for part in parts:
        letters = [c for c in part if c.isalpha()]
        mixed = any(c.isupper() for c in letters) and any(c.islower() for c in letters)
        out.append(part if mixed else part.upper())
    return "".join(out)


def issuer_of(number: str) -> str | None:
    """The issuing body's code in a normalised number and symbol, or None.

    Party style ``N-TYPE/ISSUER`` gives what follows ``/``; state and công văn
    styles give the first segment after ``/`` that is neither a year nor a
    document-type abbreviation. A court's judgment (``41/2024/HS-ST``) names
    the case kind and trial stage, not an issuer: None.
    """
    head, slash, tail = number.partition("/")
    if not slash or not tail or _JUDGMENT.fullmatch(number):
        return None
    if "-" in head and any(c.isalpha() for c in head):
        return tail.split("/")[0] or None
    for segment in re.split(r"[/\-]", tail):
        if not segment or _DIGITS.fullmatch(segment):
            continue
        if segment.upper() in TYPE_ABBREVIATIONS or _JOINT_TYPE.fullmatch(segment.upper()):
            continue
        return segment
    return None


def _type_name(raw: str) -> str:
    text = _SPACES.sub(" ", raw)
    return text[0].upper() + text[1:]


def find_documents(text: str) -> list[Document]:
    """Every numbered document cited in ``text``, once per (type, number), in order."""
    found: dict[tuple[str, str], Document] = {}
    for match in _CITATION.finditer(text):
        # ``Nghị quyết 96 của Quốc hội``: a bare number is kept when its issuer follows
        raw_number = match["num"] or match["bare"] or match["bare_of"]
        if match["bare_of"] and (_YEAR.fullmatch(raw_number) or not match["type"][0].isupper()):
            # ``Kế hoạch 2024 của đơn vị`` is the plan for a year; a lower-case
            # type word with a bare number is running text (``quyết định 3 ...``)
            continue
        if match["bare"] and not any(c.isalpha() for c in raw_number):
            # ``Luật 2015/...``: a bare number needs a symbol with letters or a year-slash form.
            if not re.fullmatch(r"\d{1,6}/(?:19|20)\d{2}", _SPACES.sub("", raw_number)):
                continue
        number = normalize_number(raw_number)
        doc_type = _type_name(match["type"])
        start, end = match.start(), match.end()
        iso = None
        if match["date"]:
            parsed = parse_date("ngày " + match["date"])
            iso = parsed.isoformat() if parsed else None
        if iso is None:
            if match["date"]:
                # an impossible date (``ngày 31/02/2023``) is not part of the citation
                end = text.rfind("ngày", start, match.start("date"))
            before = _DATE_BEFORE.search(text, max(0, start - 140), start)
            if before:
                parsed = parse_date(before["date"])
                if parsed:
                    iso = parsed.isoformat()
                    start = before.start()
        citation = text[start:end].rstrip(" ,\t")
        key = (doc_type.lower(), number)
        known = found.get(key)
        if known is None:
            found[key] = Document(doc_type, number, issuer_of(number), iso, citation)
        elif known.date is None and iso is not None:
            known.date, known.text = iso, citation
    return _merge_short_references(list(found.values()))


def _merge_short_references(docs: list[Document]) -> list[Document]:
    """``Quyết định 190`` after ``Quyết định số 190/QĐ-VKSTC``: the same document, cited short."""
    full = [d for d in docs if not d.number.isdigit()]
    out = []
    for doc in docs:
        if doc.number.isdigit() and any(
            f.type == doc.type and re.match(rf"0*{int(doc.number)}(?:[/\-]|$)", f.number)
            for f in full
        ):
            continue
        out.append(doc)
    return out


def citation_spans(text: str) -> list[tuple[int, int]]:
    """Character spans of every document citation (other components skip numbers inside them)."""
    return [match.span() for match in _CITATION.finditer(text)]


class DocumentsComponent:
    """Fills ``doc._.documents`` with the numbered documents cited in the doc's text."""

    def __init__(self, nlp: Language, name: str) -> None:
        register_extensions()
        self.name = name

    def __call__(self, doc: Doc) -> Doc:
        doc._.documents = find_documents(doc.text)
        return doc


@Language.factory("kiemsat_documents")
def make_documents(nlp: Language, name: str) -> DocumentsComponent:
    return DocumentsComponent(nlp, name)
