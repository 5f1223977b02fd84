"""``kiemsat index``, ``kiemsat reindex`` and ``kiemsat search`` on the command line.

``index`` sends what the store holds and the index lacks (incremental,
idempotent, deletions included); ``reindex`` rebuilds from scratch behind the
live index and swaps; ``search`` runs one query from the terminal. The backend
is chosen by ``KIEMSAT_SEARCH_URL`` (empty: embedded SQLite FTS5).
"""

from __future__ import annotations

import argparse
import html
import json
import sys
import time
from dataclasses import asdict
from typing import Any

from kiemsat.settings import Settings
from kiemsat.store import Store

EXIT_ENGINE_DOWN = 1
INDEX_TIMEOUT = 60.0  # seconds a bulk request may take before it counts as an outage


def register(subparsers: Any) -> None:
    p = subparsers.add_parser(
        "index", help="index what the store holds and the search index lacks (incremental)"
    )
    _common_index_args(p)
    p.set_defaults(handler=cmd_index)

    p = subparsers.add_parser(
        "reindex", help="rebuild the search index from the store and swap it in atomically"
    )
    _common_index_args(p)
    p.set_defaults(handler=cmd_reindex)

    p = subparsers.add_parser("search", help="search the index from the terminal")
    p.add_argument("query", nargs="*", help='words, "exact phrases", -excluded, OR')
    for name in ("source", "unit", "person", "document", "event_type", "province"):
        p.add_argument(f"--{name.replace('_', '-')}", action="append", default=[], dest=name)
    p.add_argument("--from", dest="date_from", help="first date, YYYY-MM-DD")
    p.add_argument("--to", dest="date_to", help="last date, YYYY-MM-DD")
    p.add_argument("--sort", choices=["relevance", "date", "-date"], default="relevance")
    p.add_argument("--size", type=int, default=10)
    p.add_argument("--page", type=int, default=1)
    p.add_argument("--collapse", action="store_const", const="story", default=None)
    p.add_argument("--json", action="store_true", help="print the whole result as JSON")
    p.set_defaults(handler=cmd_search)


def _common_index_args(p: argparse.ArgumentParser) -> None:
    p.add_argument("--batch", type=int, default=500, help="articles per bulk request")
    p.add_argument("--quiet", action="store_true", help="no progress bar")
    p.add_argument("--json", action="store_true", help="print the report as JSON")
    p.add_argument(
        "--wait",
        type=float,
        default=120.0,
        metavar="SECONDS",
        help="how long to wait for a search engine that drops out mid-run (default 120)",
    )


def _backend(settings: Settings):
    from search_api import get_backend

    return get_backend(settings)


def _progress(args: argparse.Namespace, label: str):
    if args.quiet:
        return None, None
    from tqdm import tqdm

    bar = tqdm(desc=label, unit="doc", file=sys.stderr, dynamic_ncols=True, mininterval=0.5)

    def update(done: int, total: int) -> None:
        bar.total = total
        bar.n = done
        bar.refresh()

    return update, bar


def _run(args: argparse.Namespace, settings: Settings, rebuild: bool) -> int:
    from search_api import indexer
    from search_api.base import BackendUnavailable, SearchError

    if args.batch < 1:
        print("kiemsat: error: --batch must be 1 or more", file=sys.stderr)
        return 2
    started = time.perf_counter()
    update, bar = _progress(args, "reindex" if rebuild else "index")
    try:
        with Store.open(settings, create=False) as store:
            # bulk writes of a whole batch get more time than a reader's search
            backend = _backend(
                settings.with_overrides(search_timeout=max(settings.search_timeout, INDEX_TIMEOUT))
            )
            try:
                if not rebuild:
                    reason = backend.needs_rebuild()
                    if reason:
                        print(f"kiemsat: {reason}; rebuilding (kiemsat reindex)", file=sys.stderr)
                        rebuild = True
                run = indexer.rebuild if rebuild else indexer.index_changes
                report = run(store, backend, batch=args.batch, progress=update, wait=args.wait)
                count = backend.count()
            finally:
                backend.close()
    except BackendUnavailable as exc:
        print(
            f"kiemsat: error: search engine unavailable ({exc}). Nothing is lost: the store "
            "keeps every article and the index its watermark; run `kiemsat index` again "
            "when the engine is back.",
            file=sys.stderr,
        )
        return EXIT_ENGINE_DOWN
    except SearchError as exc:
        print(f"kiemsat: error: {exc}", file=sys.stderr)
        return 1
    finally:
        if bar is not None:
            bar.close()
    seconds = time.perf_counter() - started
    summary = asdict(report) | {"articles_in_index": count, "seconds": round(seconds, 2)}
    if args.json:
        print(json.dumps(summary))
    else:
        verb = "rebuilt" if report.rebuilt else "indexed"
        print(
            f"{verb}: {report.indexed} articles, deleted {report.deleted}, "
            f"index holds {count}, watermark {report.watermark} ({seconds:.1f}s)"
        )
    return 0


def cmd_index(args: argparse.Namespace, settings: Settings) -> int:
    """Index the store's changes since the index's watermark."""
    return _run(args, settings, rebuild=False)


def cmd_reindex(args: argparse.Namespace, settings: Settings) -> int:
    """Rebuild the index from the whole store behind the live one, then swap."""
    return _run(args, settings, rebuild=True)


def _terminal(snippet_html: str, tty: bool) -> str:
    if tty:
        text = snippet_html.replace("<mark>", "\x1b[1m").replace("</mark>", "\x1b[0m")
    else:
        text = snippet_html.replace("<mark>", "[").replace("</mark>", "]")
    return html.unescape(text)


def cmd_search(args: argparse.Namespace, settings: Settings) -> int:
    """One search, printed for a person (or as JSON)."""
    from search_api.base import BackendUnavailable, QueryError, SearchQuery

    query = SearchQuery(
        q=" ".join(args.query),
        source=args.source,
        unit=args.unit,
        person=args.person,
        document=args.document,
        event_type=args.event_type,
        province=args.province,
        date_from=args.date_from,
        date_to=args.date_to,
        sort=args.sort,
        size=args.size,
        page=args.page,
        collapse=args.collapse,
        histogram="year",
    )
    backend = _backend(settings)
    try:
        result = backend.search(query)
    except QueryError as exc:
        print(f"kiemsat: error: {exc.param or 'query'}: {exc}", file=sys.stderr)
        return 2
    except BackendUnavailable as exc:
        print(f"kiemsat: error: search engine unavailable ({exc})", file=sys.stderr)
        return EXIT_ENGINE_DOWN
    finally:
        backend.close()
    if args.json:
        print(json.dumps(asdict(result), ensure_ascii=False))
        return 0
    tty = sys.stdout.isatty()
    print(f"{result.total} articles ({result.took_ms:.0f} ms)")
    for hit in result.hits:
        print(f"\n{hit.published or '----------'}  {hit.source}  {hit.title or '(no title)'}")
        if hit.url:
            print(f"  {hit.url}")
        print(f"  {_terminal(hit.snippet, tty)}")
        for copy in hit.copies:
            print(f"  also on {copy['source']}: {copy.get('url') or copy['id']}")
    for name, values in result.facets.items():
        if values:
            top = ", ".join(f"{v.value} ({v.count})" for v in values[:5])
            print(f"\n{name}: {top}")
    return 0
