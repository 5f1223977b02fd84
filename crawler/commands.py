"""``kiemsat sites`` and ``kiemsat crawl``: the crawler's command line."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from crawler.profiles import Profile, ProfileError, generic_profile, list_profiles, load_profile
from kiemsat.settings import Settings
from kiemsat.store import Store


def register(subparsers: argparse._SubParsersAction) -> None:
    sites = subparsers.add_parser("sites", help="list the portal profiles the crawler knows")
    sites.add_argument(
        "--sites-dir", help="profiles directory (default: $KIEMSAT_SITES_DIR, then built-ins)"
    )
    sites.add_argument("--json", action="store_true", help="print JSON")
    sites.set_defaults(handler=cmd_sites)

    crawl = subparsers.add_parser(
        "crawl",
        help="harvest portal articles into the store",
        description="Crawl portals politely and incrementally; every fetched article page is stored raw.",
    )
    crawl.add_argument("site", nargs="*", help="profile names (see `kiemsat sites`)")
    crawl.add_argument("--all", action="store_true", help="every profile with a base URL")
    crawl.add_argument("--url", help="crawl one start URL with the generic profile")
    crawl.add_argument(
        "--sites-dir", help="profiles directory (default: $KIEMSAT_SITES_DIR, then built-ins)"
    )
    crawl.add_argument(
        "--recheck", action="store_true", help="re-check known articles with conditional GET"
    )
    crawl.add_argument(
        "--full", action="store_true", help="page through every listing page (no early stop)"
    )
    crawl.add_argument("--no-progress", action="store_true", help="no live progress line")
    crawl.add_argument("--json", action="store_true", help="print the summary as JSON on stdout")
    crawl.add_argument("-v", "--verbose", action="store_true", help="Scrapy log at INFO level")
    crawl.set_defaults(handler=cmd_crawl)


def cmd_sites(args: argparse.Namespace, settings: Settings) -> int:
    try:
        profiles = list_profiles(args.sites_dir)
    except ProfileError as exc:
        print(f"kiemsat: error: {exc}", file=sys.stderr)
        return 2
    if args.json:
        print(json.dumps([_describe(p) for p in profiles], ensure_ascii=False))
        return 0
    for p in profiles:
        where = p.base_url or "(fallback for --url)"
        if not p.enabled:
            where += " (disabled)"
        extra = " + ".join(k for k, v in (("sitemap", p.sitemap), ("rss", p.rss)) if v)
        print(f"{p.name:22} {where}{'  [' + extra + ']' if extra else ''}  {p.title}")
    return 0


def _describe(p: Profile) -> dict[str, object]:
    return {
        "name": p.name,
        "title": p.title,
        "base_url": p.base_url,
        "allowed_domains": list(p.allowed_domains),
        "start_urls": p.start_urls if p.crawlable else [],
        "sitemap": p.sitemap,
        "rss": p.rss,
        "source": str(p.source) if p.source else None,
    }


def _select(args: argparse.Namespace) -> list[Profile]:
    if args.url:
        if args.site or args.all:
            raise ProfileError("give either --url or site names/--all, not both")
        return [generic_profile(args.url)]
    if args.all:
        if args.site:
            raise ProfileError("give either site names or --all, not both")
        chosen = [p for p in list_profiles(args.sites_dir) if p.crawlable and p.enabled]
        if not chosen:
            raise ProfileError("no crawlable profiles found")
        return chosen
    if not args.site:
        raise ProfileError("name at least one site (see `kiemsat sites`), or use --all or --url")
    chosen = []
    for name in dict.fromkeys(args.site):
        prof = load_profile(name, args.sites_dir)
        if not prof.crawlable:
            raise ProfileError(f"profile {name!r} has no base_url; use `kiemsat crawl --url URL`")
        chosen.append(prof)
    return chosen


def cmd_crawl(args: argparse.Namespace, settings: Settings) -> int:
    try:
        profiles = _select(args)
    except ProfileError as exc:
        print(f"kiemsat: error: {exc}", file=sys.stderr)
        return 2
    Store.open(settings).close()  # a store problem is reported before any request is made
    from crawler.run import run_crawl

    results = run_crawl(
        profiles,
        settings,
        recheck=args.recheck,
        deep=args.full,
        progress=None if args.no_progress else sys.stderr,
        log_level="INFO" if args.verbose else "WARNING",
    )
    summary = [
        {
            "site": r.site,
            "finished": r.reason == "finished",
            "requests": r.requests,
            **r.counts,
            "errors_by_kind": r.errors_by_kind,
        }  # fmt: skip
        for r in results
    ]
    if args.json:
        print(json.dumps(summary, ensure_ascii=False))
    out = sys.stderr
    print(
        f"{'site':22} {'fetched':>7} {'new':>5} {'upd':>5} {'same':>5} {'known':>6} {'errors':>6}",
        file=out,
    )
    for r in results:
        c = r.counts
        print(
            f"{r.site:22} {c['fetched']:7} {c['new']:5} {c['updated']:5} {c['unchanged']:5} "
            f"{c['known_skipped']:6} {c['errors']:6}"
            + (
                f"  ({', '.join(f'{k} {v}' for k, v in sorted(r.errors_by_kind.items()))})"
                if r.errors_by_kind
                else ""
            )
            + ("" if r.reason == "finished" else f"  [stopped: {r.reason}]"),
            file=out,
        )
    print(f"store: {Path(settings.store_path)}", file=out)
    return 0 if all(r.ok for r in results) else 1
