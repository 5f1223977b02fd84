"""Figures: counts, fractions, rates, changes and money, with subject and period.

Every sentence here is written for the tests in the style of procuracy
reports; none is copied from a real article.
"""

from __future__ import annotations

import time

import pytest
import spacy
from hypothesis import given, settings
from hypothesis import strategies as st

from kiemsat.model import Metric
from nlp.components.metrics import find_metrics, sentences


def _figures(text: str) -> list[tuple]:
    return [(m.value, m.total, m.subject) for m in find_metrics(text)]


def _one(text: str) -> Metric:
    found = find_metrics(text)
    assert len(found) == 1, found
    return found[0]


def test_counts_in_a_semicolon_list_are_separate() -> None:
    text = "Qua kiểm sát, đơn vị ban hành 27 kháng nghị phúc thẩm; 13 kiến nghị; 08 thông báo rút kinh nghiệm."
    assert _figures(text) == [
        (27, None, "kháng nghị phúc thẩm"),
        (13, None, "kiến nghị"),
        (8, None, "thông báo rút kinh nghiệm"),
    ]


def test_subject_keeps_coordinated_nouns_and_stops_at_a_new_clause() -> None:
    text = "Phòng đã tiến hành 6 cuộc kiểm tra, thanh tra theo kế hoạch, bảo đảm đúng tiến độ."
    assert _figures(text) == [(6, None, "cuộc kiểm tra, thanh tra")]
    text = "Ban cán sự đảng đã ban hành 12 nghị quyết chuyên đề, nhiều chương trình công tác."
    assert _figures(text) == [(12, None, "nghị quyết chuyên đề")]


def test_two_counts_joined_by_va() -> None:
    text = "Hội nghị khen thưởng 7 tập thể và 9 cá nhân có thành tích xuất sắc."
    assert _figures(text) == [(7, None, "tập thể"), (9, None, "cá nhân có thành tích xuất sắc")]


@pytest.mark.parametrize(
    ("text", "value", "total", "percent", "consistent"),
    [
        (
            "Đơn vị đã giải quyết 1.450/1.462 tin báo về tội phạm (đạt tỉ lệ 99,2%).",
            1450,
            1462,
            99.2,
            True,
        ),
        ("Viện đã hoàn thành 57/68 chỉ tiêu nghiệp vụ, đạt tỷ lệ 83,8%.", 57, 68, 83.8, True),
        ("giải quyết 180/201 đơn khiếu nại (đạt tỉ lệ 92%)", 180, 201, 92, False),
        ("giải quyết 15/15 vụ án hành chính, đạt 100%", 15, 15, 100, True),
    ],
)
def test_fractions_with_their_rate(
    text: str, value: int, total: int, percent: float, consistent: bool
) -> None:
    metric = _one(text)
    assert (metric.value, metric.total, metric.percent, metric.consistent) == (
        value,
        total,
        percent,
        consistent,
    )


def test_bare_rate_is_a_metric_whose_subject_is_the_phrase_before() -> None:
    text = (
        "Kết quả khả quan; tỷ lệ kháng nghị giám đốc thẩm được chấp nhận đạt 88,5%, vượt chỉ tiêu."
    )
    metric = _one(text)
    assert (metric.value, metric.percent, metric.total) == (88.5, 88.5, None)
    assert metric.subject == "tỷ lệ kháng nghị giám đốc thẩm được chấp nhận"
    assert metric.consistent is None


def test_rate_lists_targets_and_elliptical_rates() -> None:
    text = (
        "Các chỉ tiêu đều vượt: tỷ lệ giải quyết án hình sự đạt 97,4% (vượt 7,4%), "
        "án dân sự 88,25% (vượt 3,25%); án trả hồ sơ 05 vụ = 0,9% (chỉ tiêu không quá 6%)."
    )
    assert [(m.value, m.percent, m.subject) for m in find_metrics(text)] == [
        (97.4, 97.4, "tỷ lệ giải quyết án hình sự"),
        (88.25, 88.25, "án dân sự"),
        (5, 0.9, "vụ"),
    ]


def test_change_attached_to_its_figure() -> None:
    metric = _one("Đơn vị ban hành 64 kiến nghị khắc phục vi phạm (tăng 11 kiến nghị).")
    assert (metric.value, metric.change, metric.subject) == (64, 11, "kiến nghị khắc phục vi phạm")
    metric = _one("Toàn tỉnh khởi tố 530 vụ án, giảm 4,6% so với năm trước.")
    assert (metric.value, metric.change_percent) == (530, -4.6)
    metric = _one("Viện thụ lý 215 vụ án hình sự, tăng 15 vụ (7,5%) so với cùng kỳ.")
    assert (metric.value, metric.change, metric.change_percent) == (215, 15, 7.5)


def test_change_goes_to_the_figure_counting_the_same_noun() -> None:
    found = find_metrics("Cơ quan điều tra khởi tố 96 vụ/141 bị can, giảm 7 vụ so với cùng kỳ.")
    assert [(m.value, m.subject, m.change) for m in found] == [
        (96, "vụ", -7),
        (141, "bị can", None),
    ]


def test_change_further_on_goes_to_the_figure_counting_its_noun() -> None:
    text = (
        "Từ đầu năm 2023 đến nay, Viện đã truy tố 31 vụ với 58 bị can phạm tội “Cướp tài sản”; "
        "giảm 4 vụ so với cùng kỳ nhưng tăng 9 bị can."
    )
    found = [(m.value, m.change, m.period) for m in find_metrics(text)]
    assert found == [(31, -4, "Từ đầu năm 2023 đến nay"), (58, 9, "Từ đầu năm 2023 đến nay")]


def test_bare_relative_changes_are_metrics() -> None:
    text = "Số án phải giải quyết tăng 5%, trong đó: án kinh tế, tham nhũng tăng 17,4%, án ma túy giảm 3,1%."
    found = find_metrics(text)
    assert [(m.value, m.change_percent, m.subject) for m in found] == [
        (5, 5, "Số án phải giải quyết"),
        (17.4, 17.4, "án kinh tế, tham nhũng"),
        (3.1, -3.1, "án ma túy"),
    ]


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("các bị can đã chiếm đoạt số tiền hơn 350 triệu đồng", 350_000_000),
        ("gây thiệt hại 1,25 tỷ đồng cho Nhà nước", 1_250_000_000),
        ("đã thu hồi 2 tỷ 400 triệu đồng tiền thất thoát", 2_400_000_000),
        ("nộp lại 85.000.000 đồng", 85_000_000),
        ("bị can đã nộp 15.000.000đ để khắc phục", 15_000_000),
        ("tổng thiệt hại hơn 4,2 tỷ.", 4_200_000_000),
    ],
)
def test_money_in_vnd(text: str, value: int) -> None:
    metric = _one(text)
    assert (metric.value, metric.subject) == (value, "đồng")


def test_dong_chi_is_people_not_money() -> None:
    assert _figures("Đoàn công tác gồm 03 đồng chí Lãnh đạo Phòng.") == [
        (3, None, "đồng chí Lãnh đạo Phòng")
    ]


@pytest.mark.parametrize(
    "text",
    [
        "Ngày 14/5/2024, Viện tổ chức hội nghị.",
        "Kế hoạch công tác năm 2024 đã được ban hành.",
        "Thực hiện Chỉ thị số 06/CT-VKSTC ngày 2/2/2024 của Viện trưởng.",
        "Thực hiện Thông tư 04/2022 về công tác thống kê.",
        "Bị cáo (sinh năm 1979) năm nay 45 tuổi.",
        "Đoàn làm việc trong 03 ngày tại đơn vị.",
        "Kỷ niệm 65 năm Ngày thành lập ngành.",
        "Tòa tuyên phạt bị cáo từ 8 - 12 năm tù.",
        "Đồng chí Vụ trưởng Vụ 9 và Trưởng Phòng 2 dự họp.",
        "Viện kiểm sát quân sự Quân khu 4 báo cáo.",
        "Hội nghị giao ban Quý II/2024 đã kết thúc.",
        "Hai bị can đã bị bắt tạm giam.",
        "Bị can bị truy tố theo khoản 2 Điều 355 Bộ luật Hình sự.",
        "Hội nghị bắt đầu lúc 8:30 sáng.",
        "Số vụ việc tăng gấp 3 lần.",
        "Chiều 14/3 VKSND tỉnh làm việc với đoàn công tác.",
        "Bộ luật Hình sự 2015 quy định rõ tội danh này.",
        "Theo khoản 1, 2 Điều 9 của Quy chế.",
        "Vụ tai nạn xảy ra trên Quốc lộ 14 đoạn qua huyện.",
        "02",
    ],
)
def test_not_metrics(text: str) -> None:
    assert find_metrics(text) == []


def test_same_figure_in_title_and_body_is_one_metric() -> None:
    title = "Thành lập 12 tổ công tác chuyên trách"
    body = "Viện trưởng đã ký quyết định thành lập 12 tổ công tác chuyên trách trong toàn tỉnh."
    text = f"{title}\n\n{body}"
    zones = [(0, len(title), "title"), (len(title) + 2, len(text), "body")]
    found = find_metrics(text, zones)
    assert [(m.value, m.subject) for m in found] == [(12, "tổ công tác chuyên trách")]


def test_equal_figures_in_one_sentence_are_different_statements() -> None:
    text = "Trong kỳ tiến hành 3 cuộc kiểm tra đột xuất; 3 cuộc kiểm tra định kỳ."
    assert _figures(text) == [
        (3, None, "cuộc kiểm tra đột xuất"),
        (3, None, "cuộc kiểm tra định kỳ"),
    ]


def test_period_from_the_sentence_or_the_article_reporting_period() -> None:
    paragraphs = [
        "Hội nghị được kết nối trực tuyến tới 14 điểm cầu.",
        "Theo báo cáo, 9 tháng năm 2024, Viện kiểm sát hai cấp đã thực hiện tốt các chỉ tiêu.",
        "Trong kỳ, đơn vị đã thụ lý 310 vụ án hình sự.",
        "Năm 2024, đơn vị phải hoàn thành 9 nhóm nhiệm vụ trọng tâm.",
        "Đồng chí Viện trưởng yêu cầu các đơn vị thực hiện tốt 3 khâu đột phá.",
    ]
    text = "\n\n".join(paragraphs)
    found = {m.value: m.period for m in find_metrics(text)}
    assert found == {14: None, 310: "9 tháng năm 2024", 9: "Năm 2024", 3: None}


def test_each_figure_takes_the_period_written_before_it() -> None:
    text = "Số án thụ lý tăng dần (năm 2019: 840 vụ/1.105 bị can; năm 2023: 960 vụ/1.370 bị can)."
    assert [(m.value, m.period) for m in find_metrics(text)] == [
        (840, "năm 2019"),
        (1105, "năm 2019"),
        (960, "năm 2023"),
        (1370, "năm 2023"),
    ]


def test_a_paragraph_opening_period_covers_the_next_sentences() -> None:
    text = (
        "Chín tháng đầu năm 2024, tình hình vi phạm pháp luật vẫn phức tạp. "
        "Cơ quan điều tra đã khởi tố 410 vụ, 655 bị can (giảm 12 vụ, 30 bị can).\n\n"
        "Công tác kiểm sát tiếp tục chuyển biến; đã ban hành 21 kiến nghị."
    )
    found = [(m.value, m.change, m.period) for m in find_metrics(text)]
    assert found == [
        (410, -12, "Chín tháng đầu năm 2024"),
        (655, -30, "Chín tháng đầu năm 2024"),
        (21, None, None),
    ]


def test_percentages_listed_after_a_relative_change() -> None:
    text = "Riêng tội phạm về môi trường được phát hiện tăng 6,2% về số vụ, 14,8% về số bị can."
    assert [(m.value, m.change_percent, m.subject) for m in find_metrics(text)] == [
        (6.2, 6.2, "tội phạm về môi trường được phát hiện"),
        (14.8, 14.8, "tội phạm về môi trường được phát hiện"),
    ]


def test_a_review_meeting_in_the_title_gives_the_reporting_period() -> None:
    title = "VKSND huyện tổ chức Hội nghị tổng kết công tác năm 2024"
    body = "Trong kỳ, đơn vị đã thụ lý 152 vụ án hình sự."
    text = f"{title}\n\n{body}"
    zones = [(0, len(title), "title"), (len(title) + 2, len(text), "body")]
    assert [(m.value, m.period) for m in find_metrics(text, zones)] == [(152, "năm 2024")]


def test_a_comparison_year_is_not_the_period() -> None:
    metric = _one("Toàn ngành khởi tố 1.020 vụ án, tăng 2,1% so với năm 2021.")
    assert metric.period is None


def test_sentence_field_and_splitter() -> None:
    text = "Tại TP. Hồ Chí Minh có 24 đơn vị. Tại Hà Nội có 30 đơn vị."
    spans = list(sentences(text))
    assert [text[a:b] for a, b in spans] == [
        "Tại TP. Hồ Chí Minh có 24 đơn vị.",
        "Tại Hà Nội có 30 đơn vị.",
    ]
    assert [m.sentence for m in find_metrics(text)] == [text[a:b] for a, b in spans]


def test_component_reads_zones() -> None:
    nlp = spacy.blank("vi", config={"nlp": {"tokenizer": {"use_pyvi": False}}})
    nlp.add_pipe("kiemsat_metrics")
    text = "Khen thưởng 4 tập thể\n\nẢnh: Lễ trao thưởng"
    doc = nlp.make_doc(text)
    doc._.zones = [(0, 21, "title"), (23, len(text), "caption")]
    doc = nlp.get_pipe("kiemsat_metrics")(doc)
    assert [(m.value, m.subject) for m in doc._.metrics] == [(4, "tập thể")]


_NOUNS = st.sampled_from(
    ["vụ án", "bị can", "đơn khiếu nại", "cuộc kiểm tra", "kiến nghị", "tin báo"]
)


def _vn(value: int) -> str:
    return f"{value:,}".replace(",", ".")


@settings(max_examples=300, deadline=None)
@given(st.integers(min_value=1, max_value=10**9), _NOUNS, st.booleans())
def test_round_trip_counts(value: int, noun: str, pad: bool) -> None:
    written = f"{value:02d}" if pad and value < 10 else _vn(value)
    metric = _one(f"Trong kỳ, đơn vị đã thụ lý {written} {noun}.")
    assert (metric.value, metric.subject) == (value, noun)


@settings(max_examples=300, deadline=None)
@given(st.integers(min_value=1, max_value=100_000), st.data())
def test_round_trip_fraction_consistency(total: int, data: st.DataObject) -> None:
    value = data.draw(st.integers(min_value=0, max_value=total))
    places = data.draw(st.integers(min_value=0, max_value=2))
    stated = round(value / total * 100, places)
    written = f"{stated:.{places}f}".replace(".", ",")
    metric = _one(f"Viện giải quyết {_vn(value)}/{_vn(total)} đơn (đạt tỉ lệ {written}%).")
    assert (metric.value, metric.total, metric.consistent) == (value, total, True)
    off = f"{stated + 3:.{places}f}".replace(".", ",")
    metric = _one(f"Viện giải quyết {_vn(value)}/{_vn(total)} đơn (đạt tỉ lệ {off}%).")
    assert metric.consistent is False


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="0123456789.,/%-;:() tăngiảmđạtỷlệvụồđháoàyTrong\n", max_size=400))
def test_never_crashes_on_noise(text: str) -> None:
    for metric in find_metrics(text):
        assert isinstance(metric.value, int | float)


def test_adversarial_input_is_linear() -> None:
    blobs = [
        "9" * 100_000,
        "1." * 50_000,
        "1/" * 50_000,
        "tăng 1% " * 10_000,
        "5 vụ, " * 5_000,
        "đạt " * 20_000 + "5%",
        ("a " * 5_000 + ". ") * 5,
    ]
    start = time.perf_counter()
    for blob in blobs:
        find_metrics(blob)
    assert time.perf_counter() - start < 30


# --- generalisation: patterns seen on articles outside the dev corpus -------------


@pytest.mark.parametrize(
    ("text", "value", "subject"),
    [
        # a prepositional tail naming the case
        ("Cơ quan điều tra đã khởi tố 5 bị can trong vụ án lừa đảo tại xã Đông Hòa.", 5, "bị can"),
        # a predicate after the noun phrase
        ("Lớp học có 75 học viên là cán bộ, công chức của hai ngành.", 75, "học viên"),
        (
            "Đề án chọn 3 nhiệm vụ trọng tâm là số hóa hồ sơ và đào tạo cán bộ.",
            3,
            "nhiệm vụ trọng tâm",
        ),
        ("Kết quả khảo sát cho thấy 17 bản án xác định sai tội danh.", 17, "bản án"),
        ("Còn 6 quyết định khác không nêu rõ căn cứ áp dụng.", 6, "quyết định khác"),
        # a locative tail
        ("Lãnh đạo 9 VKSND khu vực trên địa bàn tỉnh cùng dự.", 9, "VKSND khu vực"),
        # a new clause with its own subject after the comma
        (
            "Sau khi rà soát 40 hồ sơ thi hành án, Tổ công tác đánh giá cao đơn vị.",
            40,
            "hồ sơ thi hành án",
        ),
        (
            "Khi thẩm định 7 dự án giao thông, ông Hòa đã ký tờ trình sai quy định.",
            7,
            "dự án giao thông",
        ),
        # a passive with its agent
        ("Có 8 cá nhân được Chủ tịch UBND tỉnh tặng Bằng khen.", 8, "cá nhân"),
    ],
)
def test_subject_stops_at_the_end_of_the_noun_phrase(text: str, value: int, subject: str) -> None:
    found = {m.value: m.subject for m in find_metrics(text)}
    assert found[value] == subject


def test_a_passive_without_agent_stays_in_the_subject() -> None:
    assert _one("Năm 2024, 14 tập thể được đề nghị khen thưởng.").subject == (
        "tập thể được đề nghị khen thưởng"
    )


def test_named_count_before_la_gives_the_subject() -> None:
    metric = _one("Tổng số bị can được đình chỉ điều tra là 45/300 bị can, chiếm tỷ lệ 15%.")
    assert (metric.value, metric.total, metric.percent) == (45, 300, 15)
    assert metric.subject == "bị can được đình chỉ điều tra"


def test_a_rate_after_a_case_and_accused_pair_belongs_to_the_cases() -> None:
    found = find_metrics(
        "Năm 2024, hai cấp thụ lý 230 vụ/410 bị can về tội phạm môi trường, chiếm 12% tổng số vụ án."
    )
    assert [(m.value, m.percent) for m in found] == [(230, 12), (410, None)]


def test_a_rate_naming_the_accused_stays_with_them() -> None:
    found = find_metrics("Đơn vị truy tố 40 vụ/75 bị can, chiếm 20% số bị can bị khởi tố.")
    assert [(m.value, m.percent) for m in found] == [(40, None), (75, 20)]


def test_a_named_rate_after_a_pair_is_its_own_metric() -> None:
    found = find_metrics("Đơn vị truy tố 31 vụ/47 bị can, tỷ lệ giải quyết án đúng hạn đạt 98,5%.")
    assert [(m.value, m.percent, m.subject) for m in found] == [
        (31, None, "vụ"),
        (47, None, "bị can"),
        (98.5, 98.5, "tỷ lệ giải quyết án đúng hạn"),
    ]


def test_a_count_inside_a_name_of_many_places() -> None:
    metric = _one("Lớp tập huấn dành cho cán bộ của VKSND 14 tỉnh, thành phố phía Bắc.")
    assert (metric.value, metric.subject) == (14, "tỉnh, thành phố phía Bắc")


def test_an_ordinal_unit_name_is_still_not_a_count() -> None:
    assert find_metrics("Viện kiểm sát quân sự Quân khu 9 tổ chức hội nghị.") == []


def test_different_nouns_with_one_value_are_two_metrics() -> None:
    text = (
        "Hội nghị được kết nối tới 7 điểm cầu VKSND khu vực. Sau sắp xếp, tỉnh có 7 VKSND khu vực."
    )
    assert sorted(m.subject for m in find_metrics(text)) == [
        "VKSND khu vực",
        "điểm cầu VKSND khu vực",
    ]


def test_a_birth_year_is_never_a_period() -> None:
    metric = _one("Bị cáo Lê Văn Hậu (sinh năm 1979) đã lập 15 hồ sơ khống.")
    assert metric.period is None


def test_a_report_period_set_off_by_commas_covers_its_paragraph() -> None:
    text = (
        "Tại buổi làm việc, lãnh đạo đơn vị cho biết, 9 tháng năm 2024, đơn vị giải quyết "
        "140/150 tin báo. Đơn vị cũng chủ động tổ chức 18 phiên tòa rút kinh nghiệm.\n\n"
        "Qua 25 hồ sơ được kiểm tra, nhiều nội dung cần khắc phục."
    )
    periods = {m.value: m.period for m in find_metrics(text)}
    assert periods == {140: "9 tháng năm 2024", 18: "9 tháng năm 2024", 25: None}


def test_a_year_in_a_case_narrative_is_not_carried_on() -> None:
    text = (
        "Cáo trạng xác định, năm 2021, bị can lập khống 6 hợp đồng. "
        "Sau đó bị can chiếm đoạt 2 tỷ đồng."
    )
    periods = {m.value: m.period for m in find_metrics(text)}
    assert periods == {6: "năm 2021", 2_000_000_000: None}


@pytest.mark.parametrize(
    "sentence",
    [
        "Cùng dự có lãnh đạo 11 VKSND khu vực.",
        "Hội nghị được kết nối trực tuyến tới 11 điểm cầu.",
        "Dịp này, 11 tập thể được tặng Giấy khen của Viện trưởng.",
        "Hiện đơn vị có 11 Kiểm sát viên.",
        "Đoàn kiểm tra đã xem xét 11 hồ sơ.",
    ],
)
def test_meeting_award_and_present_counts_take_no_report_period(sentence: str) -> None:
    text = "Theo báo cáo, 6 tháng đầu năm 2025, đơn vị thụ lý 320 vụ án.\n\n" + sentence
    periods = {m.value: m.period for m in find_metrics(text)}
    assert periods == {320: "6 tháng đầu năm 2025", 11: None}


def test_a_period_after_a_semicolon_is_not_an_earlier_figures() -> None:
    text = "Hiện toàn ngành có 210 công chức; trong năm 2024 đã cử 16 công chức đi học."
    periods = {m.value: m.period for m in find_metrics(text)}
    assert periods == {210: None, 16: "năm 2024"}


def test_the_goal_verb_is_not_part_of_a_rates_subject() -> None:
    found = find_metrics(
        "Kết luận, đồng chí Viện trưởng yêu cầu các đơn vị phấn đấu giải quyết đơn đúng hạn đạt 100%."
    )
    assert [(m.value, m.subject) for m in found] == [(100, "giải quyết đơn đúng hạn")]


def test_a_list_before_a_verb_is_one_subject_cut_at_the_verb() -> None:
    metric = _one("Năm 2025 đơn vị thụ lý 88 tin báo, tố giác tội phạm đã được phân loại kịp thời.")
    assert metric.subject == "tin báo, tố giác tội phạm"


@pytest.mark.parametrize(
    ("text", "subject"),
    [
        ("Lực lượng chức năng thu giữ 4 xe máy trong toàn tỉnh.", "xe máy"),
        ("Hội nghị có 52 điểm cầu trong cả nước tham gia.", "điểm cầu"),
    ],
)
def test_a_scope_adverbial_is_not_part_of_the_subject(text: str, subject: str) -> None:
    assert _one(text).subject.startswith(subject)
    assert "toàn" not in _one(text).subject and "cả nước" not in _one(text).subject
