"""Fixture articles for the serve tests, written by us in the style of the portals.

Three portals, one story syndicated on two of them, people whose titles change
over time, cited documents, figures (one with a subject that looks like a
spreadsheet formula) and one article whose title carries markup, to test
escaping everywhere it is shown.
"""

from __future__ import annotations

import socket

from kiemsat.ids import article_id
from kiemsat.model import Article, Document, Metric, Person, Unit
from kiemsat.settings import Settings
from kiemsat.store import Store
from search_api import get_backend
from search_api.app import create_app
from search_api.config import TestingConfig
from search_api.indexer import index_changes

SUPREME = "Viện kiểm sát nhân dân tối cao"
THAI_BINH = "Viện kiểm sát nhân dân tỉnh Thái Bình"
NINH_BINH = "Viện kiểm sát nhân dân tỉnh Ninh Bình"
HIGH_DN = "Viện kiểm sát nhân dân cấp cao tại Đà Nẵng"
XSS_TITLE = '<script>alert("xss")</script> Kiểm sát viên <b>trẻ</b> & đổi mới'


def _url(site: str, slug: str) -> str:
    return f"https://{site}/tin-tuc/{slug}.html"


def _article(site: str, slug: str, **kw) -> Article:
    url = _url(site, slug)
    return Article(
        id=article_id(url),
        url=url,
        site=site,
        fetched_at=f"{kw.get('published', '2024-01-01')}T08:00:00Z",
        **kw,
    )


def fixture_articles() -> list[Article]:
    story = "story-giao-ban-quy-1"
    return [
        _article(
            "vksndtc.gov.vn",
            "hoi-nghi-giao-ban-quy-1-2024",
            title="VKSND tối cao tổ chức Hội nghị giao ban công tác Quý I/2024",
            published="2024-03-28",
            authors=["Minh Châu"],
            event_type="conference",
            story_id=story,
            body=(
                "Ngày 28/3/2024, Viện kiểm sát nhân dân tối cao tổ chức Hội nghị giao ban trực tuyến "
                "đánh giá kết quả công tác kiểm sát Quý I/2024.\n\n"
                "Đồng chí Trần Văn Khải, Phó Viện trưởng Viện kiểm sát nhân dân tối cao chủ trì Hội nghị. "
                "Theo báo cáo, toàn ngành đã giải quyết 1.245/1.300 đơn khiếu nại, đạt tỷ lệ 95,8%.\n\n"
                "Hội nghị quán triệt Chỉ thị số 03/CT-VKSTC ngày 27/6/2023 về tăng cường công tác kiểm sát "
                "và yêu cầu các đơn vị ban hành 21 kháng nghị phúc thẩm trong quý tới."
            ),
            captions=["Đồng chí Trần Văn Khải phát biểu chỉ đạo Hội nghị"],
            people=[Person("Trần Văn Khải", ["Phó Viện trưởng"], SUPREME, 2)],
            units=[Unit(SUPREME, "supreme", 2)],
            documents=[
                Document(
                    "Chỉ thị",
                    "03/CT-VKSTC",
                    "VKSTC",
                    "2023-06-27",
                    "Chỉ thị số 03/CT-VKSTC ngày 27/6/2023",
                )
            ],
            metrics=[
                Metric(
                    1245,
                    total=1300,
                    percent=95.8,
                    subject="đơn khiếu nại",
                    period="Quý I/2024",
                    sentence="toàn ngành đã giải quyết 1.245/1.300 đơn khiếu nại, đạt tỷ lệ 95,8%",
                    consistent=True,
                ),
                Metric(
                    21, subject="kháng nghị phúc thẩm", sentence="ban hành 21 kháng nghị phúc thẩm"
                ),
            ],
        ),
        _article(
            "vksthaibinh.gov.vn",
            "giao-ban-quy-1-2024-dang-lai",
            title="VKSND tối cao tổ chức Hội nghị giao ban công tác Quý I/2024",
            published="2024-03-29",
            event_type="conference",
            story_id=story,
            body=(
                "Ngày 28/3/2024, Viện kiểm sát nhân dân tối cao tổ chức Hội nghị giao ban trực tuyến "
                "đánh giá kết quả công tác kiểm sát Quý I/2024. Điểm cầu Thái Bình có 45 cán bộ tham dự."
            ),
            units=[Unit(SUPREME, "supreme", 1), Unit(THAI_BINH, "province", 1)],
            metrics=[
                Metric(
                    45, subject="cán bộ tham dự", sentence="Điểm cầu Thái Bình có 45 cán bộ tham dự"
                )
            ],
        ),
        _article(
            "vksthaibinh.gov.vn",
            "tap-huan-ky-nang-kiem-sat-dieu-tra",
            title="VKSND tỉnh Thái Bình tập huấn kỹ năng kiểm sát điều tra",
            published="2024-02-15",
            event_type="training",
            body=(
                "Sáng 15/02/2024, Viện kiểm sát nhân dân tỉnh Thái Bình tổ chức lớp tập huấn kỹ năng "
                "kiểm sát điều tra cho 60 Kiểm sát viên.\n\n"
                "Đồng chí Nguyễn Thị Hồng Nhung, Viện trưởng Viện kiểm sát nhân dân tỉnh Thái Bình "
                "khai mạc lớp tập huấn và nhấn mạnh yêu cầu thực hiện Kế hoạch số 14/KH-VKS."
            ),
            people=[Person("Nguyễn Thị Hồng Nhung", ["Viện trưởng"], THAI_BINH, 1)],
            units=[Unit(THAI_BINH, "province", 2)],
            documents=[Document("Kế hoạch", "14/KH-VKS", "VKS", None, "Kế hoạch số 14/KH-VKS")],
            metrics=[Metric(60, subject="Kiểm sát viên", sentence="cho 60 Kiểm sát viên")],
        ),
        _article(
            "vksthaibinh.gov.vn",
            "so-ket-6-thang-2023",
            title="Thái Bình sơ kết công tác 6 tháng đầu năm 2023",
            published="2023-07-10",
            event_type="conference",
            body=(
                "Ngày 10/7/2023, Viện kiểm sát nhân dân tỉnh Thái Bình sơ kết công tác 6 tháng đầu năm 2023. "
                "Đồng chí Nguyễn Thị Hồng Nhung, Phó Viện trưởng phụ trách, trình bày báo cáo.\n\n"
                "Đơn vị đã thụ lý 312 vụ án hình sự, tăng 12 vụ so với cùng kỳ."
            ),
            people=[Person("Nguyễn Thị Hồng Nhung", ["Phó Viện trưởng"], THAI_BINH, 1)],
            units=[Unit(THAI_BINH, "province", 1)],
            metrics=[
                Metric(
                    312,
                    change=12,
                    subject="vụ án hình sự",
                    period="6 tháng đầu năm 2023",
                    sentence="Đơn vị đã thụ lý 312 vụ án hình sự, tăng 12 vụ so với cùng kỳ",
                )
            ],
        ),
        _article(
            "vksninhbinh.gov.vn",
            "kiem-tra-cong-tac-nghiep-vu",
            title="Đoàn kiểm tra của VKSND cấp cao tại Đà Nẵng làm việc tại Ninh Bình",
            published="2024-01-20",
            event_type="inspection",
            body=(
                "Ngày 20/01/2024, Đoàn kiểm tra của Viện kiểm sát nhân dân cấp cao tại Đà Nẵng do đồng chí "
                "Lê Quang Vinh, Viện trưởng làm Trưởng đoàn đã làm việc với Viện kiểm sát nhân dân tỉnh "
                "Ninh Bình. Đoàn đã kiểm tra 35 hồ sơ vụ án."
            ),
            people=[Person("Lê Quang Vinh", ["Viện trưởng", "Trưởng đoàn"], HIGH_DN, 1)],
            units=[Unit(HIGH_DN, "high", 1), Unit(NINH_BINH, "province", 1)],
            metrics=[Metric(35, subject="hồ sơ vụ án", sentence="Đoàn đã kiểm tra 35 hồ sơ vụ án")],
        ),
        _article(
            "vksninhbinh.gov.vn",
            "khoi-to-vu-an-tham-o",
            title="Phê chuẩn quyết định khởi tố vụ án tham ô tài sản tại Ninh Bình",
            published="2024-04-02",
            event_type="case",
            body=(
                "Viện kiểm sát nhân dân tỉnh Ninh Bình đã phê chuẩn quyết định khởi tố bị can trong vụ án "
                "tham ô tài sản, gây thiệt hại 2.500.000.000 đồng."
            ),
            units=[Unit(NINH_BINH, "province", 1)],
            metrics=[
                Metric(
                    2500000000,
                    subject='=HYPERLINK("http://x")',
                    sentence="-gây thiệt hại 2.500.000.000 đồng",
                )
            ],
        ),
        _article(
            "vksndtc.gov.vn",
            "kiem-sat-vien-tre",
            title=XSS_TITLE,
            published="2023-11-05",
            event_type="other",
            body=(
                "Diễn đàn Kiểm sát viên trẻ năm 2023 thu hút <img src=x onerror=alert(1)> nhiều ý kiến "
                "về chuyển đổi số trong ngành Kiểm sát nhân dân."
            ),
            units=[Unit(SUPREME, "supreme", 1)],
        ),
        _article(
            "vksndtc.gov.vn",
            "tong-ket-nam-2023",
            title="Tổng kết công tác năm 2023 của ngành Kiểm sát nhân dân",
            published="2024-01-08",
            event_type="conference",
            body=(
                "Ngày 08/01/2024, Viện kiểm sát nhân dân tối cao tổ chức Hội nghị tổng kết công tác năm 2023. "
                "Đồng chí Trần Văn Khải, Viện trưởng Viện kiểm sát nhân dân tối cao phát biểu chỉ đạo.\n\n"
                "Năm 2023, toàn ngành thực hiện Chỉ thị số 03/CT-VKSTC và kiến nghị 382 kiến nghị phòng ngừa."
            ),
            people=[Person("Trần Văn Khải", ["Viện trưởng"], SUPREME, 1)],
            units=[Unit(SUPREME, "supreme", 2)],
            documents=[Document("Chỉ thị", "03/CT-VKSTC", "VKSTC", None, "Chỉ thị số 03/CT-VKSTC")],
            metrics=[
                Metric(
                    382,
                    subject="kiến nghị phòng ngừa",
                    period="năm 2023",
                    sentence="kiến nghị 382 kiến nghị phòng ngừa",
                )
            ],
        ),
    ]


def raw_page_html(article: Article) -> bytes:
    """A small portal page for an article (what the crawler would have stored)."""
    return (
        "<!doctype html><html><head><meta charset='utf-8'><title>Cổng thông tin</title></head><body>"
        "<div class='menu'>Trang chủ | Tin tức</div><h1 class='title'>"
        f"{article.title}</h1><div class='date'>{article.published}</div>"
        f"<div class='content'>{article.body}</div><script>console.log('portal')</script></body></html>"
    ).encode()


def build_data(settings: Settings) -> list:
    """Write the fixture pages and articles to the store and index them; return the articles."""
    articles = fixture_articles()
    with Store.open(settings) as store:
        for art in articles:
            store.put_raw_page(
                url=art.url,
                body=raw_page_html(art),
                site=art.site,
                encoding="utf-8",
                content_type="text/html; charset=utf-8",
                fetched_at=art.fetched_at,
            )
            store.put_article(art)
        backend = get_backend(settings)
        try:
            index_changes(store, backend)  # what `kiemsat index` does (moves the watermark)
            if hasattr(backend, "refresh"):
                backend.refresh()  # an engine shows new documents after a refresh
        finally:
            backend.close()
    return articles


def make_app(settings: Settings, **extra):
    config = type("TestConfig", (TestingConfig,), {"SETTINGS": settings, **extra})
    return create_app(config)


def free_port() -> int:
    """A port free on 127.0.0.1 right now (chosen at run time, never hard-coded)."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]
