"""Crawler throughput and memory against a bare Scrapy spider, same pages, same run.

Starts the fake portal in large mode (N generated article pages, pre-rendered,
in its own process), then crawls it twice, each crawl in its own process:

* ``bare``: a minimal Scrapy spider that pages through the listing and
  downloads every article page, keeping nothing;
* ``kiemsat``: our crawler (``crawler.run.run_crawl``) into a fresh store:
  robots.txt, site guard, conditional GET, incremental filter, raw page stored
  in SQLite, encoding detection, field check.

Throttling and delays are off for both; both use the same concurrency.
Prints a table, then one JSON line with the same figures. Target: kiemsat at
least half the bare spider's pages/s, with peak RSS under 400 MB.

    python bench/crawl.py [--pages 10000] [--concurrency 8]
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def _peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux


def worker_bare(base: str, concurrency: int) -> dict:
    import scrapy
    from scrapy.crawler import CrawlerProcess

    counts = {"articles": 0}

    class Bare(scrapy.Spider):
        name = "bare"
        start_urls = [base + "/tin-tuc/tin-hoat-dong"]

        def parse(self, response):
            for href in response.css("div.news-list a.news-link::attr(href)").getall():
                yield response.follow(href, callback=self.article)
            nxt = response.css("a.next-page::attr(href)").get()
            if nxt:
                yield response.follow(nxt, callback=self.parse)

        def article(self, response):
            counts["articles"] += 1

    process = CrawlerProcess(
        {
            "LOG_LEVEL": "ERROR",
            "CONCURRENT_REQUESTS": 16,
            "CONCURRENT_REQUESTS_PER_DOMAIN": concurrency,
            "DOWNLOAD_DELAY": 0,
            "AUTOTHROTTLE_ENABLED": False,
            "ROBOTSTXT_OBEY": False,
            "TELNETCONSOLE_ENABLED": False,
            "CONCURRENT_ITEMS": 8,  # as in crawler/settings.py: same knobs for both
        }
    )
    process.crawl(Bare)
    start = time.perf_counter()
    process.start()
    elapsed = time.perf_counter() - start
    return {"pages": counts["articles"], "seconds": elapsed, "peak_rss_mb": _peak_rss_mb()}


def worker_ours(sites_dir: str, data_dir: str, concurrency: int) -> dict:
    from crawler.profiles import load_profile
    from crawler.run import run_crawl
    from kiemsat.settings import Settings
    from kiemsat.store import Store

    settings = Settings(
        data_dir=Path(data_dir),
        download_delay=0.0,
        autothrottle=False,
        concurrent_per_domain=concurrency,
    )
    profile = load_profile("large", sites_dir)
    start = time.perf_counter()
    results = run_crawl([profile], settings, progress=None, log_level="ERROR")
    elapsed = time.perf_counter() - start
    with Store.open(settings) as store:
        stored = store.count_raw_pages()
    return {
        "pages": results[0].counts["fetched"],
        "stored": stored,
        "errors": results[0].counts["errors"],
        "seconds": elapsed,
        "peak_rss_mb": _peak_rss_mb(),
    }


def _run_worker(args: list[str]) -> dict:
    out = subprocess.run(
        [sys.executable, __file__, "--worker", *args],
        capture_output=True,
        text=True,
        cwd=ROOT,
        check=False,
    )
    if out.returncode != 0:
        raise SystemExit(f"worker {args[0]} failed:\n{out.stderr[-3000:]}")
    return json.loads(out.stdout.strip().splitlines()[-1])


def main() -> int:
    parser = argparse.ArgumentParser(description="kiemsat crawler vs a bare Scrapy spider")
    parser.add_argument("--pages", type=int, default=10_000)
    parser.add_argument(
        "--concurrency", type=int, default=8, help="requests per domain, both crawlers"
    )
    parser.add_argument("--worker", nargs="+", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker:
        kind, *rest = args.worker
        if kind == "bare":
            result = worker_bare(rest[0], int(rest[1]))
        else:
            result = worker_ours(rest[0], rest[1], int(rest[2]))
        print(json.dumps(result))
        return 0

    with tempfile.TemporaryDirectory(prefix="kiemsat-bench-") as tmp:
        sites = Path(tmp) / "sites"
        portal = subprocess.Popen(
            [sys.executable, "-m", "crawler.fakeportal", "--large", str(args.pages),
             "--prerender", "--sites-dir", str(sites), "--until-stdin-closes"],
            cwd=ROOT,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
            env=os.environ | {"PYTHONPATH": str(ROOT)},
        )  # fmt: skip
        try:
            info = json.loads(portal.stdout.readline())
            base = info["sites"]["large"]
            bare = _run_worker(["bare", base, str(args.concurrency)])
            ours = _run_worker(["ours", str(sites), str(Path(tmp) / "data"), str(args.concurrency)])
        finally:
            portal.stdin.close()
            portal.wait(timeout=30)

    bare_rate = bare["pages"] / bare["seconds"]
    ours_rate = ours["pages"] / ours["seconds"]
    ratio = ours_rate / bare_rate
    print(f"crawl of a fake portal of {args.pages} article pages "
          f"(throttling off, {args.concurrency} requests per domain)")  # fmt: skip
    print(f"{'crawler':10} {'pages':>7} {'seconds':>8} {'pages/s':>8} {'peak RSS MB':>12}")
    for name, r, rate in (("bare", bare, bare_rate), ("kiemsat", ours, ours_rate)):
        print(f"{name:10} {r['pages']:7d} {r['seconds']:8.1f} {rate:8.1f} {r['peak_rss_mb']:12.1f}")
    print(f"ratio kiemsat/bare: {ratio:.2f} (target >= 0.5); kiemsat stored {ours['stored']} pages, "
          f"{ours['errors']} errors; peak RSS target < 400 MB")  # fmt: skip
    ok = ratio >= 0.5 and ours["peak_rss_mb"] < 400 and ours["stored"] == args.pages
    print(
        json.dumps(
            {
                "bench": "crawl",
                "pages": args.pages,
                "concurrency": args.concurrency,
                "bare_pages_per_s": round(bare_rate, 1),
                "kiemsat_pages_per_s": round(ours_rate, 1),
                "ratio": round(ratio, 3),
                "bare_peak_rss_mb": round(bare["peak_rss_mb"], 1),
                "kiemsat_peak_rss_mb": round(ours["peak_rss_mb"], 1),
                "kiemsat_stored": ours["stored"],
                "ok": ok,
            }
        )
    )
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
