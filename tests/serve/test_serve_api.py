"""The JSON API over a real store and a real embedded SQLite index (fixture articles)."""

from __future__ import annotations

import io
import xml.etree.ElementTree as ET

import openpyxl
import pytest

from search_api.api.catalog import entity_id
from tests.serve.fixtures import NINH_BINH, SUPREME, THAI_BINH, XSS_TITLE

ATOM = "{http://www.w3.org/2005/Atom}"


def by_title(articles, fragment):
    return next(a for a in articles if a.title and fragment in a.title)


# -- search ------------------------------------------------------------------------
def test_search_finds_accentless_query_with_highlights(client):
    resp = client.get("/api/search?q=tap huan kiem sat")
    assert resp.status_code == 200
    data = resp.get_json()
    assert data["total"] >= 1
    top = data["hits"][0]
    assert "tập huấn" in top["title"]
    assert "<mark>" in top["snippet"]
    assert top["links"]["article"] == f"/api/articles/{top['id']}"
    assert isinstance(data["took_ms"], (int, float))


def test_search_filters_and_disjunctive_facets(client):
    data = client.get("/api/search?source=vksthaibinh.gov.vn&facets=source,event_type").get_json()
    assert data["total"] == 3
    assert {h["source"] for h in data["hits"]} == {"vksthaibinh.gov.vn"}
    # disjunctive: the source facet still counts the other portals
    sources = {f["value"]: f["count"] for f in data["facets"]["source"]}
    assert sources == {"vksndtc.gov.vn": 3, "vksthaibinh.gov.vn": 3, "vksninhbinh.gov.vn": 2}
    selected = [f["value"] for f in data["facets"]["source"] if f["selected"]]
    assert selected == ["vksthaibinh.gov.vn"]
    # event types are counted within the selected source only
    events = {f["value"]: f["count"] for f in data["facets"]["event_type"]}
    assert events == {"conference": 2, "training": 1}
    assert set(data["facets"]) == {"source", "event_type"}


def test_search_unit_person_date_and_figures_filters(client):
    data = client.get("/api/search", query_string={"unit": NINH_BINH}).get_json()
    assert data["total"] == 2
    data = client.get("/api/search", query_string={"person": "Nguyễn Thị Hồng Nhung"}).get_json()
    assert data["total"] == 2
    data = client.get(
        "/api/search",
        query_string={"date_from": "2024-01-01", "date_to": "2024-03-31", "sort": "-date"},
    ).get_json()
    dates = [h["published"] for h in data["hits"]]
    assert dates == sorted(dates, reverse=True)
    assert all("2024-01-01" <= d <= "2024-03-31" for d in dates)
    with_figures = client.get("/api/search?has_figures=true&size=100").get_json()["total"]
    without = client.get("/api/search?has_figures=false&size=100").get_json()["total"]
    assert (with_figures, without) == (7, 1)


def test_search_collapse_folds_syndicated_copies(client):
    data = client.get("/api/search?q=giao ban Quy I/2024&collapse=story").get_json()
    folded = [h for h in data["hits"] if h["copies"]]
    assert len(folded) == 1
    hit = folded[0]
    assert {hit["source"], *(c["source"] for c in hit["copies"])} == {
        "vksndtc.gov.vn",
        "vksthaibinh.gov.vn",
    }
    plain = client.get("/api/search?q=giao ban Quy I/2024").get_json()
    assert plain["total"] == data["total"] + 1


def test_search_paging_and_cursor(client):
    first = client.get("/api/search?sort=-date&size=3").get_json()
    second = client.get("/api/search?sort=-date&size=3&page=2").get_json()
    assert first["total"] == 8 and len(first["hits"]) == 3
    assert not {h["id"] for h in first["hits"]} & {h["id"] for h in second["hits"]}
    assert first["next_cursor"]
    via_cursor = client.get(
        "/api/search", query_string={"sort": "-date", "size": 3, "cursor": first["next_cursor"]}
    ).get_json()
    assert [h["id"] for h in via_cursor["hits"]] == [h["id"] for h in second["hits"]]


def test_search_histogram(client):
    data = client.get("/api/search?histogram=month&facets=none").get_json()
    months = {b["value"]: b["count"] for b in data["histogram"]}
    assert months["2024-03"] == 2 and months["2023-07"] == 1
    assert sum(months.values()) == 8
    assert data["facets"] == {}


# -- errors: never a 500 ------------------------------------------------------------------
@pytest.mark.parametrize(
    ("query", "param"),
    [
        ("colour=red", "colour"),
        ("size=101", "size"),
        ("size=abc", "size"),
        ("page=0", "page"),
        ("page=1&page=2", "page"),
        ("date_from=2024-13-01", "date_from"),
        ("date_from=yesterday", "date_from"),
        ("date_from=2024-05-01&date_to=2024-01-01", "date_from"),
        ("has_figures=maybe", "has_figures"),
        ("sort=random", "sort"),
        ("histogram=day", "histogram"),
        ("facets=colour", "facets"),
        ("collapse=thread", "collapse"),
        ("cursor=%3Cscript%3E", "cursor"),
        ("cursor=bm90LWEtY3Vyc29y", "cursor"),
        ("q=" + "a" * 2000, "q"),
        ("page=999999", "page"),
    ],
)
def test_search_bad_parameters_are_400_naming_the_parameter(client, query, param):
    resp = client.get("/api/search?" + query)
    assert resp.status_code == 400, resp.get_data(as_text=True)
    body = resp.get_json()
    assert body["param"] == param
    assert body["status"] == 400 and body["error"]


@pytest.mark.parametrize(
    ("path", "param"),
    [
        ("/api/metrics?format=pdf", "format"),
        ("/api/metrics?value_min=5&value_max=1", "value_min"),
        ("/api/metrics?year=20x4", "year"),
        ("/api/metrics?size=100000", "size"),
        ("/api/coverage?interval=day", "interval"),
        ("/api/coverage?by=person", "by"),
        ("/api/people?size=0", "size"),
        ("/api/units?level=planet", "level"),
        ("/api/articles/0123456789abcdef?x=1", "x"),
        ("/api/health?verbose=1", "verbose"),
        ("/feeds/search.atom?sort=date", "sort"),
    ],
)
def test_other_endpoints_reject_bad_parameters(client, path, param):
    resp = client.get(path)
    assert resp.status_code == 400
    assert resp.get_json()["param"] == param


@pytest.mark.parametrize(
    "path",
    [
        "/api/articles/0123456789abcdef",
        "/api/articles/not-an-id",
        "/api/articles/0123456789abcdef/source",
        "/api/people/ffffffffffff",
        "/api/units/ffffffffffff",
        "/api/documents?number=99/XX-YYY",
        "/api/nothing-here",
    ],
)
def test_unknown_ids_are_404_json(client, path):
    resp = client.get(path)
    assert resp.status_code == 404
    assert resp.is_json and resp.get_json()["status"] == 404


def test_wrong_method_is_json(client):
    resp = client.post("/api/search")
    assert resp.status_code == 405 and resp.get_json()["status"] == 405


# -- articles -------------------------------------------------------------------------
def test_article_with_entities_figures_and_provenance(client, articles):
    art = by_title(articles, "tập huấn")
    data = client.get(f"/api/articles/{art.id}").get_json()
    assert data["title"] == art.title and data["body"] == art.body
    assert data["source_url"] == art.url and data["fetched_at"] == art.fetched_at
    assert data["people"][0]["name"] == "Nguyễn Thị Hồng Nhung"
    assert data["people"][0]["id"] == entity_id("Nguyễn Thị Hồng Nhung")
    assert data["units"][0]["id"] == entity_id(THAI_BINH)
    assert data["documents"][0]["number"] == "14/KH-VKS"
    assert data["metrics"][0]["value"] == 60
    assert data["links"]["source"] == f"/api/articles/{art.id}/source"


def test_article_lists_syndicated_copies(client, articles):
    art = by_title(articles, "giao ban công tác Quý I/2024")
    data = client.get(f"/api/articles/{art.id}").get_json()
    assert [c["source"] for c in data["copies"]] == [
        "vksthaibinh.gov.vn" if art.site == "vksndtc.gov.vn" else "vksndtc.gov.vn"
    ]


def test_article_source_is_the_stored_page_served_inert(client, articles):
    art = by_title(articles, "tập huấn")
    resp = client.get(f"/api/articles/{art.id}/source")
    assert resp.status_code == 200
    assert resp.headers["Content-Type"].startswith("text/plain")
    assert resp.headers["X-Content-Type-Options"] == "nosniff"
    assert "sandbox" in resp.headers["Content-Security-Policy"]
    assert resp.headers["X-Kiemsat-Url"] == art.url
    assert resp.headers["X-Kiemsat-Fetched-At"] == art.fetched_at
    assert art.title.encode() in resp.data and b"<script>" in resp.data


# -- people, units, documents --------------------------------------------------------------
def test_people_list_and_person_over_time(client):
    data = client.get("/api/people").get_json()
    names = {p["name"]: p for p in data["items"]}
    assert data["total"] == 3
    nhung = names["Nguyễn Thị Hồng Nhung"]
    assert nhung["articles"] == 2 and nhung["first_seen"] == "2023-07-10"
    assert nhung["titles"] == ["Viện trưởng"]  # the latest
    accentless = client.get("/api/people?q=hong nhung").get_json()
    assert [p["name"] for p in accentless["items"]] == ["Nguyễn Thị Hồng Nhung"]
    person = client.get(f"/api/people/{nhung['id']}").get_json()
    roles = [(r["title"], r["first_seen"]) for r in person["roles"]]
    assert roles == [("Phó Viện trưởng", "2023-07-10"), ("Viện trưởng", "2024-02-15")]
    assert person["units"][0]["name"] == THAI_BINH
    assert [a["published"] for a in person["articles"]] == ["2024-02-15", "2023-07-10"]
    assert person["last_seen"] == "2024-02-15"


def test_people_filtered_by_unit(client):
    data = client.get("/api/people", query_string={"unit": SUPREME}).get_json()
    assert [p["name"] for p in data["items"]] == ["Trần Văn Khải"]


def test_units_and_unit_detail(client):
    data = client.get("/api/units?level=province").get_json()
    assert {u["name"] for u in data["items"]} == {THAI_BINH, NINH_BINH}
    tb = next(u for u in data["items"] if u["name"] == THAI_BINH)
    assert tb["articles"] == 3
    unit = client.get(f"/api/units/{tb['id']}").get_json()
    assert unit["level"] == "province" and unit["articles_total"] == 3
    assert [p["name"] for p in unit["people"]] == ["Nguyễn Thị Hồng Nhung"]
    sorted_by_name = client.get("/api/units?sort=name").get_json()
    names = [u["name"] for u in sorted_by_name["items"]]
    assert names == sorted(names)


def test_documents_where_cited(client):
    data = client.get("/api/documents?number=03/ct-vkstc").get_json()
    assert data["number"] == "03/CT-VKSTC" and data["type"] == "Chỉ thị"
    assert data["articles_total"] == 2 and data["date"] == "2023-06-27"
    assert {c["published"] for c in data["citations"]} == {"2024-03-28", "2024-01-08"}
    listing = client.get("/api/documents").get_json()
    assert listing["items"][0]["number"] == "03/CT-VKSTC" and listing["total"] == 2


# -- figures and exports -----------------------------------------------------------------
def test_metrics_filters_and_aggregates(client):
    data = client.get("/api/metrics?subject=khieu nai").get_json()
    assert data["total"] == 1 and data["rows"][0]["value"] == 1245
    data = client.get("/api/metrics?value_min=100&value_max=1000").get_json()
    assert sorted(r["value"] for r in data["rows"]) == [312, 382]
    data = client.get("/api/metrics?group_by=year").get_json()
    years = {b["key"]: b["count"] for b in data["buckets"]}
    assert years == {"2023": 1 + 1, "2024": 6}


def test_metrics_same_rows_in_json_csv_and_xlsx_with_formulas_neutralised(client):
    rows = client.get("/api/metrics?size=50").get_json()["rows"]
    csv_resp = client.get("/api/metrics?size=50&format=csv")
    assert csv_resp.status_code == 200 and csv_resp.mimetype == "text/csv"
    assert "attachment" in csv_resp.headers["Content-Disposition"]
    import csv

    lines = list(csv.reader(io.StringIO(csv_resp.data.decode("utf-8-sig"))))
    header, body = lines[0], lines[1:]
    assert [r[header.index("id")] for r in body] == [r["id"] for r in rows]
    xlsx = client.get("/api/metrics?size=50&format=xlsx")
    sheet = openpyxl.load_workbook(io.BytesIO(xlsx.data)).active
    cells = list(sheet.iter_rows(values_only=True))
    assert list(cells[0]) == header
    assert [c[header.index("id")] for c in cells[1:]] == [r["id"] for r in rows]
    # formula-looking text is neutralised in both, numbers stay numbers
    subjects_csv = [r[header.index("subject")] for r in body]
    subjects_xlsx = [c[header.index("subject")] for c in cells[1:]]
    assert '\'=HYPERLINK("http://x")' in subjects_csv
    assert '\'=HYPERLINK("http://x")' in subjects_xlsx
    assert "'-gây thiệt hại 2.500.000.000 đồng" in [c[header.index("sentence")] for c in cells[1:]]
    assert not any(
        isinstance(s, str) and s.startswith(("=", "+", "-", "@")) for c in cells for s in c
    )
    assert 2500000000 in [c[header.index("value")] for c in cells[1:]]


# -- coverage, feeds, health -----------------------------------------------------------------
def test_coverage_by_source_per_month(client):
    data = client.get("/api/coverage?interval=month&by=source").get_json()
    assert data["total"] == 8
    assert data["periods"][0] == "2023-07" and data["periods"][-1] == "2024-04"
    assert len(data["periods"]) == 10  # zero-filled months in between
    assert sum(data["counts"]) == 8
    series = {s["key"]: s for s in data["series"]}
    assert series["vksthaibinh.gov.vn"]["total"] == 3
    assert sum(series["vksthaibinh.gov.vn"]["counts"]) == 3


def test_coverage_by_unit_per_week_with_query(client):
    data = client.get(
        "/api/coverage", query_string={"q": "Thái Bình", "interval": "week", "by": "unit"}
    ).get_json()
    assert all(p[4:6] == "-W" for p in data["periods"])
    assert sum(data["counts"]) == data["total"] >= 3
    assert THAI_BINH in {s["key"] for s in data["series"]}


def test_atom_feed_newest_first_with_stable_ids(client, articles):
    resp = client.get("/feeds/search.atom?q=kiem sat&source=vksndtc.gov.vn")
    assert resp.status_code == 200 and resp.mimetype == "application/atom+xml"
    root = ET.fromstring(resp.data)
    entries = root.findall(f"{ATOM}entry")
    updated = [e.find(f"{ATOM}updated").text for e in entries]
    assert updated == sorted(updated, reverse=True) and len(entries) >= 2
    ids = [e.find(f"{ATOM}id").text for e in entries]
    known = {f"urn:kiemsat:article:{a.id}" for a in articles}
    assert set(ids) <= known
    again = ET.fromstring(client.get("/feeds/search.atom?source=vksndtc.gov.vn&q=kiem sat").data)
    assert again.find(f"{ATOM}id").text == root.find(f"{ATOM}id").text
    titles = [e.find(f"{ATOM}title").text for e in entries]
    assert XSS_TITLE in titles  # text, escaped by the XML writer
    assert b"<script>" not in resp.data


def test_health(client):
    resp = client.get("/api/health")
    assert resp.status_code == 200
    data = resp.get_json()
    assert data["status"] == "ok" and data["store"]["articles"] == 8
    assert data["backend"]["articles"] == 8
