"""The scalable search backend: Elasticsearch 8/9 or OpenSearch 2/3, same requests.

One ``SEARCH_URL`` works for either engine: the root endpoint says which it is
(``version.distribution == "opensearch"``), and the matching official client
(``opensearch-py`` or ``elasticsearch``) carries exactly the same request
bodies through its low-level ``perform_request``. Design, and why:

* Indices live behind aliases (``<prefix>-articles``, ``<prefix>-metrics``);
  ``kiemsat reindex`` fills new indices and swaps both aliases in one
  ``_aliases`` call, so searches never see a half-built index.
* Settings and mappings are ``index_mappings/*.json``: a Vietnamese folding
  analyzer (``đ``→``d`` mapping char filter plus ``asciifolding``) on a
  ``.folded`` sub-field beside the accented text; the text sent is the
  token stream of :mod:`search_api.text` (tone-unified, abbreviations
  expanded), so the two backends match the same documents.
* Queries are bool/multi_match/match_phrase built from the parsed tree
  (:mod:`search_api.query_syntax`); never ``query_string``.
* Disjunctive facets: facet filters go to ``post_filter`` and each facet's
  aggregation is filtered by every facet filter but its own.
* The watermark (last store sequence indexed) is kept in the articles index's
  mapping ``_meta``, i.e. in the index itself.
* Bulk writes retry connection errors, 429 and 5xx with exponential backoff;
  if the engine stays down the call raises :class:`BackendUnavailable` and the
  watermark has not moved, so the next ``kiemsat index`` resumes from the store.
"""

from __future__ import annotations

import json
import time
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from kiemsat.model import Article
from search_api import cursor as cursors
from search_api.base import (
    FACETS,
    BackendUnavailable,
    FacetValue,
    Hit,
    MetricBucket,
    MetricQuery,
    MetricResult,
    MetricRow,
    QueryError,
    SearchBackend,
    SearchError,
    SearchQuery,
    SearchResult,
)
from search_api.documents import IndexDoc, index_doc
from search_api.highlight import snippet
from search_api.query_syntax import AnyOf, Leaf, Query, parse
from search_api.text import NORM_VERSION
from search_api.validation import validate, validate_metrics

MAPPINGS_DIR = Path(__file__).resolve().parent.parent / "index_mappings"
_FIELD = {
    "source": "source",
    "unit": "units",
    "person": "people",
    "document": "documents",
    "event_type": "event_type",
    "province": "provinces",
}
_HIT_SOURCE = [
    "id",
    "title",
    "published",
    "source",
    "url",
    "units",
    "people",
    "event_type",
    "story_id",
    "body",
]
_COPY_SOURCE = ["id", "source", "title", "published", "url"]
_RETRY_STATUS = {429, 502, 503, 504}


class EngineError(SearchError):
    """The engine answered with an error status."""

    def __init__(self, status: int, body: Any) -> None:
        super().__init__(f"search engine error {status}: {json.dumps(body)[:500]}")
        self.status = status
        self.body = body


def load_mapping(name: str) -> dict[str, Any]:
    return json.loads((MAPPINGS_DIR / f"{name}.json").read_text(encoding="utf-8"))


class _Http:
    """``request(method, path, body)`` over whichever official client fits the engine."""

    def __init__(self, url: str, timeout: float) -> None:
        import opensearchpy

        self.url = url
        probe = opensearchpy.OpenSearch([url], timeout=timeout, max_retries=0)
        try:
            info = probe.transport.perform_request("GET", "/")
        except opensearchpy.exceptions.ConnectionError as exc:
            raise BackendUnavailable(f"search engine at {url} cannot be reached: {exc}") from exc
        except opensearchpy.exceptions.TransportError as exc:
            raise BackendUnavailable(f"search engine at {url} answered {exc.status_code}") from exc
        version = info.get("version", {})
        self.distribution = version.get("distribution", "elasticsearch")
        self.version = version.get("number", "?")
        if self.distribution == "opensearch":
            self.kind = "opensearch"
            self._client: Any = opensearchpy.OpenSearch(
                [url], timeout=timeout, max_retries=2, retry_on_timeout=True
            )
            self._headers: dict[str, str] = {}
        else:
            import elasticsearch

            probe.close()
            self.kind = "elasticsearch"
            major = self.version.split(".")[0]
            self._client = elasticsearch.Elasticsearch(
                url, request_timeout=timeout, max_retries=2, retry_on_timeout=True
            )
            # the 9.x client asks for v9 semantics; an 8.x server needs v8
            self._headers = {}
            if major.isdigit() and int(major) < 9:
                compat = f"compatible-with={major}"
                self._headers = {
                    "accept": f"application/vnd.elasticsearch+json; {compat}",
                    "content-type": f"application/vnd.elasticsearch+json; {compat}",
                }

    def request(
        self,
        method: str,
        path: str,
        body: Any = None,
        params: dict[str, Any] | None = None,
        ndjson: bool = False,
    ) -> Any:
        if self.kind == "opensearch":
            return self._os_request(method, path, body, params, ndjson)
        return self._es_request(method, path, body, params, ndjson)

    def _os_request(self, method, path, body, params, ndjson) -> Any:
        import opensearchpy

        headers = {"content-type": "application/x-ndjson"} if ndjson else None
        try:
            return self._client.transport.perform_request(
                method, path, params=params, body=body, headers=headers
            )
        except opensearchpy.exceptions.ConnectionError as exc:
            raise BackendUnavailable(f"search engine at {self.url} cannot be reached") from exc
        except opensearchpy.exceptions.TransportError as exc:
            status = exc.status_code if isinstance(exc.status_code, int) else 503
            raise EngineError(status, exc.info) from exc

    def _es_request(self, method, path, body, params, ndjson) -> Any:
        import elastic_transport
        import elasticsearch

        headers = dict(self._headers)
        if ndjson:
            headers["content-type"] = headers.get("content-type", "application/json").replace(
                "json", "x-ndjson"
            )
        elif body is not None:
            headers.setdefault("content-type", "application/json")
        headers.setdefault("accept", "application/json")
        try:
            resp = self._client.perform_request(
                method, path, params=params, body=body, headers=headers
            )
            return resp.body
        except elasticsearch.ApiError as exc:
            raise EngineError(exc.meta.status, exc.body) from exc
        except elastic_transport.TransportError as exc:
            raise BackendUnavailable(f"search engine at {self.url} cannot be reached") from exc

    def close(self) -> None:
        self._client.close()


class ElasticBackend(SearchBackend):
    """Elasticsearch/OpenSearch implementation of :class:`SearchBackend`."""

    name = "elastic"

    def __init__(
        self,
        url: str,
        *,
        prefix: str = "kiemsat",
        refresh: bool = False,
        timeout: float = 30.0,
        max_retries: int = 5,
        backoff: float = 0.5,
    ) -> None:
        self.url = url.rstrip("/")
        self.prefix = prefix
        self.articles_alias = f"{prefix}-articles"
        self.metrics_alias = f"{prefix}-metrics"
        self.refresh_writes = refresh
        self.timeout = timeout
        self.max_retries = max_retries
        self.backoff = backoff
        self._http: _Http | None = None
        self._ready = False

    # -- plumbing -----------------------------------------------------------
    @property
    def http(self) -> _Http:
        if self._http is None:
            self._http = _Http(self.url, self.timeout)
            self.name = self._http.kind
        return self._http

    def _req(self, method: str, path: str, body: Any = None, **params: Any) -> Any:
        return self.http.request(method, path, body, params or None)

    def close(self) -> None:
        if self._http is not None:
            self._http.close()
            self._http = None

    def _exists(self, name: str) -> bool:
        try:
            # clients answer HEAD with a bool (or a bool-like response)
            return bool(self._req("HEAD", f"/{name}"))
        except EngineError as exc:
            if exc.status == 404:
                return False
            raise

    def _create(self, generation: int, exist_ok: bool = False) -> tuple[str, str]:
        names = (
            f"{self.articles_alias}-{generation}",
            f"{self.metrics_alias}-{generation}",
        )
        for name, mapping in zip(names, ("articles", "metrics"), strict=True):
            body = load_mapping(mapping)
            if mapping == "articles":
                body["mappings"]["_meta"] = {"kiemsat_seq": 0, "norm_version": NORM_VERSION}
            try:
                self._req("PUT", f"/{name}", body)
            except EngineError as exc:
                if not (exist_ok and "resource_already_exists" in json.dumps(exc.body)):
                    raise
        return names

    def ensure_index(self) -> None:
        """Create the live indices and their aliases when they do not exist yet."""
        if self._ready:
            return
        if not self._exists(self.articles_alias):
            # A fixed first generation: processes starting together on a fresh engine
            # (server threads, an indexer) create the same indices, and the loser's
            # "already exists" is harmless; time-named ones would put the alias on two
            # indices, and every later write would fail for want of a write index.
            articles, metrics = self._create(1, exist_ok=True)
            self._req(
                "POST",
                "/_aliases",
                {
                    "actions": [
                        {"add": {"index": articles, "alias": self.articles_alias}},
                        {"add": {"index": metrics, "alias": self.metrics_alias}},
                    ]
                },
            )
        self._ready = True

    def refresh(self) -> None:
        self.ensure_index()
        self._req("POST", f"/{self.articles_alias},{self.metrics_alias}/_refresh")

    def health(self) -> dict[str, Any]:
        return {
            "backend": self.http.kind,
            "engine_version": self.http.version,
            "articles": self.count(),
            "watermark": self.get_watermark(),
        }

    # -- watermark ----------------------------------------------------------
    def _meta(self) -> dict[str, Any]:
        self.ensure_index()
        mapping = self._req("GET", f"/{self.articles_alias}/_mapping")
        return next(iter(mapping.values()))["mappings"].get("_meta", {}) or {}

    def get_watermark(self) -> int:
        return int(self._meta().get("kiemsat_seq", 0))

    def set_watermark(self, seq: int, generation: int | None = None) -> None:
        target = f"{self.articles_alias}-{generation}" if generation else self.articles_alias
        self._req(
            "PUT",
            f"/{target}/_mapping",
            {"_meta": {"kiemsat_seq": int(seq), "norm_version": NORM_VERSION}},
        )

    def needs_rebuild(self) -> str | None:
        version = self._meta().get("norm_version")
        if version != NORM_VERSION:
            return f"the index was built with text normalisation v{version}, this kiemsat uses v{NORM_VERSION}"
        return None

    # -- writing ------------------------------------------------------------
    def _targets(self, generation: int | None) -> tuple[str, str]:
        if generation:
            return f"{self.articles_alias}-{generation}", f"{self.metrics_alias}-{generation}"
        self.ensure_index()
        return self.articles_alias, self.metrics_alias

    def _old_metric_counts(self, index: str, ids: list[str]) -> dict[str, int]:
        """How many metric documents each article had (realtime get, no refresh needed)."""
        if not ids:
            return {}
        resp = self._req("POST", f"/{index}/_mget", {"ids": ids}, _source="n_metrics")
        return {
            d["_id"]: int(d["_source"].get("n_metrics", 0))
            for d in resp.get("docs", [])
            if d.get("found")
        }

    def index_articles(self, articles: Iterable[Article], *, generation: int | None = None) -> int:
        art_index, met_index = self._targets(generation)
        docs = [index_doc(a) for a in articles]
        if not docs:
            return 0
        old = self._old_metric_counts(art_index, [d.id for d in docs])
        lines: list[dict[str, Any]] = []
        for doc in docs:
            lines += [{"index": {"_index": art_index, "_id": doc.id}}, _article_source(doc)]
            for m in doc.metrics:
                lines += [{"index": {"_index": met_index, "_id": m.id}}, _metric_source(m)]
            for i in range(len(doc.metrics), old.get(doc.id, 0)):
                lines.append({"delete": {"_index": met_index, "_id": f"{doc.id}:{i}"}})
        self._bulk(lines)
        return len(docs)

    def delete_articles(self, ids: Iterable[str], *, generation: int | None = None) -> int:
        art_index, met_index = self._targets(generation)
        ids = list(ids)
        old = self._old_metric_counts(art_index, ids)
        lines: list[dict[str, Any]] = []
        for aid, n in old.items():
            lines.append({"delete": {"_index": art_index, "_id": aid}})
            lines += [{"delete": {"_index": met_index, "_id": f"{aid}:{i}"}} for i in range(n)]
        if lines:
            self._bulk(lines)
        return len(old)

    def _bulk(self, lines: list[dict[str, Any]]) -> None:
        """Send bulk lines; retry what failed for transient reasons, with backoff."""
        pending = lines
        attempt = 0
        while pending:
            body = "".join(json.dumps(x, ensure_ascii=False) + "\n" for x in pending)
            params = {"refresh": "true"} if self.refresh_writes else None
            try:
                resp = self.http.request("POST", "/_bulk", body, params, ndjson=True)
            except (BackendUnavailable, EngineError) as exc:
                if isinstance(exc, EngineError) and exc.status not in _RETRY_STATUS:
                    raise
                attempt += 1
                if attempt > self.max_retries:
                    raise BackendUnavailable(
                        f"bulk indexing failed after {self.max_retries} retries: {exc}"
                    ) from exc
                time.sleep(min(30.0, self.backoff * 2 ** (attempt - 1)))
                continue
            if not resp.get("errors"):
                return
            retry: list[dict[str, Any]] = []
            errors: list[str] = []
            i = 0
            for item in resp["items"]:
                op, result = next(iter(item.items()))
                action = pending[i]
                has_source = op != "delete"
                chunk = pending[i : i + (2 if has_source else 1)]
                i += len(chunk)
                status = result.get("status", 500)
                if status < 300 or (op == "delete" and status == 404):
                    continue
                if status in _RETRY_STATUS:
                    retry += chunk
                else:
                    errors.append(f"{action}: {result.get('error')}")
            if errors:
                raise SearchError(f"bulk indexing rejected {len(errors)} documents: {errors[0]}")
            attempt += 1
            if retry and attempt > self.max_retries:
                raise BackendUnavailable(
                    f"bulk indexing: {len(retry) // 2} documents still rejected"
                )
            if retry:
                time.sleep(min(30.0, self.backoff * 2 ** (attempt - 1)))
            pending = retry

    # -- rebuilding ---------------------------------------------------------
    def begin_rebuild(self) -> int:
        generation = int(time.time() * 1000)
        self._create(generation)
        for name in self._targets(generation):
            self._req("PUT", f"/{name}/_settings", {"index": {"refresh_interval": "-1"}})
        return generation

    def finish_rebuild(self, generation: int, seq: int) -> None:
        """Point both aliases at the new indices in one call, then drop the old ones."""
        art, met = self._targets(generation)
        for name in (art, met):
            self._req("PUT", f"/{name}/_settings", {"index": {"refresh_interval": "1s"}})
        self._req("POST", f"/{art},{met}/_refresh")
        self.set_watermark(seq, generation)
        old: list[str] = []
        actions: list[dict[str, Any]] = []
        for alias, new in ((self.articles_alias, art), (self.metrics_alias, met)):
            try:
                current = list(self._req("GET", f"/_alias/{alias}").keys())
            except EngineError as exc:
                if exc.status != 404:
                    raise
                current = []
                if self._exists(alias):  # a concrete index squatting on the alias name
                    raise SearchError(
                        f"{alias} is an index, not an alias; delete it first"
                    ) from exc
            old += current
            actions += [{"remove": {"index": c, "alias": alias}} for c in current]
            actions.append({"add": {"index": new, "alias": alias}})
        self._req("POST", "/_aliases", {"actions": actions})
        for name in old:
            self._req("DELETE", f"/{name}")
        self._ready = True

    # -- reading ------------------------------------------------------------
    def count(self) -> int:
        self.ensure_index()
        return int(self._req("GET", f"/{self.articles_alias}/_count")["count"])

    def size_bytes(self) -> int:
        stats = self._req("GET", f"/{self.articles_alias},{self.metrics_alias}/_stats/store")
        return int(stats["_all"]["primaries"]["store"]["size_in_bytes"])

    def search(self, query: SearchQuery) -> SearchResult:
        validate(query)
        started = time.perf_counter()
        self.ensure_index()
        parsed = parse(query.q)
        body = self._search_body(query, parsed)
        try:
            resp = self._req("POST", f"/{self.articles_alias}/_search", body)
        except EngineError as exc:
            if exc.status == 400:
                raise QueryError(f"the search engine rejected the query: {exc}", "q") from exc
            raise
        result = self._result(query, parsed, resp)
        result.took_ms = round((time.perf_counter() - started) * 1000, 2)
        return result

    def _facet_filters(self, query: SearchQuery, skip: str | None = None) -> list[dict[str, Any]]:
        return [
            {"terms": {_FIELD[name]: getattr(query, name)}}
            for name in FACETS
            if getattr(query, name) and name != skip
        ]

    def _search_body(self, query: SearchQuery, parsed: Query) -> dict[str, Any]:
        must: list[dict[str, Any]] = [_clause(c) for c in parsed.required]
        must_not = [_leaf(leaf) for leaf in parsed.excluded]
        filters: list[dict[str, Any]] = []
        if query.date_from or query.date_to:
            rng = {k: v for k, v in (("gte", query.date_from), ("lte", query.date_to)) if v}
            filters.append({"range": {"published": rng}})
        if query.has_figures is not None:
            filters.append({"term": {"has_figures": query.has_figures}})
        bool_q: dict[str, Any] = {"filter": filters}
        if must:
            bool_q["must"] = must
        if must_not:
            bool_q["must_not"] = must_not
        aggs: dict[str, Any] = {}
        for name in query.facets:
            aggs[f"f_{name}"] = {
                "filter": {"bool": {"filter": self._facet_filters(query, skip=name)}},
                "aggs": {
                    "v": {
                        "terms": {
                            "field": _FIELD[name],
                            "size": query.facet_size,
                            "order": [{"_count": "desc"}, {"_key": "asc"}],
                        }
                    }
                },
            }
        all_aggs: dict[str, Any] = {}
        if query.histogram:
            all_aggs["hist"] = {
                "date_histogram": {
                    "field": "published",
                    "calendar_interval": query.histogram,
                    "format": "yyyy-MM" if query.histogram == "month" else "yyyy",
                    "min_doc_count": 1,
                }
            }
        if query.collapse:
            all_aggs["stories"] = {
                "cardinality": {"field": "story_key", "precision_threshold": 40000}
            }
        if all_aggs:
            aggs["all"] = {
                "filter": {"bool": {"filter": self._facet_filters(query)}},
                "aggs": all_aggs,
            }
        body: dict[str, Any] = {
            "query": {"bool": bool_q},
            "post_filter": {"bool": {"filter": self._facet_filters(query)}},
            "aggs": aggs,
            "size": query.size + 1,
            "track_total_hits": True,
            "sort": _sort(query.sort),
            "_source": _HIT_SOURCE,
        }
        if query.cursor:
            key = cursors.decode(self.name_for_cursor, query)
            if len(key) != len(body["sort"]):
                raise QueryError(
                    "cursor is not valid (take it from next_cursor unchanged)", "cursor"
                )
            body["search_after"] = key
        else:
            body["from"] = (query.page - 1) * query.size
        if query.collapse:
            body["collapse"] = {
                "field": "story_key",
                "inner_hits": {
                    "name": "copies",
                    "size": 11,
                    "sort": _sort("-date"),
                    "_source": _COPY_SOURCE,
                },
            }
        return body

    # cursors of both engines are interchangeable: the same request bodies
    name_for_cursor = "elastic"

    def _result(self, query: SearchQuery, parsed: Query, resp: dict[str, Any]) -> SearchResult:
        raw_hits = resp["hits"]["hits"]
        more = len(raw_hits) > query.size
        raw_hits = raw_hits[: query.size]
        aggs = resp.get("aggregations", {})
        facets: dict[str, list[FacetValue]] = {}
        for name in query.facets:
            selected = set(getattr(query, name))
            facets[name] = [
                FacetValue(b["key"], b["doc_count"], b["key"] in selected)
                for b in aggs[f"f_{name}"]["v"]["buckets"]
            ]
        histogram = []
        if query.histogram:
            histogram = [
                FacetValue(b["key_as_string"], b["doc_count"])
                for b in aggs["all"]["hist"]["buckets"]
                if b["doc_count"] > 0
            ]
        total = resp["hits"]["total"]["value"]
        if query.collapse:
            total = int(aggs["all"]["stories"]["value"])
        hits = [self._hit(h, parsed, query) for h in raw_hits]
        next_cursor = None
        if more and raw_hits and not query.collapse:
            next_cursor = cursors.encode(self.name_for_cursor, query, raw_hits[-1]["sort"])
        return SearchResult(
            total=total,
            hits=hits,
            facets=facets,
            histogram=histogram,
            took_ms=0.0,
            next_cursor=next_cursor,
            page=query.page,
            size=query.size,
        )

    @staticmethod
    def _hit(raw: dict[str, Any], parsed: Query, query: SearchQuery) -> Hit:
        src = raw["_source"]
        copies: list[dict[str, Any]] = []
        inner = raw.get("inner_hits", {}).get("copies")
        if inner:
            copies = [
                {k: c["_source"].get(k) for k in _COPY_SOURCE}
                for c in inner["hits"]["hits"]
                if c["_id"] != raw["_id"]
            ][:10]
        return Hit(
            id=src["id"],
            score=raw.get("_score"),
            title=src.get("title"),
            published=src.get("published"),
            source=src.get("source"),
            url=src.get("url"),
            units=src.get("units") or [],
            people=src.get("people") or [],
            event_type=src.get("event_type"),
            snippet=snippet(src.get("body") or "", parsed if query.highlight else None),
            story_id=src.get("story_id"),
            copies=copies,
        )

    # -- figures ------------------------------------------------------------
    def metrics(self, query: MetricQuery) -> MetricResult:
        validate_metrics(query)
        self.ensure_index()
        filters: list[dict[str, Any]] = []
        must_not: list[dict[str, Any]] = []
        if query.subject.strip():
            parsed = parse(query.subject)
            for clause in parsed.required:
                options = clause.options if isinstance(clause, AnyOf) else (clause,)
                filters.append(
                    {
                        "bool": {
                            "should": [_subject_phrase(o) for o in options],
                            "minimum_should_match": 1,
                        }
                    }
                )
            must_not += [_subject_phrase(leaf) for leaf in parsed.excluded]
        for name in ("unit", "source"):
            if getattr(query, name):
                filters.append({"terms": {name: getattr(query, name)}})
        if query.period:
            filters.append({"term": {"period": query.period}})
        if query.year is not None:
            filters.append({"term": {"year": str(query.year)}})
        rng = {
            k: v for k, v in (("gte", query.value_min), ("lte", query.value_max)) if v is not None
        }
        if rng:
            filters.append({"range": {"value": rng}})
        if query.article:
            filters.append({"term": {"article_id": query.article}})
        body: dict[str, Any] = {
            "query": {"bool": {"filter": filters, "must_not": must_not}},
            "size": query.size,
            "from": (query.page - 1) * query.size,
            "track_total_hits": True,
            "sort": [{"published": {"order": "desc", "missing": "_last"}}, {"id": "asc"}],
        }
        if query.group_by:
            field = {"unit": "unit", "year": "year", "subject": "subject_key"}[query.group_by]
            body["aggs"] = {
                "groups": {
                    "terms": {
                        "field": field,
                        "size": 1000,
                        "order": [{"_count": "desc"}, {"_key": "asc"}],
                    },
                    "aggs": {"sum": {"sum": {"field": "value"}}},
                }
            }
        resp = self._req("POST", f"/{self.metrics_alias}/_search", body)
        rows = [_metric_row(h["_source"]) for h in resp["hits"]["hits"]]
        buckets = []
        if query.group_by:
            buckets = [
                MetricBucket(b["key"], b["doc_count"], float(b["sum"]["value"] or 0.0))
                for b in resp["aggregations"]["groups"]["buckets"]
            ]
        return MetricResult(total=resp["hits"]["total"]["value"], rows=rows, buckets=buckets)


# -- request pieces ------------------------------------------------------------
def _leaf(leaf: Leaf) -> dict[str, Any]:
    text = " ".join(leaf.accented)
    kind = "phrase" if leaf.is_phrase else "best_fields"
    folded = {
        "multi_match": {
            "query": text,
            "type": kind,
            "fields": ["title_text.folded^3", "body_text.folded"],
        }
    }
    if leaf.accented == leaf.folded:  # typed without accents: as the SQLite backend does
        return folded
    return {
        "bool": {
            "should": [
                {
                    "multi_match": {
                        "query": text,
                        "type": kind,
                        "fields": ["title_text.folded^3", "body_text.folded"],
                    }
                },
                {
                    "multi_match": {
                        "query": text,
                        "type": kind,
                        "fields": ["title_text^6", "body_text^2"],
                    }
                },
            ],
            "minimum_should_match": 1,
        }
    }


def _clause(clause: Leaf | AnyOf) -> dict[str, Any]:
    if isinstance(clause, AnyOf):
        return {"bool": {"should": [_leaf(o) for o in clause.options], "minimum_should_match": 1}}
    return _leaf(clause)


def _subject_phrase(leaf: Leaf) -> dict[str, Any]:
    return {"match_phrase": {"subject_text": " ".join(leaf.accented)}}


def _sort(sort: str) -> list[dict[str, Any]]:
    if sort == "relevance":
        return [
            {"_score": {"order": "desc"}},
            {"published": {"order": "desc", "missing": "_last"}},
            {"id": {"order": "asc"}},
        ]
    order = "desc" if sort == "-date" else "asc"
    return [{"published": {"order": order, "missing": "_last"}}, {"id": {"order": "asc"}}]


def _article_source(doc: IndexDoc) -> dict[str, Any]:
    return {
        "id": doc.id,
        "story_id": doc.story_id,
        "story_key": doc.story_key,
        "source": doc.source,
        "url": doc.url,
        "title": doc.title,
        "body": doc.body,
        "title_text": doc.title_acc,
        "body_text": doc.body_acc,
        "published": doc.published,
        "event_type": doc.event_type,
        "units": doc.units,
        "people": doc.people,
        "documents": doc.documents,
        "provinces": doc.provinces,
        "has_figures": doc.has_figures,
        "n_metrics": len(doc.metrics),
    }


def _metric_source(m: Any) -> dict[str, Any]:
    return {
        "id": m.id,
        "article_id": m.article_id,
        "article_title": m.article_title,
        "published": m.published,
        "source": m.source,
        "unit": m.unit,
        "value": m.value,
        "total": m.total,
        "percent": m.percent,
        "change": m.change,
        "change_percent": m.change_percent,
        "subject": m.subject,
        "subject_key": m.subject_key,
        "subject_text": m.subject_key,
        "period": m.period,
        "year": m.year,
        "sentence": m.sentence,
        "consistent": m.consistent,
    }


def _metric_row(src: dict[str, Any]) -> MetricRow:
    return MetricRow(
        id=src["id"],
        article_id=src["article_id"],
        article_title=src.get("article_title"),
        published=src.get("published"),
        source=src.get("source"),
        unit=src.get("unit"),
        value=src["value"],
        total=src.get("total"),
        percent=src.get("percent"),
        change=src.get("change"),
        change_percent=src.get("change_percent"),
        subject=src["subject"],
        period=src.get("period"),
        sentence=src.get("sentence") or "",
        consistent=src.get("consistent"),
    )
