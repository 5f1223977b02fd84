"""Hostile and degenerate inputs: each gives a result or a clear error, in bounded time.

Time is bounded by pytest-timeout (generous, so a slow CI machine does not
flake); a quadratic or exponential path would blow far past it.
"""

from __future__ import annotations

import json
import random
from pathlib import Path

import pytest

from nlp.boilerplate import (
    byline_text,
    dateline_parts,
    is_caption_shape,
    is_chrome,
    segment_text,
    strip_credit,
)
from nlp.commands import extract_paths
from nlp.html import segment_html
from nlp.pipeline import extract_html, extract_text

PARA = (
    "Ngày 3/4/2024, Viện kiểm sát nhân dân tỉnh Mẫu tổ chức Hội nghị sơ kết công tác quý I, "
    "đánh giá kết quả thực hiện 12 chỉ tiêu nghiệp vụ và đề ra nhiệm vụ trọng tâm quý II."
)


def test_empty_text_and_html() -> None:
    art = extract_text("")
    assert art.title is None and art.body == "" and art.people == [] and art.event_type == "other"
    with pytest.raises(ValueError, match="empty"):
        extract_html(b"")


def test_cli_errors_for_empty_and_binary_files(tmp_path: Path) -> None:
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    blank = tmp_path / "blank.html"
    blank.write_bytes(b"   \n ")
    binary = tmp_path / "junk.txt"
    rng = random.Random(1)
    binary.write_bytes(bytes(rng.randrange(256) for _ in range(20_000)))
    binary_html = tmp_path / "junk.html"
    binary_html.write_bytes(b"\x00\x01" * 5000)
    good = tmp_path / "good.txt"
    good.write_text(PARA, encoding="utf-8")
    rows = extract_paths([str(empty), str(blank), str(binary), str(binary_html), str(good)])
    assert [r["path"] for r in rows] == [str(p) for p in (empty, blank, binary, binary_html, good)]
    for row in rows[:4]:
        assert row["error"]["message"], row
    assert "empty" in rows[0]["error"]["message"]
    assert "binary" in rows[2]["error"]["message"]
    assert "error" not in rows[4] and rows[4]["body"] == PARA
    json.dumps(rows, ensure_ascii=False)  # every result is JSON-serialisable


@pytest.mark.timeout(120)
def test_five_megabyte_page() -> None:
    paras = "".join(f"<p>{PARA} Đoạn {i}.</p>" for i in range(24_000))
    page = f"<html><body><h1>Trang rất dài</h1>{paras}</body></html>".encode()
    assert len(page) > 5_000_000
    art = extract_html(page)
    assert art.title == "Trang rất dài"
    assert art.body.startswith(PARA)


@pytest.mark.timeout(60)
def test_five_megabyte_text_in_one_line() -> None:
    text = ("x" * 50 + " ") * 100_000
    art = extract_text(text)
    assert art.body  # kept (cut to a bounded length per line), not an error


@pytest.mark.timeout(60)
def test_page_of_only_numbers() -> None:
    text = "\n".join(" ".join(str(i * j) for j in range(200)) for i in range(500))
    art = extract_text(text)
    assert art.title is None
    digits = "9" * 100_000
    assert extract_text(digits).title is None  # no story in it, and no error
    assert extract_text("1.2.3.4.5/6,7,8%" * 20_000) is not None


@pytest.mark.timeout(60)
def test_deeply_nested_html() -> None:
    depth = 100_000
    page = "<html><body>" + "<div>" * depth + f"<p>{PARA}</p>" + "</div>" * depth + "</body></html>"
    seg, _ = segment_html(page)  # libxml2 may cap the depth; it must not crash or recurse
    assert isinstance(seg.paragraphs, list)
    nested_spans = (
        "<html><body><p>" + "<span>" * 5000 + PARA + "</span>" * 5000 + "</p></body></html>"
    )
    assert PARA in extract_html(nested_spans).body


@pytest.mark.timeout(60)
@pytest.mark.parametrize(
    "line",
    [
        "A" * 5000 + "!",  # long capitalised run for the name pattern
        "Ab." * 3000 + " x",
        "Phạm " * 3000 + "x",
        "(" + "Ảnh: " * 3000 + "x",
        ", " * 10_000 + "ảnh: X",
        ")" * 20_000 + "a",
        "..." * 7000 + "x",
        "… " * 10_000,
        "1/1/2000 " * 2000 + "x",
        "left" * 5000 + "x",
        "Thứ hai " * 2000 + "21/09/2023 x",
        "đồng chí " * 3000,
        "- " * 10_000 + "Phòng",
    ],
)
def test_adversarial_lines_are_fast(line: str) -> None:
    # Each helper on its own, then the whole classifier on the line repeated.
    byline_text(line)
    dateline_parts(line)
    is_chrome(line)
    is_caption_shape(line)
    strip_credit(line)
    seg = segment_text((line + "\n") * 20)
    assert seg is not None


@pytest.mark.timeout(120)
def test_many_duplicate_and_teaser_paragraphs() -> None:
    paras = [f"{PARA} Số {i}." for i in range(5000)]
    teasers = [p[:60] + "..." for p in paras[:5000]]
    seg = segment_text("\n\n".join(paras + teasers + paras))
    assert len(seg.paragraphs) == 5000


def test_garbage_unicode_text() -> None:
    rng = random.Random(7)
    text = "".join(chr(rng.randrange(0x20, 0x2FFF)) for _ in range(50_000))
    art = extract_text(text)
    assert isinstance(art.body, str)
