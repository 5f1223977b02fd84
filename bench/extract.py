"""Extraction throughput: plain text to article object, one process and all cores.

Generates N articles in the style of the real portals with ``kiemsat.synth``
(deterministic: the same N articles on every run, rendered in the four page
layouts in turn), then runs the full extraction (line classifier, spaCy
pipeline with every component) over all of them:

* on one process, in ``nlp.pipe`` batches;
* on all cores, one worker process per core, each with its own pipeline.

Prints a table, then (last line) one JSON object with the same figures.
Targets: >= 100 articles/s per core, peak RSS < 500 MB per process.

    python bench/extract.py [--n 10000] [--workers N] [--batch 64]
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import sys
import time
from multiprocessing import get_context
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from kiemsat.synth import generate  # noqa: E402

LAYOUTS = ("supreme", "sharepoint", "wordpress", "plain")
TARGET_PER_CORE = 100.0
TARGET_RSS_MB = 500.0


def make_texts(n: int, seed: int = 11) -> tuple[list[str], list[str]]:
    """Page texts and their true titles."""
    texts, titles = [], []
    for i, art in enumerate(generate(n, seed=seed)):
        texts.append(art.to_text(LAYOUTS[i % len(LAYOUTS)]))
        titles.append(art.title)
    return texts, titles


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0  # KiB on Linux


def run_batch(
    texts: list[str], batch: int
) -> tuple[int, list[str | None], dict[str, int], float, float]:
    """Extract ``texts``; returns (count, titles, entity counts, peak RSS MB, CPU seconds)."""
    from nlp.pipeline import extract_many, get_nlp, text_source

    get_nlp()
    cpu0 = time.process_time()
    found = {"people": 0, "units": 0, "documents": 0, "metrics": 0}
    titles: list[str | None] = []
    n = 0
    for art in extract_many((text_source(t) for t in texts), batch_size=batch):
        n += 1
        titles.append(art.title)
        for key in found:
            found[key] += len(getattr(art, key))
    return n, titles, found, peak_rss_mb(), time.process_time() - cpu0


def _worker(
    args: tuple[list[str], int],
) -> tuple[int, list[str | None], dict[str, int], float, float]:
    return run_batch(*args)


def _warm(_: int) -> float:
    from nlp.pipeline import get_nlp

    get_nlp()
    return peak_rss_mb()


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--n", type=int, default=10_000, help="number of articles (default 10000)")
    ap.add_argument(
        "--workers", type=int, default=os.cpu_count() or 1, help="processes for the all-cores run"
    )
    ap.add_argument("--batch", type=int, default=64, help="nlp.pipe batch size")
    args = ap.parse_args(argv)

    t0 = time.perf_counter()
    texts, true_titles = make_texts(args.n)
    gen_s = time.perf_counter() - t0
    chars = sum(len(t) for t in texts)

    # One process (this one): the pipeline is built first so its load time is not counted.
    from nlp.pipeline import get_nlp

    t0 = time.perf_counter()
    get_nlp()
    load_s = time.perf_counter() - t0
    t0 = time.perf_counter()
    n1, titles, found, rss1, cpu1 = run_batch(texts, args.batch)
    one_s = time.perf_counter() - t0
    title_ok = sum(1 for a, b in zip(titles, true_titles, strict=True) if a == b) / max(1, n1)

    # All cores: each worker builds its own pipeline (warm-up not timed), then takes a share.
    ctx = get_context("fork") if hasattr(os, "fork") else get_context()
    shares = [texts[i :: args.workers] for i in range(args.workers)]
    with ctx.Pool(args.workers) as pool:
        pool.map(_warm, range(args.workers))
        t0 = time.perf_counter()
        results = pool.map(_worker, [(share, args.batch) for share in shares])
        all_s = time.perf_counter() - t0
    n_all = sum(r[0] for r in results)
    rss_workers = max(r[3] for r in results)
    cpu_all = sum(r[4] for r in results)

    one_rate = n1 / one_s
    all_rate = n_all / all_s
    figures = {
        "articles": args.n,
        "avg_chars": round(chars / max(1, args.n)),
        "pipeline_load_s": round(load_s, 2),
        "one_process_articles_per_s": round(one_rate, 1),
        "one_process_ms_per_article": round(1000 * one_s / max(1, n1), 2),
        # CPU time is what a core spends per article; wall time also counts
        # waiting for a core on a busy machine (see load_average_1min).
        "cpu_ms_per_article": round(1000 * cpu1 / max(1, n1), 2),
        "articles_per_cpu_second": round(n1 / cpu1, 1) if cpu1 else None,
        "all_cores_articles_per_cpu_second": round(n_all / cpu_all, 1) if cpu_all else None,
        "workers": args.workers,
        "all_cores_articles_per_s": round(all_rate, 1),
        "per_core_articles_per_s": round(all_rate / args.workers, 1),
        "peak_rss_mb_one_process": round(rss1, 1),
        "peak_rss_mb_worker": round(rss_workers, 1),
        "title_accuracy": round(title_ok, 4),
        "entities": found,
        "target_per_core": TARGET_PER_CORE,
        "target_rss_mb": TARGET_RSS_MB,
        "meets_speed_target": one_rate >= TARGET_PER_CORE,
        "meets_speed_target_cpu": (n1 / cpu1 if cpu1 else 0) >= TARGET_PER_CORE,
        "meets_rss_target": max(rss1, rss_workers) < TARGET_RSS_MB,
        "generate_s": round(gen_s, 1),
        "load_average_1min": round(os.getloadavg()[0], 2),
    }
    rows = [
        ("articles (kiemsat.synth, 4 layouts)", f"{args.n}  (avg {figures['avg_chars']} chars)"),
        ("pipeline load", f"{load_s:.2f} s"),
        (
            "one process",
            f"{one_rate:.1f} articles/s  ({figures['one_process_ms_per_article']} ms/article)",
        ),
        (
            f"all cores ({args.workers} workers)",
            f"{all_rate:.1f} articles/s  ({all_rate / args.workers:.1f}/core)",
        ),
        ("peak RSS, one process", f"{rss1:.0f} MB"),
        ("peak RSS, per worker", f"{rss_workers:.0f} MB"),
        ("title accuracy (sanity)", f"{title_ok:.3f}"),
        ("entities found", ", ".join(f"{k} {v}" for k, v in found.items())),
        ("targets", f">= {TARGET_PER_CORE:.0f} articles/s/core, < {TARGET_RSS_MB:.0f} MB"),
        ("machine load (1 min)", f"{figures['load_average_1min']}"),
    ]
    width = max(len(r[0]) for r in rows)
    print("Extraction benchmark: plain text -> article object")
    print("-" * (width + 40))
    for name, value in rows:
        print(f"{name:<{width}}  {value}")
    print(json.dumps(figures, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
