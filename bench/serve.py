"""Benchmark the API: latency and throughput of a mixed workload over a large index.

What it does:

1. builds (once, cached under ``bench/out/serve-<n>/``) a store of ``--n``
   synthetic articles from :mod:`kiemsat.synth` and indexes them into the
   embedded SQLite backend;
2. starts ``kiemsat serve`` on 127.0.0.1 in its own process (so its memory
   is measured alone) and waits for ``/api/health``;
3. drives it with a Python load generator: closed-loop clients on persistent
   HTTP/1.1 connections, each sending a mixed set of requests (searches with
   and without filters and facets, accent-free queries, article fetches,
   figures queries) for ``--seconds`` per concurrency level;
4. prints p50/p95/p99 latency, requests/s and errors per level, the server's
   peak RSS (``VmHWM``), then the same figures as one JSON line.

Target: p95 <= 100 ms at 8 clients, no errors. Run ``python bench/serve.py``
(``--n 5000`` for a quick run).
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import random
import socket
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from kiemsat.ids import article_id  # noqa: E402
from kiemsat.settings import Settings  # noqa: E402
from kiemsat.store import Store  # noqa: E402

SITES = {
    "supreme": "vksndtc.gov.vn",
    "high": "vkscc.vksndtc.gov.vn",
}
QUERIES = [
    "kiểm sát",
    "kiem sat",
    "hội nghị giao ban",
    "hoi nghi giao ban",
    "tập huấn",
    "kháng nghị",
    "khang nghi phuc tham",
    '"công tác kiểm sát"',
    "thanh tra -tập huấn",
    "vụ án OR bị can",
    "VKSND tỉnh",
    "chuyển đổi số",
    "cải cách tư pháp",
    "Chỉ thị",
    "đơn khiếu nại",
]
METRIC_SUBJECTS = ["vụ án", "kháng nghị", "đơn", "bị can", "kiến nghị", "cuộc kiểm sát"]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def site_of(art) -> str:
    """A portal host for a synthetic article, from the unit that publishes it
    (``Viện kiểm sát nhân dân tỉnh Phú Thọ`` → ``vksphutho.gov.vn``)."""
    if art.site_kind in SITES:
        return SITES[art.site_kind]
    from kiemsat.synth import slugify

    slug = slugify(art.home).removeprefix("vien-kiem-sat-nhan-dan-")
    for prefix in ("tinh-", "thanh-pho-", "khu-vuc-"):
        slug = slug.removeprefix(prefix)
    return f"vks{slug.replace('-', '')[:20]}.gov.vn"


def build(settings: Settings, n: int, seed: int) -> dict:
    """Create the store and the index for ``n`` articles unless they already exist."""
    from kiemsat.synth import generate
    from search_api import get_backend
    from search_api.indexer import index_changes

    settings.data_dir.mkdir(parents=True, exist_ok=True)
    timings = {}
    with Store.open(settings) as store:
        have = store.count_articles()
        if have < n:
            started = time.perf_counter()
            batch = []
            for synth in generate(n - have, seed=seed, start=have):
                art = synth.to_article()
                site = site_of(synth)
                art.url = f"https://{site}/tin-tuc/{synth.slug}-{synth.index}.html"
                art.id = article_id(art.url)
                art.site = site
                art.fetched_at = f"{art.published}T09:00:00Z"
                batch.append(art)
                if len(batch) == 1000:
                    _put_all(store, batch)
                    batch = []
                    print(f"  store: {store.count_articles()}/{n}", end="\r", file=sys.stderr)
            _put_all(store, batch)
            timings["store_s"] = round(time.perf_counter() - started, 1)
        backend = get_backend(settings)
        try:
            started = time.perf_counter()
            report = index_changes(store, backend, batch=1000)
            if report.indexed:
                timings["index_s"] = round(time.perf_counter() - started, 1)
            count = backend.count()
        finally:
            backend.close()
    print(f"  data: {count} articles indexed {timings or '(cached)'}", file=sys.stderr)
    return timings


def _put_all(store: Store, articles: list) -> None:
    # put_article commits per row; cheap with WAL and synchronous=NORMAL
    for art in articles:
        store.put_article(art)


def sample_ids(settings: Settings, k: int = 2000) -> tuple[list[str], list[str], list[str]]:
    with Store(settings.store_path, readonly=True) as store:
        rows = store.conn.execute(
            "SELECT id, data FROM articles ORDER BY random() LIMIT ?", (k,)
        ).fetchall()
    ids = [r["id"] for r in rows]
    units, people = set(), set()
    for r in rows[:300]:
        data = json.loads(r["data"])
        units.update(u["name"] for u in data["units"][:2])
        people.update(p["name"] for p in data["people"][:1])
    return ids, sorted(units), sorted(people)


def make_requests(
    ids: list[str], units: list[str], people: list[str], seed: int
) -> list[tuple[str, str]]:
    """A fixed, shuffled list of (kind, path) requests: the mixed workload."""
    rng = random.Random(seed)
    out: list[tuple[str, str]] = []
    for _ in range(20000):  # long enough that no run wraps around: the long tail stays a tail
        roll = rng.random()
        if roll < 0.35:
            out.append(("search", "/api/search?" + urlencode({"q": rng.choice(QUERIES)})))
        elif roll < 0.5:
            params = [("q", rng.choice(QUERIES)), ("unit", rng.choice(units)), ("sort", "-date")]
            out.append(("search_filtered", "/api/search?" + urlencode(params)))
        elif roll < 0.6:
            params = [
                ("person", rng.choice(people)),
                ("collapse", "story"),
                ("facets", "source,unit"),
            ]
            out.append(("search_person", "/api/search?" + urlencode(params)))
        elif roll < 0.85:
            out.append(("article", f"/api/articles/{rng.choice(ids)}"))
        else:
            params = [("subject", rng.choice(METRIC_SUBJECTS)), ("size", "50")]
            if rng.random() < 0.5:
                params.append(("group_by", rng.choice(["unit", "year"])))
            out.append(("metrics", "/api/metrics?" + urlencode(params)))
    return out


def run_level(port: int, clients: int, requests: list[tuple[str, str]], seconds: float) -> dict:
    """Closed-loop clients for ``seconds``; each has its own keep-alive connection."""
    latencies: list[float] = []
    by_kind: dict[str, list[float]] = {}
    errors: list[str] = []
    lock = threading.Lock()
    stop_at = time.perf_counter() + seconds

    def client(k: int) -> None:
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=300)
        i = k * 997
        local: list[tuple[str, float]] = []
        local_errors: list[str] = []
        while time.perf_counter() < stop_at:
            kind, path = requests[i % len(requests)]
            i += 1
            t0 = time.perf_counter()
            try:
                conn.request("GET", path, headers={"Accept": "application/json"})
                resp = conn.getresponse()
                resp.read()
                status = resp.status
            except (OSError, http.client.HTTPException) as exc:
                status = 0
                local_errors.append(f"{path}: {exc!r}")
                conn.close()
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=300)
            elapsed = (time.perf_counter() - t0) * 1000
            if status != 200:
                local_errors.append(f"{status} {path}")
            local.append((kind, elapsed))
        conn.close()
        with lock:
            for kind, ms in local:
                latencies.append(ms)
                by_kind.setdefault(kind, []).append(ms)
            errors.extend(local_errors)

    started = time.perf_counter()
    threads = [threading.Thread(target=client, args=(k,), daemon=True) for k in range(clients)]
    for t in threads:
        t.start()
    hard_stop = stop_at + max(120.0, seconds)  # requests still running then count as errors
    for t in threads:
        t.join(timeout=max(0.0, hard_stop - time.perf_counter()))
    stuck = sum(t.is_alive() for t in threads)
    if stuck:
        errors.extend([f"no answer within {hard_stop - started:.0f}s"] * stuck)
    wall = time.perf_counter() - started
    return {
        "clients": clients,
        "requests": len(latencies),
        "rps": round(len(latencies) / wall, 1),
        **percentiles(latencies),
        "errors": len(errors),
        "error_examples": errors[:3],
        "by_kind": {k: percentiles(v) | {"n": len(v)} for k, v in sorted(by_kind.items())},
    }


def warm_up(port: int, requests: list[tuple[str, str]]) -> None:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=600)
    seen: set[str] = set()
    for kind, path in requests:
        if kind not in seen:
            seen.add(kind)
            conn.request("GET", path)
            conn.getresponse().read()
    conn.close()


def percentiles(values: list[float]) -> dict:
    if not values:
        return {"p50_ms": None, "p95_ms": None, "p99_ms": None}
    if len(values) == 1:
        return {
            "p50_ms": round(values[0], 1),
            "p95_ms": round(values[0], 1),
            "p99_ms": round(values[0], 1),
        }
    qs = statistics.quantiles(values, n=100, method="inclusive")
    return {"p50_ms": round(qs[49], 1), "p95_ms": round(qs[94], 1), "p99_ms": round(qs[98], 1)}


def peak_rss_mb(pid: int) -> float:
    """The process's high-water mark of resident memory (Linux ``VmHWM``)."""
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return round(int(line.split()[1]) / 1024, 1)
    except OSError:
        pass
    import psutil

    return round(psutil.Process(pid).memory_info().rss / 2**20, 1)


def health(port: int) -> dict:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=180)
    conn.request("GET", "/api/health")
    return json.loads(conn.getresponse().read())


def wait_healthy(port: int, proc: subprocess.Popen, timeout: float = 600) -> None:
    deadline = time.time() + timeout
    while time.time() < deadline:
        if proc.poll() is not None:
            raise SystemExit(f"kiemsat serve exited with {proc.returncode}")
        try:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
            conn.request("GET", "/api/health")
            if conn.getresponse().status == 200:
                return
        except OSError:
            pass
        time.sleep(0.3)
    raise SystemExit("kiemsat serve did not become healthy")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--n", type=int, default=100_000, help="articles in the index (default 100000)")
    ap.add_argument("--seed", type=int, default=11)
    ap.add_argument("--levels", default="1,8,32", help="concurrent clients, comma-separated")
    ap.add_argument("--seconds", type=float, default=20, help="duration of each level")
    ap.add_argument("--threads", type=int, default=8, help="server worker threads")
    ap.add_argument(
        "--cache-size",
        type=int,
        default=256,
        help="server results cache (0: off; default as serve)",
    )
    ap.add_argument("--data-dir", type=Path, help="default bench/out/serve-<n>")
    args = ap.parse_args()

    data_dir = args.data_dir or ROOT / "bench" / "out" / f"serve-{args.n}"
    settings = Settings(data_dir=data_dir)
    print(f"building data in {data_dir} ...", file=sys.stderr)
    build_timings = build(settings, args.n, args.seed)
    ids, units, people = sample_ids(settings)
    requests = make_requests(ids, units, people, args.seed)

    port = free_port()
    env = os.environ | {"KIEMSAT_DATA_DIR": str(data_dir), "PYTHONPATH": str(ROOT)}
    env.pop("KIEMSAT_ADMIN_TOKEN", None)
    env.pop("KIEMSAT_SEARCH_URL", None)
    started = time.perf_counter()
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "kiemsat",
            "serve",
            "--port",
            str(port),
            "--threads",
            str(args.threads),
        ],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        wait_healthy(port, proc)
        startup_s = round(time.perf_counter() - started, 1)
        # warm-up: the first request of every kind, one at a time (page cache, connections)
        warm_up(port, requests)
        results = []
        for clients in [int(c) for c in args.levels.split(",")]:
            print(f"  {clients} clients for {args.seconds:g}s ...", file=sys.stderr)
            results.append(run_level(port, clients, requests, args.seconds))
        peak = peak_rss_mb(proc.pid)
        try:  # after an overloaded level the server may still be working off its queue
            cache = health(port).get("cache", {})
        except OSError:
            cache = {}
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            proc.kill()

    print()
    print(
        f"kiemsat serve benchmark: {args.n:,} articles, waitress {args.threads} threads, "
        f"{os.cpu_count()} CPUs, {args.seconds:g}s per level"
    )
    print(
        f"{'clients':>8} {'requests':>9} {'req/s':>8} {'p50 ms':>8} {'p95 ms':>8} {'p99 ms':>8} {'errors':>7}"
    )
    for r in results:
        print(
            f"{r['clients']:>8} {r['requests']:>9} {r['rps']:>8} {r['p50_ms']:>8} "
            f"{r['p95_ms']:>8} {r['p99_ms']:>8} {r['errors']:>7}"
        )
    print("\nper request kind at 8 clients (p50 / p95 ms):")
    eight = next((r for r in results if r["clients"] == 8), results[-1])
    for kind, figures in eight["by_kind"].items():
        print(f"  {kind:16} n={figures['n']:<6} {figures['p50_ms']} / {figures['p95_ms']}")
    print(f"server peak RSS: {peak} MB; startup to healthy: {startup_s}s")
    looked_up = cache.get("hits", 0) + cache.get("misses", 0)
    hit_rate = round(cache.get("hits", 0) / looked_up, 3) if looked_up else None
    print(f"results cache: size {args.cache_size}, hit rate {hit_rate} ({cache})")
    p95_8 = eight["p95_ms"]
    ok = p95_8 is not None and p95_8 <= 100 and all(r["errors"] == 0 for r in results)
    print(f"target p95 <= 100 ms at 8 clients, no errors: {'met' if ok else 'NOT met'}")
    summary = {
        "bench": "serve",
        "articles": args.n,
        "server_threads": args.threads,
        "seconds_per_level": args.seconds,
        "levels": [
            {k: v for k, v in r.items() if k not in ("by_kind", "error_examples")} for r in results
        ],
        "by_kind_at_8": eight["by_kind"],
        "peak_rss_mb": peak,
        "cache_size": args.cache_size,
        "cache_hit_rate": hit_rate,
        "startup_s": startup_s,
        "build": build_timings,
        "target_met": ok,
    }
    print(json.dumps(summary, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
