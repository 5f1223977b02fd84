"""Local files into the store (``kiemsat ingest``) and raw pages into articles
(``kiemsat extract --from-store``).

Ingesting keeps a file exactly as it is, as a raw page (source ``file``), so
the same extraction path serves crawled and ingested pages and nothing read
is ever lost. An HTML page whose canonical link points at a portal we have a
profile for is filed under that portal (its URL is the canonical one, so a
later crawl of the same article updates the same row); anything else is site
``file`` with a ``file://`` URL.

Extracting from the store processes every raw page whose current bytes have
not been extracted yet. A page that fails is recorded with its error
(``Store.mark_processed``) and the batch goes on; an article is written
together with the processed mark (``Store.put_article(..., raw_hash=)``), so
re-running is idempotent and a crash never leaves the two out of step.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from kiemsat.settings import Settings
from kiemsat.store import RawPage, Store

TEXT_SUFFIXES = (".txt", ".text")
HTML_SUFFIXES = (".html", ".htm", ".xhtml")
BATCH = 64
#: Articles after which the pipeline is rebuilt to release its grown vocabulary.
RESET_EVERY = 10_000


# -- profiles (data of the crawler stage; optional for the NLP stage) -------------
@lru_cache(maxsize=1)
def _profiles() -> tuple[Any, ...]:
    try:
        from crawler.profiles import list_profiles
    except ImportError:
        return ()
    try:
        return tuple(p for p in list_profiles() if getattr(p, "base_url", ""))
    except Exception as exc:  # a broken profile file must not stop ingestion
        print(f"kiemsat: warning: portal profiles not loaded: {exc}", file=sys.stderr)
        return ()


def profile_for_url(url: str | None) -> Any | None:
    """The portal profile whose domains cover ``url``, if any."""
    if not url:
        return None
    host = (urlsplit(url).hostname or "").lower()
    if not host:
        return None
    for prof in _profiles():
        for domain in getattr(prof, "allowed_domains", ()):
            if host == domain or host.endswith("." + domain):
                return prof
    return None


@lru_cache(maxsize=256)
def profile_named(site: str) -> Any | None:
    """The profile called ``site`` (a crawled page's site), or None."""
    for prof in _profiles():
        if prof.name == site:
            return prof
    return None


# -- ingest ---------------------------------------------------------------------------
@dataclass
class Ingested:
    path: str
    id: str | None = None
    site: str | None = None
    url: str | None = None
    changed: bool = False
    error: str | None = None

    def as_dict(self) -> dict[str, Any]:
        if self.error:
            return {"path": self.path, "error": {"type": "unreadable", "message": self.error}}
        return {
            "path": self.path,
            "id": self.id,
            "site": self.site,
            "url": self.url,
            "changed": self.changed,
        }


def expand_paths(paths: list[str]) -> Iterator[str]:
    """Files as given; directories expand to the ``.txt``/``.html`` files inside, sorted."""
    for path in paths:
        p = Path(path)
        if p.is_dir():
            for child in sorted(p.rglob("*")):
                if child.is_file() and child.suffix.lower() in TEXT_SUFFIXES + HTML_SUFFIXES:
                    yield str(child)
        else:
            yield path


def ingest_file(store: Store, path: str) -> Ingested:
    """Store one local file as a raw page; errors are returned, not raised."""
    from nlp.commands import decode_text

    p = Path(path)
    try:
        data = p.read_bytes()
    except OSError as exc:
        return Ingested(path, error=f"{exc.strerror or exc}: {path}")
    if not data.strip():
        return Ingested(path, error=f"{path} is empty")
    is_html = p.suffix.lower() in HTML_SUFFIXES or data[:1024].lstrip().lower().startswith(
        (b"<!doctype html", b"<html")
    )
    file_url = p.resolve().as_uri()
    site, url, canonical, content_type, encoding = "file", file_url, None, "text/plain", "utf-8"
    try:
        if is_html:
            from nlp.html import page_info, parse

            info = page_info(parse(data))
            content_type, encoding = "text/html", None
            prof = profile_for_url(info.get("url"))
            if prof is not None:
                site, url, canonical = prof.name, info["url"], info["url"]
        else:
            decode_text(data, path)  # refuse binary files now, not at extraction
    except (ValueError, UnicodeError) as exc:
        return Ingested(path, error=str(exc))
    pid, changed = store.put_raw_page(
        url=url,
        body=data,
        site=site,
        canonical=canonical,
        content_type=content_type,
        encoding=encoding,
        source="file",
    )
    return Ingested(path, pid, site, url, changed)


def cmd_ingest(args: Any, settings: Settings) -> int:
    failed = 0
    with Store.open(settings) as store:
        for path in expand_paths(args.paths):
            res = ingest_file(store, path)
            if res.error:
                failed += 1
                print(f"kiemsat ingest: {res.error}", file=sys.stderr)
            if args.json:
                print(json.dumps(res.as_dict(), ensure_ascii=False), flush=True)
            elif not res.error:
                state = "stored" if res.changed else "unchanged"
                print(f"{state} {res.id} {res.site} {res.path}")
    return 1 if failed else 0


# -- extract from the store ---------------------------------------------------------
def _source_for(page: RawPage) -> Any:
    from nlp.commands import decode_text
    from nlp.pipeline import ExtractionError, html_source, text_source

    if page.status and page.status >= 400:
        raise ExtractionError(f"HTTP status {page.status}")
    is_html = (page.content_type or "").lower().startswith(
        ("text/html", "application/xhtml")
    ) or page.body[:1024].lstrip().lower().startswith((b"<!doctype html", b"<html"))
    url = page.canonical_url if not page.canonical_url.startswith("file:") else page.url
    if is_html:
        src = html_source(page.body, url=url, site=page.site, profile=profile_named(page.site))
    else:
        src = text_source(decode_text(page.body, page.url), url=url, site=page.site)
    src.url = url
    src.site = page.site
    return src


@dataclass
class StoreRun:
    processed: int = 0
    articles: int = 0
    errors: list[tuple[str, str]] | None = None

    def as_dict(self) -> dict[str, Any]:
        return {
            "processed": self.processed,
            "articles": self.articles,
            "errors": [{"id": i, "error": e} for i, e in self.errors or []],
        }


def extract_store(store: Store, *, site: str | None = None, batch: int = BATCH) -> StoreRun:
    """Extract every raw page not processed yet; returns counts and errors."""
    from nlp.pipeline import process, reset_nlp

    run = StoreRun(errors=[])
    ids = store.raw_page_ids(unprocessed_only=True, site=site)
    for start in range(0, len(ids), batch):
        if start and start % RESET_EVERY < batch:
            reset_nlp()
        pages: list[RawPage] = []
        sources: list[Any] = []
        for pid in ids[start : start + batch]:
            page = store.get_raw_page(pid)
            if page is None:
                continue
            run.processed += 1
            try:
                sources.append(_source_for(page))
                pages.append(page)
            except Exception as exc:  # noqa: BLE001 - any failure is recorded, the batch goes on
                _fail(store, run, page, exc)
        try:
            articles = list(process(sources))
        except Exception:  # noqa: BLE001 - find the culprit page by page
            articles = []
            for page, src in zip(pages, sources, strict=True):
                try:
                    articles.extend(process([src]))
                except Exception as exc:  # noqa: BLE001
                    _fail(store, run, page, exc)
                    articles.append(None)
        for page, article in zip(pages, articles, strict=True):
            if article is None:
                continue
            _store_article(store, page, article)
            run.articles += 1
    return run


def _fail(store: Store, run: StoreRun, page: RawPage, exc: BaseException) -> None:
    message = f"{type(exc).__name__}: {exc}"[:500]
    store.mark_processed(page.id, page.content_hash, error=message)
    assert run.errors is not None
    run.errors.append((page.id, message))


def _store_article(store: Store, page: RawPage, article: Any) -> None:
    article.id = page.id
    article.site = page.site
    article.fetched_at = page.fetched_at
    if not article.url:
        article.url = page.canonical_url
    try:
        from nlp.syndication import assign_story
    except ImportError:
        assign_story = None
    if assign_story is not None:
        assign_story(store, article)
    store.put_article(article, raw_hash=page.content_hash)


def extract_from_store(
    settings: Settings, *, as_json: bool = False, paths: list[str] | None = None
) -> int:
    if paths:
        print(
            "kiemsat extract: error: give either PATH... or --from-store, not both", file=sys.stderr
        )
        return 2
    # a lost store is an error (exit 3 naming the file), not a new empty one
    with Store.open(settings, create=False) as store:
        run = extract_store(store)
    if as_json:
        print(json.dumps(run.as_dict(), ensure_ascii=False))
    else:
        print(
            f"processed {run.processed} raw pages: {run.articles} articles, {len(run.errors or [])} errors"
        )
    for pid, err in run.errors or []:
        print(f"kiemsat extract: page {pid}: {err}", file=sys.stderr)
    return 1 if run.errors else 0
