"""The crawler never leaves its profiles' domains: no open redirect, no SSRF.

A second portal on another port of 127.0.0.1 plays "another host": its request
log proves nothing reached it, whatever the first portal's links and
redirects say. The fake portal's fixed redirect traps are covered by
``tests/crawler/test_crawl.py``.
"""

from __future__ import annotations

import pytest

from crawler.profiles import Profile
from tests.reliability.faultportal import LISTING, FaultPortal, article_path

HOSTILE_TARGETS = [
    "http://169.254.169.254/latest/meta-data/",  # cloud metadata
    "http://10.0.0.1/admin",
    "http://192.168.1.1/",
    "http://[::1]:22/",
    "http://[::ffff:169.254.169.254]/",
    "http://0.0.0.0:8080/",
    "http://localhost:6379/",
    "http://metadata.localhost/",
    "http://vksndtc.gov.vn@evil.example/",  # user-info trick
    "http://vksndtc.gov.vn.evil.example/",  # suffix trick
    "http://evilvksndtc.gov.vn/",
    "https://evil.example/#@vksndtc.gov.vn",
    "file:///etc/passwd",
    "ftp://vksndtc.gov.vn/x",
    "gopher://vksndtc.gov.vn:70/_x",
    "javascript:alert(1)",
    "data:text/html,<script>alert(1)</script>",
]


@pytest.mark.parametrize("url", HOSTILE_TARGETS)
def test_profile_refuses_hostile_targets(url):
    prof = Profile(
        name="vksndtc", base_url="https://vksndtc.gov.vn", allowed_domains=("vksndtc.gov.vn",)
    )
    assert not prof.allows(url)
    assert prof.allows("https://vksndtc.gov.vn/tin-tuc/x-1.html")
    assert prof.allows("https://www.vksndtc.gov.vn/tin-tuc/x-1.html")


def test_local_profile_allows_only_its_own_origin():
    prof = Profile(
        name="local",
        base_url="http://127.0.0.1:8123",
        allowed_domains=("127.0.0.1",),
        allow_private=True,
    )
    assert prof.allows("http://127.0.0.1:8123/x")
    for url in ("http://127.0.0.1:8124/x", "https://127.0.0.1:8123/x", "http://localhost:8123/x"):
        assert not prof.allows(url), url


@pytest.mark.slow
def test_redirects_and_links_never_leave_the_site(crawl, settings):
    with FaultPortal(n=4) as other, FaultPortal(n=8) as portal:
        elsewhere = other.url(article_path(0))
        portal.extra_links = [
            elsewhere,  # an absolute link to another host, article-shaped
            f"http://localhost:{other.base_url.rsplit(':', 1)[1]}{article_path(1)}",
            "javascript:alert(document.cookie)",
            "/tin-tuc/tin-hoat-dong/chuyen-huong-1.html",
            "/tin-tuc/tin-hoat-dong/chuyen-huong-2.html",
            "/tin-tuc/tin-hoat-dong/chuyen-huong-3.html",
            "/tin-tuc/tin-hoat-dong/chuyen-huong-4.html",
        ]
        portal.redirects = {
            "/tin-tuc/tin-hoat-dong/chuyen-huong-1.html": elsewhere,
            "/tin-tuc/tin-hoat-dong/chuyen-huong-2.html": "http://169.254.169.254/latest/meta-data/",
            "/tin-tuc/tin-hoat-dong/chuyen-huong-3.html": "file:///etc/passwd",
            # a redirect on the site itself is followed
            "/tin-tuc/tin-hoat-dong/chuyen-huong-4.html": article_path(3),
        }
        res, summary = crawl(portal)
        assert other.log == [], f"the crawler reached another host: {other.log}"
        assert summary["refused"] >= 3, summary
        assert summary["new"] == portal.n, summary
        assert len(portal.hits(f"{LISTING}?trang=2")) == 1
        for path in list(portal.redirects)[:3]:
            assert len(portal.hits(path)) == 1  # asked once, the redirect refused
        from tests.reliability.conftest import query

        hosts = {
            r["final_url"].split("/")[2] for r in query(settings, "SELECT final_url FROM raw_pages")
        }
        assert hosts == {portal.base_url.split("/")[2]}
