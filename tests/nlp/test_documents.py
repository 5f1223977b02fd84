"""Numbered official documents: type, number and symbol, issuer, date."""

from __future__ import annotations

import time

import pytest
import spacy
from hypothesis import given, settings
from hypothesis import strategies as st

from kiemsat.model import Document
from nlp.components.documents import (
    TYPE_ABBREVIATIONS,
    find_documents,
    issuer_of,
    normalize_number,
)


def _one(text: str) -> Document:
    docs = find_documents(text)
    assert len(docs) == 1, docs
    return docs[0]


@pytest.mark.parametrize(
    ("text", "type_", "number", "issuer", "date"),
    [
        (
            "Triển khai Chỉ thị số 05/CT-VKSTC ngày 14/3/2024 của Viện trưởng.",
            "Chỉ thị",
            "05/CT-VKSTC",
            "VKSTC",
            "2024-03-14",
        ),
        (
            "thực hiện Kế hoạch số 21-KH/BCSĐ ngày 02/02/2024 về công tác cán bộ",
            "Kế hoạch",
            "21-KH/BCSĐ",
            "BCSĐ",
            "2024-02-02",
        ),
        ("quán triệt Nghị quyết số 45- NQ/TW của Trung ương", "Nghị quyết", "45-NQ/TW", "TW", None),
        (
            "theo Công văn số 1120/VKSTC-V14 ngày 5/4/2022",
            "Công văn",
            "1120/VKSTC-V14",
            "VKSTC",
            "2022-04-05",
        ),
        (
            "ban hành Kết luận thanh tra số 31/KL-VKS-TTr ngày 12/9/2022",
            "Kết luận",
            "31/KL-VKS-TTr",
            "VKS",
            "2022-09-12",
        ),
        (
            "Báo cáo số 210/BC-VKS ngày 01/6/2023 nêu rõ",
            "Báo cáo",
            "210/BC-VKS",
            "VKS",
            "2023-06-01",
        ),
        (
            "Quyết định số: 42/QĐ-VKSTC ngày 20/01/2020",
            "Quyết định",
            "42/QĐ-VKSTC",
            "VKSTC",
            "2020-01-20",
        ),
        ("sửa đổi Quy chế số 12 của Ngành", "Quy chế", "12", None, None),
        (
            "Quyết định xử phạt vi phạm hành chính số 61/QĐ-XPVPHC ngày 9/9/2021",
            "Quyết định",
            "61/QĐ-XPVPHC",
            "XPVPHC",
            "2021-09-09",
        ),
        ("đạt yêu cầu Nghị quyết 37 của Quốc hội", "Nghị quyết", "37", None, None),
        ("Luật số 05/2022/QH15 sửa đổi", "Luật", "05/2022/QH15", "QH15", None),
        ("thực hiện Chỉ thị số 08 của Bộ Chính trị", "Chỉ thị", "08", None, None),
        (
            "Thông tư liên tịch số 02/2018 giữa các ngành",
            "Thông tư liên tịch",
            "02/2018",
            None,
            None,
        ),
        (
            "Thông tư liên tịch số 03/2018/TTLT-VKSNDTC-TANDTC-BCA quy định",
            "Thông tư liên tịch",
            "03/2018/TTLT-VKSNDTC-TANDTC-BCA",
            "VKSNDTC",
            None,
        ),
        (
            "thi hành Pháp lệnh 11/2016/UBTVQH13 về",
            "Pháp lệnh",
            "11/2016/UBTVQH13",
            "UBTVQH13",
            None,
        ),
        ("Nghị định 30/2020/NĐ-CP về công tác văn thư", "Nghị định", "30/2020/NĐ-CP", "CP", None),
        ("theo kế hoạch số 7/kh-vks ngày 3/1/2024", "Kế hoạch", "7/KH-VKS", "VKS", "2024-01-03"),
        (
            "Quyết định số 77/QĐ-VKSTC, ngày 18 tháng 5 năm 2021",
            "Quyết định",
            "77/QĐ-VKSTC",
            "VKSTC",
            "2021-05-18",
        ),
    ],
)
def test_citations(
    text: str, type_: str, number: str, issuer: str | None, date: str | None
) -> None:
    doc = _one(text)
    assert (doc.type, doc.number, doc.issuer, doc.date) == (type_, number, issuer, date)
    assert doc.text in text
    assert doc.text.lower().startswith(type_.lower())


def test_signing_date_before_the_citation() -> None:
    text = "Ngày 14/02/2015, Viện trưởng VKSND tối cao đã ký Quyết định số 99/QĐ-VKSTC ban hành Quy chế."
    doc = _one(text)
    assert (doc.number, doc.date) == ("99/QĐ-VKSTC", "2015-02-14")
    assert doc.text == "Ngày 14/02/2015, Viện trưởng VKSND tối cao đã ký Quyết định số 99/QĐ-VKSTC"


def test_repeated_citation_is_one_document_keeping_the_date() -> None:
    text = (
        "Thực hiện Chỉ thị số 02/CT-VKSTC về công tác kiểm sát. "
        "Chỉ thị số 02/CT-VKSTC ngày 10/1/2024 yêu cầu các đơn vị."
    )
    doc = _one(text)
    assert doc.date == "2024-01-10"


@pytest.mark.parametrize(
    "text",
    [
        "áp dụng Bộ luật Hình sự và Bộ luật Tố tụng hình sự",
        "theo Luật Tổ chức Viện kiểm sát nhân dân năm 2014",
        "chuyển đổi số 6 tháng đầu năm",
        "đã ban hành Kế hoạch công tác năm 2024",
        "thụ lý 12/15 vụ án",
        "Quyết định 2024 của",
        "triển khai Kế hoạch 2024 của đơn vị",
    ],
)
def test_not_documents(text: str) -> None:
    assert find_documents(text) == []


def test_several_in_one_sentence() -> None:
    text = "Kế hoạch số 3/KH-VKS ngày 4/1/2023 và Kế hoạch số 9-KH/ĐU ngày 6/1/2023 của Đảng ủy"
    assert [(d.number, d.issuer, d.date) for d in find_documents(text)] == [
        ("3/KH-VKS", "VKS", "2023-01-04"),
        ("9-KH/ĐU", "ĐU", "2023-01-06"),
    ]


def test_normalize_and_issuer() -> None:
    assert normalize_number("27- NQ/TW") == "27-NQ/TW"
    assert normalize_number("24/kl-vks-TTr") == "24/KL-VKS-TTr"
    assert issuer_of("609/VKSTC-VP") == "VKSTC"
    assert issuer_of("03/CT-VKSTC") == "VKSTC"
    assert issuer_of("14-KH/BCSĐ") == "BCSĐ"
    assert issuer_of("08") is None
    assert issuer_of("01/2017") is None


def test_component_fills_doc_documents() -> None:
    nlp = spacy.blank("vi", config={"nlp": {"tokenizer": {"use_pyvi": False}}})
    nlp.add_pipe("kiemsat_documents")
    doc = nlp("Thực hiện Công văn số 15/VKSTC-VP ngày 2/2/2022 của Viện.")
    assert [(d.type, d.number) for d in doc._.documents] == [("Công văn", "15/VKSTC-VP")]


_TYPES = st.sampled_from(["Chỉ thị", "Kế hoạch", "Công văn", "Quyết định", "Thông báo", "Báo cáo"])
_ABBR = st.sampled_from(["CT", "KH", "QĐ", "TB", "BC", "KL"])
_ISSUERS = st.text(alphabet="ABCDGHKLMNPQSTUVĐ", min_size=2, max_size=8).filter(
    lambda s: s not in TYPE_ABBREVIATIONS
)


@settings(max_examples=300, deadline=None)
@given(_TYPES, st.integers(1, 99999), _ABBR, _ISSUERS, st.dates(), st.booleans())
def test_round_trip_state_style(
    type_: str, n: int, abbr: str, issuer: str, when, pad: bool
) -> None:
    number = f"{n:02d}/{abbr}-{issuer}" if pad else f"{n}/{abbr}-{issuer}"
    date_text = f"{when.day}/{when.month}/{when.year}"
    text = f"Thực hiện {type_} số {number} ngày {date_text} của đơn vị."
    doc = _one(text)
    if 1900 <= when.year <= 2100:
        assert (doc.type, doc.number, doc.issuer, doc.date) == (
            type_,
            number,
            issuer,
            when.isoformat(),
        )
    else:
        assert (doc.type, doc.number, doc.issuer) == (type_, number, issuer)


@settings(max_examples=300, deadline=None)
@given(st.integers(1, 9999), _ABBR, _ISSUERS)
def test_round_trip_party_style(n: int, abbr: str, issuer: str) -> None:
    doc = _one(f"quán triệt Nghị quyết số {n}-{abbr}/{issuer} của cấp ủy")
    assert (doc.number, doc.issuer) == (f"{n}-{abbr}/{issuer}", issuer)


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="0123456789/-: sốngàyKếhoạchQĐCTVKS", max_size=300))
def test_never_crashes_on_noise(text: str) -> None:
    for doc in find_documents(text):
        assert doc.number and doc.type


def test_adversarial_input_is_linear() -> None:
    blobs = [
        "Kế hoạch số " + "1/" * 50_000,
        "Kế hoạch số " + "A-" * 50_000,
        "Quyết định số 1 " * 10_000,
        "ngày 1/1/2020, " * 10_000 + "ký Quyết định số 1/QĐ-VKS",
        "9" * 100_000,
    ]
    start = time.perf_counter()
    for blob in blobs:
        find_documents(blob)
    assert time.perf_counter() - start < 10


def test_a_date_before_counts_only_for_signing_or_issuing() -> None:
    signed = _one("Ngày 3/4/2021, Viện trưởng đã ban hành Công văn số 88/VKSTC-VP hướng dẫn.")
    assert signed.date == "2021-04-03"
    other = _one("Ngày 3/4/2021, Viện tổ chức hội nghị triển khai Kế hoạch số 9/KH-VKS của Ngành.")
    assert other.date is None


def test_short_reference_by_number() -> None:
    assert [(d.type, d.number) for d in find_documents("Căn cứ Điều 9 Quy chế 47, đơn vị đã")] == [
        ("Quy chế", "47")
    ]
    text = "Quyết định số 305/QĐ-VKSTC ngày 2/6/2019 (gọi tắt là Quyết định 305) quy định rõ."
    assert [(d.number, d.date) for d in find_documents(text)] == [("305/QĐ-VKSTC", "2019-06-02")]
    assert find_documents("Kế hoạch 5 năm của đơn vị") == []
    assert find_documents("ra quyết định 3 lần trong năm") == []


# --- generalisation: the base type, court judgments -------------------------------


@pytest.mark.parametrize(
    ("text", "type_", "number"),
    [
        (
            "ký kết Quy chế phối hợp số 07/QC-VKS-CA ngày 2/3/2024 giữa hai ngành",
            "Quy chế",
            "07/QC-VKS-CA",
        ),
        (
            "ban hành Quyết định kháng nghị giám đốc thẩm số 15/QĐ-VKSTC-V9",
            "Quyết định",
            "15/QĐ-VKSTC-V9",
        ),
        ("theo Thông báo kết luận số 118-TB/TU của Ban Thường vụ", "Thông báo", "118-TB/TU"),
        (
            "Hướng dẫn liên ngành số 03/HDLN-VKS-CA-TA về trao đổi thông tin",
            "Hướng dẫn",
            "03/HDLN-VKS-CA-TA",
        ),
        (
            "áp dụng Thông tư liên tịch số 02/2019/TTLT-VKSNDTC-BCA",
            "Thông tư liên tịch",
            "02/2019/TTLT-VKSNDTC-BCA",
        ),
        ("Phương án số 04/PA-VKS về bảo đảm an ninh trụ sở", "Phương án", "04/PA-VKS"),
    ],
)
def test_type_is_the_base_type_without_qualifiers(text: str, type_: str, number: str) -> None:
    doc = _one(text)
    assert (doc.type, doc.number) == (type_, number)


@pytest.mark.parametrize(
    "number",
    [
        "27/2024/HS-ST",
        "09/2023/DS-PT",
        "3/2022/KDTM-GĐT",
        "115/2025/HC-ST",
        "58/2023/HSST",
        "21/2024/QĐST-HNGĐ",
    ],
)
def test_a_court_judgment_has_no_issuer(number: str) -> None:
    doc = _one(f"Tòa án tuyên Bản án hình sự sơ thẩm số {number} ngày 11/10/2024 đối với bị cáo.")
    assert (doc.type, doc.number, doc.issuer) == ("Bản án", number, None)


def test_legal_texts_with_a_year_keep_their_issuer() -> None:
    assert issuer_of("01/2017/TTLT-VKSNDTC-BCA") == "VKSNDTC"
    assert issuer_of("96/2019/QH14") == "QH14"


@pytest.mark.parametrize(
    ("number", "issuer"),
    [
        ("11/KHLN-VKS-CA", "VKS"),
        ("03/QCPH-VKSĐN-CAĐN", "VKSĐN"),
        ("06/PA-VKSTC", "VKSTC"),
        ("22/CT-TTg", "TTg"),
    ],
)
def test_joint_type_abbreviations_are_not_issuers(number: str, issuer: str) -> None:
    assert issuer_of(number) == issuer
