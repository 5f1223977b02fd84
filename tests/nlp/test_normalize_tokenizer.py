"""Text normalisation helpers and the regex tokenizer."""

from __future__ import annotations

import time

import pytest
import spacy
from hypothesis import given, settings
from hypothesis import strategies as st

from nlp.normalize import clean_text, compare_key, fold, match_key, unify_tones
from nlp.tokenizer import VietnameseTokenizer


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ("Thanh Hoá", "Thanh Hóa"),
        ("thuỷ sản", "thủy sản"),
        ("Uỷ ban", "Ủy ban"),
        ("khoẻ mạnh", "khỏe mạnh"),
        ("Toà án", "Tòa án"),
        ("HOÀ BÌNH", "HÒA BÌNH"),
        ("luỹ kế", "lũy kế"),
    ],
)
def test_unify_tones_moves_new_style_marks(old: str, new: str) -> None:
    assert unify_tones(old) == new
    assert match_key(old) == match_key(new)


@pytest.mark.parametrize(
    "word", ["hoàn thành", "quý", "Quý IV", "khuya", "thuyền", "hòa", "của", "mùa"]
)
def test_unify_tones_leaves_other_syllables(word: str) -> None:
    assert unify_tones(word) == word


def test_clean_text_keeps_letters_and_removes_invisibles() -> None:
    raw = "Viện\u00a0kiểm\u200bsát\r\nnhân dân\u00ad tỉnh"
    assert clean_text(raw) == "Viện kiểmsát\nnhân dân tỉnh"
    decomposed = "Vie\u0323\u0302n"  # NFD
    assert clean_text(decomposed) == "Viện"


def test_fold_handles_d_stroke_and_case() -> None:
    assert fold("ĐỒNG CHÍ Đỗ") == "dong chi do"
    assert fold("kiểm sát") == fold("Kiem  Sat") == "kiem sat"


def test_compare_key_follows_the_contract() -> None:
    assert compare_key("  Viện KIỂM\n sát ") == "viện kiểm sát"
    assert compare_key(None) is None


@given(st.text(max_size=200))
@settings(max_examples=200, deadline=None)
def test_helpers_are_total_and_idempotent(text: str) -> None:
    once = match_key(text)
    assert match_key(once) == once
    assert fold(fold(text)) == fold(text)
    assert clean_text(clean_text(text)) == clean_text(text)


_TOK = VietnameseTokenizer(spacy.blank("xx").vocab)


@pytest.fixture(scope="module")
def tok() -> VietnameseTokenizer:
    return VietnameseTokenizer(spacy.blank("xx").vocab)


@pytest.mark.parametrize(
    "token",
    [
        "3.275",
        "99,8%",
        "27/6/2023",
        "03/CT-VKSTC",
        "3.275/3.283",
        "09/2014/UBTVQH13",
        "24/KL-VKS-TTr",
        "đ/c",
        "8:19:41",
    ],
)
def test_tokens_kept_whole(tok: VietnameseTokenizer, token: str) -> None:
    doc = tok(f"Theo số liệu {token}, đơn vị báo cáo.")
    assert token in [t.text for t in doc]


def test_punctuation_split_and_text_preserved(tok: VietnameseTokenizer) -> None:
    text = "  Ngày 21/9/2023, VKSND tối cao (Hà Nội) họp.\n\nĐồng chí Lê Văn Mẫu: “phát biểu”…  "
    doc = tok(text)
    assert doc.text == text
    words = [t.text for t in doc]
    assert "," in words and "(" in words and ")" in words and "“" in words
    assert "tối" in words and "cao" in words


@given(st.text(alphabet=st.sampled_from(list("ab1.,/-% \n\tđẫ:")), max_size=300))
@settings(max_examples=300, deadline=None)
def test_tokenizer_round_trips_any_text(text: str) -> None:
    doc = _TOK(text)
    assert doc.text == text


def test_tokenizer_linear_on_adversarial_input(tok: VietnameseTokenizer) -> None:
    nasty = "1." * 50_000 + "x" + "a-" * 50_000 + "/"
    start = time.perf_counter()
    doc = tok(nasty)
    assert doc.text == nasty
    assert time.perf_counter() - start < 30  # generous: linear time is well under a second


def test_doc_text_is_cached_and_exact(tok: VietnameseTokenizer) -> None:
    text = "Ngày 21/9/2023,  VKSND tối cao\n\nhọp."
    doc = tok(text)
    assert doc.text == text == "".join(t.text_with_ws for t in doc)
    with doc.retokenize() as retok:
        retok.merge(doc[0:2])
    assert doc.text == text == "".join(t.text_with_ws for t in doc)
