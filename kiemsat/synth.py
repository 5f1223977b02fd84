"""Deterministic synthetic procuracy articles with their ground truth.

Why it exists: the crawler's large fake portal, the search benchmark (100k
articles) and the extraction benchmark (10k articles) need many articles that
look like the real portals' briefings *and* whose people, units, documents and
figures are known exactly. Real articles cannot be copied into the repository,
so we generate them: every sentence below is our own template, filled from name
and place lists, and every entity is recorded as gold while it is written, so
the gold can never drift from the text.

API::

    from kiemsat.synth import generate, make_article
    for art in generate(1000, seed=7):
        art.to_text()          # plain-text copy, like a corpus file
        art.gold()             # the EXTRACTION.md article object (+ "lines")
    make_article(42, seed=7)   # the same article as the 43rd of generate(..., seed=7)

Article ``i`` of seed ``s`` depends only on ``(s, i)``, so a fake portal can
serve article 9,999 without generating the 9,999 before it.

Gold conventions: ``mentions`` count appearances in the title, body and
captions; a department's parent unit counts as mentioned whenever the
department is named with it (``Phòng 2 VKSND tỉnh X``); bylines name no units;
metrics carry the article's reporting period. Speed: about 6,500 articles per
second on one unloaded core (streamed, not kept in a list).
"""

from __future__ import annotations

import random
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from kiemsat.model import Article, Document, Metric, Person, Unit

# ---------------------------------------------------------------------------
# Vocabulary (names and places are public facts; sentences are our own)
# ---------------------------------------------------------------------------
SURNAMES = (
    "Nguyễn Nguyễn Nguyễn Trần Trần Lê Lê Phạm Hoàng Huỳnh Phan Vũ Võ Đặng Bùi Đỗ Hồ Ngô "
    "Dương Lý Mai Đinh Tạ Tôn Lương Trương Đào Cao Lâm Hà Kiều Tống Chu Quách Thái Triệu"
).split()
MIDDLES_M = "Văn Văn Hữu Đức Minh Quang Thanh Xuân Công Thế Duy Trọng Hải Anh Tiến Bá Đình Quốc Mạnh Khắc".split()
MIDDLES_F = "Thị Thị Thị Ngọc Thanh Thu Kim Hồng Minh Thúy Phương Mỹ Hải Bích".split()
GIVEN_M = (
    "An Bình Cường Dũng Giang Hải Hiếu Hòa Hùng Huy Khánh Khoa Kiên Long Lực Minh Nam Nghĩa "
    "Phong Phúc Quân Quý Sơn Tâm Thắng Thành Thịnh Toàn Trung Tú Tuấn Vinh Việt Đạt Đông Hưng Lâm"
).split()
GIVEN_F = (
    "Anh Châu Dung Giang Hà Hạnh Hằng Hoa Hương Lan Liên Linh Loan Mai Nga Ngân Nhung Oanh "
    "Phượng Quyên Thảo Thủy Trang Trâm Tuyết Vân Yến Hiền Huyền Nguyệt"
).split()

# 63 provinces and centrally-run cities before the 2025 reorganisation; True = thành phố
PROVINCES_63 = (
    ("An Giang", 0), ("Bà Rịa - Vũng Tàu", 0), ("Bạc Liêu", 0), ("Bắc Giang", 0), ("Bắc Kạn", 0),
    ("Bắc Ninh", 0), ("Bến Tre", 0), ("Bình Dương", 0), ("Bình Định", 0), ("Bình Phước", 0),
    ("Bình Thuận", 0), ("Cà Mau", 0), ("Cao Bằng", 0), ("Cần Thơ", 1), ("Đà Nẵng", 1),
    ("Đắk Lắk", 0), ("Đắk Nông", 0), ("Điện Biên", 0), ("Đồng Nai", 0), ("Đồng Tháp", 0),
    ("Gia Lai", 0), ("Hà Giang", 0), ("Hà Nam", 0), ("Hà Nội", 1), ("Hà Tĩnh", 0),
    ("Hải Dương", 0), ("Hải Phòng", 1), ("Hậu Giang", 0), ("Hòa Bình", 0), ("Hưng Yên", 0),
    ("Khánh Hòa", 0), ("Kiên Giang", 0), ("Kon Tum", 0), ("Lai Châu", 0), ("Lâm Đồng", 0),
    ("Lạng Sơn", 0), ("Lào Cai", 0), ("Long An", 0), ("Nam Định", 0), ("Nghệ An", 0),
    ("Ninh Bình", 0), ("Ninh Thuận", 0), ("Phú Thọ", 0), ("Phú Yên", 0), ("Quảng Bình", 0),
    ("Quảng Nam", 0), ("Quảng Ngãi", 0), ("Quảng Ninh", 0), ("Quảng Trị", 0), ("Sóc Trăng", 0),
    ("Sơn La", 0), ("Tây Ninh", 0), ("Thái Bình", 0), ("Thái Nguyên", 0), ("Thanh Hóa", 0),
    ("Thừa Thiên Huế", 0), ("Tiền Giang", 0), ("Hồ Chí Minh", 1), ("Trà Vinh", 0),
    ("Tuyên Quang", 0), ("Vĩnh Long", 0), ("Vĩnh Phúc", 0), ("Yên Bái", 0),
)  # fmt: skip
# 34 provinces and cities from 1 July 2025
PROVINCES_34 = (
    ("Hà Nội", 1), ("Huế", 1), ("Hải Phòng", 1), ("Đà Nẵng", 1), ("Hồ Chí Minh", 1), ("Cần Thơ", 1),
    ("Tuyên Quang", 0), ("Cao Bằng", 0), ("Lai Châu", 0), ("Lào Cai", 0), ("Thái Nguyên", 0),
    ("Điện Biên", 0), ("Lạng Sơn", 0), ("Sơn La", 0), ("Phú Thọ", 0), ("Bắc Ninh", 0),
    ("Quảng Ninh", 0), ("Hưng Yên", 0), ("Ninh Bình", 0), ("Thanh Hóa", 0), ("Nghệ An", 0),
    ("Hà Tĩnh", 0), ("Quảng Trị", 0), ("Quảng Ngãi", 0), ("Gia Lai", 0), ("Khánh Hòa", 0),
    ("Lâm Đồng", 0), ("Đắk Lắk", 0), ("Đồng Nai", 0), ("Tây Ninh", 0), ("Vĩnh Long", 0),
    ("Đồng Tháp", 0), ("Cà Mau", 0), ("An Giang", 0),
)  # fmt: skip
REORG_DATE = date(2025, 7, 1)
# A few real district-level places (before the reorganisation) for district procuracies.
DISTRICTS = {
    "Thanh Hóa": ("huyện Yên Định", "huyện Nga Sơn", "thị xã Bỉm Sơn", "huyện Quảng Xương"),
    "Thái Bình": ("huyện Vũ Thư", "huyện Kiến Xương", "huyện Đông Hưng"),
    "Quảng Trị": ("thành phố Đông Hà", "huyện Gio Linh", "huyện Hải Lăng"),
    "Nghệ An": ("huyện Diễn Châu", "huyện Nghi Lộc", "thị xã Cửa Lò"),
    "Bình Thuận": ("thành phố Phan Thiết", "huyện Hàm Thuận Bắc", "thị xã La Gi"),
    "Hà Nội": ("quận Cầu Giấy", "huyện Đông Anh", "quận Hà Đông"),
    "Trà Vinh": ("huyện Càng Long", "huyện Cầu Kè", "huyện Tiểu Cần"),
    "Lâm Đồng": ("thành phố Bảo Lộc", "huyện Đức Trọng", "huyện Di Linh"),
    "Nam Định": ("huyện Hải Hậu", "huyện Giao Thủy", "huyện Ý Yên"),
    "Đồng Nai": ("thành phố Biên Hòa", "huyện Trảng Bom", "huyện Long Thành"),
    "Quảng Ninh": ("thành phố Hạ Long", "thành phố Cẩm Phả", "huyện Vân Đồn"),
    "Tiền Giang": ("huyện Cái Bè", "huyện Chợ Gạo", "thị xã Gò Công"),
}
HIGH = (
    ("Viện kiểm sát nhân dân cấp cao tại Hà Nội", "VKSND cấp cao tại Hà Nội", "VC1"),
    ("Viện kiểm sát nhân dân cấp cao tại Đà Nẵng", "VKSND cấp cao tại Đà Nẵng", "VC2"),
    (
        "Viện kiểm sát nhân dân cấp cao tại Thành phố Hồ Chí Minh",
        "VKSND cấp cao tại TP Hồ Chí Minh",
        "VC3",
    ),
)
SUPREME = "Viện kiểm sát nhân dân tối cao"
SUPREME_SURFACES = ("VKSND tối cao", "VKSND tối cao", "Viện kiểm sát nhân dân tối cao", "VKSNDTC")
SCHOOLS = ("Trường Đại học Kiểm sát Hà Nội",)
SECTIONS = ("Tin hoạt động", "Tin tức - Sự kiện", "Hoạt động của ngành", "Tin địa phương", None)
ROMAN = ("I", "II", "III", "IV")
CRIMES = (
    "Tham ô tài sản",
    "Lợi dụng chức vụ, quyền hạn trong khi thi hành công vụ",
    "Lừa đảo chiếm đoạt tài sản",
    "Vi phạm quy định về đấu thầu gây hậu quả nghiêm trọng",
    "Thiếu trách nhiệm gây hậu quả nghiêm trọng",
    "Vi phạm quy định về khai thác tài nguyên",
)
AGENCIES = (
    "Sở Xây dựng",
    "Sở Tài nguyên và Môi trường",
    "Sở Giao thông vận tải",
    "Ban Quản lý dự án",
)
CREDITS = ("Ảnh: PV", "Ảnh: T.H", "Ảnh: Văn phòng", "Ảnh: N.L")

# Event phrases per event type: (title template, noun used afterwards)
EVENTS: dict[str, tuple[tuple[str, str], ...]] = {
    "conference": (
        ("tổ chức Hội nghị sơ kết công tác {period}", "Hội nghị"),
        ("tổ chức Hội nghị giao ban công tác {period}", "Hội nghị"),
        (
            "tổ chức Hội nghị tổng kết công tác {period} và triển khai nhiệm vụ năm tiếp theo",
            "Hội nghị",
        ),
        ("tổ chức Hội nghị trực tuyến triển khai công tác {period}", "Hội nghị"),
    ),
    "training": (
        ("tổ chức lớp tập huấn kỹ năng nghiệp vụ kiểm sát {period}", "lớp tập huấn"),
        ("tổ chức Hội nghị tập huấn công tác kiểm sát án dân sự, hành chính", "Hội nghị tập huấn"),
        ("mở lớp bồi dưỡng kỹ năng tranh tụng cho Kiểm sát viên", "lớp bồi dưỡng"),
    ),
    "inspection": (
        ("kiểm tra việc triển khai công tác kiểm sát {period} tại {district}", "đợt kiểm tra"),
        ("công bố kết luận thanh tra toàn diện tại {district}", "buổi công bố kết luận"),
        ("tiến hành thanh tra việc chấp hành kỷ luật nghiệp vụ tại {district}", "cuộc thanh tra"),
    ),
    "case": (
        ("truy tố bị can {accused} về tội “{crime}”", "vụ án"),
        ("phê chuẩn quyết định khởi tố bị can {accused} về tội “{crime}”", "vụ án"),
        ("kháng nghị bản án sơ thẩm vụ án {accused} phạm tội “{crime}”", "vụ án"),
    ),
    "directive": (
        ("ban hành Chỉ thị về công tác của ngành Kiểm sát nhân dân {period}", "Chỉ thị"),
        ("ban hành Kế hoạch thực hiện nhiệm vụ trọng tâm {period}", "Kế hoạch"),
    ),
    "other": (
        ("tổ chức Hội thao chào mừng ngày thành lập ngành", "Hội thao"),
        ("thăm, tặng quà gia đình chính sách nhân dịp Tết Nguyên đán", "chuyến thăm"),
        ("tổ chức Lễ trao tặng Kỷ niệm chương Vì sự nghiệp Kiểm sát", "buổi lễ"),
    ),
}

# Entity-free filler sentences, our own wording: generic ones and ones per event type.
FILLER_GENERIC = (
    "Các đơn vị đã bám sát chương trình công tác, chủ động phối hợp với cơ quan hữu quan để tháo gỡ khó khăn phát sinh.",
    "Công tác thực hành quyền công tố tiếp tục được tăng cường ngay từ giai đoạn tiếp nhận tin báo về tội phạm.",
    "Nhiều bản cáo trạng, bản luận tội được đánh giá chặt chẽ, có căn cứ, bảo đảm đúng người, đúng tội.",
    "Việc ứng dụng công nghệ thông tin trong quản lý hồ sơ, sổ sách được triển khai đồng bộ ở các đơn vị.",
    "Bên cạnh kết quả đạt được, một số đơn vị còn chậm ban hành văn bản hướng dẫn, chất lượng báo cáo chưa đồng đều.",
    "Lãnh đạo đơn vị yêu cầu cán bộ, công chức nâng cao tinh thần trách nhiệm, giữ vững kỷ luật, kỷ cương công vụ.",
    "Công tác kiểm sát việc giải quyết các vụ án dân sự, hành chính có chuyển biến rõ nét về chất lượng.",
    "Việc phối hợp giữa các cơ quan tiến hành tố tụng được duy trì thường xuyên, kịp thời thống nhất quan điểm xử lý.",
    "Công tác tiếp công dân, giải quyết khiếu nại, tố cáo được thực hiện nghiêm túc, đúng thời hạn luật định.",
    "Đơn vị tiếp tục kiện toàn bộ máy, sắp xếp cán bộ phù hợp với năng lực, sở trường và yêu cầu nhiệm vụ.",
    "Công tác thông tin, tuyên truyền về hoạt động của ngành được đẩy mạnh trên cổng thông tin điện tử của đơn vị.",
    "Việc quản lý, sử dụng tài chính, tài sản công bảo đảm đúng quy định, tiết kiệm và công khai, minh bạch.",
    "Việc chuyển đổi số, số hóa hồ sơ vụ án tiếp tục được xác định là nhiệm vụ trọng tâm cần ưu tiên nguồn lực.",
    "Các đơn vị cần chủ động rà soát những nhiệm vụ còn chậm tiến độ, có biện pháp khắc phục ngay trong quý tới.",
    "Kiểm sát viên được yêu cầu nghiên cứu kỹ hồ sơ, chủ động đề ra yêu cầu điều tra ngay từ đầu.",
    "Tình hình tội phạm trên địa bàn còn diễn biến phức tạp, nhất là các tội phạm về ma túy và lừa đảo qua mạng.",
)
FILLER_BY_TYPE = {
    "conference": (
        "Các đại biểu đã trao đổi thẳng thắn về những vướng mắc trong áp dụng pháp luật và đề xuất giải pháp khắc phục.",
        "Hội nghị đã dành thời gian thảo luận về các giải pháp đột phá nhằm nâng cao hiệu quả công tác trong thời gian tới.",
        "Những hạn chế được chỉ ra rõ ràng, kèm theo trách nhiệm của tập thể và cá nhân trong từng khâu công tác.",
        "Các ý kiến tham luận tập trung vào kinh nghiệm kiểm sát điều tra các vụ án tham nhũng, chức vụ phức tạp.",
        "Phong trào thi đua được phát động sâu rộng, tạo khí thế phấn khởi trong toàn thể cán bộ, công chức, người lao động.",
        "Báo cáo tại hội nghị đánh giá toàn diện kết quả các mặt công tác, nêu rõ nguyên nhân của từng hạn chế.",
    ),
    "training": (
        "Nội dung tập huấn bám sát thực tiễn, giúp học viên nắm vững kỹ năng nghiên cứu hồ sơ và xây dựng đề cương xét hỏi.",
        "Đơn vị chú trọng tự đào tạo tại chỗ, phân công Kiểm sát viên có kinh nghiệm kèm cặp công chức mới.",
        "Các phiên tòa rút kinh nghiệm được tổ chức đúng kế hoạch, góp phần nâng cao kỹ năng tranh tụng của Kiểm sát viên.",
        "Giảng viên đã phân tích nhiều tình huống thực tế, giải đáp cụ thể các câu hỏi của học viên.",
        "Học viên được thực hành soạn thảo bản luận tội và đối đáp tại phiên tòa giả định.",
    ),
    "inspection": (
        "Quá trình kiểm tra cho thấy hệ thống sổ sách nghiệp vụ được cập nhật tương đối đầy đủ, kịp thời.",
        "Đoàn đã chỉ ra một số thiếu sót về thủ tục tố tụng và yêu cầu đơn vị tổ chức kiểm điểm, rút kinh nghiệm.",
        "Kết thúc buổi làm việc, đoàn công tác đã ghi nhận các kiến nghị của cơ sở để tổng hợp, báo cáo cấp trên.",
        "Đơn vị được kiểm tra đã chuẩn bị đầy đủ báo cáo, hồ sơ, tài liệu theo yêu cầu của đoàn.",
        "Lãnh đạo đơn vị tiếp thu nghiêm túc các ý kiến và cam kết khắc phục trong thời hạn quy định.",
    ),
    "case": (
        "Hành vi của các bị can đã gây thiệt hại lớn cho tài sản của Nhà nước, gây bức xúc trong dư luận địa phương.",
        "Quá trình điều tra, Kiểm sát viên đã bám sát hồ sơ, yêu cầu điều tra làm rõ vai trò của từng đối tượng liên quan.",
        "Hồ sơ vụ án đã được chuyển sang Tòa án để xét xử theo quy định của pháp luật.",
        "Các bị can đã thành khẩn khai báo, tự nguyện nộp lại một phần số tiền chiếm đoạt.",
    ),
    "directive": (
        "Văn bản nêu rõ mục tiêu, chỉ tiêu và lộ trình thực hiện, phân công trách nhiệm cụ thể cho từng đơn vị.",
        "Thủ trưởng các đơn vị có trách nhiệm quán triệt, tổ chức thực hiện và báo cáo kết quả định kỳ.",
        "Văn phòng được giao theo dõi, đôn đốc việc thực hiện và tổng hợp những khó khăn phát sinh.",
    ),
    "other": (
        "Buổi lễ diễn ra trang trọng, ấm cúng, thể hiện truyền thống đoàn kết, gắn bó của tập thể đơn vị.",
        "Các đội tham gia thi đấu sôi nổi ở nhiều môn, tinh thần thể thao trung thực, cao thượng.",
        "Những phần quà tuy nhỏ nhưng thể hiện sự quan tâm, tri ân của đơn vị đối với các gia đình chính sách.",
        "Hoạt động góp phần tăng cường sự gắn kết giữa cán bộ, công chức và người lao động trong đơn vị.",
    ),
}
FILLER = FILLER_GENERIC + tuple(s for group in FILLER_BY_TYPE.values() for s in group)


def _orders(pool: tuple[str, ...], n: int = 16) -> tuple[tuple[str, ...], ...]:
    """``n`` fixed shuffles of ``pool``, each doubled so a slice never wraps."""
    rng = random.Random(20240601)
    out = []
    for _ in range(n):
        order = list(pool)
        rng.shuffle(order)
        out.append(tuple(order + order))
    return tuple(out)


_POOL_ORDERS = {k: _orders(FILLER_GENERIC + v) for k, v in FILLER_BY_TYPE.items()}
# event types weighted roughly as on the portals (conferences most common)
_EVENT_DECK = (
    ("conference",) * 30
    + ("training",) * 15
    + ("inspection",) * 18
    + (("case",) * 15 + ("directive",) * 8 + ("other",) * 14)
)
CLOSINGS = (
    "tiếp tục phát huy kết quả đạt được, khắc phục ngay những hạn chế đã được chỉ ra.",
    "bám sát chỉ tiêu được giao, chủ động đề xuất giải pháp tháo gỡ khó khăn.",
    "tăng cường kỷ luật, kỷ cương, nâng cao chất lượng thực hành quyền công tố.",
    "quan tâm công tác đào tạo, bồi dưỡng đội ngũ Kiểm sát viên trẻ.",
    "thực hiện nghiêm chế độ thông tin, báo cáo và kịp thời phản ánh vướng mắc.",
)
CAPTION_GENERIC = (
    "Quang cảnh {event}",
    "Toàn cảnh {event}",
    "Các đại biểu tham dự {event}",
    "Đại biểu chụp ảnh lưu niệm",
)
CAPTION_CASE = (
    "Kiểm sát viên nghiên cứu hồ sơ vụ án",
    "Quang cảnh buổi làm việc",
    "Trụ sở đơn vị",
)
BYLINE_INITIALS = ("P.V", "HQ - TL", "T.H", "Minh Châu", "N.L - V.A", "BBT", "Văn phòng")

# (verb, counted noun phrase, low, high) for figures
FRACTION_SUBJECTS = (
    ("giải quyết", "đơn khiếu nại, tố cáo", 40, 4000),
    ("giải quyết", "tin báo, tố giác về tội phạm", 100, 9000),
    ("hoàn thành", "nhiệm vụ trọng tâm", 20, 160),
    ("giải quyết", "vụ án hình sự", 50, 3000),
)
COUNT_SUBJECTS = (
    ("thụ lý", "vụ án hình sự", 40, 2500),
    ("khởi tố", "bị can", 60, 4800),
    ("ban hành", "kiến nghị", 5, 400),
    ("ban hành", "kháng nghị phúc thẩm", 3, 180),
    ("ban hành", "thông báo rút kinh nghiệm", 4, 260),
    ("tiến hành", "cuộc kiểm sát trực tiếp", 2, 90),
    ("tổ chức", "phiên tòa rút kinh nghiệm", 3, 120),
    ("tiếp nhận", "tin báo, tố giác về tội phạm", 100, 9000),
)

LAYOUTS = ("supreme", "sharepoint", "wordpress", "plain")


# ---------------------------------------------------------------------------
# Helpers
# ---------------------------------------------------------------------------
def num_vi(value: int | float, decimals: int = 1) -> str:
    """Format a number the Vietnamese way (``3.275``, ``99,8``)."""
    if isinstance(value, int):
        return f"{value:,}".replace(",", ".")
    text = f"{value:,.{decimals}f}"
    return text.replace(",", "_").replace(".", ",").replace("_", ".")


def slugify(text: str) -> str:
    """ASCII slug of a Vietnamese title (``đ`` does not decompose, so map it first)."""
    text = text.replace("đ", "d").replace("Đ", "D")
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii").lower()
    out = []
    dash = False
    for ch in text:
        if ch.isalnum():
            out.append(ch)
            dash = False
        elif not dash:
            out.append("-")
            dash = True
    return "".join(out).strip("-")[:90]


def _lower_first(text: str) -> str:
    return text[0].lower() + text[1:]


def _province_code(name: str) -> str:
    return "".join(w[0] for w in name.replace("-", " ").split()).upper()


@dataclass(slots=True)
class _Place:
    canonical: str
    short: str  # the common abbreviated surface form
    level: str
    code: str  # issuer code in document symbols
    province: str | None = None  # province name, for provincial units
    city: bool = False  # a centrally-run city (thành phố) rather than a tỉnh
    parent: str | None = None  # canonical name of the parent, for departments
    parent_level: str | None = None


@dataclass
class SynthArticle:
    """One generated article: the page fields and the gold entities written into it."""

    index: int
    seed: int
    site_kind: str  # "supreme", "high" or "province": which kind of portal publishes it
    layout: str
    title: str
    published: date
    authors: list[str]
    section: str | None
    event_type: str
    paragraphs: list[str]
    captions: list[tuple[int, str, str | None]]  # (after paragraph i, caption, photo credit)
    people: list[Person]
    units: list[Unit]
    documents: list[Document]
    metrics: list[Metric]
    home: str = ""  # canonical name of the publishing unit
    tags: list[str] = field(default_factory=list)

    @property
    def body(self) -> str:
        return "\n\n".join(self.paragraphs)

    @property
    def slug(self) -> str:
        return slugify(self.title)

    @property
    def caption_texts(self) -> list[str]:
        return [c for _, c, _ in self.captions]

    def dateline(self, layout: str | None = None) -> str:
        """The publication date as the given layout prints it."""
        d = self.published
        layout = layout or self.layout
        if layout == "sharepoint":
            hour = 7 + (self.index * 7) % 10
            minute, second = (self.index * 13) % 60, (self.index * 31) % 60
            ampm = "AM" if hour < 12 else "PM"
            h12 = hour if hour <= 12 else hour - 12
            return f"{d.month}/{d.day}/{d.year} {h12}:{minute:02d}:{second:02d} {ampm}"
        if layout == "wordpress":
            return f"Ngày đăng: {d.day:02d}/{d.month:02d}/{d.year}"
        return f"{d.day:02d}/{d.month:02d}/{d.year}"

    def render_lines(self, layout: str | None = None) -> list[tuple[str, str]]:
        """The page as ``(kind, line)`` pairs, kinds as in the corpus gold ``lines``."""
        layout = layout or self.layout
        out: list[tuple[str, str]] = []
        if layout == "supreme":
            out += [
                ("boilerplate", "CỔNG THÔNG TIN ĐIỆN TỬ"),
                ("boilerplate", "VIỆN KIỂM SÁT NHÂN DÂN TỐI CAO"),
            ]
        elif layout == "sharepoint" and self.section:
            out.append(("boilerplate", self.section))
        elif layout == "wordpress":
            out.append(
                ("boilerplate", "Viện kiểm sát nhân dân - Công minh, chính trực, khách quan")
            )
        out.append(("title", self.title))
        if layout != "plain":
            out.append(("dateline", self.dateline(layout)))
        if layout == "supreme":
            out.append(("boilerplate", "Cỡ chữ:   Tương phản"))
        caps: dict[int, list[tuple[str, str | None]]] = {}
        for after, cap, credit in self.captions:
            caps.setdefault(after, []).append((cap, credit))
        for i, para in enumerate(self.paragraphs):
            out.append(("body", para))
            for cap, credit in caps.get(i, ()):
                if layout == "supreme":
                    out.append(("boilerplate", "leftcenterrightdel"))
                out.append(("caption", f"{cap}. {credit}" if credit else cap))
        for a in self.authors:
            out.append(("byline", a))
        if layout == "supreme":
            out.append(("boilerplate", "Tìm kiếm"))
        elif layout == "sharepoint":
            out.append(("boilerplate", "Tin liên quan"))
        return out

    def to_text_with_lines(self, layout: str | None = None) -> tuple[str, dict[str, list[int]]]:
        """Plain-text copy (blank line between lines) and the 1-based line numbers per kind."""
        lines: dict[str, list[int]] = {
            k: [] for k in ("title", "body", "caption", "byline", "dateline", "boilerplate")
        }
        parts: list[str] = []
        n = 0
        for kind, line in self.render_lines(layout):
            n += 1
            lines[kind].append(n)
            parts.append(line)
            n += 1  # the blank line after it
        return "\n\n".join(parts) + "\n", lines

    def to_text(self, layout: str | None = None) -> str:
        """A plain-text copy of the page, like the files of a gold corpus."""
        return self.to_text_with_lines(layout)[0]

    def to_article(self) -> Article:
        """The gold article in the project's model (the NLP stage's expected output)."""
        return Article(
            title=self.title,
            published=self.published.isoformat(),
            authors=list(self.authors),
            section=self.section,
            event_type=self.event_type,
            body=self.body,
            captions=self.caption_texts,
            people=self.people,
            units=self.units,
            documents=self.documents,
            metrics=self.metrics,
        )

    def gold(self, layout: str | None = None) -> dict[str, Any]:
        """The contract's article object plus ``lines`` for ``to_text(layout)``."""
        data = self.to_article().to_dict()
        for key in ("id", "path", "url", "site", "story_id", "fetched_at"):
            data.pop(key, None)
        data["lines"] = self.to_text_with_lines(layout)[1]
        return data


# ---------------------------------------------------------------------------
# The generator
# ---------------------------------------------------------------------------
class _Writer:
    """Writes one article, recording every entity as it is put into the text."""

    def __init__(self, index: int, seed: int) -> None:
        self.index = index
        self.seed = seed
        self.r = random.Random((seed << 24) ^ (index * 2654435761))
        self.random = self.r.random  # bound once: the hot path of the generator
        self.uniform = self.r.uniform
        self.pool: tuple[str, ...] = FILLER_GENERIC
        self._fill_at = 0
        self._n = len(FILLER_GENERIC)
        self.units: dict[str, Unit] = {}
        self.people: dict[str, Person] = {}
        self.documents: list[Document] = []
        self.doc_numbers: set[str] = set()
        self.metrics: list[Metric] = []
        self.used_names: set[str] = set()

    # -- cheap randomness (random.choice/randint are several times slower) ---
    def choice(self, seq: Any) -> Any:
        return seq[int(self.random() * len(seq))]

    def randint(self, lo: int, hi: int) -> int:
        return lo + int(self.random() * (hi - lo + 1))

    def use_pool(self, event_type: str) -> None:
        """Pick one of the pre-shuffled orders of the event type's filler pool and a
        start in it, so filler sentences do not repeat until the pool is used up."""
        orders = _POOL_ORDERS[event_type]
        self.pool = orders[int(self.random() * len(orders))]
        self._n = len(self.pool) // 2
        self._fill_at = int(self.random() * self._n)

    def filler(self, k: int = 1) -> str:
        at = self._fill_at
        self._fill_at = (at + k) % self._n
        return " ".join(self.pool[at : at + k])

    # -- recording ---------------------------------------------------------
    def unit(self, canonical: str, level: str) -> None:
        u = self.units.get(canonical)
        if u is None:
            self.units[canonical] = Unit(name=canonical, level=level, mentions=1)
        else:
            u.mentions += 1

    def record(self, p: _Place) -> None:
        """Count one mention of ``p`` (and of its parent, named inside a department's name)."""
        self.unit(p.canonical, p.level)
        if p.parent and p.parent_level:
            self.unit(p.parent, p.parent_level)

    def place(self, p: _Place, full: bool = False) -> str:
        """Surface text for a unit, recorded with its parent when a department."""
        self.record(p)
        return p.canonical if full or self.r.random() < 0.2 else p.short

    def new_name(self) -> str:
        r = self
        while True:
            female = r.random() < 0.35
            mid = r.choice(MIDDLES_F if female else MIDDLES_M)
            given = r.choice(GIVEN_F if female else GIVEN_M)
            parts = [r.choice(SURNAMES), mid, given]
            if r.random() < 0.12:
                parts.insert(2, r.choice(("Hoàng", "Minh", "Thanh", "Ngọc", "Quốc")))
            name = " ".join(parts)
            if name not in self.used_names:
                self.used_names.add(name)
                return name

    def person(self, name: str, titles: list[str], unit: str | None, *, count: bool = True) -> None:
        p = self.people.get(name)
        if p is None:
            self.people[name] = Person(name=name, titles=list(titles), unit=unit, mentions=1)
        else:
            for t in titles:
                if t not in p.titles:
                    p.titles.append(t)
            if p.unit is None:
                p.unit = unit
            if count:
                p.mentions += 1

    def mention(self, name: str) -> str:
        self.people[name].mentions += 1
        return name

    # -- numbers, dates, documents -----------------------------------------
    def count(self, lo: int, hi: int) -> tuple[int, str]:
        v = self.r.randint(lo, hi)
        text = f"{v:02d}" if v < 10 and self.r.random() < 0.5 else num_vi(v)
        return v, text

    def metric(self, sentence: str, **kw: Any) -> str:
        self.metrics.append(Metric(sentence=sentence, **kw))
        return sentence

    def document(self, kind: str, issuer_place: _Place, when: date, *, dated: bool = True) -> str:
        r = self
        n = r.randint(1, 420)
        abbr = {
            "Chỉ thị": "CT",
            "Kế hoạch": "KH",
            "Quyết định": "QĐ",
            "Thông báo": "TB",
            "Kết luận": "KL",
            "Hướng dẫn": "HD",
            "Báo cáo": "BC",
        }.get(kind)
        style = r.random()
        if kind == "Công văn" or abbr is None:
            kind = "Công văn"
            number = f"{n}/{issuer_place.code}-{r.choice(('VP', 'V1', 'V2', 'TTr', 'P2'))}"
            issuer = issuer_place.code
        elif style < 0.15 and kind in ("Kế hoạch", "Nghị quyết", "Thông báo"):
            number = f"{n}-{abbr}/BCSĐ"
            issuer = "BCSĐ"
        elif style < 0.35 and issuer_place.level != "supreme":
            number = f"{n:02d}/{abbr}-VKS-{r.choice(('TTr', 'VP', 'P1', 'P7'))}"
            issuer = "VKS"
        else:
            number = f"{n:02d}/{abbr}-{issuer_place.code}"
            issuer = issuer_place.code
        if number in self.doc_numbers:
            number = f"{n + 421}" + number[len(str(n)) :]
        self.doc_numbers.add(number)
        text = f"{kind} số {number}"
        iso = None
        if dated:
            d = when - timedelta(days=r.randint(3, 200))
            day = f"{d.day:02d}" if r.random() < 0.5 else str(d.day)
            month = f"{d.month:02d}" if d.month < 10 and r.random() < 0.3 else str(d.month)
            text += f" ngày {day}/{month}/{d.year}"
            iso = d.isoformat()
        self.documents.append(
            Document(type=kind, number=number, issuer=issuer, date=iso, text=text)
        )
        return text


def _period(d: date) -> str:
    m, y = d.month, d.year
    if m in (6, 7):
        return f"6 tháng đầu năm {y}"
    if m in (9, 10):
        return f"9 tháng năm {y}"
    if m in (12, 1):
        return f"năm {y if m == 12 else y - 1}"
    return f"Quý {ROMAN[(m - 1) // 3]}/{y}"


def _pick_date(r: _Writer) -> date:
    start = date(2015, 1, 5).toordinal()
    end = date(2026, 10, 30).toordinal()
    return date.fromordinal(r.randint(start, end))


def make_article(index: int, seed: int = 0) -> SynthArticle:
    """Article ``index`` of the stream of ``seed`` (independent of every other index)."""
    w = _Writer(index, seed)
    r = w
    published = _pick_date(r)
    period = _period(published)
    provinces = PROVINCES_34 if published >= REORG_DATE else PROVINCES_63
    supreme = _Place(SUPREME, r.choice(SUPREME_SURFACES), "supreme", "VKSTC")

    kind_roll = r.random()
    if kind_roll < 0.35:
        site_kind = "supreme"
        home = supreme
    elif kind_roll < 0.45:
        site_kind = "high"
        canon, short, code = r.choice(HIGH)
        home = _Place(canon, short, "high", code)
    else:
        site_kind = "province"
        pname, city = r.choice(provinces)
        kind_word = "thành phố" if city else "tỉnh"
        if pname == "Hồ Chí Minh":
            canon, short = "Viện kiểm sát nhân dân Thành phố Hồ Chí Minh", "VKSND TP Hồ Chí Minh"
        else:
            canon = f"Viện kiểm sát nhân dân {kind_word} {pname}"
            short = f"VKSND {'TP' if city and r.random() < 0.5 else kind_word} {pname}"
        home = _Place(
            canon, short, "province", "VKS" + _province_code(pname), province=pname, city=bool(city)
        )
    word = "thành phố" if home.city else "tỉnh"

    def dept(kind: str) -> _Place:
        if site_kind == "supreme":
            if kind == "num":
                n = r.randint(1, 16)
                name = f"Vụ {n}" if r.random() < 0.85 else f"Cục {r.choice((2, 3))}"
            else:
                name = kind
        else:
            name = f"Phòng {r.randint(1, 15)}" if kind == "num" else kind
        return _Place(
            f"{name} {home.canonical}",
            f"{name} {home.short}",
            "department",
            "",
            parent=home.canonical,
            parent_level=home.level,
        )

    def lower_unit() -> _Place | None:
        """A district (before 2025) or regional (after) procuracy under a province home."""
        if site_kind != "province" or home.province is None:
            return None
        if published >= REORG_DATE:
            n = r.randint(1, 9)
            return _Place(
                f"Viện kiểm sát nhân dân khu vực {n} - {home.province}",
                f"VKSND khu vực {n} - {home.province}",
                "regional",
                "",
            )
        places = DISTRICTS.get(home.province)
        if not places:
            return None
        place = r.choice(places)
        return _Place(f"Viện kiểm sát nhân dân {place}", f"VKSND {place}", "district", "")

    # -- people ------------------------------------------------------------
    def leader(first: bool) -> str:
        """Introduce a leader of the home unit; return the text of the introduction."""
        name = w.new_name()
        titles: list[str] = []
        if first and r.random() < 0.6:
            titles.append(r.choice(("Bí thư Ban cán sự đảng", "Ủy viên Ban cán sự đảng")))
        main = "Viện trưởng" if first else r.choice(("Phó Viện trưởng", "Phó Viện trưởng"))
        titles.append(main)
        w.person(name, titles, home.canonical)
        surface = w.place(home)
        honor = r.choice(("đồng chí ", "đồng chí ", "đ/c ", ""))
        if r.random() < 0.5:
            return f"{honor}{name}, {', '.join(titles)} {surface}"
        return (
            f"{', '.join(titles)} {surface} {name}"
            if not honor
            else f"{honor}{name} - {', '.join(titles)} {surface}"
        )

    def dept_head() -> str:
        base = r.choice(("num", "num", "Văn phòng", "Thanh tra"))
        unit = dept(base)
        if base == "num":
            base = unit.canonical.split(" ")[0]
        if base == "Vụ":
            title = r.choice(("Vụ trưởng", "Phó Vụ trưởng"))
        elif base == "Cục":
            title = r.choice(("Cục trưởng", "Phó Cục trưởng"))
        elif base == "Phòng":
            title = r.choice(("Trưởng phòng", "Phó Trưởng phòng"))
        elif base == "Văn phòng":
            title = r.choice(("Chánh Văn phòng", "Phó Chánh Văn phòng"))
        else:
            title = r.choice(("Chánh Thanh tra", "Phó Chánh Thanh tra"))
        name = w.new_name()
        w.person(name, [title], unit.canonical)
        surface = w.place(unit)
        if base in ("Văn phòng", "Thanh tra"):
            # "Chánh Văn phòng VKSND tỉnh X": the title already names the department
            surface = surface.removeprefix(base + " ")
        return f"đồng chí {name}, {title} {surface}"

    def system_leader() -> str:
        """The head of the military procuracy, a high procuracy or a school of the branch."""
        name = w.new_name()
        roll = r.random()
        if roll < 0.4:
            canon, level, title = "Viện kiểm sát quân sự Trung ương", "military", "Viện trưởng"
            surface = r.choice(("Viện kiểm sát quân sự Trung ương", "VKSQS Trung ương"))
            rank = r.choice(("Trung tướng ", "Thiếu tướng "))
        elif roll < 0.7:
            canon, surface, _code = r.choice(HIGH)
            level, title, rank = "high", "Viện trưởng", ""
        else:
            canon = surface = SCHOOLS[0]
            level, title, rank = "school", "Hiệu trưởng", ""
        w.unit(canon, level)
        w.person(name, [title], canon)
        return f"đồng chí {rank}{name}, {title} {surface}"

    def outsider() -> str:
        name = w.new_name()
        if home.province and r.random() < 0.6:
            pname = home.province
            choice = r.random()
            if choice < 0.4:
                canon, surface, title = (
                    f"Tòa án nhân dân {word} {pname}",
                    f"TAND {word} {pname}",
                    r.choice(("Chánh án", "Phó Chánh án")),
                )
            elif choice < 0.7:
                canon, surface, title = (
                    f"Ủy ban nhân dân {word} {pname}",
                    f"UBND {word} {pname}",
                    "Phó Chủ tịch",
                )
            else:
                canon = surface = f"Công an {word} {pname}"
                title = "Phó Giám đốc"
        else:
            canon = surface = r.choice(("Bộ Tư pháp", "Bộ Công an", "Bộ Nội vụ"))
            title = "Thứ trưởng"
        w.unit(canon, "external")
        w.person(name, [title], canon)
        return f"đồng chí {name}, {title} {surface}"

    # -- title and lead ----------------------------------------------------
    event_type = r.choice(_EVENT_DECK)
    w.use_pool(event_type)
    template, noun = r.choice(EVENTS[event_type])
    accused = w.new_name() if event_type == "case" else ""
    crime = r.choice(CRIMES)
    # the inspected unit: a district/regional procuracy, else a department of the home unit
    lower = lower_unit() or (dept("num") if event_type == "inspection" else None)
    home_title = home.short if r.random() < 0.7 else home.canonical
    fill = {
        "period": period,
        "district": lower.short if lower else "",
        "accused": accused,
        "crime": crime,
    }
    title = f"{home_title} {template.format(**fill)}"
    w.unit(home.canonical, home.level)
    if lower is not None and "{district}" in template:
        w.record(lower)
    paragraphs: list[str] = []
    captions: list[tuple[int, str, str | None]] = []
    event_day = published - timedelta(days=r.choice((0, 0, 0, 1, 2)))
    day_text = f"{event_day.day}/{event_day.month}/{event_day.year}"
    chair = leader(True)
    chair_name = next(iter(w.people))
    if accused:
        w.person(accused, [], None, count=False)
    if event_type == "case":
        agency = r.choice(AGENCIES)
        where = f"{word} {home.province}" if home.province else "thành phố Hà Nội"
        agency_canon = f"{agency} {where}"
        w.unit(agency_canon, "external")
        role = r.choice(("nguyên Giám đốc", "nguyên Phó Giám đốc", "Kế toán trưởng"))
        w.person(accused, [role], agency_canon, count=False)
        born = r.randint(1955, 1990)
        lead = (
            f"Ngày {day_text}, {w.place(home)} đã "
            f"{template.format(**(fill | {'accused': w.mention(accused)}))}. Bị can "
            f"{w.mention(accused)} (sinh năm {born}) là {role} {agency_canon}."
        )
        police = f"Cơ quan Cảnh sát điều tra Công an {where}"
        w.unit(police, "external")
        paragraphs.append(lead)
        paragraphs.append(
            f"Theo kết quả điều tra của {police}, trong thời gian giữ chức vụ, bị can "
            f"{w.mention(accused)} đã có hành vi vi phạm quy định về quản lý tài chính. "
            + w.filler()
        )
        v = r.randint(12, 950) * 100
        money = f"{num_vi(v)}.000.000 đồng"
        s = f"Tổng số tiền thiệt hại được xác định là {money}."
        paragraphs.append(
            w.metric(s, value=v * 1_000_000, subject="đồng", period=None) + " " + w.filler()
        )
        paragraphs.append(f"Việc giải quyết vụ án do {chair} trực tiếp chỉ đạo. " + w.filler(2))
    else:
        verb = {"directive": "ký", "other": "tổ chức"}.get(event_type, "chủ trì")
        paragraphs.append(
            f"Ngày {day_text}, {w.place(home)} {template.format(**fill)}. {chair[0].upper() + chair[1:]} {verb} {noun}."
        )
        guests = [leader(False) for _ in range(r.randint(0, 2))]
        guests += [dept_head() for _ in range(r.randint(1, 3))]
        if r.random() < 0.5:
            guests.append(outsider())
        if site_kind == "supreme" and r.random() < 0.4:
            guests.append(system_leader())
        paragraphs.append("Tham dự có " + "; ".join(guests) + ".")

    if r.random() < 0.3 and event_type in ("conference", "training"):
        n, t = w.count(5, 45)
        paragraphs.append(
            w.metric(
                f"{noun[0].upper() + noun[1:]} được kết nối trực tuyến tới {t} điểm cầu "
                + ("trong toàn tỉnh." if site_kind == "province" else "trong cả nước."),
                value=n,
                subject="điểm cầu",
                period=None,
            )
        )

    # -- substance: documents and figures -----------------------------------
    if event_type != "case" and r.random() < 0.8:
        kind = (
            "Chỉ thị"
            if event_type == "directive"
            else r.choice(("Kế hoạch", "Quyết định", "Công văn", "Thông báo", "Hướng dẫn"))
        )
        issuer = supreme if r.random() < 0.4 else home
        paragraphs.append(
            f"Thực hiện {w.document(kind, issuer, published, dated=r.random() < 0.85)} của "
            f"{w.place(issuer)}, {_lower_first(w.filler())}"
        )

    n_fig = r.randint(1, 5) if event_type in ("conference", "inspection") else r.randint(0, 2)
    used_subjects: set[str] = set()
    for _ in range(n_fig):
        form = r.random()
        if form < 0.3:
            verb, subject, lo, hi = r.choice(FRACTION_SUBJECTS)
        else:
            verb, subject, lo, hi = r.choice(COUNT_SUBJECTS)
        if subject in used_subjects:
            continue
        used_subjects.add(subject)
        if form < 0.3:
            total = r.randint(lo, hi)
            value = r.randint(int(total * 0.75), total)
            pct = round(value * 100 / total, 1)
            consistent = True
            if r.random() < 0.1:
                pct = round(pct - 2.0, 1) if pct > 5 else pct + 2.0
                consistent = False
            rate = r.choice(("tỷ lệ", "tỉ lệ"))
            s = (
                f"Trong {period}, các đơn vị đã {verb} {num_vi(value)}/{num_vi(total)} "
                f"{subject} (đạt {rate} {num_vi(pct)}%)."
            )
            w.metric(
                s,
                value=value,
                total=total,
                percent=pct,
                subject=subject,
                period=period,
                consistent=consistent,
            )
        elif form < 0.55:
            value, text = w.count(lo, hi)
            change = r.randint(1, max(2, value // 5))
            sign = r.choice((1, -1))
            word_change = "tăng" if sign > 0 else "giảm"
            s = (
                f"Kết quả {period}, đã {verb} {text} {subject} "
                f"({word_change} {num_vi(change)} {subject} so với cùng kỳ)."
            )
            w.metric(s, value=value, change=sign * change, subject=subject, period=period)
        elif form < 0.7:
            value, text = w.count(lo * 10, hi * 10)
            cp = round(r.uniform(0.5, 35.0), 1)
            word_change = r.choice(("tăng", "giảm"))
            s = (
                f"Số liệu {period} cho thấy toàn ngành đã {verb} {text} {subject}, "
                f"{word_change} {num_vi(cp)}% so với cùng kỳ năm trước."
            )
            w.metric(
                s,
                value=value,
                change_percent=cp if word_change == "tăng" else -cp,
                subject=subject,
                period=period,
            )
        else:
            value, text = w.count(lo, hi)
            s = f"Trong {period}, {w.place(home)} đã {verb} {text} {subject}."
            w.metric(s, value=value, subject=subject, period=period)
        paragraphs.append(s + " " + w.filler(r.randint(1, 3)))
    # -- padding to a realistic size ------------------------------------------
    target = r.choice((1, 2, 2, 3, 3, 4, 5, 6, 8, 11))  # kB
    size = sum(len(p) for p in paragraphs) * 1.2
    while size < target * 1000:
        para = w.filler(r.randint(2, 4))
        paragraphs.append(para)
        size += len(para) * 1.2

    # -- captions -----------------------------------------------------------
    n_caps = r.choice((0, 1, 2, 2, 3, 4))
    cap_noun = f"buổi công bố {noun}" if event_type == "directive" else noun
    pool = CAPTION_CASE if event_type == "case" else CAPTION_GENERIC
    first = r.randint(0, len(pool) - 1)
    for k in range(n_caps):
        after = min(len(paragraphs) - 1, k * 2 + 1)
        if event_type != "case" and k == 0 and r.random() < 0.7:
            verb = "ký ban hành" if event_type == "directive" else "phát biểu tại"
            cap = f"Đồng chí {w.mention(chair_name)} {verb} {noun}"
        elif k >= len(pool):
            break
        else:
            # walk the pool so one article never repeats a caption
            cap = pool[(first + k) % len(pool)].format(event=cap_noun)
        credit = r.choice(CREDITS) if r.random() < 0.3 else None
        captions.append((after, cap, credit))

    # -- closing ------------------------------------------------------------
    if event_type != "case" and r.random() < 0.8:
        paragraphs.append(
            f"Phát biểu kết luận, đồng chí {w.mention(chair_name)} đề nghị các đơn vị "
            + r.choice(CLOSINGS)
        )

    roll = r.random()
    if roll < 0.5:
        authors = [r.choice(BYLINE_INITIALS)]
    elif roll < 0.85:
        authors = [w.new_name().split(" ", 1)[1]]
        w.used_names.discard(authors[0])
    else:
        authors = [f"{r.choice(GIVEN_F + GIVEN_M)} {r.choice(GIVEN_M)} - Văn phòng"]
    layout = {"supreme": "supreme", "high": "supreme"}.get(site_kind) or r.choice(
        ("sharepoint", "wordpress", "plain")
    )
    section = "Tin hoạt động" if layout == "sharepoint" else r.choice(SECTIONS)
    return SynthArticle(
        index=index,
        seed=seed,
        site_kind=site_kind,
        layout=layout,
        title=title,
        published=published,
        authors=authors,
        section=section,
        event_type=event_type,
        paragraphs=paragraphs,
        captions=captions,
        people=list(w.people.values()),
        units=list(w.units.values()),
        documents=w.documents,
        metrics=w.metrics,
        home=home.canonical,
    )


def generate(n: int, seed: int = 0, start: int = 0) -> Iterator[SynthArticle]:
    """``n`` articles of the stream of ``seed``, from index ``start``."""
    for i in range(start, start + n):
        yield make_article(i, seed)
