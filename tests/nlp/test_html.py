"""Reading HTML pages: profile selectors first, then markup hints and the line classifier.

The pages are ours, in the layouts the portals use (a CMS with an image
toolbar, an ASP.NET SharePoint form, a WordPress theme, a bare page).
"""

from __future__ import annotations

import unicodedata

import pytest

from nlp.html import decode, parse, profile_fields, segment_html
from nlp.pipeline import extract_html

PARAS = [
    "Ngày 14/5/2024, Viện kiểm sát nhân dân tỉnh Mẫu tổ chức Hội nghị sơ kết công tác kiểm sát 6 tháng đầu năm 2024.",
    "Tham dự có lãnh đạo các phòng nghiệp vụ và Viện trưởng Viện kiểm sát nhân dân cấp huyện trên địa bàn tỉnh.",
    "Kết luận Hội nghị, đồng chí Viện trưởng yêu cầu các đơn vị tập trung hoàn thành các chỉ tiêu công tác còn lại.",
]


def cms_page() -> str:
    body = (
        f"<p>{PARAS[0]}</p>"
        '<div class="img-tools"><span>left</span><span>center</span><span>right</span><span>del</span></div>'
        '<img src="a.jpg"><p class="image-caption">Quang cảnh Hội nghị. Ảnh: TL</p>'
        f'<p>{PARAS[1]}</p><p>{PARAS[2]}</p><p class="author">Quốc Huy</p>'
    )
    return (
        '<!DOCTYPE html><html><head><meta charset="utf-8"><title>Tiêu đề - Cổng TTĐT</title>'
        '<link rel="canonical" href="https://vksmau.example.vn/tin-tuc/bai-1.html"></head><body>'
        '<header class="portal-header"><div>CỔNG THÔNG TIN ĐIỆN TỬ</div></header>'
        '<nav class="menu"><a href="/">Trang chủ</a> <a href="/tin">Tin hoạt động</a></nav>'
        '<div class="breadcrumb"><a href="/">Trang chủ</a> <a href="/tin">Tin địa phương</a></div>'
        '<main><article class="news-detail"><h1 class="news-title">Viện kiểm sát nhân dân tỉnh Mẫu sơ kết công tác 6 tháng</h1>'
        '<div class="news-date">15/05/2024</div><div class="news-tools">Cỡ chữ: A- A+ Tương phản</div>'
        f'<div class="news-content">{body}</div></article></main>'
        '<footer><form><label>Tìm kiếm</label><input name="q"></form><p>Bản quyền thuộc Viện kiểm sát nhân dân tỉnh Mẫu</p></footer>'
        "</body></html>"
    )


PROFILE = {
    "name": "vksmau",
    "unit": "Viện kiểm sát nhân dân tỉnh Mẫu",
    "fields": {
        "title": "h1.news-title",
        "dateline": "div.news-date",
        "body": "div.news-content",
        "byline": "div.news-content p.author",
        "captions": "div.news-content p.image-caption",
        "section": "div.breadcrumb a:last-child",
        "drop": ["div.img-tools", "div.news-tools", "header", "footer", "nav"],
        "date_format": "%d/%m/%Y",
    },
}


@pytest.mark.parametrize("profile", [PROFILE, None], ids=["profile", "generic"])
def test_cms_page_with_and_without_profile(profile) -> None:
    seg, info = segment_html(cms_page(), profile=profile)
    assert seg.title == "Viện kiểm sát nhân dân tỉnh Mẫu sơ kết công tác 6 tháng"
    assert seg.published == "2024-05-15"
    assert seg.authors == ["Quốc Huy"]
    assert seg.captions == ["Quang cảnh Hội nghị."]
    assert seg.paragraphs == PARAS
    assert info["url"] == "https://vksmau.example.vn/tin-tuc/bai-1.html"
    if profile:
        assert seg.section == "Tin địa phương"
        assert info["context"]["unit"] == "Viện kiểm sát nhân dân tỉnh Mẫu"


def test_profile_whose_body_selector_misses_falls_back() -> None:
    broken = {"fields": {**PROFILE["fields"], "body": "div.does-not-exist"}}
    seg, _ = segment_html(cms_page(), profile=broken)
    assert seg.paragraphs == PARAS


def test_profile_fields_from_an_object() -> None:
    class Fields:
        title = "h1"
        dateline = ""
        body = "article"
        byline = ""
        captions = ""
        section = ""
        drop = ("nav",)
        date_format = "%d/%m/%Y"

    class Profile:
        fields = Fields()
        unit = None

    f = profile_fields(Profile())
    assert f["title"] == "h1" and f["drop"] == ["nav"] and f["body"] == "article"


def test_sharepoint_form_wrapper_and_table_caption() -> None:
    page = (
        '<html><head><meta charset="utf-8"></head><body><form id="aspnetForm" method="post">'
        '<div class="ms-nav"><a href="/">Trang chủ</a> | <a href="/lh">Liên hệ</a></div>'
        '<div class="chuyenmuc">Tin hoạt động</div><h2 class="tieude">VKSND tỉnh Mẫu kiểm tra công tác tại các đơn vị cấp huyện</h2>'
        '<span class="ngaydang">5/14/2024 9:10:11 AM</span><div class="noidung">'
        f"<p>{PARAS[0]}</p>"
        '<table class="anh"><tr><td><img src="x.jpg"></td></tr><tr><td>Trụ sở đơn vị</td></tr></table>'
        f"<p>{PARAS[1]}</p>"
        '<p style="text-align:right"><b>Minh Tâm</b></p><p>&nbsp;</p></div>'
        '<div class="tinlienquan"><h3>Tin liên quan</h3><ul><li><a href="/1">Tin cũ một</a></li></ul></div>'
        "</form></body></html>"
    )
    seg, _ = segment_html(page)
    assert seg.title == "VKSND tỉnh Mẫu kiểm tra công tác tại các đơn vị cấp huyện"
    assert seg.section == "Tin hoạt động"
    assert seg.published == "2024-05-14"
    assert seg.paragraphs == PARAS[:2]
    assert seg.captions == ["Trụ sở đơn vị"]
    assert seg.authors == ["Minh Tâm"]


def test_wordpress_time_element_and_figcaption() -> None:
    page = (
        '<html><body class="single"><div class="site-slogan">Công minh, chính trực, khách quan, thận trọng, khiêm tốn</div>'
        '<article class="post"><header class="entry-header"><h1 class="entry-title">Hội nghị tập huấn nghiệp vụ năm 2024</h1>'
        '<time class="entry-date" datetime="2024-03-02T08:00:00+07:00">02/03/2024</time></header>'
        f'<div class="entry-content"><p>{PARAS[0]}</p><figure><img src="x.jpg"><figcaption>Đại biểu tham dự tập huấn</figcaption></figure>'
        f'<p>{PARAS[2]}</p><div class="sharedaddy">Chia sẻ: Facebook Zalo</div></div></article></body></html>'
    )
    seg, _ = segment_html(page)
    assert seg.title == "Hội nghị tập huấn nghiệp vụ năm 2024"
    assert seg.published == "2024-03-02"
    assert seg.captions == ["Đại biểu tham dự tập huấn"]
    assert seg.paragraphs == [PARAS[0], PARAS[2]]


def cp1258(text: str) -> bytes:
    """Windows-1258 bytes the way legacy Vietnamese pages write them: base letters
    precomposed where the code page has them, tone marks as combining characters."""
    tones = "\u0300\u0301\u0303\u0309\u0323"
    out = bytearray()
    for ch in unicodedata.normalize("NFC", text):
        try:
            out += ch.encode("cp1258")
        except UnicodeEncodeError:
            d = unicodedata.normalize("NFD", ch)
            base = unicodedata.normalize("NFC", "".join(c for c in d if c not in tones))
            out += (base + "".join(c for c in d if c in tones)).encode("cp1258")
    return bytes(out)


def test_legacy_encoding_bytes() -> None:
    html = f'<html><head><meta charset="windows-1258"></head><body><h1>Tin mẫu kiểm sát viên</h1><p>{PARAS[0]}</p></body></html>'
    data = cp1258(html)
    assert "kiểm sát" in decode(data)
    art = extract_html(data)
    assert art.title == "Tin mẫu kiểm sát viên"
    assert art.body == PARAS[0]


def test_bad_html_is_a_clear_error() -> None:
    for junk in ("", "   ", b""):
        with pytest.raises(ValueError, match="empty"):
            parse(junk)


def test_malformed_html_still_reads() -> None:
    page = f"<html><body><h1>Tin mẫu chưa đóng thẻ<p>{PARAS[0]}<p>{PARAS[1]}<div><b>Lan Hương"
    art = extract_html(page)
    assert art.title == "Tin mẫu chưa đóng thẻ"
    assert PARAS[0] in art.body and PARAS[1] in art.body


def test_link_lists_without_telling_class_names_are_dropped() -> None:
    related = "".join(
        f'<li><a href="/tin/{i}">Viện kiểm sát nhân dân tỉnh Mẫu sơ kết công tác quý {i}</a></li>'
        for i in range(1, 6)
    )
    page = (
        '<html><body><div class="col-8"><h1>Tin mẫu về hội nghị kiểm sát</h1>'
        f'<p>{PARAS[0]}</p><p>Xem chi tiết tại <a href="/vb/1">Kế hoạch số 12/KH-VKS</a> của đơn vị, '
        "ban hành kèm theo hướng dẫn thực hiện trong toàn ngành.</p>"
        f'<p>{PARAS[1]}</p><div class="box-2"><h3>Tin mới</h3><ul>{related}</ul></div></div>'
        '<div class="col-4"><div><a href="/a">Giới thiệu chung</a> <a href="/b">Cơ cấu tổ chức</a> <a href="/c">Lãnh đạo Viện</a></div></div>'
        "</body></html>"
    )
    seg, _ = segment_html(page)
    assert seg.paragraphs[0] == PARAS[0]
    assert any(
        p.startswith("Xem chi tiết tại Kế hoạch số 12/KH-VKS") for p in seg.paragraphs
    )  # inline link kept
    assert PARAS[1] in seg.paragraphs
    assert "sơ kết công tác quý" not in seg.body
    assert "Cơ cấu tổ chức" not in seg.body
