"""Pages of the web UI: search, article, person, unit, document, figures, coverage."""

from __future__ import annotations

from math import ceil
from typing import Any
from urllib.parse import urlencode

from flask import Blueprint, abort, render_template, request, url_for
from markupsafe import Markup
from werkzeug.datastructures import MultiDict

from search_api import params
from search_api.api.catalog import entity_id
from search_api.api.routes import coverage_data, load_article, metric_rows, run_search
from search_api.api.services import services
from search_api.base import FACETS
from search_api.web.chart import build_chart
from search_api.web.marking import Needle, mark_body

web = Blueprint("web", __name__)

UI_SEARCH_PARAMS = ("q", *FACETS, "date_from", "date_to", "has_figures", "sort", "page")
UI_FIGURE_PARAMS = tuple(p for p in params.METRIC_PARAMS if p != "format")
PAGE_SIZE = 20

FACET_LABELS = {
    "source": "Nguồn",
    "unit": "Đơn vị",
    "person": "Nhân vật",
    "document": "Văn bản",
    "event_type": "Loại sự kiện",
    "province": "Tỉnh, thành",
}
EVENT_LABELS = {
    "conference": "Hội nghị",
    "training": "Tập huấn, bồi dưỡng",
    "inspection": "Thanh tra, kiểm tra",
    "case": "Vụ án",
    "directive": "Chỉ đạo, văn bản",
    "other": "Khác",
}
LEVEL_LABELS = {
    "supreme": "Tối cao",
    "high": "Cấp cao",
    "province": "Cấp tỉnh",
    "district": "Cấp huyện",
    "regional": "Khu vực",
    "military": "Quân sự",
    "department": "Đơn vị trực thuộc",
    "school": "Trường",
    "external": "Ngoài ngành",
}
SORT_LABELS = {"relevance": "Phù hợp nhất", "-date": "Mới nhất", "date": "Cũ nhất"}


@web.app_template_filter("vndate")
def vndate(value: str | None) -> str:
    """``2024-03-07`` → ``07/03/2024`` (how dates are written in Vietnamese)."""
    if not value or len(value) < 10:
        return value or ""
    return f"{value[8:10]}/{value[5:7]}/{value[:4]}"


@web.app_template_filter("vndatetime")
def vndatetime(value: str | None) -> str:
    """``2024-03-07T08:05:00Z`` → ``07/03/2024 08:05 UTC``."""
    if not value or len(value) < 16 or value[10] != "T":
        return vndate(value)
    zone = " UTC" if value.endswith("Z") else ""
    return f"{vndate(value[:10])} {value[11:16]}{zone}"


@web.app_template_filter("number")
def number(value: Any) -> str:
    """Vietnamese number format: ``.`` groups thousands, ``,`` is the decimal mark."""
    if value is None:
        return ""
    if isinstance(value, float) and not value.is_integer():
        text = f"{value:,.2f}".rstrip("0").rstrip(".")
    else:
        text = f"{int(value):,}"
    return text.replace(",", "\x00").replace(".", ",").replace("\x00", ".")


@web.app_context_processor
def _helpers() -> dict[str, Any]:
    def url_with(**changes: Any) -> str:
        """The current URL with some parameters replaced (``None`` removes them)."""
        args = request.args.to_dict(flat=False)
        for key, value in changes.items():
            if value is None or value == []:
                args.pop(key, None)
            else:
                args[key] = value if isinstance(value, list) else [value]
        query = urlencode([(k, v) for k, vs in args.items() for v in vs])
        return request.path + ("?" + query if query else "")

    return {
        "url_with": url_with,
        "facet_labels": FACET_LABELS,
        "event_labels": EVENT_LABELS,
        "level_labels": LEVEL_LABELS,
        "entity_id": entity_id,
    }


def ui_args(allowed: tuple[str, ...]) -> MultiDict:
    """The request's parameters that this page understands.

    Unlike the API, pages ignore unknown parameters (``utm_source`` from a
    shared link, say): a person following a link should see the page. Known
    parameters with bad values are still a 400 page naming them.
    """
    return MultiDict([(k, v) for k, v in request.args.items(multi=True) if k in allowed])


def _pages(total: int, page: int, size: int) -> dict[str, Any]:
    last = max(1, min(ceil(total / size), 10_000 // size)) if total else 1
    window = [p for p in range(max(1, page - 3), min(last, page + 3) + 1)]
    return {"page": page, "last": last, "window": window}


# -- search ------------------------------------------------------------------------
@web.get("/")
def search() -> str:
    query = params.search_query(ui_args(UI_SEARCH_PARAMS), allowed=UI_SEARCH_PARAMS)
    query.size = PAGE_SIZE
    query.collapse = "story"
    query.histogram = None
    result = run_search(query)
    feed_args = [
        (k, v)
        for k in request.args
        if k in UI_SEARCH_PARAMS and k not in ("page", "sort")
        for v in request.args.getlist(k)
    ]
    return render_template(
        "search.html",
        query=query,
        result=result,
        pages=_pages(result.total, query.page, PAGE_SIZE),
        sort_labels=SORT_LABELS,
        feed_url=url_for("feeds.search_feed") + ("?" + urlencode(feed_args) if feed_args else ""),
        figures_url=url_for("web.figures"),
    )


# -- article -------------------------------------------------------------------------
@web.get("/articles/<aid>")
def article(aid: str) -> str:
    art, provenance = load_article(aid)
    entities: list[Needle] = []
    for p in art.people:
        entities.append(
            Needle(
                p.name,
                "person",
                url_for("web.person", pid=entity_id(p.name)),
                ", ".join(p.titles) or None,
            )
        )
    for u in art.units:
        entities.append(
            Needle(
                u.name,
                "unit",
                url_for("web.unit", uid=entity_id(u.name)),
                LEVEL_LABELS.get(u.level),
            )
        )
    for d in art.documents:
        href = url_for("web.documents", number=d.number)
        label = f"{d.type} {d.number}"
        if d.text and d.text in art.body:
            entities.append(Needle(d.text, "document", href, label))
        entities.append(Needle(d.number, "document", href, label))
    figures = [
        Needle(m.sentence.strip(" .…"), "figure", f"#so-lieu-{i + 1}", m.subject or None)
        for i, m in enumerate(art.metrics)
        if m.sentence and len(m.sentence.strip(" .…")) > 8
    ]
    return render_template(
        "article.html",
        article=art,
        provenance=provenance,
        paragraphs=mark_body(art.body, entities, figures),
        captions=[mark_body(c, entities, [])[0] if c.strip() else Markup("") for c in art.captions],
    )


# -- people, units, documents --------------------------------------------------------
def _listing(kind: str, allowed: tuple[str, ...]) -> str:
    req = params.list_request(ui_args(allowed), allowed)
    page = services().catalog.listing(kind, req)
    pages = _pages(page.total, req.page, req.size)
    return render_template(f"{kind}.html", req=req, page=page, pages=pages)


def _detail(kind: str, key: str, missing: str) -> str:
    req = params.list_request(ui_args(params.ENTITY_PARAMS), params.ENTITY_PARAMS)
    found = getattr(services().catalog, kind)(key, page=req.page, size=req.size)
    if found is None:
        abort(404, description=missing)
    pages = _pages(found["articles_total"], req.page, req.size)
    return render_template(f"{kind}.html", **{kind: found}, pages=pages)


@web.get("/people")
def people() -> str:
    return _listing("people", params.PEOPLE_PARAMS)


@web.get("/people/<pid>")
def person(pid: str) -> str:
    return _detail("person", pid, "Không tìm thấy nhân vật này.")


@web.get("/units")
def units() -> str:
    return _listing("units", params.UNITS_PARAMS)


@web.get("/units/<uid>")
def unit(uid: str) -> str:
    return _detail("unit", uid, "Không tìm thấy đơn vị này.")


@web.get("/documents")
def documents() -> str:
    req = params.list_request(ui_args(params.DOCUMENTS_PARAMS), params.DOCUMENTS_PARAMS)
    catalog = services().catalog
    if req.number:
        found = catalog.document(req.number, page=req.page, size=req.size)
        if found is None:
            abort(404, description=f"Văn bản {req.number} chưa được trích dẫn trong bài viết nào.")
        return render_template(
            "document.html", doc=found, pages=_pages(found["articles_total"], req.page, req.size)
        )
    return _listing("documents", params.DOCUMENTS_PARAMS)


# -- figures, coverage ------------------------------------------------------------------
@web.get("/figures")
def figures() -> str:
    args = ui_args(UI_FIGURE_PARAMS)
    args.setdefault("size", "50")
    req = params.metric_query(args)
    result, rows, buckets = metric_rows(req)
    export_args = [
        (k, v) for k in request.args if k in UI_FIGURE_PARAMS for v in request.args.getlist(k)
    ]
    base = url_for("api.metrics")
    return render_template(
        "figures.html",
        req=req,
        result=result,
        rows=rows,
        buckets=buckets,
        pages=_pages(result.total, req.query.page, req.query.size),
        csv_url=base + "?" + urlencode([*export_args, ("format", "csv")]),
        xlsx_url=base + "?" + urlencode([*export_args, ("format", "xlsx")]),
        json_url=base + ("?" + urlencode(export_args) if export_args else ""),
    )


@web.get("/coverage")
def coverage() -> str:
    req = params.coverage_query(ui_args(params.COVERAGE_PARAMS))
    data = coverage_data(req)
    return render_template("coverage.html", req=req, data=data, chart=build_chart(data))
