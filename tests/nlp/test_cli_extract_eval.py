"""``kiemsat extract PATH... --json`` and ``kiemsat eval CORPUS`` end to end, as subprocesses."""

from __future__ import annotations

import json
from pathlib import Path

ARTICLE = """TRANG THÔNG TIN ĐIỆN TỬ VIỆN KIỂM SÁT NHÂN DÂN TỈNH MẪU

Viện kiểm sát nhân dân tỉnh Mẫu tổ chức Hội nghị sơ kết công tác 6 tháng đầu năm 2024

12/07/2024
Cỡ chữ:   Tương phản
Ngày 11/7/2024, Viện kiểm sát nhân dân tỉnh Mẫu tổ chức Hội nghị sơ kết công tác 6 tháng đầu năm 2024, kết nối trực tuyến đến 9 điểm cầu cấp huyện.

leftcenterrightdel
 Quang cảnh Hội nghị.

Trong 6 tháng, toàn ngành đã thụ lý kiểm sát 120 vụ án hình sự, giải quyết 110/120 vụ, đạt tỷ lệ 91,7%, bảo đảm đúng quy định của pháp luật.

Lan Chi
Tìm kiếm
"""


def write(tmp_path: Path, name: str, text: str) -> str:
    p = tmp_path / name
    p.write_text(text, encoding="utf-8")
    return str(p)


def test_extract_json_lines_in_input_order_with_errors(run_cli, tmp_path: Path) -> None:
    a = write(tmp_path, "a.txt", ARTICLE)
    html = write(
        tmp_path,
        "b.html",
        "<html><head><title>x</title><meta property='og:title' content='Tiêu đề trang mẫu'></head>"
        "<body><nav>Trang chủ</nav><article><h1>Tiêu đề trang mẫu</h1>"
        "<p>Ngày 3/5/2024, đoàn kiểm tra của Viện kiểm sát nhân dân tỉnh Mẫu làm việc tại đơn vị cấp huyện và ghi nhận nhiều kết quả.</p>"
        "</article></body></html>",
    )
    missing = str(tmp_path / "nope.txt")
    res = run_cli("extract", a, missing, html, "--json")
    assert res.returncode == 1, res.stderr
    rows = [json.loads(line) for line in res.stdout.splitlines()]
    assert [r["path"] for r in rows] == [a, missing, html]
    first, err, third = rows
    assert first["title"].startswith("Viện kiểm sát nhân dân tỉnh Mẫu tổ chức Hội nghị sơ kết")
    assert first["published"] == "2024-07-12"
    assert first["authors"] == ["Lan Chi"]
    assert first["captions"] == ["Quang cảnh Hội nghị."]
    assert "leftcenterrightdel" not in first["body"] and "Cỡ chữ" not in first["body"]
    assert first["body"].count("\n\n") == 1
    assert first["event_type"] == "conference"
    assert "error" in err and err["error"]["message"]
    assert third["title"] == "Tiêu đề trang mẫu"
    assert "Trang chủ" not in third["body"]
    assert "nope.txt" in res.stderr


def test_extract_all_good_exits_zero(run_cli, tmp_path: Path) -> None:
    a = write(tmp_path, "a.txt", ARTICLE)
    res = run_cli("extract", a, "--json")
    assert res.returncode == 0, res.stderr
    assert json.loads(res.stdout)["path"] == a


def test_extract_needs_paths(run_cli) -> None:
    res = run_cli("extract")
    assert res.returncode == 2
    assert "PATH" in res.stderr


def test_eval_on_a_corpus_we_wrote(run_cli, tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    (corpus / "articles").mkdir(parents=True)
    (corpus / "gold").mkdir()
    (corpus / "articles" / "001.txt").write_text(ARTICLE, encoding="utf-8")
    gold = {
        "title": "Viện kiểm sát nhân dân tỉnh Mẫu tổ chức Hội nghị sơ kết công tác 6 tháng đầu năm 2024",
        "published": "2024-07-12",
        "authors": ["Lan Chi"],
        "section": None,
        "event_type": "conference",
        "captions": ["Quang cảnh Hội nghị."],
        "people": [],
        "units": [],
        "documents": [],
        "metrics": [],
        "lines": {
            "title": [3],
            "body": [7, 12],
            "caption": [10],
            "byline": [14],
            "dateline": [5],
            "boilerplate": [1, 6, 9, 15],
        },
    }
    (corpus / "gold" / "001.json").write_text(
        json.dumps(gold, ensure_ascii=False), encoding="utf-8"
    )
    res = run_cli("eval", str(corpus), "--json", "--misses")
    assert res.returncode == 0, res.stderr
    out = json.loads(res.stdout)
    assert out["files"] == 1
    assert out["boilerplate"]["f1"] == 1.0
    assert out["boilerplate"]["leaked_share"] == 0.0
    for key in ("title", "published", "authors", "event_type"):
        assert out[key]["accuracy"] == 1.0, (key, out["misses"])
    table = run_cli("eval", str(corpus))
    assert table.returncode == 0
    assert "boilerplate" in table.stdout and "F1" in table.stdout
    bad = run_cli("eval", str(tmp_path / "nothing"))
    assert bad.returncode == 2 and "not a gold corpus" in bad.stderr
