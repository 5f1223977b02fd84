"""People: patterns seen on unseen portals (defendants' former posts, names after a unit
that ends in a place, lists separated by ';', earlier posts, trailing departments, short
references), on invented sentences with invented names."""

from __future__ import annotations

from nlp.components.people import find_people
from nlp.components.units import find_units


def people(text: str, context: dict | None = None) -> dict[str, tuple[list[str], str | None]]:
    mentions = [(f.start, f.end, f.name) for f in find_units(text, context)]
    return {p.name: (p.titles, p.unit) for p in find_people(text, mentions)}


def test_defendant_with_birth_year_and_former_post() -> None:
    got = people("Bị can Hồ Văn Lợi (sinh năm 1968) là nguyên Chánh Văn phòng UBND tỉnh Sóc Trăng.")
    assert got == {
        "Hồ Văn Lợi": (["nguyên Chánh Văn phòng"], "Văn phòng Ủy ban nhân dân tỉnh Sóc Trăng")
    }


def test_name_after_a_regional_unit_ending_in_a_province() -> None:
    got = people("Phó Viện trưởng VKSND khu vực 5 - Đắk Lắk Mẫn Thị Hồng phát biểu.")
    assert got == {
        "Mẫn Thị Hồng": (["Phó Viện trưởng"], "Viện kiểm sát nhân dân khu vực 5 - Đắk Lắk")
    }


def test_name_after_an_implied_province() -> None:
    got = people("Chủ tịch UBND tỉnh Lại Văn Toàn dự.", {"province": "Yên Bái"})
    assert got == {"Lại Văn Toàn": (["Chủ tịch"], "Ủy ban nhân dân tỉnh Yên Bái")}


def test_semicolon_list_keeps_its_last_member() -> None:
    got = people(
        "Cùng đi có các đồng chí: Tiêu Văn Khang, Vụ trưởng Vụ 4; "
        "Giàng Thị Mỷ, Phó Cục trưởng Cục 1."
    )
    assert got == {
        "Tiêu Văn Khang": (["Vụ trưởng"], "Vụ 4 Viện kiểm sát nhân dân tối cao"),
        "Giàng Thị Mỷ": (["Phó Cục trưởng"], "Cục 1 Viện kiểm sát nhân dân tối cao"),
    }


def test_standing_deputy_party_title_before_a_state_post() -> None:
    got = people(
        "Có đồng chí Vi Thị Hạnh, Phó Bí thư Thường trực Tỉnh ủy, Chủ tịch HĐND tỉnh Lạng Sơn."
    )
    assert got == {
        "Vi Thị Hạnh": (
            ["Phó Bí thư Thường trực Tỉnh ủy", "Chủ tịch"],
            "Hội đồng nhân dân tỉnh Lạng Sơn",
        )
    }


def test_head_of_a_delegation_with_lam() -> None:
    got = people(
        "Đoàn do đồng chí Phí Văn Long, Phó Viện trưởng VKSND tối cao làm Trưởng đoàn đã làm việc."
    )
    assert got == {
        "Phí Văn Long": (["Phó Viện trưởng", "Trưởng đoàn"], "Viện kiểm sát nhân dân tối cao")
    }


def test_court_division_deputy_chief() -> None:
    got = people("Báo cáo viên là Thẩm phán Nhữ Thị Lan, Phó Chánh tòa Tòa Hình sự TAND tối cao.")
    assert got == {
        "Nhữ Thị Lan": (
            ["Thẩm phán", "Phó Chánh tòa"],
            "Tòa Hình sự Tòa án nhân dân tối cao",
        )
    }


def test_titles_kept_as_written() -> None:
    got = people(
        "Ông Cù Minh Tâm, Phó Viện trưởng phụ trách VKSND tỉnh Hà Giang chủ trì. "
        "Bà Lã Thị Én, cán bộ địa chính UBND xã Yên Phú, cho biết như vậy."
    )
    assert got == {
        "Cù Minh Tâm": (["Phó Viện trưởng phụ trách"], "Viện kiểm sát nhân dân tỉnh Hà Giang"),
        "Lã Thị Én": (["cán bộ địa chính"], "Ủy ban nhân dân xã Yên Phú"),
    }


def test_department_after_the_post_or_the_name() -> None:
    got = people(
        "VKSND tỉnh Kiên Giang tổ chức tập huấn. Đồng chí Thân Văn Hào, Kiểm sát viên sơ cấp, "
        "Phòng 7 trình bày tham luận. Kiểm sát viên Đới Thị Na, Phòng 2 VKSND cấp cao 3 dự."
    )
    assert got == {
        "Thân Văn Hào": (
            ["Kiểm sát viên sơ cấp"],
            "Phòng 7 Viện kiểm sát nhân dân tỉnh Kiên Giang",
        ),
        "Đới Thị Na": (
            ["Kiểm sát viên"],
            "Phòng 2 Viện kiểm sát nhân dân cấp cao tại Thành phố Hồ Chí Minh",
        ),
    }


def test_outside_department_with_a_function_word() -> None:
    got = people(
        "Thượng tá Tăng Văn Quý, Phó Trưởng phòng Cảnh sát điều tra tội phạm về ma túy "
        "Công an tỉnh Điện Biên trao đổi kinh nghiệm."
    )
    assert got == {
        "Tăng Văn Quý": (
            ["Phó Trưởng phòng"],
            "Phòng Cảnh sát điều tra tội phạm về ma túy Công an tỉnh Điện Biên",
        )
    }


def test_earlier_posts_by_short_name_and_by_pronoun() -> None:
    got = people(
        "Bị can Khúc Văn Định (sinh năm 1962), nguyên Giám đốc Sở Xây dựng tỉnh Hòa Bình. "
        "Ông Định từng là Bí thư Huyện ủy Lạc Sơn.\n\n"
        "Bị can Quản Thị Mơ (sinh năm 1970), nguyên Phó Giám đốc Sở Y tế tỉnh Hòa Bình. "
        "Bà Mơ nghỉ hưu năm 2021. Trước đó, bà từng là Phó Chủ tịch UBND huyện Kỳ Sơn."
    )
    assert got == {
        "Khúc Văn Định": (["nguyên Giám đốc", "Bí thư Huyện ủy"], "Sở Xây dựng tỉnh Hòa Bình"),
        "Quản Thị Mơ": (["nguyên Phó Giám đốc", "Phó Chủ tịch"], "Sở Y tế tỉnh Hòa Bình"),
    }


def test_short_references_to_an_organisation_named_before() -> None:
    got = people(
        "Sai phạm xảy ra tại Trung tâm Dịch vụ nông nghiệp huyện Mỹ Xuyên. Bị cáo Ứng Văn Tài, "
        "nguyên Kế toán trưởng của Trung tâm, bị tuyên phạt. Đoàn đến Trường Tiểu học Hòa Tú; "
        "bà Mẫn Thị Thơ, Hiệu trưởng nhà trường, cảm ơn."
    )
    assert got == {
        "Ứng Văn Tài": (["nguyên Kế toán trưởng"], "Trung tâm Dịch vụ nông nghiệp huyện Mỹ Xuyên"),
        "Mẫn Thị Thơ": (["Hiệu trưởng"], "Trường Tiểu học Hòa Tú"),
    }


def test_a_place_that_contains_an_honorific_is_not_a_cue() -> None:
    got = people("Viện trưởng VKSND huyện Đông Anh Trương Thị Mơ dự.")
    assert got == {"Trương Thị Mơ": (["Viện trưởng"], "Viện kiểm sát nhân dân huyện Đông Anh")}


def test_outside_department_by_its_code() -> None:
    got = people("Thiếu tá Lục Văn Tư, Phó Trưởng phòng PC04 Công an tỉnh Cà Mau phát biểu.")
    assert got == {"Lục Văn Tư": (["Phó Trưởng phòng"], "Phòng PC04 Công an tỉnh Cà Mau")}


def test_implied_unit_gives_way_to_a_department_of_it_named_later() -> None:
    got = people(
        "VKSND tỉnh Trà Vinh thực hành quyền công tố. Kiểm sát viên Thạch Thị Sen, "
        "Phó Trưởng phòng 2 tham gia phiên tòa."
    )
    assert got == {
        "Thạch Thị Sen": (
            ["Kiểm sát viên", "Phó Trưởng phòng"],
            "Phòng 2 Viện kiểm sát nhân dân tỉnh Trà Vinh",
        )
    }


def test_earlier_post_after_dong_chi_and_a_short_name() -> None:
    got = people(
        "Đồng chí Hầu Văn Tín, Trưởng phòng 11 VKSND tỉnh Sóc Trăng báo cáo. "
        "Đồng chí Tín từng là Phó Chánh Văn phòng VKSND tỉnh Sóc Trăng."
    )
    assert got["Hầu Văn Tín"] == (
        ["Trưởng phòng", "Phó Chánh Văn phòng"],
        "Phòng 11 Viện kiểm sát nhân dân tỉnh Sóc Trăng",
    )


def test_standing_member_of_the_secretariat_is_a_party_post() -> None:
    got = people(
        "Dự có đồng chí Nông Thị Vân, Ủy viên Bộ Chính trị, Thường trực Ban Bí thư, "
        "Trưởng Ban Tổ chức Trung ương."
    )
    assert got == {
        "Nông Thị Vân": (
            ["Ủy viên Bộ Chính trị", "Thường trực Ban Bí thư", "Trưởng Ban Tổ chức Trung ương"],
            None,
        )
    }
