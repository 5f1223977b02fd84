"""The crawler under network faults: nothing lost, nothing stored twice, every run resumable.

Each test crawls :class:`~tests.reliability.faultportal.FaultPortal` with the
real ``kiemsat crawl`` (Scrapy) in a subprocess and then reads the store.
The fixed traps of the fake portal (one 500, a page slower than the timeout,
an oversized page, robots.txt, offsite redirects) are covered by
``tests/crawler/test_crawl.py``; here the faults are scripted and harsher.
"""

from __future__ import annotations

import json
import time

import pytest

from kiemsat.ids import article_id, canonical_url
from kiemsat.synth import make_article
from tests.reliability.conftest import cli_env, crawl_env, kill_when, query, run_kiemsat
from tests.reliability.faultportal import LISTING, FaultPortal, article_path

pytestmark = pytest.mark.slow


def stored(settings) -> dict[str, bytes]:
    """``{final URL: body}`` of every raw page in the store."""
    return {
        r["final_url"]: r["body"] for r in query(settings, "SELECT final_url, body FROM raw_pages")
    }


def expected_urls(portal: FaultPortal) -> set[str]:
    return {portal.url(article_path(i)) for i in range(portal.n)}


def assert_complete(portal: FaultPortal, settings) -> None:
    """Every article stored exactly once, with the whole body the portal serves."""
    rows = query(settings, "SELECT id, final_url, body FROM raw_pages")
    assert len(rows) == portal.n, f"{len(rows)} raw pages for {portal.n} articles"
    assert {r["final_url"] for r in rows} == expected_urls(portal)
    assert {r["id"] for r in rows} == {article_id(canonical_url(u)) for u in expected_urls(portal)}
    for r in rows:
        i = int(r["final_url"].rsplit("-", 1)[1].split(".")[0])
        assert r["body"] == portal.article_html(i).encode(), f"article {i} stored incomplete"


def test_connection_resets_are_retried(fault_portal, crawl, settings):
    fault_portal.plan(LISTING, "reset")
    fault_portal.plan(article_path(1), "reset", "reset")  # two resets, the third try answers
    fault_portal.plan(article_path(5), "reset")
    res, summary = crawl(fault_portal)
    assert res.returncode == 0, res.stderr[-2000:]
    assert len(fault_portal.hits(outcome="reset")) == 4
    assert summary["new"] == fault_portal.n and summary["errors"] == 0
    assert_complete(fault_portal, settings)


def test_truncated_bodies_are_never_stored(fault_portal, crawl, settings):
    """A body cut short of its Content-Length is a failed fetch, retried; a page
    truncated on every try is not stored half, and the next run fetches it whole."""
    fault_portal.plan(article_path(2), "truncate")
    fault_portal.plan(article_path(7), "truncate", "truncate", "truncate")  # beyond the retries
    res, summary = crawl(fault_portal)
    assert res.returncode == 1, "a page that could not be fetched is reported"
    assert summary["errors"] == 1
    pages = stored(settings)
    assert fault_portal.url(article_path(7)) not in pages
    assert pages[fault_portal.url(article_path(2))] == fault_portal.article_html(2).encode()
    res, summary = crawl(fault_portal)
    assert res.returncode == 0, res.stderr[-2000:]
    assert summary["new"] == 1
    assert_complete(fault_portal, settings)


def test_timeouts_then_resume(fault_portal, crawl, settings):
    fault_portal.plan(article_path(0), "slow")  # one timeout: the retry gets it
    fault_portal.plan(article_path(9), "slow", "slow", "slow")  # times out on every try
    res, summary = crawl(fault_portal)
    assert res.returncode == 1
    assert summary["errors_by_kind"] == {"timeout": 1}, summary
    assert fault_portal.url(article_path(9)) not in stored(settings)
    res, summary = crawl(fault_portal)
    assert res.returncode == 0 and summary["new"] == 1
    assert_complete(fault_portal, settings)


def test_5xx_storm_on_articles_then_resume(fault_portal, crawl, settings):
    """Every request answers 503 for a while (more than the retries absorb)."""
    fault_portal.plan(LISTING, "200")  # the first listing page gets through
    fault_portal.storm(15)
    res, summary = crawl(fault_portal)
    assert len(fault_portal.hits(outcome="storm")) == 15
    first = set(stored(settings))
    assert summary["errors"] >= 1 and res.returncode == 1
    res, summary = crawl(fault_portal)
    assert res.returncode == 0, res.stderr[-2000:]
    assert summary["new"] == fault_portal.n - len(first)
    assert_complete(fault_portal, settings)
    # the pages stored by the first run were not fetched again
    for url in first:
        path = url[len(fault_portal.base_url) :]
        assert len(fault_portal.hits(path, "ok")) == 1, path


def test_listing_page_lost_to_a_storm_is_read_again(fault_portal, crawl, settings):
    """Page 2 of the listing fails on every try; the next run must still reach
    its articles (not stop paging at page 1 because page 1 holds only known ones)."""
    page2 = f"{LISTING}?trang=2"
    fault_portal.plan(page2, "503", "503", "503")
    res, summary = crawl(fault_portal)
    assert res.returncode == 1 and summary["errors_by_kind"] == {"http_503": 1}, summary
    assert len(stored(settings)) == fault_portal.page_size  # page 1's articles only
    res, summary = crawl(fault_portal)
    assert res.returncode == 0, res.stderr[-2000:]
    assert_complete(fault_portal, settings)


def test_layout_change_is_reported_and_kept(fault_portal, crawl, settings, tmp_path):
    """A redesigned page (the profile's selectors find nothing) is stored raw, the
    crawl's summary counts it (the operator learns the profile is stale), and
    extraction falls back to the generic line classifier: the article keeps its text."""
    fault_portal.layout_changed = {3, 4}
    res, summary = crawl(fault_portal)
    assert res.returncode == 0, res.stderr[-2000:]
    assert summary["empty"] == 2, summary
    assert "has no article text" in res.stderr
    assert_complete(fault_portal, settings)
    env = cli_env(settings, **crawl_env(tmp_path / "sites"))
    out = json.loads(run_kiemsat(["extract", "--from-store", "--json"], env))
    assert out["articles"] == fault_portal.n and out["errors"] == []
    for i in (3, 4, 5):  # two redesigned pages and one read by the profile
        art = make_article(i, fault_portal.seed)
        url = canonical_url(fault_portal.url(article_path(i)))
        data = json.loads(
            query(settings, "SELECT data FROM articles WHERE id = ?", article_id(url))[0]["data"]
        )
        assert data["title"] == art.title, i
        assert art.paragraphs[0] in data["body"] and art.paragraphs[-1] in data["body"], i


def test_sigkill_mid_crawl_then_resume(settings, tmp_path):
    """SIGKILL while articles are being fetched; the rerun stores the rest and
    refetches at most the pages that were in flight."""
    with FaultPortal(n=16, delay=0.25) as portal:
        sites = portal.write_profile(tmp_path / "sites")
        env = cli_env(settings, **crawl_env(sites))
        args = ["crawl", "faulty", "--no-progress"]

        def some_stored() -> bool:
            return settings.store_path.exists() and len(stored(settings)) >= 5

        killed, err = kill_when(args, env, some_stored)
        assert killed, f"the crawl ended before the kill point:\n{err[-2000:]}"
        before = set(stored(settings))
        assert 5 <= len(before) < portal.n
        time.sleep(1.0)  # let the portal's threads finish answering the dead crawler
        served_at_kill = len([h for h in portal.hits(outcome="ok") if "/bai-viet-" in h.path])
        killed, err = kill_when(args, env, lambda: False)
        assert not killed and "Traceback" not in err, err[-2000:]
        assert_complete(portal, settings)
        refetched = [u for u in before if len(portal.hits(u[len(portal.base_url) :], "ok")) > 1]
        assert refetched == [], "pages stored before the kill were fetched again"
        # only what was served but not yet stored at the kill is fetched again
        served = len([h for h in portal.hits(outcome="ok") if "/bai-viet-" in h.path])
        assert served <= portal.n + max(0, served_at_kill - len(before))
