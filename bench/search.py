"""Search benchmark: indexing rate, index size and query latency per backend.

Builds a synthetic corpus in the style of the procuracy portals
(:mod:`kiemsat.synth`, seeded, so every run indexes the same articles), stores it
in a temporary kiemsat store, then for each backend (embedded SQLite FTS5 and
an OpenSearch node started like the tests start it, or ``--es-url``):

* indexes the store with ``search_api.indexer`` (docs/s),
* measures the index size on disk,
* runs a fixed mixed query set (text + 2 facets + a filter + a month
  histogram) with 1 and with 8 concurrent clients: p50/p95/p99 latency.

Prints a table, then one JSON line with the same figures.
Targets: SQLite p95 <= 50 ms single-client at 100k articles; >= 1,000 articles/s
indexing into SQLite.

    python bench/search.py            # 100,000 articles
    python bench/search.py --n 5000   # smaller
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import statistics
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from kiemsat.ids import article_id  # noqa: E402
from kiemsat.model import Article  # noqa: E402
from kiemsat.store import Store  # noqa: E402
from kiemsat.synth import generate, slugify  # noqa: E402
from search_api import indexer  # noqa: E402
from search_api.base import SearchQuery  # noqa: E402


# -- the corpus ----------------------------------------------------------------
def _site(kind: str, home: str) -> str:
    """A portal host for the publishing unit (the synthetic articles name the unit)."""
    if kind == "supreme":
        return "vksndtc.gov.vn"
    return slugify(home).replace("vien-kiem-sat-nhan-dan-", "vks-")[:40] + ".kiemsat.gov.vn"


def synth(n: int, seed: int = 7) -> list[Article]:
    """``n`` articles from :mod:`kiemsat.synth` (the project's generator of portal-style
    articles), given portals and URLs; about 3% are syndicated copies of the previous
    article on kiemsat.vn, sharing its ``story_id``."""
    rng = random.Random(seed)
    out: list[Article] = []
    for item in generate(n, seed=seed):
        article = item.to_article()
        article.site = _site(item.site_kind, item.home)
        article.url = f"https://{article.site}/tin-tuc/{item.slug}-{item.index}"
        article.id = article_id(article.url)
        article.story_id = f"s{item.index}"
        out.append(article)
        if rng.random() < 0.03 and len(out) < n:
            copy = Article.from_dict(article.to_dict())
            copy.site = "kiemsat.vn"
            copy.url = f"https://kiemsat.vn/dong-bo/{item.slug}-{item.index}"
            copy.id = article_id(copy.url)
            out.append(copy)
        if len(out) >= n:
            break
    return out[:n]


# -- the query set -------------------------------------------------------------
TEXTS = [
    "kiem sat", "hội nghị giao ban", "VKSND tỉnh Thanh Hóa", '"tham ô tài sản"', "tap huan ky nang",
    "kháng nghị phúc thẩm", "dong chi Nguyen", "CQĐT", "xét xử -ma", "truy tố OR kháng nghị",
    "thanh tra", "Hòa Bình", "khieu nai to cao", "phiên tòa rút kinh nghiệm", "chuyen doi so",
    "tổng kết năm", "lua dao chiem doat", "tạm giữ, tạm giam", "KSV", "bồi thường oan sai",
]  # fmt: skip
FILTERS = [
    {"event_type": ["conference"]},
    {"date_from": "2022-01-01", "date_to": "2023-12-31"},
    {"province": ["Nghệ An"]},
    {"source": ["kiemsat.vn"]},
    {"has_figures": True},
]


def query_set() -> list[SearchQuery]:
    return [
        SearchQuery(q=q, facets=["source", "province"], histogram="month", size=20, **FILTERS[i % len(FILTERS)])
        for i, q in enumerate(TEXTS)
    ]  # fmt: skip


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    k = max(0, min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1))))
    return ordered[k]


def latencies(backend, clients: int, rounds: int) -> dict[str, float]:
    queries = query_set()
    for q in queries:  # warm-up
        backend.search(q)

    def worker(seed: int) -> list[float]:
        rng = random.Random(seed)
        out = []
        for _ in range(rounds):
            order = queries[:]
            rng.shuffle(order)
            for q in order:
                t = time.perf_counter()
                backend.search(q)
                out.append((time.perf_counter() - t) * 1000)
        return out

    with ThreadPoolExecutor(clients) as pool:
        results = [x for chunk in pool.map(worker, range(clients)) for x in chunk]
    return {
        "p50_ms": round(percentile(results, 50), 1),
        "p95_ms": round(percentile(results, 95), 1),
        "p99_ms": round(percentile(results, 99), 1),
        "mean_ms": round(statistics.fmean(results), 1),
        "queries": len(results),
    }


def bench_backend(name: str, backend, store: Store, n: int, rounds: int) -> dict:
    t = time.perf_counter()
    report = indexer.index_changes(store, backend, batch=500)
    seconds = time.perf_counter() - t
    assert report.indexed == n, (report, n)
    assert backend.count() == n
    figures = {
        "indexed": report.indexed,
        "index_seconds": round(seconds, 1),
        "docs_per_s": round(n / seconds),
        "index_mb": round(backend.size_bytes() / 2**20, 1),
        "c1": latencies(backend, 1, rounds),
        "c8": latencies(backend, 8, max(1, rounds // 2)),
    }
    print(f"  {name}: done", file=sys.stderr)
    return figures


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--n", type=int, default=100_000, help="articles (default 100000)")
    parser.add_argument(
        "--rounds", type=int, default=5, help="passes over the query set per client"
    )
    parser.add_argument("--es-url", default=os.environ.get("KIEMSAT_BENCH_SEARCH_URL", ""))
    parser.add_argument("--no-engine", action="store_true", help="only the embedded backend")
    args = parser.parse_args()

    from search_api.sqlite_backend import SqliteBackend

    tmp = Path(tempfile.mkdtemp(prefix="kiemsat-bench-"))
    print(f"building {args.n} articles in {tmp} ...", file=sys.stderr)
    t = time.perf_counter()
    articles = synth(args.n)
    store = Store(tmp / "kiemsat.sqlite3")
    with store.conn:
        pass
    for a in articles:
        store.put_article(a)
    del articles
    print(f"  corpus ready in {time.perf_counter() - t:.0f}s", file=sys.stderr)

    results: dict[str, dict] = {}
    sqlite = SqliteBackend(tmp / "search.sqlite3")
    results["sqlite"] = bench_backend("sqlite", sqlite, store, args.n, args.rounds)
    sqlite.close()

    engine_note = ""
    if not args.no_engine:
        url = args.es_url
        stop = None
        if not url:
            sys.path.insert(0, str(ROOT))
            from tests.search import engine

            os.environ.setdefault("KIEMSAT_ENGINE_HEAP", "1g")
            try:
                url = engine.start_engine()
                stop = engine.stop_engine
            except RuntimeError as exc:
                engine_note = f"engine not started: {str(exc).splitlines()[0]}"
        if url:
            from search_api.elastic_backend import ElasticBackend

            es = ElasticBackend(url, prefix="bench", timeout=120)
            try:
                results[f"{es.http.kind} {es.http.version}"] = bench_backend(
                    es.http.kind, es, store, args.n, args.rounds
                )
            finally:
                es.close()
                if stop:
                    stop()
    store.close()

    names = list(results)
    rows = [
        ("articles indexed", "indexed", None),
        ("indexing rate (docs/s)", "docs_per_s", None),
        ("index size on disk (MB)", "index_mb", None),
        ("latency p50, 1 client (ms)", "p50_ms", "c1"),
        ("latency p95, 1 client (ms)", "p95_ms", "c1"),
        ("latency p99, 1 client (ms)", "p99_ms", "c1"),
        ("latency p50, 8 clients (ms)", "p50_ms", "c8"),
        ("latency p95, 8 clients (ms)", "p95_ms", "c8"),
        ("latency p99, 8 clients (ms)", "p99_ms", "c8"),
    ]
    width = max(len(r[0]) for r in rows) + 2
    print(f"\nsearch benchmark: {args.n} articles, {len(TEXTS)} mixed queries "
          "(text + 2 facets + a filter + month histogram)")  # fmt: skip
    print("".ljust(width) + "".join(n.rjust(22) for n in names))
    for label, key, group in rows:
        cells = [(results[n][group] if group else results[n])[key] for n in names]
        print(label.ljust(width) + "".join(str(c).rjust(22) for c in cells))
    sq = results["sqlite"]
    targets = {
        "sqlite_p95_1client_le_50ms": sq["c1"]["p95_ms"] <= 50,
        "sqlite_index_ge_1000_per_s": sq["docs_per_s"] >= 1000,
    }
    print(f"targets: {targets}" + (f"; {engine_note}" if engine_note else ""))
    print(json.dumps({"n": args.n, "backends": results, "targets": targets, "note": engine_note}))
    shutil.rmtree(tmp, ignore_errors=True)  # ~450 MB at 20k articles; kept only if the run fails
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
