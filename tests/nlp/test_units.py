"""Units component: canonical names, levels, implied parents and exclusions
(EXTRACTION.md sections 2 and 3), on sentences written for these tests."""

from __future__ import annotations

import pytest
import spacy

from nlp.components.units import (
    aggregate,
    find_units,
    province_from_site,
    province_names,
    province_of,
    resolve_unit,
)

SUPREME = "Viện kiểm sát nhân dân tối cao"


def names(text: str, context: dict | None = None, **kw) -> dict[str, str]:
    """Canonical name -> level of every unit found."""
    return {u.name: u.level for u in aggregate(find_units(text, context, **kw))}


def test_supreme_procuracy_spellings_share_one_name() -> None:
    text = (
        "VKSNDTC ban hành hướng dẫn. VKSTC đã tổng kết. Viện KSND tối cao chỉ đạo. "
        "VKSND Tối cao kiểm tra. Viện kiểm sát nhân dân (VKSND) tối cao kết luận."
    )
    units = aggregate(find_units(text))
    assert [(u.name, u.level, u.mentions) for u in units] == [(SUPREME, "supreme", 5)]


def test_high_procuracies_by_number_city_and_lists() -> None:
    got = names(
        "Hội nghị nối tới VKSND cấp cao 2, 3 và Viện KSND cấp cao tại TP.HCM; "
        "đại diện VKSND cấp cao 1 cũng dự. Lãnh đạo VKSND cấp cao tại Hà Nội, Đà Nẵng phát biểu."
    )
    assert got == {
        "Viện kiểm sát nhân dân cấp cao tại Đà Nẵng": "high",
        "Viện kiểm sát nhân dân cấp cao tại Thành phố Hồ Chí Minh": "high",
        "Viện kiểm sát nhân dân cấp cao tại Hà Nội": "high",
    }


def test_provinces_before_and_after_the_2025_merger() -> None:
    got = names(
        "VKSND tỉnh Hà Giang, VKSND tỉnh Tuyên Quang, VKSND TP Huế, VKSND Thừa Thiên Huế "
        "và VKSND TP. Cần Thơ cùng ký kết giao ước thi đua."
    )
    assert got == {
        "Viện kiểm sát nhân dân tỉnh Hà Giang": "province",
        "Viện kiểm sát nhân dân tỉnh Tuyên Quang": "province",
        "Viện kiểm sát nhân dân thành phố Huế": "province",
        "Viện kiểm sát nhân dân tỉnh Thừa Thiên Huế": "province",
        "Viện kiểm sát nhân dân thành phố Cần Thơ": "province",
    }
    assert {"Hà Giang", "Huế", "Thái Bình", "An Giang"} <= set(province_names())
    assert len(province_names()) == 64  # 63 before 2025, plus the city of Huế


def test_tone_placement_and_abbreviated_cities() -> None:
    got = names("VKSND tỉnh Thanh Hoá và VKSND TP HCM phối hợp với VKSND tỉnh Khánh Hoà.")
    assert set(got) == {
        "Viện kiểm sát nhân dân tỉnh Thanh Hóa",
        "Viện kiểm sát nhân dân Thành phố Hồ Chí Minh",
        "Viện kiểm sát nhân dân tỉnh Khánh Hòa",
    }


def test_district_and_regional_procuracies() -> None:
    got = names(
        "VKSND huyện Châu Thành, VKSND thị xã Sơn Tây, Viện KSND quận Hoàn Kiếm và "
        "VKSND thành phố Đông Hới được kiểm tra. Từ tháng 7, VKSND khu vực 4 - Nghệ An tiếp nhận hồ sơ."
    )
    assert got == {
        "Viện kiểm sát nhân dân huyện Châu Thành": "district",
        "Viện kiểm sát nhân dân thị xã Sơn Tây": "district",
        "Viện kiểm sát nhân dân quận Hoàn Kiếm": "district",
        "Viện kiểm sát nhân dân thành phố Đông Hới": "district",
        "Viện kiểm sát nhân dân khu vực 4 - Nghệ An": "regional",
    }


def test_implied_province_from_earlier_mention_context_or_kept_as_written() -> None:
    text = "VKSND tỉnh Bến Tre tổ chức hội nghị. Lãnh đạo VKSND tỉnh chủ trì."
    units = aggregate(find_units(text))
    assert [(u.name, u.mentions) for u in units] == [("Viện kiểm sát nhân dân tỉnh Bến Tre", 2)]
    later = aggregate(
        find_units("Lãnh đạo VKSND tỉnh phát biểu. Năm nay VKSND tỉnh Yên Bái vượt chỉ tiêu.")
    )
    assert [(u.name, u.mentions) for u in later] == [("Viện kiểm sát nhân dân tỉnh Yên Bái", 2)]
    assert names("Tại trụ sở VKSND tỉnh, hội nghị khai mạc.", {"province": "Cà Mau"}) == {
        "Viện kiểm sát nhân dân tỉnh Cà Mau": "province"
    }
    assert names("Tại trụ sở VKSND tỉnh, hội nghị khai mạc.") == {
        "Viện kiểm sát nhân dân tỉnh": "province"
    }
    assert names("Lãnh đạo VKSND tỉnh dự.", {"site": "vksnd.soctrang.gov.vn"}) == {
        "Viện kiểm sát nhân dân tỉnh Sóc Trăng": "province"
    }


def test_province_from_the_portal_host() -> None:
    assert province_from_site("https://vksndlongan.gov.vn/tin-tuc/123") == "Long An"
    assert province_from_site("vks.hagiang.gov.vn") == "Hà Giang"
    assert province_from_site("vksndtphcm.gov.vn") == "Hồ Chí Minh"
    assert province_from_site("https://vksndtc.gov.vn/") is None
    assert province_from_site(None) is None


def test_departments_named_with_parent_and_by_number() -> None:
    got = names(
        "Vụ 9, VKSND tối cao phối hợp với Vụ Thực hành quyền công tố và kiểm sát điều tra án ma túy "
        "(Vụ 4) và Cục 2. Văn phòng VKSND tối cao tại TP. Hồ Chí Minh, Phòng 8 VKSND tỉnh Bạc Liêu "
        "và Phòng Tổ chức cán bộ, Phòng Kế hoạch tài chính, Văn phòng VKSND tối cao cùng dự."
    )
    assert got["Vụ 9 " + SUPREME] == "department"
    assert got["Vụ 4 " + SUPREME] == "department"
    assert got["Cục 2 " + SUPREME] == "department"
    assert got["Văn phòng " + SUPREME + " tại Thành phố Hồ Chí Minh"] == "department"
    assert got["Phòng 8 Viện kiểm sát nhân dân tỉnh Bạc Liêu"] == "department"
    assert got["Phòng Tổ chức cán bộ Văn phòng " + SUPREME] == "department"
    assert got["Phòng Kế hoạch tài chính Văn phòng " + SUPREME] == "department"
    assert got["Viện kiểm sát nhân dân tỉnh Bạc Liêu"] == "province"


def test_numbered_department_with_implied_parent() -> None:
    text = "VKSND tỉnh Sóc Trăng ban hành kế hoạch. Phòng 2 đã hoàn thành nhiệm vụ."
    assert "Phòng 2 Viện kiểm sát nhân dân tỉnh Sóc Trăng" in names(text)


def test_party_bodies_inside_procuracy_and_title_bodies() -> None:
    got = names(
        "UBKT Đảng uỷ VKSND tối cao làm việc với Ban cán sự đảng VKSND tối cao. "
        "Đồng chí Chánh Thanh tra VKSND tối cao dự."
    )
    assert got == {
        "Ủy ban Kiểm tra Đảng ủy " + SUPREME: "department",
        "Đảng ủy " + SUPREME: "department",
        SUPREME: "supreme",
        "Ban cán sự đảng " + SUPREME: "department",
        "Thanh tra " + SUPREME: "department",
    }


def test_military_procuracies_and_schools() -> None:
    got = names(
        "VKSQS Trung ương, Viện kiểm sát quân sự Quân khu 4 và VKSQS khu vực 21 dự. "
        "Trường Đại học Kiểm sát Hà Nội và Trường Đào tạo, bồi dưỡng nghiệp vụ kiểm sát tại TP HCM "
        "cử giảng viên."
    )
    assert got == {
        "Viện kiểm sát quân sự Trung ương": "military",
        "Viện kiểm sát quân sự Quân khu 4": "military",
        "Viện kiểm sát quân sự khu vực 21": "military",
        "Trường Đại học Kiểm sát Hà Nội": "school",
        "Trường Đào tạo, Bồi dưỡng nghiệp vụ kiểm sát tại Thành phố Hồ Chí Minh": "school",
    }


def test_outside_bodies_and_their_parents() -> None:
    got = names(
        "Đại diện Vụ Kế hoạch, Thanh tra Chính phủ; Cục Cảnh sát giao thông, Bộ Công an; "
        "Sở Tư pháp tỉnh Vĩnh Long; UBND phường Hòa Khánh; TAND tỉnh Kiên Giang; "
        "Ban Tuyên giáo Tỉnh ủy Hậu Giang và Ủy ban Thường vụ Quốc hội cùng tham dự."
    )
    expected = {
        "Vụ Kế hoạch Thanh tra Chính phủ",
        "Thanh tra Chính phủ",
        "Cục Cảnh sát giao thông Bộ Công an",
        "Bộ Công an",
        "Sở Tư pháp tỉnh Vĩnh Long",
        "Ủy ban nhân dân phường Hòa Khánh",
        "Tòa án nhân dân tỉnh Kiên Giang",
        "Ban Tuyên giáo Tỉnh ủy Hậu Giang",
        "Tỉnh ủy Hậu Giang",
        "Ủy ban Thường vụ Quốc hội",
        "Quốc hội",
    }
    assert set(got) == expected
    assert set(got.values()) == {"external"}


def test_generic_references_are_not_units() -> None:
    text = (
        "VKSND các cấp, VKSND hai cấp, VKSND cấp tỉnh, các VKSND cấp huyện và các đơn vị trong "
        "ngành Kiểm sát nhân dân quán triệt nghị quyết của Đảng, Nhà nước. Viện kiểm sát quân sự "
        "các cấp, Viện kiểm sát quân sự khu vực và VKSND cấp cao phối hợp. Đồng chí Bí thư Ban cán "
        "sự đảng, Phó Bí thư Đảng ủy phát biểu; Đoàn thanh tra làm việc (kiemsat.vn)."
    )
    assert names(text) == {}


def test_inspection_team_is_not_a_unit_but_its_procuracy_is() -> None:
    text = "VKSND tỉnh Phú Yên kiểm tra. Đoàn Thanh tra VKSND tỉnh công bố kết luận."
    got = aggregate(find_units(text))
    assert [(u.name, u.mentions) for u in got] == [("Viện kiểm sát nhân dân tỉnh Phú Yên", 2)]


def test_name_cut_off_at_end_of_body_is_dropped() -> None:
    text = "Hội nghị có đại diện VKSND tỉnh Lào Cai và VKSND huyện Bảo"
    zones = [(0, len(text), "body")]
    assert names(text, zones=zones) == {"Viện kiểm sát nhân dân tỉnh Lào Cai": "province"}
    # a title or caption that ends on a name is complete
    caption = "Lãnh đạo VKSND tỉnh Lào Cai làm việc với VKSND huyện Bảo Thắng"
    assert set(names(caption, zones=[(0, len(caption), "caption")])) == {
        "Viện kiểm sát nhân dân tỉnh Lào Cai",
        "Viện kiểm sát nhân dân huyện Bảo Thắng",
    }


def test_byline_units_use_the_article_context() -> None:
    text = "Viện kiểm sát nhân dân tỉnh Điện Biên tổ chức tập huấn."
    got = names(text, extra=["Minh Anh - Phòng 7 VKSND tỉnh"])
    assert "Phòng 7 Viện kiểm sát nhân dân tỉnh Điện Biên" in got


def test_resolve_unit_and_province_of() -> None:
    assert resolve_unit("VKSND Tối cao phát biểu") == (SUPREME, "supreme")
    assert resolve_unit("Vụ 14, VKSND tối cao") == ("Vụ 14 " + SUPREME, "department")
    assert resolve_unit("VKSND tỉnh và các đơn vị", {"province": "Lạng Sơn"}) == (
        "Viện kiểm sát nhân dân tỉnh Lạng Sơn",
        "province",
    )
    assert resolve_unit("các đơn vị trực thuộc") is None
    assert province_of("Phòng 15 Viện kiểm sát nhân dân tỉnh Nam Định") == "Nam Định"
    assert province_of("Viện kiểm sát nhân dân thành phố Hà Nội") == "Hà Nội"
    assert province_of("Tòa án nhân dân tỉnh Kiên Giang") == "Kiên Giang"
    assert province_of(SUPREME) is None
    assert province_of("Viện kiểm sát nhân dân cấp cao tại Đà Nẵng") is None
    assert province_of(None) is None


def test_spacy_component_fills_units_and_mentions() -> None:
    nlp = spacy.blank("vi", config={"nlp": {"tokenizer": {"use_pyvi": False}}})
    nlp.add_pipe("kiemsat_units")
    doc = nlp.make_doc("Viện trưởng VKSND tỉnh làm việc với Vụ 8, VKSND tối cao.")
    doc._.context = {"province": "Tây Ninh", "authors": ["Hoài Thu - Văn phòng VKSND tỉnh"]}
    doc = nlp.get_pipe("kiemsat_units")(doc)
    got = {u.name: u.mentions for u in doc._.units}
    assert got == {  # the byline's department names its procuracy again
        "Viện kiểm sát nhân dân tỉnh Tây Ninh": 2,
        "Vụ 8 " + SUPREME: 1,
        SUPREME: 1,
        "Văn phòng Viện kiểm sát nhân dân tỉnh Tây Ninh": 1,
    }
    spans = {doc.text[s:e]: name for s, e, name in doc._.unit_mentions}
    assert spans["VKSND tỉnh"] == "Viện kiểm sát nhân dân tỉnh Tây Ninh"
    assert spans["Vụ 8, VKSND tối cao"] == "Vụ 8 " + SUPREME


@pytest.mark.timeout(60)
def test_adversarial_input_runs_in_linear_time() -> None:
    """Dense runs of anchors, capitals and separators must not backtrack catastrophically."""
    chunk = (
        "VKSND " * 300
        + "Phòng Vụ Cục Sở Ban " * 300
        + "Viện kiểm sát nhân dân tỉnh " * 200
        + "A B C D E F G H " * 500
        + ", - – ( " * 500
        + "Vụ Phòng Tổ Chức Cán Bộ Kế Hoạch Tài Chính Văn Hóa Thể Thao " * 200
    )
    text = chunk * 5
    units = aggregate(find_units(text))
    assert all(u.name for u in units)
    assert len(text) > 100_000


def test_verbs_rooms_and_event_committees_are_not_units() -> None:
    # "Thanh tra VKSND huyện X" opens a headline with the verb; district procuracies have no inspectorate
    assert names("Thanh tra VKSND huyện Tiên Lữ về công tác tiếp công dân.") == {
        "Viện kiểm sát nhân dân huyện Tiên Lữ": "district"
    }
    assert names("Hội nghị diễn ra tại phòng Hội nghị VKSND tỉnh Hòa Bình.") == {
        "Viện kiểm sát nhân dân tỉnh Hòa Bình": "province"
    }
    assert names("Ban Tổ chức Hội thi công bố kết quả tại Hội Nghị Tổng Kết.") == {}
    assert (
        names(
            "Viện trưởng VKSND tỉnh, thành phố trực thuộc Trung ương dự họp.",
            {"province": "Bắc Kạn"},
        )
        == {}
    )


def test_committee_names_run_to_their_end_but_not_into_the_verb() -> None:
    got = names(
        "Ông Tạ Văn Bình, Trưởng ban Chỉ đạo Cải cách tư pháp tỉnh Bạc Liêu dự. "
        "Ban Chỉ đạo thực hiện Quy chế dân chủ ở cơ sở chủ trì buổi họp. "
        "Phòng Quản lý án hình sự chỉ đạo công tác."
    )
    assert got == {
        "Ban Chỉ đạo Cải cách tư pháp tỉnh Bạc Liêu": "department",
        "Ban Chỉ đạo thực hiện Quy chế dân chủ ở cơ sở": "department",
    }


def test_companies_and_investigation_bodies_in_news_style() -> None:
    got = names(
        "Kết luận của cơ quan An ninh điều tra Bộ Công an nêu Công ty TNHH MTV Hải Nam và "
        "Văn phòng UBND tỉnh Lai Châu đã phối hợp với Sở Y tế Lai Châu."
    )
    assert set(got) == {
        "Cơ quan An ninh điều tra Bộ Công an",
        "Bộ Công an",
        "Công ty TNHH MTV Hải Nam",
        "Văn phòng Ủy ban nhân dân tỉnh Lai Châu",
        "Ủy ban nhân dân tỉnh Lai Châu",
        "Sở Y tế Lai Châu",
    }


def test_spelled_out_department_in_lower_case_with_its_number() -> None:
    got = names(
        "Vụ kiểm sát thi hành án dân sự (Vụ 11) hướng dẫn nghiệp vụ cho Viện kiểm sát cấp dưới."
    )
    assert got == {"Vụ 11 " + SUPREME: "department"}


def test_mass_organisations_inside_a_procuracy() -> None:
    got = names(
        "Công đoàn VKSND tối cao, Đoàn Thanh niên VKSND tỉnh Lạng Sơn và Hội Cựu chiến binh "
        "VKSND tối cao phối hợp với Đảng bộ VKSND tỉnh Lạng Sơn."
    )
    assert {k for k, v in got.items() if v == "department"} == {
        "Công đoàn " + SUPREME,
        "Đoàn Thanh niên Viện kiểm sát nhân dân tỉnh Lạng Sơn",
        "Hội Cựu chiến binh " + SUPREME,
        "Đảng bộ Viện kiểm sát nhân dân tỉnh Lạng Sơn",
    }


def test_appeal_institutes_of_the_supreme_procuracy() -> None:
    got = names(
        "Viện Thực hành quyền công tố và kiểm sát xét xử phúc thẩm tại TP HCM và Viện Công tố và "
        "Kiểm sát xét xử phúc thẩm tại Hà Nội ký kết quy chế."
    )
    assert got == {
        "Viện Thực hành quyền công tố và kiểm sát xét xử phúc thẩm tại Thành phố Hồ Chí Minh": "department",
        "Viện Công tố và kiểm sát xét xử phúc thẩm tại Hà Nội": "department",
    }


def test_document_symbols_and_doubled_heads() -> None:
    assert names(
        "Thực hiện Kế hoạch số 31-KH/BCSĐ của VKSND tối cao, các đơn vị đã triển khai."
    ) == {SUPREME: "supreme"}
    got = names(
        "Đồng chí Trưởng phòng Phòng 4 VKSND tỉnh Hà Tĩnh và Ban Quản lý dự án thành phố Vinh dự."
    )
    assert got == {
        "Phòng 4 Viện kiểm sát nhân dân tỉnh Hà Tĩnh": "department",
        "Viện kiểm sát nhân dân tỉnh Hà Tĩnh": "province",
        "Ban Quản lý dự án thành phố Vinh": "external",
    }


def test_long_department_names_with_a_function_word() -> None:
    got = names("Vụ Hợp tác quốc tế và Tương trợ tư pháp về hình sự VKSND tối cao, Cục Cảnh sát điều tra "
                "tội phạm về ma túy, Bộ Công an và Vụ Tổ chức cán bộ VKSND tối cao ký kết.")  # fmt: skip
    assert set(got) == {
        "Vụ 13 " + SUPREME,
        SUPREME,
        "Cục Cảnh sát điều tra tội phạm về ma túy Bộ Công an",
        "Bộ Công an",
        "Vụ 15 " + SUPREME,
    }
