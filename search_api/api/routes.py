"""Endpoints of the JSON API and the Atom feeds."""

from __future__ import annotations

import json
import time
from dataclasses import asdict
from pathlib import Path
from typing import Any

from flask import Blueprint, Response, abort, jsonify, request, url_for

from kiemsat import __version__
from kiemsat.model import Article
from search_api import exports, params
from search_api import feeds as atom
from search_api.api.catalog import entity_id
from search_api.api.coverage import coverage as compute_coverage
from search_api.api.services import cached, safe_snippet, services
from search_api.base import Hit, SearchBackend, SearchQuery, SearchResult

api = Blueprint("api", __name__, url_prefix="/api")
feeds = Blueprint("feeds", __name__, url_prefix="/feeds")

OPENAPI_PATH = Path(__file__).resolve().parent.parent / "openapi.json"
_ARTICLE_ID_CHARS = set("0123456789abcdef")


# -- helpers shared with the web UI ----------------------------------------------
def run_search(query: SearchQuery) -> SearchResult:
    """The backend's answer with snippets made safe; shared through the cache, so never mutate it."""

    def compute(backend: SearchBackend) -> SearchResult:
        result = backend.search(query)
        for hit in result.hits:
            hit.snippet = safe_snippet(hit.snippet)
        return result

    return cached("search", query, compute)


def hit_json(hit: Hit) -> dict[str, Any]:
    data = asdict(hit)
    data["links"] = {"article": url_for("api.article", aid=hit.id)}
    return data


def search_json(result: SearchResult) -> dict[str, Any]:
    return {
        "total": result.total,
        "took_ms": result.took_ms,
        "page": result.page,
        "size": result.size,
        "next_cursor": result.next_cursor,
        "hits": [hit_json(h) for h in result.hits],
        "facets": {name: [asdict(v) for v in values] for name, values in result.facets.items()},
        "histogram": [asdict(v) for v in result.histogram],
    }


def load_article(aid: str) -> tuple[Article, dict[str, Any]]:
    """The article ``aid`` from the store and its provenance, or a 404."""
    if not aid or len(aid) > 64 or not set(aid) <= _ARTICLE_ID_CHARS:
        abort(404, description=f"no article with id {aid[:64]!r}")
    store = services().store()
    article = store.get_article(aid)
    if article is None:
        abort(404, description=f"no article with id {aid!r}")
    row = store.conn.execute(
        "SELECT url, final_url, fetched_at, status, content_type, site FROM raw_pages WHERE id = ?",
        (aid,),
    ).fetchone()
    copies = []
    if article.story_id:
        copies = [
            dict(r)
            for r in store.conn.execute(
                "SELECT id, site AS source, url, title, published FROM articles "
                "WHERE story_id = ? AND id != ? ORDER BY published, site",
                (article.story_id, aid),
            )
        ]
    provenance = {
        "has_source": row is not None,
        "fetched_at": article.fetched_at or (row["fetched_at"] if row else None),
        "source_url": article.url or (row["final_url"] if row else None),
        "copies": copies,
    }
    return article, provenance


def article_json(article: Article, provenance: dict[str, Any]) -> dict[str, Any]:
    data = article.to_dict()
    for person in data["people"]:
        person["id"] = entity_id(person["name"])
        person["unit_id"] = entity_id(person["unit"]) if person.get("unit") else None
    for unit in data["units"]:
        unit["id"] = entity_id(unit["name"])
    data["source"] = data.get("site")
    data["source_url"] = provenance["source_url"]
    data["fetched_at"] = provenance["fetched_at"]
    data["copies"] = provenance["copies"]
    data["links"] = {
        "self": url_for("api.article", aid=article.id),
        "source": url_for("api.article_source", aid=article.id)
        if provenance["has_source"]
        else None,
        "html": url_for("web.article", aid=article.id),
    }
    return data


# -- search -------------------------------------------------------------------------
@api.get("/search")
def search() -> Response:
    query = params.search_query(request.args)
    return jsonify(search_json(run_search(query)))


# -- articles -----------------------------------------------------------------------
@api.get("/articles/<aid>")
def article(aid: str) -> Response:
    params.no_params(request.args)
    art, provenance = load_article(aid)
    return jsonify(article_json(art, provenance))


@api.get("/articles/<aid>/source")
def article_source(aid: str) -> Response:
    """The page exactly as fetched, served as inert text so stored scripts never run here."""
    params.no_params(request.args)
    if not aid or len(aid) > 64 or not set(aid) <= _ARTICLE_ID_CHARS:
        abort(404, description=f"no article with id {aid[:64]!r}")
    page = services().store().get_raw_page(aid)
    if page is None:
        abort(404, description=f"no stored page for article {aid!r}")
    resp = Response(page.body, status=200)
    charset = page.encoding or "utf-8"
    resp.headers["Content-Type"] = f"text/plain; charset={charset}"
    resp.headers["X-Content-Type-Options"] = "nosniff"
    resp.headers["Content-Security-Policy"] = "sandbox; default-src 'none'"
    resp.headers["X-Kiemsat-Url"] = _header_safe(page.url)
    resp.headers["X-Kiemsat-Final-Url"] = _header_safe(page.final_url)
    resp.headers["X-Kiemsat-Fetched-At"] = page.fetched_at
    resp.headers["X-Kiemsat-Status"] = str(page.status)
    resp.headers["X-Kiemsat-Content-Type"] = _header_safe(page.content_type or "")
    resp.headers["X-Kiemsat-Content-Hash"] = page.content_hash
    return resp


def _header_safe(value: str) -> str:
    return (
        value.encode("ascii", "backslashreplace")
        .decode("ascii")
        .replace("\r", "")
        .replace("\n", "")
    )


# -- people, units, documents ---------------------------------------------------------
def _listing(kind: str, allowed: tuple[str, ...]) -> Response:
    req = params.list_request(request.args, allowed)
    page = services().catalog.listing(kind, req)
    return jsonify({"total": page.total, "page": req.page, "size": req.size, "items": page.items})


def _detail(kind: str, key: str) -> Response:
    req = params.list_request(request.args, params.ENTITY_PARAMS)
    found = getattr(services().catalog, kind)(key, page=req.page, size=req.size)
    if found is None:
        abort(404, description=f"no {kind} with id {key[:64]!r}")
    return jsonify(found)


@api.get("/people")
def people() -> Response:
    return _listing("people", params.PEOPLE_PARAMS)


@api.get("/people/<pid>")
def person(pid: str) -> Response:
    return _detail("person", pid)


@api.get("/units")
def units() -> Response:
    return _listing("units", params.UNITS_PARAMS)


@api.get("/units/<uid>")
def unit(uid: str) -> Response:
    return _detail("unit", uid)


@api.get("/documents")
def documents() -> Response:
    """With ``number``: where that document is cited (404 if nowhere); else the most cited."""
    req = params.list_request(request.args, params.DOCUMENTS_PARAMS)
    catalog = services().catalog
    if req.number:
        found = catalog.document(req.number, page=req.page, size=req.size)
        if found is None:
            abort(404, description=f"document {req.number!r} is not cited in any article")
        return jsonify(found)
    page = catalog.listing("documents", req)
    return jsonify({"total": page.total, "page": req.page, "size": req.size, "items": page.items})


# -- figures ------------------------------------------------------------------------
def metric_rows(
    req: params.MetricRequest,
) -> tuple[Any, list[dict[str, Any]], list[dict[str, Any]]]:
    result = cached("metrics", req.query, lambda backend: backend.metrics(req.query))
    return result, [asdict(r) for r in result.rows], [asdict(b) for b in result.buckets]


@api.get("/metrics")
def metrics() -> Response:
    req = params.metric_query(request.args)
    result, rows, buckets = metric_rows(req)
    if req.format == "csv":
        return _download(exports.to_csv(rows), "text/csv; charset=utf-8", "kiemsat-so-lieu.csv")
    if req.format == "xlsx":
        return _download(
            exports.to_xlsx(rows, buckets=buckets),
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            "kiemsat-so-lieu.xlsx",
        )
    return jsonify(
        {
            "total": result.total,
            "page": req.query.page,
            "size": req.query.size,
            "rows": rows,
            "buckets": buckets,
        }
    )


def _download(body: bytes, mimetype: str, filename: str) -> Response:
    resp = Response(body, mimetype=mimetype.split(";")[0])
    resp.headers["Content-Type"] = mimetype
    resp.headers["Content-Disposition"] = f'attachment; filename="{filename}"'
    resp.headers["X-Content-Type-Options"] = "nosniff"
    return resp


# -- coverage -------------------------------------------------------------------------
@api.get("/coverage")
def coverage() -> Response:
    req = params.coverage_query(request.args)
    return jsonify(coverage_data(req))


def coverage_data(req: params.CoverageRequest) -> dict[str, Any]:
    return cached("coverage", asdict(req), lambda backend: compute_coverage(backend, req))


# -- health, OpenAPI --------------------------------------------------------------------
@api.get("/health")
def health() -> Response:
    """200 when the store and the backend answer, 503 (same shape) when one does not."""
    params.no_params(request.args)
    started = time.perf_counter()
    body: dict[str, Any] = {"status": "ok", "version": __version__}
    status = 200
    try:
        store = services().store()
        body["store"] = {"articles": store.count_articles(), "seq": store.current_seq()}
    except Exception as exc:  # noqa: BLE001 - reported, not raised
        body["status"] = "unavailable"
        body["store"] = {"error": str(exc)}
        status = 503
    try:
        body["backend"] = services().backend().health()
    except Exception as exc:  # noqa: BLE001 - reported, not raised
        body["status"] = "unavailable"
        body["backend"] = {"error": str(exc)}
        status = 503
    body["cache"] = services().cache.stats()
    body["took_ms"] = round((time.perf_counter() - started) * 1000, 2)
    return jsonify(body), status  # type: ignore[return-value]


_openapi_cache: dict[str, Any] = {}


def openapi_document() -> dict[str, Any]:
    if "doc" not in _openapi_cache:
        _openapi_cache["doc"] = json.loads(OPENAPI_PATH.read_text(encoding="utf-8"))
    return _openapi_cache["doc"]


@api.get("/openapi.json")
def openapi() -> Response:
    params.no_params(request.args)
    return jsonify(openapi_document())


# -- Atom ------------------------------------------------------------------------------
@feeds.get("/search.atom")
def search_feed() -> Response:
    query = params.feed_query(request.args)
    result = run_search(query)
    pairs = [(k, v) for k in sorted(request.args.keys()) for v in request.args.getlist(k)]
    title = f"kiemsat: {query.q}" if query.q else "kiemsat: bài viết mới"
    body = atom.atom_feed(
        title=title,
        params=pairs,
        self_url=request.url,
        html_url=url_for("web.search", _external=True, **request.args.to_dict(flat=False)),
        hits=result.hits,
        article_url=lambda aid: url_for("web.article", aid=aid, _external=True),
    )
    return Response(body, mimetype="application/atom+xml")
