"""The spaCy pipeline: tokenizer choice, components by name, Doc zones, batch = single."""

from __future__ import annotations

import pytest

from kiemsat.model import Article
from nlp.pipeline import (
    COMPONENTS,
    available_components,
    build_nlp,
    doc_text,
    extract_many,
    extract_text,
    get_nlp,
    make_doc,
    text_source,
)
from nlp.tokenizer import VietnameseTokenizer

ARTICLE = """Viện kiểm sát nhân dân tỉnh Mẫu tập huấn kỹ năng kiểm sát án hình sự

05/03/2024
Sáng ngày 04/3/2024, Viện kiểm sát nhân dân tỉnh Mẫu tổ chức Hội nghị tập huấn kỹ năng thực hành quyền công tố cho 85 Kiểm sát viên hai cấp.

leftcenterrightdel
 Đồng chí Phạm Văn Mẫu, Viện trưởng phát biểu khai mạc lớp tập huấn

Tại lớp tập huấn, các giảng viên đã trao đổi kinh nghiệm về kỹ năng xét hỏi tại phiên tòa và tranh tụng trong các vụ án phức tạp.

Hải Yến
"""


def test_blank_vietnamese_pipeline_with_our_tokenizer() -> None:
    nlp = get_nlp()
    assert nlp.lang == "vi"
    assert isinstance(nlp.tokenizer, VietnameseTokenizer)
    for name in available_components():
        assert name in nlp.pipe_names
    # Components run in the declared order.
    order = [n for n, _ in COMPONENTS if n in nlp.pipe_names]
    assert nlp.pipe_names == order


def test_available_components_follow_existing_modules() -> None:
    names = available_components()
    assert "kiemsat_event_type" in names
    assert set(names) <= {n for n, _ in COMPONENTS}


def test_build_with_explicit_components_and_unknown_name() -> None:
    nlp = build_nlp(["kiemsat_event_type"])
    assert nlp.pipe_names == ["kiemsat_event_type"]
    with pytest.raises(ValueError, match="unknown component"):
        build_nlp(["kiemsat_nothing"])


def test_doc_zones_cover_title_body_captions() -> None:
    source = text_source(ARTICLE, site="file")
    text, zones = doc_text(source.seg)
    kinds = [k for _, _, k in zones]
    assert kinds == ["title", "body", "caption"]
    for start, end, kind in zones:
        chunk = text[start:end]
        if kind == "title":
            assert chunk == source.seg.title
        if kind == "caption":
            assert chunk.startswith("Đồng chí Phạm Văn Mẫu")
    doc = make_doc(get_nlp(), source)
    assert doc._.zones == zones
    assert doc._.context["site"] == "file"


def test_extract_text_gives_the_article_object() -> None:
    art = extract_text(ARTICLE, path="x.txt", site="file")
    assert isinstance(art, Article)
    assert art.title == "Viện kiểm sát nhân dân tỉnh Mẫu tập huấn kỹ năng kiểm sát án hình sự"
    assert art.published == "2024-03-05"
    assert art.authors == ["Hải Yến"]
    assert art.event_type == "training"
    assert art.captions == ["Đồng chí Phạm Văn Mẫu, Viện trưởng phát biểu khai mạc lớp tập huấn"]
    assert art.body.split("\n\n")[0].startswith("Sáng ngày 04/3/2024")
    assert len(art.body.split("\n\n")) == 2
    assert art.path == "x.txt" and art.site == "file"


def test_batch_equals_one_by_one() -> None:
    texts = [ARTICLE, ARTICLE.replace("tập huấn", "sơ kết"), "Chỉ một dòng."]
    batch = list(extract_many([text_source(t) for t in texts], batch_size=2))
    single = [extract_text(t) for t in texts]
    assert [a.to_dict() for a in batch] == [a.to_dict() for a in single]


@pytest.mark.parametrize(
    ("title", "lead", "expected"),
    [
        (
            "VKSND tỉnh Mẫu tổ chức Hội nghị sơ kết công tác 6 tháng đầu năm",
            "Hội nghị đánh giá kết quả công tác.",
            "conference",
        ),
        ("VKSND tỉnh Mẫu tập huấn kỹ năng xét hỏi", "Lớp tập huấn có 60 học viên.", "training"),
        (
            "Công bố kết luận thanh tra tại VKSND huyện Mẫu",
            "Đoàn thanh tra đã công bố kết luận.",
            "inspection",
        ),
        (
            "Truy tố bị can Trần Văn Mẫu về tội “Tham ô tài sản”",
            "Cáo trạng xác định bị can đã chiếm đoạt tiền.",
            "case",
        ),
        (
            "Viện trưởng ban hành Chỉ thị về công tác năm 2025",
            "Chỉ thị nêu rõ các nhiệm vụ trọng tâm.",
            "directive",
        ),
        (
            "VKSND tỉnh Mẫu tổ chức Hội thao chào mừng ngày thành lập ngành",
            "Các đội thi đấu sôi nổi.",
            "other",
        ),
        (
            "Lễ kỷ niệm 65 năm ngày thành lập ngành Kiểm sát nhân dân",
            "Buổi lễ diễn ra trang trọng.",
            "other",
        ),
        (
            "Ngành Kiểm sát nhân dân đã khởi tố mới 72.000 vụ án trong năm",
            "Quốc hội thảo luận báo cáo của ngành.",
            "other",
        ),
    ],
)
def test_event_types(title: str, lead: str, expected: str) -> None:
    art = extract_text(
        f"{title}\n\n{lead} Bài viết có đủ nội dung để là một đoạn văn hoàn chỉnh của câu chuyện."
    )
    assert art.event_type == expected


def test_page_header_names_the_implied_procuracy_and_bylines_name_units():
    """With no profile, the page's own header says which procuracy ``VKSND tỉnh`` is,
    and a unit named in the byline is a unit of the article."""
    from nlp.pipeline import extract_text

    text = "\n".join(
        [
            "VIỆN KIỂM SÁT NHÂN DÂN TỈNH HÀ GIANG",
            "Trang chủ",
            "Giới thiệu",
            "",
            "Hội nghị triển khai công tác kiểm sát năm 2025",
            "",
            "Sáng 14/01/2025, VKSND tỉnh tổ chức Hội nghị triển khai công tác năm 2025 "
            "với sự tham dự của lãnh đạo các phòng nghiệp vụ và các đơn vị trực thuộc.",
            "",
            "Tại Hội nghị, các đơn vị đã thảo luận, thống nhất các giải pháp trọng tâm "
            "để thực hiện tốt nhiệm vụ được giao trong năm.",
            "",
            "Minh Khang - Văn phòng",
        ]
    )
    art = extract_text(text)
    names = {u.name for u in art.units}
    assert "Viện kiểm sát nhân dân tỉnh Hà Giang" in names
    assert "Văn phòng Viện kiểm sát nhân dân tỉnh Hà Giang" in names
    assert art.authors == ["Minh Khang - Văn phòng"]
