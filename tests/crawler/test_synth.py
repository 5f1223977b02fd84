"""The synthetic article generator: deterministic, varied, and its gold matches its text."""

from __future__ import annotations

import re
from collections import Counter

from kiemsat.model import EVENT_TYPES, UNIT_LEVELS
from kiemsat.synth import PROVINCES_34, PROVINCES_63, generate, make_article, num_vi, slugify

SAMPLE = list(generate(400, seed=11))


def test_deterministic_and_random_access():
    again = list(generate(5, seed=11, start=100))
    assert [a.to_text() for a in again] == [a.to_text() for a in SAMPLE[100:105]]
    assert make_article(7, seed=11).gold() == SAMPLE[7].gold()
    assert make_article(7, seed=12).to_text() != SAMPLE[7].to_text()


def test_variety_of_event_types_layouts_years_and_sizes():
    assert set(Counter(a.event_type for a in SAMPLE)) == set(EVENT_TYPES)
    assert {a.layout for a in SAMPLE} == {"supreme", "sharepoint", "wordpress", "plain"}
    years = {a.published.year for a in SAMPLE}
    assert min(years) == 2015 and max(years) == 2026
    sizes = [len(a.to_text().encode()) for a in SAMPLE]
    assert min(sizes) >= 800 and max(sizes) <= 16_000
    assert sum(1 for s in sizes if s > 8_000) > 10
    assert len({a.title for a in SAMPLE}) > 300


def test_gold_entities_are_in_the_text():
    for art in SAMPLE:
        text = art.title + "\n" + art.body + "\n" + "\n".join(art.caption_texts)
        for person in art.people:
            assert person.mentions == text.count(person.name), (art.index, person)
            assert person.titles or person.mentions
        for doc in art.documents:
            assert doc.text in art.body
            assert doc.number in doc.text
            if doc.date:
                y, m, d = doc.date.split("-")
                assert f"/{y}" in doc.text
        for metric in art.metrics:
            assert metric.sentence in art.body
            if metric.total:
                assert f"{num_vi(int(metric.value))}/{num_vi(int(metric.total))}" in metric.sentence
                computed = metric.value * 100 / metric.total
                assert (abs(computed - metric.percent) <= 0.05) == metric.consistent
        for unit in art.units:
            assert unit.level in UNIT_LEVELS
            assert unit.mentions >= 1
        assert art.event_type in EVENT_TYPES


def test_provinces_follow_the_2025_reorganisation():
    names63 = {p for p, _ in PROVINCES_63}
    names34 = {p for p, _ in PROVINCES_34}
    assert len(names63) == 63 and len(names34) == 34
    for art in SAMPLE:
        m = re.match(r"Viện kiểm sát nhân dân (?:tỉnh|thành phố|Thành phố) (.+)$", art.home)
        if not m:
            continue
        allowed = names34 if art.published.isoformat() >= "2025-07-01" else names63
        assert m.group(1) in allowed, art.home


def test_text_lines_match_gold_lines():
    for art in SAMPLE[:50]:
        text, lines = art.to_text_with_lines()
        rows = text.split("\n")
        assert rows[lines["title"][0] - 1] == art.title
        assert [rows[i - 1] for i in lines["body"]] == art.paragraphs
        assert len(lines["caption"]) == len(art.captions)
        for i in lines["byline"]:
            assert rows[i - 1] in art.authors
        gold = art.gold()
        assert gold["lines"] == lines and "body" in gold and gold["title"] == art.title


def test_helpers():
    assert num_vi(3275) == "3.275" and num_vi(99.8) == "99,8" and num_vi(1234.5) == "1.234,5"
    assert (
        slugify("Đồng chí Lê Minh Tú: Hội nghị Quý IV/2023")
        == "dong-chi-le-minh-tu-hoi-nghi-quy-iv-2023"
    )
