"""The web UI in real headless Chromium, served by waitress on 127.0.0.1.

Debian's ``/usr/bin/chromium`` is driven through Playwright (browser downloads
are impossible here). Without Chromium these tests skip with a message, unless
``KIEMSAT_REQUIRE_BROWSER=1`` (set by ``.ci/run``), when they fail instead.
Screenshots go to ``test-artifacts/``.
"""

from __future__ import annotations

import csv
import io
import os
import shutil
import threading
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest

from tests.serve.fixtures import XSS_TITLE

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = ROOT / "test-artifacts"
CHROMIUM = os.environ.get("KIEMSAT_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking"]


def _browser_missing() -> str | None:
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "Playwright for Python is not installed (pip install playwright)"
    if not (Path(CHROMIUM).exists() or shutil.which(CHROMIUM)):
        return f"Chromium not found at {CHROMIUM} (apt-get install chromium)"
    return None


@pytest.fixture(scope="module")
def browser():
    missing = _browser_missing()
    if missing:
        if os.environ.get("KIEMSAT_REQUIRE_BROWSER") == "1":
            pytest.fail(f"KIEMSAT_REQUIRE_BROWSER=1 but {missing}")
        pytest.skip(f"browser tests skipped: {missing}")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        b = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        yield b
        b.close()


@pytest.fixture(scope="module")
def base_url(data_settings):
    from search_api.serve_commands import make_server, server_url

    server = make_server(data_settings, "127.0.0.1", 0, threads=4)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    yield server_url(server).rstrip("/")
    server.close()
    server.flask_app.extensions["kiemsat"].close()


@pytest.fixture
def page(browser):
    ARTIFACTS.mkdir(exist_ok=True)
    context = browser.new_context(
        viewport={"width": 1280, "height": 900}, accept_downloads=True, locale="vi-VN"
    )
    context.set_default_timeout(30_000)
    pg = context.new_page()
    errors: list[str] = []
    pg.on("pageerror", lambda exc: errors.append(str(exc)))
    yield pg
    context.close()
    assert not errors, f"JavaScript errors: {errors}"


def shot(page, name: str) -> None:
    page.screenshot(path=str(ARTIFACTS / f"serve-{name}.png"), full_page=True)


def test_search_click_facet_open_article(page, base_url):
    page.goto(base_url + "/")
    page.fill("#q", "kiem sat")
    page.press("#q", "Enter")
    page.wait_for_url("**/?q=kiem+sat*")
    assert "date_from" not in page.url  # empty fields stay out of the URL
    hits = page.locator("article.hit")
    assert hits.count() >= 5
    assert page.locator("article.hit mark").count() >= 1
    shot(page, "search")

    # a facet checkbox submits the form (script) and the URL holds the new state
    box = page.locator('fieldset[data-facet="source"] input[value="vksninhbinh.gov.vn"]')
    with page.expect_navigation():
        box.check()
    query = parse_qs(urlsplit(page.url).query)
    assert query["source"] == ["vksninhbinh.gov.vn"] and query["q"] == ["kiem sat"]
    assert page.locator(
        'fieldset[data-facet="source"] input[value="vksninhbinh.gov.vn"]'
    ).is_checked()
    sources = page.locator("article.hit .source").all_inner_texts()
    assert sources == ["vksninhbinh.gov.vn"] * 2
    # the other sources are still offered with their counts (disjunctive facets)
    assert page.locator('fieldset[data-facet="source"] label').count() == 3
    shot(page, "search-facet")

    page.locator("article.hit h2 a", has_text="Đoàn kiểm tra").click()
    page.wait_for_url("**/articles/*")
    assert page.locator("h1").inner_text().startswith("Đoàn kiểm tra")
    assert page.locator(".body a.ent-person").count() >= 1
    assert page.locator(".body a.ent-unit").count() >= 1
    shot(page, "article")
    page.locator(".body a.ent-person").first.click()
    page.wait_for_url("**/people/*")
    assert page.locator("h1").inner_text() == "Lê Quang Vinh"


def test_works_without_javascript(browser, base_url):
    context = browser.new_context(java_script_enabled=False)
    pg = context.new_page()
    pg.goto(base_url + "/?q=kiem+sat")
    pg.locator('fieldset[data-facet="source"] input[value="vksthaibinh.gov.vn"]').check()
    pg.click("#apply-filters")
    pg.wait_for_url("**source=vksthaibinh.gov.vn*")
    assert set(pg.locator("article.hit .source").all_inner_texts()) == {"vksthaibinh.gov.vn"}
    context.close()


def test_download_csv_from_figures_page(page, base_url, tmp_path):
    page.goto(base_url + "/figures?subject=khieu+nai")
    assert "1.245" in page.locator("table.figures-table").inner_text()
    shot(page, "figures")
    with page.expect_download() as info:
        page.click("#download-csv")
    download = info.value
    target = tmp_path / download.suggested_filename
    download.save_as(target)
    assert target.name == "kiemsat-so-lieu.csv"
    rows = list(csv.DictReader(io.StringIO(target.read_text(encoding="utf-8-sig"))))
    assert [(r["value"], r["total"], r["subject"]) for r in rows] == [
        ("1245", "1300", "đơn khiếu nại")
    ]


def test_title_with_markup_shows_as_text(page, base_url):
    page.goto(base_url + "/?q=kiem+sat+vien+tre")
    assert page.locator("article.hit h2 a").first.inner_text() == XSS_TITLE
    page.locator("article.hit h2 a").first.click()
    page.wait_for_url("**/articles/*")
    assert page.locator("h1").inner_text() == XSS_TITLE
    assert page.locator("script:not([src])").count() == 0


def test_coverage_chart(page, base_url):
    page.goto(base_url + "/coverage?interval=month&by=source")
    assert page.locator("figure.chart svg rect.bar").count() == 10
    assert page.locator("figure.chart svg polyline").count() == 3
    shot(page, "coverage")
