"""The scorer of ``kiemsat eval`` on small gold/prediction pairs written for these tests."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from nlp.evaluate import PRF, Scorer, load_corpus

TEXT = "\n".join(
    [
        "TRANG TIN ĐIỆN TỬ VIỆN KIỂM SÁT MẪU",  # 1 boilerplate
        "Đoàn kiểm tra làm việc tại đơn vị mẫu",  # 2 title
        "02/04/2024",  # 3 dateline
        "Sáng ngày 01/4/2024, đoàn kiểm tra của Viện kiểm sát nhân dân tỉnh Mẫu làm việc tại đơn vị.",  # 4 body
        "leftcenterrightdel",  # 5 boilerplate
        "Quang cảnh buổi làm việc",  # 6 caption
        "Đơn vị đã giải quyết 40/50 việc, đạt tỷ lệ 80%; thụ lý 12 vụ án mới trong kỳ báo cáo này.",  # 7 body
        "Minh Anh",  # 8 byline
    ]
)
GOLD = {
    "title": "Đoàn kiểm tra làm việc tại đơn vị mẫu",
    "published": "2024-04-02",
    "authors": ["Minh Anh"],
    "section": None,
    "event_type": "inspection",
    "captions": ["Quang cảnh buổi làm việc"],
    "people": [
        {
            "name": "Trần Văn Mẫu",
            "titles": ["Viện trưởng"],
            "unit": "Viện kiểm sát nhân dân tỉnh Mẫu",
        },
        {"name": "Lê Thị Thử", "titles": ["Phó Viện trưởng"], "unit": None},
    ],
    "units": [{"name": "Viện kiểm sát nhân dân tỉnh Mẫu", "level": "province"}],
    "documents": [
        {"type": "Kế hoạch", "number": "12/KH-VKS", "issuer": "VKS", "date": "2024-03-01"}
    ],
    "metrics": [
        {
            "value": 40,
            "total": 50,
            "percent": 80,
            "change": None,
            "change_percent": None,
            "subject": "việc",
            "period": None,
            "consistent": True,
        },
        {
            "value": 12,
            "total": None,
            "percent": None,
            "change": None,
            "change_percent": None,
            "subject": "vụ án mới",
            "period": None,
            "consistent": None,
        },
        {
            "value": 12,
            "total": None,
            "percent": None,
            "change": None,
            "change_percent": None,
            "subject": "bị can",
            "period": None,
            "consistent": None,
        },
    ],
    "lines": {
        "title": [2],
        "body": [4, 7],
        "caption": [6],
        "byline": [8],
        "dateline": [3],
        "boilerplate": [1, 5],
    },
}


def perfect() -> dict:
    pred = json.loads(json.dumps(GOLD))
    pred.pop("lines")
    pred["body"] = "\n\n".join(TEXT.split("\n")[i - 1] for i in GOLD["lines"]["body"])
    return pred


def test_perfect_prediction_scores_one_everywhere() -> None:
    s = Scorer()
    s.add("a", GOLD, perfect(), TEXT)
    d = s.as_dict()
    for kind in ("people", "units", "documents", "metrics", "boilerplate"):
        assert d[kind]["f1"] == 1.0, kind
    assert d["people"]["titles_accuracy"] == 1.0
    assert d["metrics"]["subject_accuracy"] == 1.0
    assert d["boilerplate"]["leaked_share"] == 0.0
    for key in ("title", "published", "authors", "event_type", "section"):
        assert d[key]["accuracy"] == 1.0
    assert s.misses == []


def test_people_precision_recall_and_attribute_accuracy() -> None:
    pred = perfect()
    pred["people"] = [
        {
            "name": "trần  văn mẫu",
            "titles": ["Viện trưởng", "Bí thư"],
            "unit": "Viện kiểm sát nhân dân tỉnh Mẫu",
        },
        {"name": "Phạm Văn Khác", "titles": [], "unit": None},
    ]
    s = Scorer()
    s.add("a", GOLD, pred, TEXT)
    prf = s.prf["people"]
    assert (prf.tp, prf.gold, prf.pred) == (1, 2, 2)
    assert prf.precision == 0.5 and prf.recall == 0.5
    assert s.attrs["people"]["titles"].value == 0.0  # extra title: sets differ
    assert s.attrs["people"]["unit"].value == 1.0
    whats = {(m.kind, m.what) for m in s.misses}
    assert (
        ("people", "missing") in whats
        and ("people", "spurious") in whats
        and ("people", "titles") in whats
    )


def test_metrics_match_one_to_one_on_value_and_total() -> None:
    pred = perfect()
    # Only one "12" predicted: it must pair with the gold 12 whose subject matches best.
    pred["metrics"] = [
        {"value": 40.0, "total": 50, "percent": 80.0, "subject": "việc", "consistent": True},
        {"value": 12, "total": None, "subject": "bị can"},
        {"value": 40, "total": None, "subject": "việc"},  # wrong total: no match
    ]
    s = Scorer()
    s.add("a", GOLD, pred, TEXT)
    prf = s.prf["metrics"]
    assert (prf.tp, prf.gold, prf.pred) == (2, 3, 3)
    assert s.attrs["metrics"]["subject"].value == 1.0
    missing = [m for m in s.misses if m.kind == "metrics" and m.what == "missing"]
    assert len(missing) == 1 and "vụ án mới" in missing[0].gold


def test_subject_needs_half_the_syllables() -> None:
    gold = {
        "metrics": [{"value": 5, "total": None, "subject": "cuộc kiểm tra việc chấp hành kỷ luật"}]
    }
    s = Scorer()
    s.add("a", gold, {"metrics": [{"value": 5, "subject": "cuộc kiểm tra"}]}, "")
    assert s.attrs["metrics"]["subject"].value == 0.0  # 3 of 7 syllables
    s = Scorer()
    s.add("a", gold, {"metrics": [{"value": 5, "subject": "cuộc kiểm tra việc chấp hành"}]}, "")
    assert s.attrs["metrics"]["subject"].value == 1.0  # 5 of 7


def test_documents_match_on_type_and_number_and_score_dates() -> None:
    pred = perfect()
    pred["documents"] = [{"type": "Kế hoạch", "number": "12/KH-VKS", "issuer": "VKS", "date": None}]
    s = Scorer()
    s.add("a", GOLD, pred, TEXT)
    assert s.prf["documents"].f1 == 1.0
    assert s.attrs["documents"]["date"].value == 0.0


def test_boilerplate_leaks_and_lost_lines() -> None:
    pred = perfect()
    # Keep the first body line with the dateline glued before it (still kept: its
    # last 60 characters are there), lose the second, leak the caption and the byline.
    lines = TEXT.split("\n")
    pred["body"] = "\n\n".join(["02/04/2024 " + lines[3], lines[5], lines[7] + "."])
    s = Scorer()
    s.add("a", GOLD, pred, TEXT)
    prf = s.prf["boilerplate"]
    assert prf.gold == 2 and prf.tp == 1
    assert s.leaks["caption"].correct == 1
    assert s.leaks["byline"].correct == 1  # "Minh Anh" is >= 80% of "Minh Anh."
    assert s.leaks["dateline"].correct == 0  # glued to a long paragraph: under 80% of the line
    assert s.leaks["boilerplate"].correct == 0
    assert prf.pred == 1 + 2
    d = s.as_dict()["boilerplate"]
    assert d["leaked_share"] == pytest.approx(2 / 6, abs=1e-4)


def test_line_that_is_also_a_body_line_is_not_a_leak() -> None:
    text = "Hội nghị tổng kết công tác năm\nHội nghị tổng kết công tác năm\nNội dung chính của bài viết rất dài."
    gold = {"lines": {"title": [1], "body": [2, 3]}}
    s = Scorer()
    s.add(
        "a",
        gold,
        {"body": "Hội nghị tổng kết công tác năm\n\nNội dung chính của bài viết rất dài."},
        text,
    )
    assert s.leaks["title"].total == 0
    assert s.prf["boilerplate"].f1 == 1.0


def test_scalar_fields_compare_normalised_strings() -> None:
    gold = {"title": "Tin  Mẫu", "published": None, "authors": ["P.V - TL"], "event_type": "other"}
    s = Scorer()
    s.add(
        "a",
        gold,
        {
            "title": "tin mẫu",
            "published": "2024-01-01",
            "authors": ["p.v - tl"],
            "event_type": "case",
        },
        "",
    )
    assert s.scalars["title"].value == 1.0
    assert s.scalars["authors"].value == 1.0
    assert s.scalars["published"].value == 0.0
    assert s.scalars["event_type"].value == 0.0


def test_empty_prediction_and_empty_gold() -> None:
    assert PRF().f1 == 1.0 or PRF().precision == 1.0
    s = Scorer()
    s.add("a", GOLD, {}, TEXT)
    assert s.prf["people"].recall == 0.0
    assert s.prf["boilerplate"].recall == 0.0
    assert "people" in s.table() and "event_type" in s.table()


def test_load_corpus_errors(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="not a gold corpus"):
        load_corpus(tmp_path)
    (tmp_path / "articles").mkdir()
    (tmp_path / "gold").mkdir()
    (tmp_path / "gold" / "001.json").write_text("{}", encoding="utf-8")
    with pytest.raises(ValueError, match="no article file"):
        load_corpus(tmp_path)
    (tmp_path / "articles" / "001.txt").write_text("x", encoding="utf-8")
    assert [i.name for i in load_corpus(tmp_path)] == ["001"]
