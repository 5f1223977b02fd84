"""Units: patterns seen on unseen portals (regional units bounded by a place, companies,
long names with function words, schools, short company references), on invented sentences."""

from __future__ import annotations

import pytest

from nlp.components.units import aggregate, find_units, publisher_unit


def names(text: str, context: dict | None = None) -> dict[str, str]:
    return {u.name: u.level for u in aggregate(find_units(text, context))}


def test_regional_unit_ends_at_its_province_before_a_name() -> None:
    got = names("Phó Viện trưởng VKSND khu vực 4 - Kon Tum Phùng Thị Lan trình bày tham luận.")
    assert got == {"Viện kiểm sát nhân dân khu vực 4 - Kon Tum": "regional"}


def test_people_council_of_an_implied_province_is_not_followed_by_a_name() -> None:
    got = names("Chủ tịch UBND tỉnh Đoàn Văn Khải phát biểu.", {"province": "Sơn La"})
    assert got == {"Ủy ban nhân dân tỉnh Sơn La": "external"}


def test_commune_name_stops_before_a_person() -> None:
    got = names("Chủ tịch UBND xã Tân Hòa Lò Văn Páo dự buổi lễ.")
    assert got == {"Ủy ban nhân dân xã Tân Hòa": "external"}


def test_company_names_end_on_their_proper_name() -> None:
    got = names(
        "Giám đốc Công ty cổ phần Thương mại Ánh Dương đã ký hợp đồng. "
        "Sau đó Công ty Bình Minh nhận chuyển nhượng 7 lô đất."
    )
    assert got == {
        "Công ty cổ phần Thương mại Ánh Dương": "external",
        "Công ty Bình Minh": "external",
    }


def test_short_company_reference_is_the_company_named_before() -> None:
    got = names(
        "Ông K là Giám đốc Công ty TNHH Xây dựng Hoàng Long. Công ty Hoàng Long trúng 2 gói thầu."
    )
    assert got == {"Công ty TNHH Xây dựng Hoàng Long": "external"}


def test_police_department_with_a_function_word_before_its_parent() -> None:
    got = names("Phó Trưởng phòng Cảnh sát điều tra tội phạm về kinh tế Công an tỉnh Hà Giang dự.")
    assert got == {
        "Phòng Cảnh sát điều tra tội phạm về kinh tế Công an tỉnh Hà Giang": "external",
        "Công an tỉnh Hà Giang": "external",
    }


def test_long_board_name_running_to_its_province() -> None:
    got = names(
        "Sai phạm xảy ra tại Ban Quản lý dự án đầu tư xây dựng các công trình nông nghiệp tỉnh Phú Yên."
    )
    assert got == {
        "Ban Quản lý dự án đầu tư xây dựng các công trình nông nghiệp tỉnh Phú Yên": "external"
    }


def test_generic_words_before_a_parent_do_not_make_a_name() -> None:
    got = names("Dự có Trưởng phòng Kế hoạch các đơn vị thuộc VKSND tối cao.")
    assert "Phòng Kế hoạch các đơn vị Viện kiểm sát nhân dân tối cao" not in got


def test_school_name_with_a_place_like_syllable_and_an_address() -> None:
    got = names(
        "Đoàn trao quà tại Trường Tiểu học Thanh Lâm, xã Thanh Lâm và Trường THCS Văn Lang."
    )
    assert got == {"Trường Tiểu học Thanh Lâm": "external", "Trường THCS Văn Lang": "external"}


def test_verb_after_a_department_name_is_not_part_of_it() -> None:
    got = names("Sở Tư pháp phối hợp với UBND tỉnh Nam Định tổ chức hội nghị.")
    assert "Ủy ban nhân dân tỉnh Nam Định" in got
    assert not any("phối hợp" in n for n in got)


def test_military_bodies_and_their_investigation_bodies() -> None:
    got = names(
        "Dự có đại diện Bộ Tư lệnh Quân khu 9, Cơ quan điều tra hình sự Quân khu 9 "
        "và Cơ quan điều tra hình sự Bộ Quốc phòng."
    )
    assert got == {
        "Bộ Tư lệnh Quân khu 9": "external",
        "Cơ quan điều tra hình sự Quân khu 9": "external",
        "Cơ quan điều tra hình sự Bộ Quốc phòng": "external",
        "Bộ Quốc phòng": "external",
    }


def test_court_divisions_are_named_with_their_court() -> None:
    got = names("Phó Chánh tòa Tòa Hành chính TAND cấp cao tại Hà Nội trình bày chuyên đề.")
    assert got == {
        "Tòa Hành chính Tòa án nhân dân cấp cao tại Hà Nội": "external",
        "Tòa án nhân dân cấp cao tại Hà Nội": "external",
    }


def test_bare_office_and_inspectorate_belong_to_the_procuracy_in_view() -> None:
    got = names(
        "VKSND tỉnh Hậu Giang có 8 phòng, Văn phòng, Thanh tra. Viện trưởng giao Văn phòng theo dõi."
    )
    assert "Văn phòng Viện kiểm sát nhân dân tỉnh Hậu Giang" in got
    assert "Thanh tra Viện kiểm sát nhân dân tỉnh Hậu Giang" in got


def test_inspection_as_a_verb_or_a_team_is_not_the_inspectorate() -> None:
    got = names(
        "VKSND tỉnh Hậu Giang ban hành quyết định về việc Thanh tra toàn diện. "
        "Trưởng đoàn Thanh tra phát biểu. Thanh tra việc chấp hành pháp luật."
    )
    assert got == {"Viện kiểm sát nhân dân tỉnh Hậu Giang": "province"}


def test_portal_province_wins_over_provinces_named_later() -> None:
    text = "VKSND tỉnh tổ chức hội nghị bàn giao hồ sơ của VKSND tỉnh Bắc Kạn (cũ)."
    got = names(text, {"province": "Thái Nguyên"})
    assert "Viện kiểm sát nhân dân tỉnh Thái Nguyên" in got
    assert "Viện kiểm sát nhân dân tỉnh Bắc Kạn" in got


def test_high_procuracy_portal_gives_a_bare_department_its_parent() -> None:
    unit = "Viện kiểm sát nhân dân cấp cao tại Đà Nẵng"
    got = names("Kiểm sát viên Phòng 4 tham gia phiên tòa.", {"unit": unit})
    assert got == {f"Phòng 4 {unit}": "department"}


@pytest.mark.parametrize(
    ("lines", "unit"),
    [
        (
            ["Trang chủ", "VIỆN KIỂM SÁT NHÂN DÂN TỈNH BẮC NINH"],
            "Viện kiểm sát nhân dân tỉnh Bắc Ninh",
        ),
        (
            ["VKSND CẤP CAO TẠI TP. HỒ CHÍ MINH"],
            "Viện kiểm sát nhân dân cấp cao tại Thành phố Hồ Chí Minh",
        ),
        (["Liên hệ", "© Viện kiểm sát nhân dân tỉnh Cà Mau"], "Viện kiểm sát nhân dân tỉnh Cà Mau"),
        (["VIỆN KIỂM SÁT QUÂN SỰ TRUNG ƯƠNG"], "Viện kiểm sát quân sự Trung ương"),
        (["VKSND tỉnh Cà Mau tổ chức hội nghị", "Tin liên quan"], None),
        (["Báo điện tử", "Tòa án nhân dân tỉnh Cà Mau"], None),
    ],
)
def test_publisher_unit_from_header_or_footer(lines: list[str], unit: str | None) -> None:
    assert publisher_unit(lines) == unit


def test_spelled_out_office_without_parent_belongs_to_the_procuracy_in_view() -> None:
    got = names("VKSND tỉnh Tây Ninh họp. Trưởng phòng Tổ chức cán bộ đã quán triệt kế hoạch.")
    assert "Phòng Tổ chức cán bộ Viện kiểm sát nhân dân tỉnh Tây Ninh" in got
    police = names("Đại diện Phòng Tổ chức cán bộ Công an tỉnh Tây Ninh dự.")
    assert "Phòng Tổ chức cán bộ Công an tỉnh Tây Ninh" in police


def test_police_department_by_its_code() -> None:
    got = names("Đại diện Phòng PC03 Công an tỉnh Bạc Liêu dự.")
    assert got == {
        "Phòng PC03 Công an tỉnh Bạc Liêu": "external",
        "Công an tỉnh Bạc Liêu": "external",
    }


def test_unresolved_province_before_a_name_is_kept_as_written() -> None:
    assert names("Chủ tịch UBND tỉnh Lê Văn Khoa phát biểu.") == {
        "Ủy ban nhân dân tỉnh": "external"
    }
    assert names("Bí thư Tỉnh ủy Lê Văn Khoa phát biểu.") == {}


def test_without_a_portal_the_dominant_province_resolves_an_early_implied_procuracy() -> None:
    text = (
        "VKSND tỉnh triển khai quyết định sáp nhập. VKSND khu vực 2 - Phú Thọ và VKSND khu vực 5 - "
        "Phú Thọ nhận bàn giao hồ sơ của VKSND tỉnh Vĩnh Phúc (cũ)."
    )
    got = names(text)
    assert "Viện kiểm sát nhân dân tỉnh Phú Thọ" in got
    assert "Viện kiểm sát nhân dân tỉnh Vĩnh Phúc" in got
