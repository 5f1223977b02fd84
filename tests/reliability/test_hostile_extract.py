"""``kiemsat extract`` on hostile input: no crash, no hang, every regex bounded.

Two parts: hypothesis-generated text and HTML (no exception, a well-formed
article, in bounded time); and inputs built to trigger catastrophic
backtracking or deep recursion in the rules (long runs of the very tokens
the patterns look for: numbers with thousands dots, document numbers,
capitalised names, unit names, dates, brackets, nested tags). Each must be
processed within :data:`BOUND` seconds: minutes of backtracking would blow it,
ordinary slowness on a loaded 2-core CI machine would not.
``tests/nlp/test_units.py`` and the other NLP tests cover adversarial inputs
of single components; here the whole pipeline runs, through the CLI too.
"""

from __future__ import annotations

import time

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kiemsat.model import Article
from nlp.pipeline import extract_html, extract_text

BOUND = 30.0  # seconds per input (a linear-time pipeline needs well under 2)

VI = "aăâbcdđeêghiklmnoôơpqrstuưvxyáàảãạắằẳẵặấầẩẫậéèẻẽẹếềểễệíìỉĩịóòỏõọốồổỗộớờởỡợúùủũụứừửữựýỳỷỹỵ"
ALPHABET = st.sampled_from(
    list(VI + VI.upper() + "0123456789 .,;:/-()[]\"'%\n\t")
    + ["Viện kiểm sát ", "VKSND ", "Số ", "ngày "]
)
texts = st.lists(ALPHABET, max_size=400).map("".join)
TAGS = [
    "p",
    "div",
    "h1",
    "span",
    "article",
    "table",
    "td",
    "script",
    "style",
    "a",
    "b",
    "br",
    "time",
]


@st.composite
def html_pages(draw) -> str:
    parts = ["<!DOCTYPE html><html><head><title>", draw(texts), "</title></head><body>"]
    for _ in range(draw(st.integers(0, 30))):
        tag = draw(st.sampled_from(TAGS))
        attr = draw(
            st.sampled_from(["", ' class="news-content"', ' onclick="x()"', ' href="javascript:1"'])
        )
        close = draw(st.booleans())
        parts.append(f"<{tag}{attr}>{draw(texts)}" + (f"</{tag}>" if close else ""))
    if draw(st.booleans()):
        parts.append(draw(st.text(max_size=200)))  # any Unicode, control characters included
    return "".join(parts)


def _timed(fn, *args):
    started = time.perf_counter()
    result = fn(*args)
    took = time.perf_counter() - started
    assert took < BOUND, f"{took:.1f}s for {len(args[0])} characters"
    return result


FUZZ = settings(
    max_examples=40,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)


@FUZZ
@given(text=texts)
def test_fuzzed_text_never_crashes(text: str):
    article = _timed(extract_text, text)
    assert isinstance(article, Article)
    assert isinstance(article.to_dict()["metrics"], list)


@FUZZ
@given(page=html_pages())
def test_fuzzed_html_never_crashes(page: str):
    article = _timed(extract_html, page)
    assert isinstance(article, Article)
    for field in (article.title or "", article.body):
        assert "<script" not in field.lower() or "<script" in page.lower()


@FUZZ
@given(data=st.binary(max_size=2000))
def test_fuzzed_bytes_never_crash(data: bytes):
    """Any bytes give an article or a ``ValueError`` with a message (an empty page), nothing else."""
    try:
        article = _timed(extract_html, data)
    except ValueError as exc:
        assert str(exc), "a bad input's error says what is wrong"
        return
    assert isinstance(article, Article)


ADVERSARIAL = {
    "thousands dots": "Giải quyết " + "1." * 20000 + "x đơn",
    "decimal commas": "Tỷ lệ " + "9,9" * 15000 + "%",
    "digits": "Số liệu " + "9" * 100000,
    "document numbers": "Theo " + "Chỉ thị số 03/CT-VKSTC, " * 3000,
    "slash runs": "Số " + "1/" * 30000 + "QĐ",
    "code runs": "Số 12/" + "QĐ-" * 20000 + "VKSTC",
    "capitalised names": "Đồng chí " + "Nguyễn Văn " * 8000 + "phát biểu.",
    "titles": "Đồng chí " + "Phó Viện trưởng " * 5000 + "Trần An",
    "unit names": "Viện kiểm sát nhân dân " * 5000 + "tỉnh Thanh Hóa",
    "abbreviations": "VKSND " * 10000 + "TP Hà Nội",
    "dates": "ngày 21/9/2023 " * 5000,
    "periods": "Quý IV/2023 và 6 tháng đầu năm " * 3000,
    "us timestamps": "3/15/2021 8:19:41 AM " * 5000,
    "brackets": "(" * 20000 + "tăng 5%" + ")" * 20000,
    "percent changes": "tăng " * 10000 + "5,5%",
    "vụ bị can": "khởi tố " + "12 vụ/ " * 8000 + "20 bị can",
    "no spaces": "đ" * 100000,
    "spaces": " " * 100000 + "Viện kiểm sát",
    "newlines": "\n" * 50000 + "Viện kiểm sát\n" * 2000,
    "one huge paragraph": ("Viện kiểm sát nhân dân tỉnh Nghệ An kiểm sát 1.234 vụ án. " * 4000),
    "combining marks": "a" + "\u0301" * 50000,
    "bidi and zero-width": "\u202e\u200b" * 30000 + "Viện kiểm sát",
}
ADVERSARIAL_HTML = {
    "nested divs": "<html><body>" + "<div>" * 50000 + "Viện kiểm sát" + "</div>" * 50000,
    "unclosed tags": "<html><body>" + "<p><b><i>" * 30000 + "x",
    "comment runs": "<html><body>" + "<!--" * 100000 + "x",
    # each of these made the stdlib HTMLParser (once used for pages libxml2 gives
    # up on) rescan the rest of the page: 15 kB of "<a " took 7 s, 60 kB minutes
    "unclosed start tags": "<html><body>" + "<a " * 100000 + "x",
    "unclosed end tags": "<html><body>" + "</a" * 100000 + "x",
    "cdata runs": "<html><body>" + "<![CDATA[" * 50000 + "x",
    "processing instructions": "<html><body>" + "<?x" * 100000 + "x",
    "huge attribute": '<html><body><p class="' + "a" * 500000 + '">Viện kiểm sát</p>',
    "script body": "<html><body><script>" + "if(a<b){" * 30000 + "</script><p>Nội dung</p>",
    "entities": "<html><body><p>" + "&amp;#x26;" * 30000 + "</p>",
    "many paragraphs": "<html><body>" + "<p>Viện kiểm sát nhân dân tối cao.</p>" * 20000,
    "table soup": "<html><body><table>" + "<tr><td>1.234</td><td>Số 5/QĐ</td>" * 10000,
}


@pytest.mark.timeout(300)
@pytest.mark.parametrize("name", sorted(ADVERSARIAL))
def test_backtracking_bait_text(name: str):
    article = _timed(extract_text, ADVERSARIAL[name])
    assert isinstance(article, Article)


@pytest.mark.timeout(300)
@pytest.mark.parametrize("name", sorted(ADVERSARIAL_HTML))
def test_backtracking_bait_html(name: str):
    article = _timed(extract_html, ADVERSARIAL_HTML[name])
    assert isinstance(article, Article)


@pytest.mark.slow
def test_cli_extract_hostile_files(tmp_path, run_cli):
    """Through ``kiemsat extract``: hostile files give articles or clear errors, never a traceback."""
    files = []
    for i, name in enumerate(["brackets", "document numbers", "capitalised names"]):
        path = tmp_path / f"t{i}.txt"
        path.write_text(ADVERSARIAL[name], encoding="utf-8")
        files.append(path)
    for i, name in enumerate(["nested divs", "comment runs"]):
        path = tmp_path / f"h{i}.html"
        path.write_text(ADVERSARIAL_HTML[name], encoding="utf-8")
        files.append(path)
    binary = tmp_path / "b.txt"
    binary.write_bytes(bytes(range(256)) * 10)
    empty = tmp_path / "e.txt"
    empty.write_bytes(b"")
    out = run_cli(
        "extract",
        "--json",
        *map(str, files),
        str(binary),
        str(empty),
        str(tmp_path / "missing.txt"),
    )
    assert "Traceback" not in out.stderr
    assert out.returncode == 1, "the unreadable files are reported"
    lines = out.stdout.strip().splitlines()
    assert len(lines) == len(files) + 3
    assert "binary" in out.stderr and "missing.txt" in out.stderr
