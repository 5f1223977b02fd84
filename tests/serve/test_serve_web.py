"""The server-rendered UI: every page renders, the URL holds the state, all output is escaped."""

from __future__ import annotations

import re

import pytest

from search_api.api.catalog import entity_id
from tests.serve.fixtures import SUPREME, THAI_BINH, XSS_TITLE


def page(client, url: str, status: int = 200) -> str:
    resp = client.get(url)
    assert resp.status_code == status, (url, resp.status_code, resp.get_data(as_text=True)[:500])
    assert resp.mimetype == "text/html"
    return resp.get_data(as_text=True)


def test_search_page_facets_results_and_feed_link(client):
    html = page(client, "/?q=giao+ban&source=vksndtc.gov.vn")
    assert 'name="q" value="giao ban"' in html
    assert re.search(r'name="source" value="vksndtc.gov.vn" checked', html)
    assert 'name="source" value="vksthaibinh.gov.vn">' in html  # other portals still offered
    assert "<mark>" in html
    assert 'type="application/atom+xml"' in html
    assert "/feeds/search.atom?q=giao+ban&amp;source=vksndtc.gov.vn" in html
    assert "Hội nghị" in html  # event-type facet in Vietnamese


def test_search_page_folds_copies_of_one_story(client):
    html = page(client, "/?q=giao+ban+Quy+I%2F2024")
    assert html.count("Cũng đăng trên:") == 1
    assert "vksthaibinh.gov.vn</a>" in html or "vksndtc.gov.vn</a>" in html


def test_search_page_pagination_keeps_state(client, app):
    html = page(client, "/?sort=-date&has_figures=true")
    # 7 articles with figures, one page of 20: no pager
    assert 'rel="next"' not in html
    from search_api.web import views

    old = views.PAGE_SIZE
    views.PAGE_SIZE = 3
    try:
        html = page(client, "/?sort=-date&has_figures=true")
        assert '<a rel="next" href="/?sort=-date&amp;has_figures=true&amp;page=2">' in html
        html2 = page(client, "/?sort=-date&has_figures=true&page=2")
        assert 'aria-current="page">2<' in html2
        assert '<a rel="prev" href="/?sort=-date&amp;has_figures=true&amp;page=1">' in html2
    finally:
        views.PAGE_SIZE = old


def test_titles_and_text_with_markup_are_escaped_everywhere(client, articles):
    xss = next(a for a in articles if a.title == XSS_TITLE)
    pages = [
        "/?q=kiem+sat+vien+tre",
        f"/articles/{xss.id}",
        f"/units/{entity_id(SUPREME)}",
    ]
    for url in pages:
        html = page(client, url)
        assert "<script>alert" not in html
        assert "<b>trẻ</b>" not in html
        assert "&lt;script&gt;alert(" in html or "&lt;script&gt;" in html
    body = page(client, f"/articles/{xss.id}")
    assert "<img src=x" not in body and "&lt;img src=x onerror=alert(1)&gt;" in body


def test_error_pages_escape_parameters(client):
    html = page(client, "/?date_from=%3Cscript%3Ealert(1)%3C/script%3E", status=400)
    assert "<script>alert(1)" not in html and "date_from" in html
    html = page(client, "/articles/%3Cimg%3E", status=404)
    assert "<img>" not in html


def test_article_page_marks_entities_and_lists_figures(client, articles):
    art = next(
        a for a in articles if a.title and "Quý I/2024" in a.title and a.site == "vksndtc.gov.vn"
    )
    html = page(client, f"/articles/{art.id}")
    pid = entity_id("Trần Văn Khải")
    assert f'<a class="ent ent-person" href="/people/{pid}"' in html
    assert f'class="ent ent-unit" href="/units/{entity_id(SUPREME)}"' in html
    assert 'class="ent ent-document" href="/documents?number=03/CT-VKSTC"' in html
    assert 'class="ent ent-figure" href="#so-lieu-1"' in html
    assert 'id="so-lieu-1"' in html and "1.245" in html and "95,8%" in html
    assert f'href="{art.url}"' in html  # link to the source
    assert f"/api/articles/{art.id}/source" in html
    assert "Cũng đăng trên:" in html


def test_person_unit_document_pages(client):
    html = page(client, f"/people/{entity_id('Nguyễn Thị Hồng Nhung')}")
    assert "Phó Viện trưởng" in html and "Viện trưởng" in html and "10/07/2023" in html
    assert f"/units/{entity_id(THAI_BINH)}" in html
    html = page(client, f"/units/{entity_id(THAI_BINH)}")
    assert "Cấp tỉnh" in html and "Nguyễn Thị Hồng Nhung" in html
    html = page(client, "/documents?number=03/CT-VKSTC")
    assert "Chỉ thị số 03/CT-VKSTC" in html and "27/06/2023" in html
    html = page(client, "/people?q=tran van")
    assert "Trần Văn Khải" in html and "Nguyễn Thị Hồng Nhung" not in html
    assert "Viện kiểm sát nhân dân tỉnh Ninh Bình" in page(client, "/units")
    assert "14/KH-VKS" in page(client, "/documents")
    page(client, "/people/ffffffffffff", status=404)


def test_figures_page_and_download_links(client):
    html = page(client, "/figures?subject=khieu+nai")
    assert "1.245" in html and "đơn khiếu nại" in html
    assert "/api/metrics?subject=khieu+nai&amp;format=csv" in html
    assert "/api/metrics?subject=khieu+nai&amp;format=xlsx" in html
    html = page(client, "/figures?group_by=unit")
    assert "Tổng hợp" in html
    page(client, "/figures?value_min=x", status=400)


@pytest.mark.parametrize("by", ["source", "unit"])
def test_coverage_page_has_an_svg_chart(client, by):
    html = page(client, f"/coverage?interval=month&by={by}")
    assert "<svg" in html and '<rect class="bar"' in html and "<polyline" in html
    assert "2024-03" in html


def test_pages_work_without_javascript_forms_use_get(client):
    html = page(client, "/")
    assert 'method="get"' in html and 'id="apply-filters"' in html
    assert "Content-Security-Policy" in client.get("/").headers


def test_pages_ignore_unknown_parameters_but_reject_bad_values(client):
    html = page(client, "/?q=kiem+sat&utm_source=zalo&fbclid=x")
    assert "utm_source" not in html.split('type="application/atom+xml"')[1].split(">")[0]
    assert page(client, "/people?utm_source=zalo")
    html = page(client, "/?page=abc", status=400)
    assert "page" in html and "Yêu cầu không hợp lệ" in html
