"""People component: names from cues and shape, titles in order, unit of the
first non-party post, merged mentions (EXTRACTION.md section 2), on sentences
written for these tests with names the component has never seen."""

from __future__ import annotations

import pytest
import spacy

from nlp.components.people import find_people

SUPREME = "Viện kiểm sát nhân dân tối cao"


def people(text: str) -> dict[str, tuple[list[str], str | None, int]]:
    return {p.name: (p.titles, p.unit, p.mentions) for p in find_people(text)}


def test_honorific_name_then_posts() -> None:
    got = people(
        "Dự buổi làm việc có đồng chí Khổng Minh Triết, Phó Viện trưởng VKSND tối cao; "
        "bà Quách Thị Yến, Phó Giám đốc Sở Tư pháp tỉnh Tiền Giang."
    )
    assert got == {
        "Khổng Minh Triết": (["Phó Viện trưởng"], SUPREME, 1),
        "Quách Thị Yến": (["Phó Giám đốc"], "Sở Tư pháp tỉnh Tiền Giang", 1),
    }


def test_title_and_unit_before_the_name_with_degree() -> None:
    got = people(
        "Phó Vụ trưởng Vụ Tổng hợp, Văn phòng Chính phủ, ThS Lục Văn Khải trình bày chuyên đề. "
        "Chánh Thanh tra VKSND Tối cao Bế Thị Duyên kết luận."
    )
    assert got == {
        "Lục Văn Khải": (["Phó Vụ trưởng"], "Vụ Tổng hợp Văn phòng Chính phủ", 1),
        "Bế Thị Duyên": (["Chánh Thanh tra"], "Thanh tra " + SUPREME, 1),
    }


def test_party_posts_are_titles_but_never_the_unit() -> None:
    got = people(
        "Đồng chí Hầu Văn Lực, Ủy viên Trung ương Đảng, Bí thư Ban cán sự đảng, "
        "Viện trưởng VKSND tối cao chủ trì. Đồng chí Viện trưởng VKSND tối cao Hầu Văn Lực nhấn mạnh."
    )
    assert got == {
        "Hầu Văn Lực": (
            ["Ủy viên Trung ương Đảng", "Bí thư Ban cán sự đảng", "Viện trưởng"],
            SUPREME,
            2,
        ),
    }


def test_ranks_are_not_titles_and_posts_accumulate_in_order() -> None:
    got = people(
        "Đồng chí Thiếu tướng Mẫn Đức Mạnh, Phó Viện trưởng VKSND tối cao, Viện trưởng VKSQS Trung ương "
        "dự. Sau đó, Thiếu tướng Mẫn Đức Mạnh, Viện trưởng Viện kiểm sát quân sự Trung ương phát biểu."
    )
    assert got == {"Mẫn Đức Mạnh": (["Phó Viện trưởng", "Viện trưởng"], SUPREME, 2)}


def test_dash_form_and_implied_procuracy_of_the_paragraph() -> None:
    text = (
        "Ngày 4/3, VKSND tỉnh Quảng Bình tổ chức hội nghị. Chủ trì có đ/c Mạc Văn Sáu - Viện trưởng, "
        "đ/c Kiều Thị Nga - Phó viện trưởng. Đ/c Nga đề nghị các đơn vị khắc phục hạn chế."
    )
    got = people(text)
    assert got == {
        "Mạc Văn Sáu": (["Viện trưởng"], "Viện kiểm sát nhân dân tỉnh Quảng Bình", 1),
        "Kiều Thị Nga": (["Phó viện trưởng"], "Viện kiểm sát nhân dân tỉnh Quảng Bình", 2),
    }


def test_group_introduction_gives_its_posts_to_every_member() -> None:
    got = people(
        "Tham dự có các đồng chí Ủy viên Ban cán sự đảng, Phó Viện trưởng VKSND tối cao: "
        "đồng chí Doãn Văn Hậu, Phó Bí thư Đảng ủy; đồng chí Giáp Thị Loan; đồng chí Lã Quang Vinh."
    )
    assert got == {
        "Doãn Văn Hậu": (
            ["Ủy viên Ban cán sự đảng", "Phó Viện trưởng", "Phó Bí thư Đảng ủy"],
            SUPREME,
            1,
        ),
        "Giáp Thị Loan": (["Ủy viên Ban cán sự đảng", "Phó Viện trưởng"], SUPREME, 1),
        "Lã Quang Vinh": (["Ủy viên Ban cán sự đảng", "Phó Viện trưởng"], SUPREME, 1),
    }


def test_case_parties_with_former_posts_and_short_references() -> None:
    got = people(
        "VKSND tỉnh Bình Phước truy tố bị can Phí Văn Toàn (nguyên Chủ tịch UBND xã Tân Lợi, "
        "nguyên Phó Chủ tịch UBND huyện Đồng Phú) và bị can Tống Thị Hoa (nguyên thủ quỹ UBND xã "
        "Tân Lợi). Bị can Toàn khai nhận; bà Hoa chưa khai báo."
    )
    assert got == {
        "Phí Văn Toàn": (
            ["nguyên Chủ tịch", "nguyên Phó Chủ tịch"],
            "Ủy ban nhân dân xã Tân Lợi",
            2,
        ),
        "Tống Thị Hoa": (["nguyên thủ quỹ"], "Ủy ban nhân dân xã Tân Lợi", 2),
    }


def test_names_with_rare_surnames_need_an_honorific() -> None:
    got = people("Ông Rơ Mah Blơi và bà Kpă Thị Hương đến trụ sở VKSND tỉnh Gia Lai nộp đơn.")
    assert set(got) == {"Rơ Mah Blơi", "Kpă Thị Hương"}
    assert people("Đoàn công tác đến tỉnh Bà Rịa Vũng Tàu và huyện Bà Thước.") == {}
    # without a cue, a capitalised run is not a person, even with a known surname
    assert people("Hồ Tây và Lê Lợi là hai địa danh; tư tưởng Hồ Chí Minh được quán triệt.") == {}
    assert (
        people("Tại Hà Nội, Viện trưởng VKSND tối cao chủ trì. Về Hà Tĩnh, Phó Viện trưởng dự.")
        == {}
    )


def test_places_units_and_unnamed_posts_are_not_people() -> None:
    text = (
        "Đồng chí Viện trưởng VKSND tối cao yêu cầu Trường Đào tạo, bồi dưỡng nghiệp vụ kiểm sát "
        "tại thành phố Hồ Chí Minh chuẩn bị; các đồng chí Phó Chánh Thanh tra và Tổng Bí thư "
        "đã có ý kiến về các kết luận."
    )
    assert people(text) == {}


def test_caption_name_first_then_post() -> None:
    got = people(
        "Đồng chí Âu Thị Mai, Kiểm sát viên cao cấp VKSND tỉnh Trà Vinh phát biểu tham luận"
    )
    assert got == {
        "Âu Thị Mai": (["Kiểm sát viên cao cấp"], "Viện kiểm sát nhân dân tỉnh Trà Vinh", 1)
    }


def test_old_style_tone_marks_in_titles_keep_the_name_as_written() -> None:
    got = people(
        "Đồng chí Hoàng Văn Thuỵ, Uỷ viên Ban cán sự đảng, Phó Viện trưởng VKSND tối cao dự."
    )
    assert got == {"Hoàng Văn Thuỵ": (["Uỷ viên Ban cán sự đảng", "Phó Viện trưởng"], SUPREME, 1)}


def test_spacy_component_uses_unit_mentions_and_ignores_authors() -> None:
    nlp = spacy.blank("vi", config={"nlp": {"tokenizer": {"use_pyvi": False}}})
    nlp.add_pipe("kiemsat_units")
    nlp.add_pipe("kiemsat_people")
    doc = nlp.make_doc("Tại VKSND tỉnh, đồng chí Ninh Văn Tú, Chánh Văn phòng báo cáo kết quả.")
    doc._.context = {"province": "Hà Nam", "authors": ["Lương Thu Hà"]}
    for _, proc in nlp.pipeline:
        doc = proc(doc)
    assert [(p.name, p.titles, p.unit) for p in doc._.people] == [
        ("Ninh Văn Tú", ["Chánh Văn phòng"], "Văn phòng Viện kiểm sát nhân dân tỉnh Hà Nam")
    ]


@pytest.mark.timeout(60)
def test_adversarial_input_runs_in_linear_time() -> None:
    chunk = (
        "Nguyễn " * 400
        + "đồng chí " * 400
        + "Phó Viện trưởng " * 300
        + "các đồng chí Phó Viện trưởng: " * 200
        + "TS ThS Trung tướng " * 300
        + ", - ( " * 500
        + "A Bb Cc Dd Ee " * 500
    )
    text = chunk * 5
    found = find_people(text)
    assert all(p.name and " " in p.name for p in found)
    assert len(text) > 100_000


def test_a_post_written_before_the_next_name_is_not_the_previous_persons() -> None:
    got = people(
        "Dự lễ có Tổng Bí thư Lò Văn Khánh, Thủ tướng Chính phủ Mẫn Văn Lộc và nhiều đại biểu."
    )
    assert got == {
        "Lò Văn Khánh": (["Tổng Bí thư"], None, 1),
        "Mẫn Văn Lộc": (["Thủ tướng Chính phủ"], "Chính phủ", 1),
    }


def test_news_style_case_report() -> None:
    got = people(
        "VKSND tỉnh Hà Nam phê chuẩn lệnh bắt ông Kiều Văn Tâm (52 tuổi), cựu Giám đốc Sở Xây dựng "
        "Hà Nam, cùng ông Lại Thế Vinh và Mạc Thị Hoa. Bị can Giang Văn Đức, cựu trưởng phòng Quản lý "
        "đô thị (Sở Xây dựng Hà Nam) cũng bị truy tố; Chủ tịch Tập đoàn Hòa Phú Diệp Văn Sang bị điều tra."
    )
    assert got == {
        "Kiều Văn Tâm": (["cựu Giám đốc"], "Sở Xây dựng Hà Nam", 1),
        "Lại Thế Vinh": ([], None, 1),
        "Mạc Thị Hoa": ([], None, 1),
        "Giang Văn Đức": (["cựu trưởng phòng"], "Phòng Quản lý đô thị Sở Xây dựng Hà Nam", 1),
        "Diệp Văn Sang": (["Chủ tịch"], "Tập đoàn Hòa Phú", 1),
    }


def test_group_introduction_with_bare_names() -> None:
    got = people(
        "Dự có các đồng chí Phó Viện trưởng VKSND tối cao: Hứa Văn Nhân, Triệu Thị Oanh và "
        "Thân Đức Phú; các đồng chí nguyên lãnh đạo Viện."
    )
    assert got == {
        "Hứa Văn Nhân": (["Phó Viện trưởng"], SUPREME, 1),
        "Triệu Thị Oanh": (["Phó Viện trưởng"], SUPREME, 1),
        "Thân Đức Phú": (["Phó Viện trưởng"], SUPREME, 1),
    }


def test_central_party_posts_keep_their_body_and_state_posts_give_the_unit() -> None:
    got = people(
        "Dự có đồng chí Khúc Văn Quân, Phó Trưởng Ban Nội chính Trung ương và ông Lưu Đình Sáng, "
        "Chủ nhiệm Ủy ban Tư pháp của Quốc hội."
    )
    assert got == {
        "Khúc Văn Quân": (["Phó Trưởng Ban Nội chính Trung ương"], None, 1),
        "Lưu Đình Sáng": (["Chủ nhiệm"], "Ủy ban Tư pháp của Quốc hội", 1),
    }


def test_post_after_la() -> None:
    got = people(
        "Bị can Ninh Văn Quý (sinh năm 1977) là Kế toán trưởng Sở Xây dựng tỉnh Ninh Thuận."
    )
    assert got == {"Ninh Văn Quý": (["Kế toán trưởng"], "Sở Xây dựng tỉnh Ninh Thuận", 1)}


def test_a_full_name_opening_a_caption_with_a_speech_verb() -> None:
    assert people("Lương Thế Hiển phát biểu tại buổi lễ") == {"Lương Thế Hiển": ([], None, 1)}
    assert people("Hà Nội chủ trì hội nghị; Tây Ninh cho biết đã hoàn thành.") == {}
