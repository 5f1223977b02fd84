"""The real Scrapy engine crawling the fake portal over HTTP."""

from __future__ import annotations

import unicodedata
from collections import Counter

from crawler.fakeportal import FixtureArticle, expected_stored
from kiemsat.settings import DEFAULT_USER_AGENT


def _article_paths(portal, site: str) -> set[str]:
    s = portal.sites[site]
    return {s.article_path(a) for a in s.articles}


def test_full_crawl_stores_exactly_the_expected_articles(
    portal, crawl, settings, stored_pages, canon
):
    res, summary = crawl(portal, "--all")
    assert res.returncode == 1, res.stderr  # trap pages failed; the rest went through
    assert set(summary) == {"vksndtc", "sharepoint_province", "wordpress_province"}
    assert all(s["finished"] for s in summary.values())

    pages = stored_pages()
    expected = {
        canon(portal.article_url(site, key))
        for site, keys in expected_stored().items()
        for key in keys
    }
    expected.add(canon(portal.url("wordpress_province", "/2024/04/01/bai-viet-dang-cap-nhat/")))
    got = [p["canonical_url"] for p in pages]
    assert sorted(got) == sorted(expected)  # each exactly once
    assert len(pages) == 10 + 12 + 12

    by_key = {}
    for site in summary:
        for art in portal.articles(site):
            by_key[art.key] = next(
                (
                    p
                    for p in pages
                    if p["canonical_url"] == canon(portal.article_url(site, art.key))
                ),
                None,
            )
    # the three traps that can never be fetched
    assert by_key["vksndtc-05"] is None and by_key["vksndtc-07"] is None
    assert by_key["vksndtc-09"] is None
    assert summary["vksndtc"]["errors_by_kind"] == {"timeout": 1, "too_large": 1}
    assert summary["vksndtc"]["robots_forbidden"] == 1
    assert summary["sharepoint_province"]["errors_by_kind"] == {"http_404": 1}
    assert summary["wordpress_province"]["refused"] == 2
    assert summary["wordpress_province"]["empty"] == 1

    # encodings: declared windows-1258, no charset at all, mislabelled iso-8859-1
    cp = by_key["sharepoint-04"]
    assert cp["encoding"] == "cp1258"
    text = unicodedata.normalize("NFC", cp["body"].decode(cp["encoding"]))
    art = next(a for a in portal.articles("sharepoint_province") if a.key == "sharepoint-04")
    assert art.title in text
    assert by_key["sharepoint-08"]["encoding"] == "utf-8"
    assert by_key["wordpress-03"]["encoding"] == "utf-8"

    # the moved article keeps its old URL as the one requested and the new as final
    moved = by_key["sharepoint-06"]
    assert "tin-cu.aspx" in moved["url"] and moved["final_url"].endswith(
        portal.sites["sharepoint_province"].article_path(
            next(a for a in portal.articles("sharepoint_province") if a.key == "sharepoint-06")
        )
    )
    # the flaky page answered 500 once, was retried and stored
    flaky_path = portal.article_url("vksndtc", "vksndtc-03").split(":", 2)[2].split("/", 1)[1]
    statuses = [h.status for h in portal.hits("vksndtc", "/" + flaky_path)]
    assert statuses == [500, 200]
    assert by_key["vksndtc-03"] is not None

    # robots.txt read first and obeyed; never left the portal; polite User-Agent
    for site in summary:
        assert portal.hits(site, "/robots.txt"), site
        assert not [h for h in portal.hits(site) if "noi-bo" in h.path]
        assert not portal.hits(site, "/khong-duoc-truy-cap/")
    agents = {h.user_agent for h in portal.hits()}
    assert agents == {DEFAULT_USER_AGENT}
    assert "kiemsat" in DEFAULT_USER_AGENT and "+http" in DEFAULT_USER_AGENT


def test_second_crawl_fetches_no_article_page_again(
    clean_portal, crawl, settings, stored_pages, canon
):
    res, first = crawl(clean_portal, "--all")
    assert res.returncode == 0, res.stderr
    n = len(stored_pages())
    assert n == sum(len(clean_portal.articles(s)) for s in first)
    clean_portal.clear_hits()

    res, second = crawl(clean_portal, "--all")
    assert res.returncode == 0, res.stderr
    for site in second:
        paths = _article_paths(clean_portal, site)
        assert not [h for h in clean_portal.hits(site) if h.path in paths], site
        listings = [h for h in clean_portal.hits(site) if h.path != "/robots.txt"]
        assert listings and all(h.conditional and h.status == 304 for h in listings), site
        assert second[site]["fetched"] == 0 and second[site]["new"] == 0
    assert len(stored_pages()) == n
    # the progress line (stderr is not a terminal here: one line at the end) and the table
    assert "crawl: fetched 0 · new 0" in res.stderr and "store:" in res.stderr


def test_generic_profile_refuses_a_private_address(clean_portal, crawl, stored_pages, canon):
    start = clean_portal.url("vksndtc", "/tin-tuc/tin-hoat-dong")
    res, summary = crawl(clean_portal, "--url", start)
    assert res.returncode == 0, res.stderr
    (only,) = summary.values()
    assert only["refused"] >= 1 and only["fetched"] == 0
    assert clean_portal.hits() == []  # not even robots.txt
    assert stored_pages() == []


def test_new_article_is_fetched_alone_and_paging_stops(
    clean_portal, crawl, settings, stored_pages, canon
):
    crawl(clean_portal, "sharepoint_province")
    new = FixtureArticle(
        key="sharepoint-new",
        site="sharepoint_province",
        title="VKSND tỉnh Thái Bình tổ chức Hội nghị giao ban công tác tháng 10",
        published=clean_portal.articles("sharepoint_province")[0].published,
        authors=["P.V"],
        section="Tin hoạt động",
        event_type="conference",
        paragraphs=["Sáng nay, đơn vị tổ chức giao ban định kỳ.", "Các phòng báo cáo kết quả."],
        captions=[],
    )
    url = clean_portal.publish("sharepoint_province", new)
    clean_portal.clear_hits()
    res, summary = crawl(clean_portal, "sharepoint_province")
    assert res.returncode == 0, res.stderr
    s = summary["sharepoint_province"]
    assert (s["fetched"], s["new"], s["pagination_stopped"]) == (1, 1, 1)
    site = clean_portal.sites["sharepoint_province"]
    article_hits = [h.path for h in clean_portal.hits("sharepoint_province") if "ItemID" in h.path]
    assert article_hits == [site.article_path(new)]
    assert not clean_portal.hits("sharepoint_province", site.listing_path(3))
    assert canon(url) in {p["canonical_url"] for p in stored_pages()}


def test_recheck_uses_conditional_get(clean_portal, crawl, settings, stored_pages, canon):
    crawl(clean_portal, "wordpress_province")
    arts = clean_portal.articles("wordpress_province")
    clean_portal.edit("wordpress_province", arts[2].key, ["Nội dung đã được biên tập lại."])
    clean_portal.clear_hits()
    res, summary = crawl(clean_portal, "wordpress_province", "--recheck")
    assert res.returncode == 0, res.stderr
    s = summary["wordpress_province"]
    assert (s["updated"], s["new"]) == (1, 0)
    assert s["unchanged"] == len(arts) - 1
    paths = _article_paths(clean_portal, "wordpress_province")
    hits = [h for h in clean_portal.hits("wordpress_province") if h.path in paths]
    assert len(hits) == len(arts) and all(h.conditional for h in hits)
    assert Counter(h.status for h in hits) == {304: len(arts) - 1, 200: 1}
    page = next(
        p for p in stored_pages()
        if p["canonical_url"] == canon(clean_portal.article_url("wordpress_province", arts[2].key))
    )  # fmt: skip
    assert "biên tập lại" in page["body"].decode("utf-8")


def test_feeds_alone_find_every_article(
    clean_portal, crawl, settings, tmp_path, stored_pages, canon
):
    sites = clean_portal.write_sites(tmp_path / "sites")
    (sites / "wp_feeds_only.toml").write_text(
        'extends = "wordpress_province"\nname = "wp_feeds_only"\n'
        f'base_url = "{clean_portal.base_url("wordpress_province")}"\nallow_private = true\n'
        '[listing]\nstart_paths = ["/khong-co-chuyen-muc/"]\n',
        encoding="utf-8",
    )
    res, summary = crawl(clean_portal, "wp_feeds_only")
    s = summary["wp_feeds_only"]
    assert s["errors_by_kind"] == {"http_404": 1}  # the missing listing page
    assert s["new"] == len(clean_portal.articles("wordpress_province"))
    assert clean_portal.hits("wordpress_province", "/feed/")
    assert clean_portal.hits("wordpress_province", "/sitemap.xml")


def test_failed_page_is_tried_again_next_run(portal, crawl, settings, stored_pages, canon):
    crawl(portal, "vksndtc")
    portal.sites["vksndtc"].slow_seconds = 0  # the slow server recovered
    portal.clear_hits()
    res, summary = crawl(portal, "vksndtc")
    slow_url = portal.article_url("vksndtc", "vksndtc-05")
    assert canon(slow_url) in {p["canonical_url"] for p in stored_pages()}
    assert summary["vksndtc"]["new"] == 1
