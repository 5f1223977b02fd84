"""The fixture corpus of the search contract suite: articles we wrote in the
style of the procuracy portals (invented people, real unit and document
naming patterns), as :class:`kiemsat.model.Article` objects.

Facts the tests rely on are stated next to each article.
"""

from __future__ import annotations

from kiemsat.ids import article_id
from kiemsat.model import Article, Document, Metric, Person, Unit

SUPREME = "Viện kiểm sát nhân dân tối cao"
THANH_HOA = "Viện kiểm sát nhân dân tỉnh Thanh Hóa"
QUANG_NAM = "Viện kiểm sát nhân dân tỉnh Quảng Nam"
QUE_SON = "Viện kiểm sát nhân dân huyện Quế Sơn, tỉnh Quảng Nam"
HCM = "Viện kiểm sát nhân dân thành phố Hồ Chí Minh"
HIGH_DN = "Viện kiểm sát nhân dân cấp cao tại Đà Nẵng"
COURT_TH = "Tòa án nhân dân tỉnh Thanh Hóa"

STORY = "story-giao-ban-2023"


def _a(site: str, path: str, **kw) -> Article:
    url = f"https://{site}/{path}"
    return Article(id=article_id(url), url=url, site=site, **kw)


def build() -> list[Article]:
    """The corpus, in a fixed order (ids are stable hashes of the URLs)."""
    return [
        # 0: supreme, conference, 2023, one copy of STORY (the other is 1)
        _a(
            "vksndtc.gov.vn",
            "tin-tuc/hoi-nghi-giao-ban-quy-iii-2023",
            title="VKSND tối cao tổ chức Hội nghị giao ban công tác kiểm sát Quý III/2023",
            published="2023-10-05",
            event_type="conference",
            body=(
                "Ngày 05/10/2023, Viện kiểm sát nhân dân tối cao tổ chức Hội nghị giao ban "
                "trực tuyến với 63 điểm cầu trong toàn quốc.\n\n"
                "Đồng chí Trần Quốc Vượng Bình, Phó Viện trưởng VKSND tối cao chủ trì Hội nghị. "
                "Trong Quý III, toàn ngành đã giải quyết 3.275/3.283 đơn, đạt tỷ lệ 99,8%."
            ),
            people=[Person("Trần Quốc Vượng Bình", ["Phó Viện trưởng"], SUPREME, 1)],
            units=[Unit(SUPREME, "supreme", 3)],
            documents=[
                Document("Chỉ thị", "03/CT-VKSTC", "VKSTC", "2023-06-27", "Chỉ thị số 03/CT-VKSTC")
            ],
            metrics=[
                Metric(
                    3275,
                    3283,
                    99.8,
                    subject="đơn",
                    period="Quý III/2023",
                    sentence="giải quyết 3.275/3.283 đơn",
                    consistent=True,
                ),
                Metric(63, subject="điểm cầu", period=None, sentence="với 63 điểm cầu"),
            ],
            story_id=STORY,
        ),
        # 1: the same story on kiemsat.vn, a day later
        _a(
            "kiemsat.vn",
            "giao-ban-quy-iii-2023-vksnd-toi-cao.html",
            title="Giao ban công tác kiểm sát Quý III/2023 của VKSND tối cao",
            published="2023-10-06",
            event_type="conference",
            body=(
                "VKSND tối cao vừa tổ chức Hội nghị giao ban trực tuyến Quý III năm 2023 "
                "với 63 điểm cầu. Phó Viện trưởng Trần Quốc Vượng Bình chủ trì."
            ),
            people=[Person("Trần Quốc Vượng Bình", ["Phó Viện trưởng"], SUPREME, 1)],
            units=[Unit(SUPREME, "supreme", 2)],
            metrics=[
                Metric(63, subject="điểm cầu", period="Quý III/2023", sentence="với 63 điểm cầu")
            ],
            story_id=STORY,
        ),
        # 2: Thanh Hóa in full words, training, 2022, old-style tone "Hoá" in body
        _a(
            "thanhhoa.kiemsat.gov.vn",
            "tap-huan-ky-nang-2022",
            title="Viện kiểm sát nhân dân tỉnh Thanh Hóa tập huấn kỹ năng xét hỏi tại phiên tòa",
            published="2022-03-14",
            event_type="training",
            body=(
                "Sáng 14/3/2022, Viện kiểm sát nhân dân tỉnh Thanh Hoá tổ chức lớp tập huấn "
                "cho 120 Kiểm sát viên về kỹ năng xét hỏi, tranh luận tại phiên tòa hình sự.\n\n"
                "Đồng chí Lê Thị Hồng Nhung, Viện trưởng phát biểu khai mạc."
            ),
            people=[Person("Lê Thị Hồng Nhung", ["Viện trưởng"], THANH_HOA, 2)],
            units=[Unit(THANH_HOA, "province", 3)],
            metrics=[
                Metric(120, subject="Kiểm sát viên", period=None, sentence="cho 120 Kiểm sát viên")
            ],
        ),
        # 3: Thanh Hóa abbreviated, case, 2024, court named, "đ/c"
        _a(
            "thanhhoa.kiemsat.gov.vn",
            "xet-xu-vu-an-tham-o-2024",
            title="VKSND tỉnh Thanh Hóa phối hợp TAND xét xử vụ án tham ô tài sản",
            published="2024-05-20",
            event_type="case",
            body=(
                "Ngày 20/5/2024, TAND tỉnh Thanh Hóa mở phiên tòa xét xử sơ thẩm vụ án tham ô "
                "tài sản xảy ra tại Công ty Lương thực Sông Mã. Đ/c Phạm Minh Khôi, KSV "
                "VKSND tỉnh Thanh Hóa thực hành quyền công tố. Thiệt hại hơn 12 tỷ đồng."
            ),
            people=[Person("Phạm Minh Khôi", ["Kiểm sát viên"], THANH_HOA, 1)],
            units=[Unit(THANH_HOA, "province", 2), Unit(COURT_TH, "external", 1)],
            metrics=[
                Metric(12_000_000_000, subject="đồng", period=None, sentence="hơn 12 tỷ đồng")
            ],
        ),
        # 4: Quảng Nam district, inspection, 2021, Kế hoạch number
        _a(
            "quangnam.kiemsat.gov.vn",
            "kiem-tra-que-son-2021",
            title="Kiểm tra công tác nghiệp vụ tại Viện kiểm sát nhân dân huyện Quế Sơn",
            published="2021-08-09",
            event_type="inspection",
            body=(
                "Thực hiện Kế hoạch số 14/KH-VKSQN ngày 02/3/2021, Đoàn kiểm tra của "
                "Viện kiểm sát nhân dân tỉnh Quảng Nam đã kiểm tra 9 cuộc kiểm sát trực tiếp "
                "tại Viện kiểm sát nhân dân huyện Quế Sơn, tỉnh Quảng Nam."
            ),
            people=[Person("Nguyễn Văn Đức", ["Trưởng đoàn"], QUANG_NAM, 1)],
            units=[Unit(QUE_SON, "district", 2), Unit(QUANG_NAM, "province", 1)],
            documents=[
                Document(
                    "Kế hoạch", "14/KH-VKSQN", "VKSQN", "2021-03-02", "Kế hoạch số 14/KH-VKSQN"
                )
            ],
            metrics=[
                Metric(
                    9,
                    subject="cuộc kiểm sát trực tiếp",
                    period="năm 2021",
                    sentence="kiểm tra 9 cuộc kiểm sát trực tiếp",
                )
            ],
        ),
        # 5: Hồ Chí Minh, directive, 2023: "đồng chí" spelled out, an OR target
        _a(
            "hcm.kiemsat.gov.vn",
            "trien-khai-chi-thi-2023",
            title="Triển khai Chỉ thị về tăng cường công tác kháng nghị phúc thẩm",
            published="2023-02-11",
            event_type="directive",
            body=(
                "Viện kiểm sát nhân dân thành phố Hồ Chí Minh triển khai Chỉ thị số 03/CT-VKSTC. "
                "Đồng chí Võ Thành Đạt yêu cầu các đơn vị nâng cao chất lượng kháng nghị phúc thẩm; "
                "năm 2022 đã ban hành 401 kháng nghị phúc thẩm, tăng 9 kháng nghị."
            ),
            people=[Person("Võ Thành Đạt", ["Viện trưởng"], HCM, 1)],
            units=[Unit(HCM, "province", 2)],
            documents=[Document("Chỉ thị", "03/CT-VKSTC", "VKSTC", None, "Chỉ thị số 03/CT-VKSTC")],
            metrics=[
                Metric(
                    401,
                    change=9,
                    subject="kháng nghị phúc thẩm",
                    period="năm 2022",
                    sentence="ban hành 401 kháng nghị phúc thẩm, tăng 9 kháng nghị",
                )
            ],
        ),
        # 6: high procuracy Đà Nẵng, conference, 2022; "bàn giao" (accented ranking target)
        _a(
            "vkscc-danang.gov.vn",
            "ban-giao-nhiem-vu-2022",
            title="Hội nghị bàn giao nhiệm vụ tại VKSND cấp cao tại Đà Nẵng",
            published="2022-12-28",
            event_type="conference",
            body=(
                "Hội nghị bàn giao nhiệm vụ giữa lãnh đạo cũ và lãnh đạo mới của đơn vị. "
                "Các đồng chí đã bàn giao đầy đủ hồ sơ, tài liệu."
            ),
            people=[Person("Đỗ Hữu Tâm", ["Viện trưởng"], HIGH_DN, 1)],
            units=[Unit(HIGH_DN, "high", 2)],
        ),
        # 7: "ban giáo" (same folded form as "bàn giao"), other, 2022, Thanh Hóa
        _a(
            "thanhhoa.kiemsat.gov.vn",
            "ban-giao-duc-2022",
            title="Ban giáo dục pháp luật ra mắt tại tỉnh Thanh Hóa",
            published="2022-06-01",
            event_type="other",
            body="Ban giáo dục pháp luật gồm 7 thành viên, do Viện kiểm sát nhân dân tỉnh Thanh Hóa chủ trì.",
            units=[Unit(THANH_HOA, "province", 1)],
            metrics=[Metric(7, subject="thành viên", period=None, sentence="gồm 7 thành viên")],
        ),
        # 8: injection and escaping: markup and query syntax inside the text; no date
        _a(
            "kiemsat.vn",
            "bai-viet-ky-tu-dac-biet",
            title="Cảnh giác với thư điện tử giả mạo <script>",
            published=None,
            event_type="other",
            body=(
                "Thư giả mạo có chứa đoạn <script>alert(1)</script> & đường dẫn lạ. "
                "Chuỗi title_fold: NEAR(a b) * được coi là văn bản thường."
            ),
        ),
        # 9-12: Hòa Bình / hoà old and new tones, years for the histogram
        _a(
            "kiemsat.vn",
            "hoa-binh-2021",
            title="Viện kiểm sát nhân dân tỉnh Hoà Bình sơ kết công tác 6 tháng đầu năm 2021",
            published="2021-07-15",
            event_type="conference",
            body="Viện kiểm sát nhân dân tỉnh Hoà Bình đã thụ lý 215 vụ án hình sự trong 6 tháng đầu năm 2021.",
            units=[Unit("Viện kiểm sát nhân dân tỉnh Hòa Bình", "province", 2)],
            metrics=[
                Metric(
                    215,
                    subject="vụ án hình sự",
                    period="6 tháng đầu năm 2021",
                    sentence="thụ lý 215 vụ án hình sự",
                )
            ],
        ),
        _a(
            "kiemsat.vn",
            "hoa-giai-2021",
            title="Hòa giải thành 45 vụ việc dân sự",
            published="2021-11-30",
            event_type="other",
            body="Qua công tác kiểm sát, các bên đã hòa giải thành 45 vụ việc dân sự.",
            metrics=[
                Metric(
                    45,
                    subject="vụ việc dân sự",
                    period="năm 2021",
                    sentence="hòa giải thành 45 vụ việc dân sự",
                )
            ],
        ),
        _a(
            "vksndtc.gov.vn",
            "tong-ket-2024",
            title="VKSND tối cao tổng kết công tác năm 2024",
            published="2024-01-10",
            event_type="conference",
            body=(
                "Năm 2024, Viện kiểm sát nhân dân tối cao đã thụ lý kiểm sát 72.000 vụ án, tăng 3,2%. "
                "Viện trưởng Nguyễn Hữu Phước Lâm biểu dương các đơn vị."
            ),
            people=[Person("Nguyễn Hữu Phước Lâm", ["Viện trưởng"], SUPREME, 1)],
            units=[Unit(SUPREME, "supreme", 2)],
            metrics=[
                Metric(
                    72000,
                    change_percent=3.2,
                    subject="vụ án",
                    period="năm 2024",
                    sentence="thụ lý kiểm sát 72.000 vụ án, tăng 3,2%",
                )
            ],
        ),
        _a(
            "quangnam.kiemsat.gov.vn",
            "cqdt-khoi-to-2024",
            title="CQĐT VKSND tối cao khởi tố vụ án tại huyện Quế Sơn",
            published="2024-09-02",
            event_type="case",
            body=(
                "Cơ quan điều tra Viện kiểm sát nhân dân tối cao đã khởi tố 2 bị can. "
                "VKSND huyện Quế Sơn, tỉnh Quảng Nam phối hợp thực hiện."
            ),
            units=[
                Unit("Cơ quan điều tra Viện kiểm sát nhân dân tối cao", "department", 1),
                Unit(QUE_SON, "district", 1),
            ],
            metrics=[Metric(2, subject="bị can", period=None, sentence="khởi tố 2 bị can")],
        ),
    ]


def by_path(articles: list[Article], fragment: str) -> Article:
    """The article whose URL contains ``fragment``."""
    return next(a for a in articles if fragment in (a.url or ""))
