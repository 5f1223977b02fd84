"""``kiemsat ingest`` and ``kiemsat extract --from-store`` against a real SQLite store."""

from __future__ import annotations

import json
from pathlib import Path

from kiemsat.store import Store

ARTICLE = """Viện kiểm sát nhân dân tỉnh Mẫu tập huấn kỹ năng viết cáo trạng

11/06/2024
Ngày 10/6/2024, Viện kiểm sát nhân dân tỉnh Mẫu tổ chức Hội nghị tập huấn kỹ năng viết cáo trạng cho 60 Kiểm sát viên.

Các học viên đã được trao đổi về kỹ năng đánh giá chứng cứ, xây dựng bản cáo trạng chặt chẽ, đúng quy định.

Thanh Bình
"""

PAGE = (
    '<html><head><meta charset="utf-8"><link rel="canonical" href="{url}"></head><body>'
    '<h1>Đoàn kiểm tra làm việc tại Viện kiểm sát nhân dân huyện Mẫu</h1><time datetime="2024-05-02">02/05/2024</time>'
    "<p>Ngày 2/5/2024, đoàn kiểm tra của Viện kiểm sát nhân dân tỉnh Mẫu đã làm việc tại Viện kiểm sát nhân dân huyện Mẫu về công tác quý I.</p>"
    "</body></html>"
)


def test_ingest_then_extract_from_store(run_cli, settings, tmp_path: Path) -> None:
    txt = tmp_path / "a.txt"
    txt.write_text(ARTICLE, encoding="utf-8")
    html = tmp_path / "b.html"
    html.write_text(PAGE.format(url="https://example.org/tin/1.html"), encoding="utf-8")
    binary = tmp_path / "c.txt"
    binary.write_bytes(b"\x00\x01\x02\xff" * 100)
    res = run_cli(
        "ingest", str(txt), str(html), str(binary), str(tmp_path / "missing.txt"), "--json"
    )
    assert res.returncode == 1, res.stderr
    rows = [json.loads(line) for line in res.stdout.splitlines()]
    assert [r["path"] for r in rows] == [
        str(txt),
        str(html),
        str(binary),
        str(tmp_path / "missing.txt"),
    ]
    assert rows[0]["site"] == "file" and rows[0]["changed"] is True
    assert rows[1]["site"] == "file"  # no profile covers example.org
    assert "binary" in rows[2]["error"]["message"]
    assert "error" in rows[3]

    again = run_cli("ingest", str(txt))
    assert again.returncode == 0 and again.stdout.startswith("unchanged")

    out = run_cli("extract", "--from-store", "--json")
    assert out.returncode == 0, out.stderr
    summary = json.loads(out.stdout)
    assert summary == {"processed": 2, "articles": 2, "errors": []}
    with Store.open(settings) as store:
        arts = {a.title: a for _, a in store.iter_articles()}
        assert store.stats()["unprocessed"] == 0
    art = arts["Viện kiểm sát nhân dân tỉnh Mẫu tập huấn kỹ năng viết cáo trạng"]
    assert art.site == "file" and art.id == rows[0]["id"]
    assert art.published == "2024-06-11" and art.authors == ["Thanh Bình"]
    assert art.event_type == "training"
    assert art.url.startswith("file:")
    page_art = arts["Đoàn kiểm tra làm việc tại Viện kiểm sát nhân dân huyện Mẫu"]
    assert page_art.published == "2024-05-02"

    # Idempotent: nothing left to do.
    rerun = run_cli("extract", "--from-store", "--json")
    assert json.loads(rerun.stdout) == {"processed": 0, "articles": 0, "errors": []}

    # A changed file is processed again.
    txt.write_text(ARTICLE.replace("60 Kiểm sát viên", "65 Kiểm sát viên"), encoding="utf-8")
    run_cli("ingest", str(txt))
    third = run_cli("extract", "--from-store", "--json")
    assert json.loads(third.stdout)["articles"] == 1


def test_failing_page_is_recorded_and_does_not_stop_the_batch(settings) -> None:
    from nlp.ingest import extract_store

    with Store.open(settings) as store:
        store.put_raw_page(
            url="https://example.org/a",
            body=b"\x00\x00binary\x00",
            site="file",
            content_type="text/plain",
        )
        store.put_raw_page(
            url="https://example.org/gone", body=b"<html>gone</html>", site="file", status=404
        )
        store.put_raw_page(
            url="https://example.org/ok",
            body=ARTICLE.encode(),
            site="file",
            content_type="text/plain",
        )
        run = extract_store(store)
        assert run.processed == 3 and run.articles == 1
        errors = dict(run.errors)
        assert len(errors) == 2
        assert any("binary" in e for e in errors.values())
        assert any("404" in e for e in errors.values())
        assert store.stats()["errors"] == 2
        assert store.count_articles() == 1


def test_directory_ingest(run_cli, tmp_path: Path) -> None:
    d = tmp_path / "in"
    d.mkdir()
    (d / "x.txt").write_text(ARTICLE, encoding="utf-8")
    (d / "ignored.bin").write_bytes(b"\x00")
    res = run_cli("ingest", str(d), "--json")
    assert res.returncode == 0, res.stderr
    assert [json.loads(x)["path"] for x in res.stdout.splitlines()] == [str(d / "x.txt")]


def test_ingest_files_html_under_a_profile_portal(settings, tmp_path: Path) -> None:
    from nlp.ingest import ingest_file

    html = tmp_path / "p.html"
    url = "https://vksndtc.gov.vn/tin-tuc/tin-hoat-dong/bai-mau-12.html"  # the vksndtc profile's domain
    html.write_text(PAGE.format(url=url), encoding="utf-8")
    with Store.open(settings) as store:
        res = ingest_file(store, str(html))
        assert res.site == "vksndtc" and res.url == url
        page = store.get_raw_page(res.id)
        assert page.source == "file" and page.canonical_url == url


def test_fake_portal_pages_through_the_store_with_their_profiles(settings) -> None:
    """Every fixture page of the three fake-portal layouts, stored as a crawl would
    store it, extracted with its portal's profile: the page fields come out exactly."""
    from crawler.fakeportal.server import load_fixtures, render_fixture
    from nlp.ingest import extract_store

    arts = load_fixtures()
    with Store.open(settings) as store:
        ids = {}
        for art in arts:
            url = f"https://{art.site}.example.vn/bai-viet/{art.number}"
            pid, _ = store.put_raw_page(
                url=url, body=render_fixture(art), site=art.site, content_type="text/html"
            )
            ids[pid] = art
        run = extract_store(store)
        assert run.errors == [] and run.articles == len(arts)
        mismatches = []
        for pid, art in ids.items():
            got = store.get_article(pid)
            exp = art.expected()
            for key in ("title", "published", "authors", "section", "captions"):
                if getattr(got, key) != exp[key]:
                    mismatches.append((art.key, key, getattr(got, key), exp[key]))
            # The fixtures repeat a paragraph now and then; a page never shows one twice on purpose.
            expected_paras = list(dict.fromkeys(art.paragraphs))
            if got.body.split("\n\n") != expected_paras:
                mismatches.append((art.key, "body", got.body[:80], art.body[:80]))
        assert mismatches == []
