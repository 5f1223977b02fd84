"""Profiles as data, the field selectors on the fixture pages, encodings, the CLI's errors."""

from __future__ import annotations

import json
import re

import pytest

from crawler.encoding import detect_encoding
from crawler.fakeportal import load_fixtures, render_fixture
from crawler.fakeportal.server import to_cp1258
from crawler.fields import extract_fields, parse_date
from crawler.profiles import (
    ProfileError,
    generic_profile,
    list_profiles,
    load_profile,
    load_profile_file,
)


def test_builtin_profiles():
    names = {p.name for p in list_profiles()}
    assert {"vksndtc", "sharepoint_province", "wordpress_province", "generic"} <= names
    vks = load_profile("vksndtc")
    assert vks.allowed_domains == ("vksndtc.gov.vn",)
    assert vks.allows("https://vksndtc.gov.vn/tin-tuc/a-1.html")
    assert vks.allows("https://www.vksndtc.gov.vn/x")
    assert not vks.allows("https://evil-vksndtc.gov.vn/x")
    assert not vks.allows("http://127.0.0.1/x") and not vks.allows("http://169.254.169.254/")
    assert not vks.allows("http://localhost:8080/") and not vks.allows("file:///etc/passwd")
    assert vks.is_article_url("https://vksndtc.gov.vn/tin-tuc/tin-hoat-dong/hoi-nghi-12.html")
    assert not vks.is_article_url("https://vksndtc.gov.vn/tin-tuc/tin-hoat-dong?trang=2")
    assert load_profile("sharepoint_province").is_article_url("http://x/Pages/a.aspx?ItemID=4")
    assert load_profile("wordpress_province").feed_urls == [
        "https://vksquangtri.gov.vn/sitemap.xml",
        "https://vksquangtri.gov.vn/feed/",
    ]


def test_extends_points_a_profile_elsewhere(tmp_path):
    (tmp_path / "vksndtc.toml").write_text(
        'extends = "vksndtc"\nname = "vksndtc"\nbase_url = "http://127.0.0.1:8123"\nallow_private = true\n',
        encoding="utf-8",
    )
    prof = load_profile("vksndtc", tmp_path)
    assert prof.base_url == "http://127.0.0.1:8123" and prof.allowed_domains == ("127.0.0.1",)
    assert prof.fields == load_profile("vksndtc").fields
    assert prof.allows("http://127.0.0.1:8123/tin-tuc/x")
    assert not prof.allows("http://127.0.0.1:8124/tin-tuc/x")  # another port is another site
    assert not prof.allows("http://10.0.0.1:8123/")


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("name = 'x'\n[listing\n", "not valid TOML"),
        ("name = 'Bad Name'\n", "name must be"),
        ("name = 'x'\nbase_url = 'ftp://a'\n", "http(s)"),
        ("name = 'x'\n[listing]\narticle_pattern = '('\n", "not a valid regex"),
        ("name = 'x'\n[fields]\nbogus = 'h1'\n", "unknown [fields] keys"),
        ("extends = 'nope'\n", "extends unknown profile"),
    ],
)
def test_bad_profiles_are_refused_clearly(tmp_path, text, message):
    path = tmp_path / "x.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ProfileError, match=re.escape(message)):
        load_profile_file(path)


def test_generic_profile_for_a_url():
    prof = generic_profile("https://vksdanang.gov.vn/tin-tuc?page=1")
    assert prof.base_url == "https://vksdanang.gov.vn" and prof.start_paths == ("/tin-tuc?page=1",)
    with pytest.raises(ProfileError):
        generic_profile("not a url")


def test_profile_selectors_read_every_fixture_page():
    for art in load_fixtures():
        fields = extract_fields(render_fixture(art).decode("utf-8"), load_profile(art.site).fields)
        exp = art.expected()
        assert fields.title == exp["title"], art.key
        assert fields.published == exp["published"], art.key
        assert fields.body == exp["body"], art.key
        assert fields.captions == exp["captions"], art.key
        assert fields.authors == exp["authors"], art.key
        assert fields.section == exp["section"], art.key


def test_fixtures_are_a_varied_set_with_gold():
    arts = load_fixtures()
    assert len(arts) >= 30
    assert len({a.event_type for a in arts}) == 6
    for art in arts:
        gold = art.expected()
        assert gold["people"] and gold["units"], art.key
        for doc in gold["documents"]:
            assert doc["text"] in art.body
        for person in gold["people"]:
            assert person["name"] in art.body


def test_dates():
    assert parse_date("3/15/2021 8:19:41 AM", "%m/%d/%Y %I:%M:%S %p") == "2021-03-15"
    assert parse_date("21/09/2023", "%d/%m/%Y") == "2023-09-21"
    assert parse_date("Ngày đăng : 08:00, 05/07/2022", "%d/%m/%Y") == "2022-07-05"
    assert parse_date("31/02/2022", "%d/%m/%Y") is None


def test_encoding_detection():
    text = "<p>Viện kiểm sát nhân dân tỉnh Thái Bình tổ chức Hội nghị</p>"
    assert detect_encoding(to_cp1258(text), "text/html; charset=windows-1258") == "cp1258"
    assert detect_encoding(text.encode(), "text/html; charset=iso-8859-1") == "utf-8"
    assert detect_encoding(text.encode(), None) == "utf-8"
    assert detect_encoding(b"\xef\xbb\xbf" + text.encode(), "text/html; charset=cp1252") == "utf-8"
    meta = b'<meta charset="windows-1258">' + to_cp1258(text)
    assert detect_encoding(meta, "text/html") == "cp1258"
    assert detect_encoding(b"<p>plain</p>", "text/html; charset=nonsense") == "utf-8"


def test_cli_sites_and_errors(run_cli, tmp_path):
    res = run_cli("sites", "--json")
    assert res.returncode == 0
    assert {p["name"] for p in json.loads(res.stdout)} >= {"vksndtc", "generic"}
    res = run_cli("crawl", "no_such_site")
    assert res.returncode == 2 and "unknown site 'no_such_site'" in res.stderr
    res = run_cli("crawl")
    assert res.returncode == 2 and "at least one site" in res.stderr
    res = run_cli("crawl", "generic")
    assert res.returncode == 2 and "--url" in res.stderr
    res = run_cli("crawl", "--all", "--sites-dir", str(tmp_path / "missing"))
    assert res.returncode == 2 and "sites directory not found" in res.stderr


def test_empty_article_detection():
    from crawler.fakeportal.server import FakePortal
    from crawler.fields import has_body_text

    with FakePortal() as portal:
        site = portal.sites["wordpress_province"]
        empty = site.answer("/2024/04/01/bai-viet-dang-cap-nhat/")
        assert empty.status == 200 and b"entry-content" in empty.body
        fields = load_profile("wordpress_province").fields
        assert not has_body_text(empty.body.decode(), fields)
        assert not extract_fields(empty.body.decode(), fields).paragraphs
    for art in load_fixtures():
        assert has_body_text(render_fixture(art).decode(), load_profile(art.site).fields)


def test_polite_by_default_and_floors_for_real_portals(tmp_path):
    from crawler.settings import scrapy_settings
    from crawler.state import CrawlContext
    from kiemsat.settings import DEFAULT_USER_AGENT, Settings

    defaults = scrapy_settings(Settings(data_dir=tmp_path))
    assert defaults["ROBOTSTXT_OBEY"] is True and defaults["AUTOTHROTTLE_ENABLED"] is True
    assert defaults["DOWNLOAD_DELAY"] >= 1.0 and defaults["CONCURRENT_REQUESTS_PER_DOMAIN"] <= 2
    assert defaults["USER_AGENT"] == DEFAULT_USER_AGENT
    assert defaults["DOWNLOAD_MAXSIZE"] == 5 * 1024 * 1024

    eager = Settings(data_dir=tmp_path, download_delay=0.0, concurrent_per_domain=8)
    real = CrawlContext(load_profile("vksndtc"), eager)
    assert (real.download_delay, real.concurrency) == (1.0, 2)  # whatever the settings say
    real.close()
    (tmp_path / "sites").mkdir()
    (tmp_path / "sites" / "vksndtc.toml").write_text(
        'extends = "vksndtc"\nbase_url = "http://127.0.0.1:9"\nallow_private = true\n',
        encoding="utf-8",
    )
    local = CrawlContext(load_profile("vksndtc", tmp_path / "sites"), eager)
    assert (local.download_delay, local.concurrency) == (0.0, 8)
    local.close()
