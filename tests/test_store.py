"""The store: idempotent upserts, migrations, sequences and clear errors."""

from __future__ import annotations

import sqlite3

import pytest

from kiemsat.ids import article_id, canonical_url
from kiemsat.model import Article, Metric, Person
from kiemsat.store import SCHEMA_VERSION, Store, StoreError


def test_canonical_url_drops_noise():
    assert (
        canonical_url("HTTP://VKS.Gov.VN:80/tin/a?utm_source=fb&id=2#top")
        == "http://vks.gov.vn/tin/a?id=2"
    )
    assert canonical_url("http://x.vn/a?b=1&a=2") == canonical_url("http://x.vn/a?a=2&b=1")


def test_article_id_is_stable_across_urls_of_one_page():
    assert article_id("http://x.vn/a?b=1&a=2") == article_id("https://x.vn/a?a=2&b=1#c")
    assert article_id("http://x.vn/a") != article_id("http://x.vn/b")
    assert len(article_id("http://x.vn/a")) == 16


def test_raw_page_upsert_is_idempotent(store: Store):
    pid, changed = store.put_raw_page(url="http://x.vn/a", body=b"<p>1</p>", site="x")
    assert changed
    pid2, changed2 = store.put_raw_page(url="http://x.vn/a#frag", body=b"<p>1</p>", site="x")
    assert (pid2, changed2) == (pid, False)
    _, changed3 = store.put_raw_page(url="http://x.vn/a", body=b"<p>2</p>", site="x")
    assert changed3
    assert store.count_raw_pages() == 1
    assert store.get_raw_page(pid).body == b"<p>2</p>"


def test_unprocessed_pages_and_mark_processed(store: Store):
    pid, _ = store.put_raw_page(url="http://x.vn/a", body=b"a", site="x")
    page = store.get_raw_page(pid)
    assert [p.id for p in store.iter_raw_pages(unprocessed_only=True)] == [pid]
    store.put_article(Article(id=pid, title="T", site="x"), raw_hash=page.content_hash)
    assert list(store.iter_raw_pages(unprocessed_only=True)) == []
    store.put_raw_page(url="http://x.vn/a", body=b"b", site="x")  # changed page is pending again
    assert [p.id for p in store.iter_raw_pages(unprocessed_only=True)] == [pid]
    store.mark_processed(pid, store.get_raw_page(pid).content_hash, error="boom")
    assert [p.process_error for p in store.iter_raw_pages(unprocessed_only=True)] == ["boom"]


def test_article_round_trip_and_sequence(store: Store):
    art = Article(
        id="abc",
        title="Hội nghị",
        people=[Person(name="Nguyễn Văn A", titles=["Viện trưởng"], mentions=2)],
        metrics=[Metric(value=3275, total=3283, percent=99.8, subject="đơn", consistent=True)],
    )
    s1 = store.put_article(art)
    back = store.get_article("abc")
    assert back == art
    s2 = store.put_article(art)
    assert s2 > s1
    assert [seq for seq, _ in store.iter_articles(since_seq=s1)] == [s2]
    assert store.delete_article("abc")
    assert store.get_article("abc") is None
    assert store.tombstones_since(s2)[0][1] == "abc"


def test_crawl_state_and_known_urls(store: Store):
    store.record_fetch(
        "http://x.vn/a?utm_source=z", site="x", kind="article", status=200, etag='"1"'
    )
    assert store.known_urls(["http://x.vn/a", "http://x.vn/b"]) == {"http://x.vn/a"}
    row = store.seen("http://x.vn/a")
    assert row["etag"] == '"1"'
    store.record_fetch("http://x.vn/a", site="x", kind="article", status=304)
    assert store.seen("http://x.vn/a")["etag"] == '"1"'  # kept across a 304


def test_schema_version_and_wal(settings):
    with Store.open(settings) as s:
        assert s.schema_version == SCHEMA_VERSION
        assert s.conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"


def test_newer_schema_is_refused(settings):
    Store.open(settings).close()
    conn = sqlite3.connect(settings.store_path)
    conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    conn.close()
    with pytest.raises(StoreError, match="newer"):
        Store.open(settings)


def test_corrupt_store_gives_clear_error(settings, run_cli):
    settings.data_dir.mkdir(parents=True)
    settings.store_path.write_bytes(b"this is not a database" * 100)
    with pytest.raises(StoreError, match="rebuild"):
        Store.open(settings)
    res = run_cli("status")
    assert res.returncode == 3
    assert str(settings.store_path) in res.stderr


def test_missing_store_read_only(settings, run_cli):
    res = run_cli("status")
    assert res.returncode == 3
    assert "store not found" in res.stderr
