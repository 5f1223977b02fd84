"""The line classifier on plain-text copies in the styles of several portals.

Every article here is written for these tests (no real article text).
"""

from __future__ import annotations

import pytest

from nlp.boilerplate import (
    byline_text,
    dateline_parts,
    dedupe_paragraphs,
    is_chrome,
    is_credit_only,
    segment_text,
    strip_credit,
)

SUPREME_STYLE = """CỔNG THÔNG TIN ĐIỆN TỬ

VIỆN KIỂM SÁT NHÂN DÂN TỐI CAO

The Supreme People’s Procuracy of Viet Nam

VKSND tối cao tổ chức Hội nghị giao ban công tác tháng 5/2024

28/05/2024
Cỡ chữ:   Tương phản
Ngày 27/5/2024, VKSND tối cao tổ chức Hội nghị giao ban công tác tháng 5/2024 với sự tham dự của lãnh đạo các đơn vị trực thuộc.
Đồng chí Hoàng Văn Mẫu, Phó Viện trưởng VKSND tối cao phát biểu chỉ đạo Hội nghị

Tại Hội nghị, các đơn vị đã báo cáo kết quả thực hiện nhiệm vụ trong tháng và đề xuất giải pháp cho thời gian tới.

Đồng chí Lê Thị Thử, Vụ trưởng
 phát biểu tại Hội nghị

Kết luận Hội nghị, đồng chí Phó Viện trưởng yêu cầu các đơn vị tập trung hoàn thành các chỉ tiêu nghiệp vụ đã đề ra.

TL - HM
Tìm kiếm
"""

SHAREPOINT_STYLE = """Tin hoạt động
Viện kiểm sát nhân dân tỉnh Mẫu kiểm tra công tác kiểm sát tại các đơn vị cấp huyện năm 2024, thành phố
4/9/2024 3:05:10 PMThực hiện Kế hoạch số 20/KH-VKS ngày 01/3/2024, Viện kiểm sát nhân dân tỉnh Mẫu đã tiến hành kiểm tra tại 06 đơn vị cấp huyện.

Qua kiểm tra, đoàn đánh giá các đơn vị đã triển khai đầy đủ kế hoạch công tác, chấp hành tốt quy chế nghiệp vụ của ngành.

Ngọc Lan- Phòng 2 Viện kiểm sát nhân dân tỉnh

\u00a0

Tin liên quan
Viện kiểm sát nhân dân tỉnh Mẫu sơ kết công tác quý I
Hội nghị triển khai công tác năm 2024
"""

NEWSPAPER_STYLE = """Truy tố nguyên cán bộ địa chính xã lập hồ sơ giả

09/10/2023 14:20 Minh Khang
(PLM) - Viện kiểm sát nhân dân huyện Mẫu vừa ban hành cáo trạng truy tố bị can Trần Văn Giả về tội "Lợi dụng chức vụ, quyền hạn trong khi thi hành công vụ".

Bị can Trần Văn Giả tại cơ quan điều tra (Ảnh: CA)

Theo cáo trạng, trong thời gian làm cán bộ địa chính, bị can đã lập hồ sơ giả để hợp thức hóa nhiều thửa đất, gây thiệt hại cho Nhà nước hơn 300 triệu đồng.

Xem thêm
Chia sẻ
"""

BODY_ONLY_STYLE = """Thực hiện Kế hoạch công tác năm 2024, sáng ngày 12/4/2024, Viện kiểm sát nhân dân tỉnh Mẫu tổ chức Hội nghị tập huấn nghiệp vụ cho Kiểm sát viên hai cấp.
Tham dự có đ/c Vũ Văn Mẫu - Viện trưởng, đ/c Đỗ Thị Thử - Phó Viện trưởng và 70 công chức trong toàn ngành tỉnh.
Phát biểu khai mạc, đ/c Vũ Văn Mẫu nhấn mạnh việc tập huấn nhằm nâng cao kỹ năng thực hành quyền công tố tại phiên tòa.
Hải Đăng
Phòng 7-VKSND tỉnh
"""

TRUNCATED_STYLE = """Theo báo cáo, năm 2023 các đơn vị đã thụ lý giải quyết nhiều tin báo, tố giác tội phạm, bảo đảm đúng thời hạn luật định và không để xảy ra oan sai.

leftcenterrightdel
 Toàn cảnh buổi làm việc.

Các đơn vị cũng đã phối hợp chặt chẽ với cơ quan điều tra trong việc thu thập chứng cứ, đánh giá chứng cứ và đề ra yêu cầu điều tra đối với từng vụ án cụ thể, đồng thời tăng cường kiểm

02
"""


def kinds(seg) -> dict[int, str]:
    out = {}
    for line in seg.lines:
        for no in line.nos:
            out[no] = line.kind
    return out


def test_supreme_style_page() -> None:
    seg = segment_text(SUPREME_STYLE)
    assert seg.title == "VKSND tối cao tổ chức Hội nghị giao ban công tác tháng 5/2024"
    assert seg.published == "2024-05-28"
    assert seg.authors == ["TL - HM"]
    assert seg.captions == [
        "Đồng chí Hoàng Văn Mẫu, Phó Viện trưởng VKSND tối cao phát biểu chỉ đạo Hội nghị",
        "Đồng chí Lê Thị Thử, Vụ trưởng phát biểu tại Hội nghị",
    ]
    assert len(seg.paragraphs) == 3
    assert seg.paragraphs[0].startswith("Ngày 27/5/2024")
    body = seg.body
    for chrome in ("CỔNG THÔNG TIN", "Supreme", "Cỡ chữ", "Tìm kiếm", "TL - HM", "28/05/2024"):
        assert chrome not in body
    k = kinds(seg)
    assert k[1] == k[3] == k[5] == "boilerplate"
    assert k[7] == "title" and k[9] == "dateline"
    assert k[16] == k[17] == "caption"  # a caption wrapped over two lines


def test_sharepoint_style_page() -> None:
    seg = segment_text(SHAREPOINT_STYLE)
    assert seg.section == "Tin hoạt động"
    assert seg.title.startswith("Viện kiểm sát nhân dân tỉnh Mẫu kiểm tra công tác")
    assert seg.published == "2024-04-09"  # US-style timestamp, month first
    assert seg.paragraphs[0].startswith("Thực hiện Kế hoạch số 20/KH-VKS")
    assert seg.authors == ["Ngọc Lan- Phòng 2 Viện kiểm sát nhân dân tỉnh"]
    assert "Tin liên quan" not in seg.body
    assert "sơ kết công tác quý I" not in seg.body  # the related-news list
    assert len(seg.paragraphs) == 2


def test_newspaper_style_page() -> None:
    seg = segment_text(NEWSPAPER_STYLE)
    assert seg.title == "Truy tố nguyên cán bộ địa chính xã lập hồ sơ giả"
    assert seg.published == "2023-10-09"
    assert seg.authors == ["Minh Khang"]  # printed on the dateline
    assert seg.captions == ["Bị can Trần Văn Giả tại cơ quan điều tra"]  # credit removed
    assert seg.paragraphs[0].startswith("(PLM) - Viện kiểm sát")
    assert "Xem thêm" not in seg.body and "Chia sẻ" not in seg.body
    assert "CA)" not in seg.body


def test_body_only_copy_with_two_line_byline() -> None:
    seg = segment_text(BODY_ONLY_STYLE)
    assert seg.title is None
    assert seg.published is None  # a date inside the story is not the publication date
    assert seg.authors == ["Hải Đăng", "Phòng 7-VKSND tỉnh"]
    assert len(seg.paragraphs) == 3


def test_truncated_copy_keeps_its_cut_last_paragraph() -> None:
    seg = segment_text(TRUNCATED_STYLE)
    assert seg.title is None
    assert seg.captions == ["Toàn cảnh buổi làm việc."]
    assert seg.paragraphs[-1].endswith("tăng cường kiểm")
    assert "02" not in seg.paragraphs  # an image counter
    assert seg.authors == []


def test_labels_cover_every_non_blank_line() -> None:
    seg = segment_text(SUPREME_STYLE)
    labels = seg.labels()
    numbered = sorted(n for ns in labels.values() for n in ns)
    non_blank = [i for i, line in enumerate(SUPREME_STYLE.split("\n"), 1) if line.strip()]
    assert numbered == non_blank


def test_repeated_opening_and_teaser_are_dropped() -> None:
    opening = "Sáng ngày 3/6/2024, Viện kiểm sát nhân dân tỉnh Mẫu tổ chức Hội nghị sơ kết công tác 6 tháng đầu năm."
    text = "\n\n".join(
        [
            opening,
            "Hội nghị đã đánh giá kết quả nổi bật và chỉ ra những hạn chế cần khắc phục trong thời gian tới.",
            opening[:60] + "...",
            opening,
        ]
    )
    seg = segment_text(text)
    assert seg.paragraphs.count(opening) == 1
    assert all(not p.endswith("...") for p in seg.paragraphs)
    assert dedupe_paragraphs(["A b c", "a  B c"]) == ["A b c"]


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("21/09/2023", ("2023-09-21", None)),
        ("Ngày đăng : 08:00, 05/07/2022", ("2022-07-05", None)),
        ("3/15/2021 8:19:41 AM", ("2021-03-15", None)),
        ("Thứ Năm, 21/09/2023 - 10:15 (GMT+7)", ("2023-09-21", None)),
        (" date 2019-02 19/02/2019 17:19", ("2019-02-19", None)),
        ("13/05/2015 13:58 Ngọc Quang", ("2015-05-13", "Ngọc Quang")),
        ("Cập nhật lúc 10:15 ngày 5 tháng 7 năm 2022", ("2022-07-05", None)),
    ],
)
def test_datelines(line: str, expected: tuple) -> None:
    assert dateline_parts(line) == expected


@pytest.mark.parametrize(
    "line",
    [
        "Ngày 21/9/2023, VKSND tỉnh tổ chức hội nghị.",
        "Theo kế hoạch 21/09/2023 là hạn chót nộp báo cáo",
    ],
)
def test_not_datelines(line: str) -> None:
    assert dateline_parts(line) is None


@pytest.mark.parametrize(
    "line",
    [
        "Cỡ chữ:   Tương phản",
        "Tìm kiếm",
        "Chia sẻ | In bài",
        "Lượt xem: 1.234",
        "A- A+",
        "Bản quyền thuộc Báo Mẫu",
    ],
)
def test_chrome(line: str) -> None:
    assert is_chrome(line)


@pytest.mark.parametrize(
    "line", ["Tìm kiếm giải pháp nâng cao chất lượng công tác", "Thông báo số 12/TB-VKS"]
)
def test_not_chrome(line: str) -> None:
    assert not is_chrome(line)


@pytest.mark.parametrize(
    ("line", "author"),
    [
        ("P.V - TL", "P.V - TL"),
        ("H.Xuân", "H.Xuân"),
        ("Nguyễn Hoàng Việt An", "Nguyễn Hoàng Việt An"),
        (
            "Việt Hưng- Phòng 15 Viện kiểm sát nhân dân tỉnh",
            "Việt Hưng- Phòng 15 Viện kiểm sát nhân dân tỉnh",
        ),
        ("Bài, ảnh: Thu Hà", "Thu Hà"),
        ("Đức Anh (TTXVN)", "Đức Anh (TTXVN)"),
    ],
)
def test_bylines(line: str, author: str) -> None:
    assert byline_text(line) == author


@pytest.mark.parametrize(
    "line", ["Đại di", "Hội nghị kết thúc tốt đẹp.", "Các đơn vị cần chủ động rà soát"]
)
def test_not_bylines(line: str) -> None:
    assert byline_text(line) is None


def test_photo_credits() -> None:
    assert is_credit_only("Ảnh: CN")
    assert is_credit_only("(Ảnh minh họa)")
    assert not is_credit_only("Ảnh hưởng của mưa bão")
    assert strip_credit("Ông Trần Văn Mẫu (ảnh: N.D)") == "Ông Trần Văn Mẫu"
    assert strip_credit("Quang cảnh phiên họp. ảnh: Cổng TTĐT.") == "Quang cảnh phiên họp."
    assert strip_credit("Lãnh đạo tham dự. Ảnh: CN") == "Lãnh đạo tham dự."


def test_empty_and_blank_input() -> None:
    for text in ("", "\n\n  \n", "\ufeff"):
        seg = segment_text(text)
        assert seg.title is None and seg.paragraphs == [] and seg.captions == []


def test_opening_repeated_after_an_ellipsis_is_cut() -> None:
    opening = "Ngày 2/7/2024, Viện kiểm sát nhân dân tỉnh Mẫu tổ chức Hội nghị triển khai công tác kiểm sát quý III."
    middle = "Các đơn vị đã thống nhất nhiều giải pháp để hoàn thành các chỉ tiêu nghiệp vụ được giao trong năm."
    tail = "Hội nghị kết thúc sau một buổi làm việc khẩn trương, nghiêm túc..." + opening
    paragraphs = dedupe_paragraphs([opening, middle, tail])
    assert paragraphs == [
        opening,
        middle,
        "Hội nghị kết thúc sau một buổi làm việc khẩn trương, nghiêm túc...",
    ]
    assert dedupe_paragraphs([opening, "…" + opening[:70] + "…"]) == [opening]


BREADCRUMB_STYLE = """Trang chủ > Tin tức - Sự kiện > Tin hoạt động
Viện kiểm sát nhân dân tỉnh Mẫu ký kết quy chế phối hợp với Công an tỉnh
Thứ Năm, 21/09/2023 - 10:15 (GMT+7)
Ngày 20/9/2023, Viện kiểm sát nhân dân tỉnh Mẫu và Công an tỉnh Mẫu tổ chức lễ ký kết quy chế phối hợp trong công tác tiếp nhận nguồn tin về tội phạm.

Quy chế gồm 5 chương, 20 điều, quy định nguyên tắc, nội dung và trách nhiệm phối hợp giữa hai cơ quan trong từng khâu.

Các đại biểu thực hiện nghi thức ký kết (Ảnh: Văn Tâm)

Phát biểu tại buổi lễ, lãnh đạo hai đơn vị khẳng định sẽ triển khai quy chế đến toàn thể cán bộ, chiến sĩ và công chức.

Tác giả: Văn Tâm
Lượt xem: 1.203
Chia sẻ bài viết
Bài viết liên quan
Viện kiểm sát nhân dân tỉnh Mẫu tập huấn nghiệp vụ
Hội nghị giao ban quý III
Cơ quan chủ quản: Viện kiểm sát nhân dân tỉnh Mẫu
"""

NEWS_SITE_STYLE = """Thời sự
Thứ ba, 5/3/2024, 14:20 (GMT+7)
Tuyên án tử hình kẻ giết người cướp tài sản ở huyện Mẫu
Sau hai ngày xét xử, Tòa án nhân dân tỉnh Mẫu tuyên phạt bị cáo Lê Văn Ác tử hình về tội "Giết người" và "Cướp tài sản".
Theo cáo trạng của Viện kiểm sát nhân dân tỉnh Mẫu, tối 12/8/2023, bị cáo đột nhập nhà bà Nguyễn Thị Lành để trộm cắp tài sản.
Bị cáo Lê Văn Ác tại phiên tòa. Ảnh: Phan Dương
Tại phiên tòa, đại diện Viện kiểm sát giữ quyền công tố đề nghị mức án cao nhất đối với bị cáo do tính chất đặc biệt nghiêm trọng.
Phan Dương
"""


def test_breadcrumb_footer_and_related_list() -> None:
    seg = segment_text(BREADCRUMB_STYLE)
    assert seg.section is None  # a breadcrumb is site navigation, not the article's section
    assert seg.title == "Viện kiểm sát nhân dân tỉnh Mẫu ký kết quy chế phối hợp với Công an tỉnh"
    assert seg.published == "2023-09-21"
    assert seg.authors == ["Văn Tâm"]
    assert seg.captions == ["Các đại biểu thực hiện nghi thức ký kết"]
    assert len(seg.paragraphs) == 3
    assert (
        "Lượt xem" not in seg.body
        and "Cơ quan chủ quản" not in seg.body
        and "giao ban" not in seg.body
    )


def test_news_site_with_dateline_above_the_headline() -> None:
    seg = segment_text(NEWS_SITE_STYLE)
    assert seg.section == "Thời sự"
    assert seg.published == "2024-03-05"
    assert seg.title == "Tuyên án tử hình kẻ giết người cướp tài sản ở huyện Mẫu"
    assert seg.captions == ["Bị cáo Lê Văn Ác tại phiên tòa."]
    assert seg.authors == ["Phan Dương"]
    assert len(seg.paragraphs) == 3
