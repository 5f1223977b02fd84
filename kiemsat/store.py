"""The store: one SQLite file that is the system of record.

It keeps every fetched page raw (before anything else happens to it), the
articles extracted from them, and the crawl state that makes crawling
incremental. Every search index is derived from it and can be rebuilt from it.

Design choices, and why:

* WAL journal and a busy timeout, so the web server can read while the crawler
  or indexer writes, without ``database is locked`` errors reaching users.
* ``PRAGMA user_version`` holds the schema version; :data:`MIGRATIONS` are
  applied forward in order inside one transaction each, so an old data
  directory upgrades itself on open and a crash mid-migration leaves the
  previous version intact.
* Rows are keyed by the stable article id (hash of the canonical URL), so
  re-crawls and re-runs are idempotent upserts.
* Every article change takes the next value of a store-wide sequence
  (``articles.seq``); deletions leave a tombstone with its own sequence value.
  Indexers remember the last sequence they saw and ask only for what changed.
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
import threading
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from kiemsat.ids import article_id, canonical_url
from kiemsat.model import Article


class StoreError(RuntimeError):
    """The store's file is missing, unreadable or not a kiemsat store."""


def utcnow() -> str:
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


# Each entry moves the schema from version i to i+1. Append only; never edit a
# released migration.
MIGRATIONS: list[str] = [
    # 1: raw pages, articles, crawl state
    """
    CREATE TABLE raw_pages (
        id            TEXT PRIMARY KEY,          -- article_id(canonical_url)
        url           TEXT NOT NULL,             -- URL requested
        final_url     TEXT NOT NULL,             -- URL after redirects
        canonical_url TEXT NOT NULL,
        status        INTEGER NOT NULL,
        headers       TEXT NOT NULL DEFAULT '{}',
        body          BLOB NOT NULL,
        encoding      TEXT,
        content_type  TEXT,
        fetched_at    TEXT NOT NULL,
        site          TEXT NOT NULL,
        source        TEXT NOT NULL DEFAULT 'crawl',   -- 'crawl' or 'file'
        content_hash  TEXT NOT NULL,
        processed_hash TEXT,                     -- content_hash last extracted
        processed_at  TEXT,
        process_error TEXT
    );
    CREATE INDEX raw_pages_site ON raw_pages(site);
    CREATE TABLE articles (
        id            TEXT PRIMARY KEY,
        site          TEXT NOT NULL,
        url           TEXT,
        title         TEXT,
        published     TEXT,
        story_id      TEXT,
        data          TEXT NOT NULL,             -- Article.to_dict() as JSON
        extracted_at  TEXT NOT NULL,
        seq           INTEGER NOT NULL
    );
    CREATE INDEX articles_seq ON articles(seq);
    CREATE INDEX articles_story ON articles(story_id);
    CREATE TABLE tombstones (
        id   TEXT PRIMARY KEY,
        seq  INTEGER NOT NULL
    );
    CREATE TABLE crawl_state (
        url           TEXT PRIMARY KEY,          -- canonical URL
        site          TEXT NOT NULL,
        kind          TEXT NOT NULL,             -- 'article' or 'listing'
        article_id    TEXT,
        etag          TEXT,
        last_modified TEXT,
        status        INTEGER,
        content_hash  TEXT,
        first_seen    TEXT NOT NULL,
        last_checked  TEXT NOT NULL
    );
    CREATE INDEX crawl_state_site ON crawl_state(site, kind);
    CREATE TABLE counters (name TEXT PRIMARY KEY, value INTEGER NOT NULL);
    INSERT INTO counters VALUES ('seq', 0);
    """,
    # 2: MinHash signatures of article bodies for syndication (nlp.syndication):
    # a later extraction run recognises copies of stories it has seen before.
    """
    CREATE TABLE story_signatures (
        article_id TEXT PRIMARY KEY,
        story_id   TEXT NOT NULL,
        num_perm   INTEGER NOT NULL,
        signature  BLOB NOT NULL                -- MinHash hash values, little-endian uint64
    );
    CREATE INDEX story_signatures_story ON story_signatures(story_id);
    """,
]

SCHEMA_VERSION = len(MIGRATIONS)


@dataclass
class RawPage:
    """A fetched page exactly as it arrived."""

    id: str
    url: str
    final_url: str
    canonical_url: str
    status: int
    headers: dict[str, str]
    body: bytes
    encoding: str | None
    content_type: str | None
    fetched_at: str
    site: str
    source: str = "crawl"
    content_hash: str = ""
    processed_hash: str | None = None
    processed_at: str | None = None
    process_error: str | None = None

    def text(self) -> str:
        """The body decoded with the detected encoding (replacement characters, never an error)."""
        return self.body.decode(self.encoding or "utf-8", errors="replace")


class Store:
    """Access to the SQLite store. One instance per thread (connections are not shared)."""

    def __init__(self, path: str | Path, *, create: bool = True, readonly: bool = False) -> None:
        self.path = Path(path)
        if not self.path.exists():
            if not create or readonly:
                raise StoreError(
                    f"store not found: {self.path} (run `kiemsat crawl` or `kiemsat ingest` to create it, "
                    "or set KIEMSAT_DATA_DIR to the data directory that holds kiemsat.sqlite3)"
                )
            self.path.parent.mkdir(parents=True, exist_ok=True)
        self._lock = threading.RLock()
        try:
            if readonly:
                uri = f"file:{self.path.resolve()}?mode=ro"
                self.conn = sqlite3.connect(uri, uri=True, timeout=30, check_same_thread=False)
            else:
                self.conn = sqlite3.connect(self.path, timeout=30, check_same_thread=False)
            self.conn.row_factory = sqlite3.Row
            self.conn.execute("PRAGMA busy_timeout = 30000")
            if not readonly:
                self.conn.execute("PRAGMA journal_mode = WAL")
                self.conn.execute("PRAGMA synchronous = NORMAL")
            self.conn.execute("PRAGMA foreign_keys = ON")
            self._migrate(readonly)
        except sqlite3.DatabaseError as exc:
            raise StoreError(
                f"{self.path} is not a readable kiemsat store ({exc}). Move it aside and rebuild: "
                "`kiemsat crawl --all` refetches the pages, then `kiemsat extract --from-store` "
                "and `kiemsat reindex`."
            ) from exc

    @classmethod
    def open(cls, settings: Any, **kwargs: Any) -> Store:
        """Open the store of ``settings`` (a :class:`kiemsat.settings.Settings`)."""
        return cls(settings.store_path, **kwargs)

    # -- schema -----------------------------------------------------------
    def _migrate(self, readonly: bool) -> None:
        version = self.conn.execute("PRAGMA user_version").fetchone()[0]
        if version > SCHEMA_VERSION:
            raise StoreError(
                f"{self.path} has schema version {version}, newer than this kiemsat ({SCHEMA_VERSION}); upgrade kiemsat"
            )
        if version < SCHEMA_VERSION and readonly:
            raise StoreError(f"{self.path} needs a schema migration; open it once read-write")
        for target in range(version + 1, SCHEMA_VERSION + 1):
            script = MIGRATIONS[target - 1]
            # executescript commits first; wrap the migration in its own transaction
            self.conn.executescript(
                f"BEGIN IMMEDIATE;\n{script}\nPRAGMA user_version = {target};\nCOMMIT;"
            )

    @property
    def schema_version(self) -> int:
        return self.conn.execute("PRAGMA user_version").fetchone()[0]

    def close(self) -> None:
        self.conn.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _next_seq(self) -> int:
        self.conn.execute("UPDATE counters SET value = value + 1 WHERE name = 'seq'")
        return self.conn.execute("SELECT value FROM counters WHERE name = 'seq'").fetchone()[0]

    # -- raw pages ----------------------------------------------------------
    def put_raw_page(
        self,
        *,
        url: str,
        body: bytes,
        site: str,
        status: int = 200,
        final_url: str | None = None,
        canonical: str | None = None,
        headers: dict[str, str] | None = None,
        encoding: str | None = None,
        content_type: str | None = None,
        source: str = "crawl",
        fetched_at: str | None = None,
    ) -> tuple[str, bool]:
        """Store a fetched page; return ``(id, changed)``.

        ``changed`` is false when the same bytes were already stored under that
        id, so re-crawls of unchanged pages write nothing but the check time.
        """
        canon = canonical_url(canonical or final_url or url)
        pid = article_id(canon)
        digest = hashlib.sha256(body).hexdigest()
        with self._lock, self.conn:
            row = self.conn.execute(
                "SELECT content_hash FROM raw_pages WHERE id = ?", (pid,)
            ).fetchone()
            if row is not None and row["content_hash"] == digest:
                return pid, False
            self.conn.execute(
                """INSERT INTO raw_pages (id, url, final_url, canonical_url, status, headers, body,
                       encoding, content_type, fetched_at, site, source, content_hash)
                   VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)
                   ON CONFLICT(id) DO UPDATE SET url=excluded.url, final_url=excluded.final_url,
                       canonical_url=excluded.canonical_url, status=excluded.status,
                       headers=excluded.headers, body=excluded.body, encoding=excluded.encoding,
                       content_type=excluded.content_type, fetched_at=excluded.fetched_at,
                       site=excluded.site, source=excluded.source,
                       content_hash=excluded.content_hash, process_error=NULL""",
                (
                    pid,
                    url,
                    final_url or url,
                    canon,
                    status,
                    json.dumps(headers or {}, ensure_ascii=False),
                    body,
                    encoding,
                    content_type,
                    fetched_at or utcnow(),
                    site,
                    source,
                    digest,
                ),
            )
        return pid, True

    def get_raw_page(self, page_id: str) -> RawPage | None:
        row = self.conn.execute("SELECT * FROM raw_pages WHERE id = ?", (page_id,)).fetchone()
        return _raw_from_row(row) if row else None

    def iter_raw_pages(
        self, *, unprocessed_only: bool = False, site: str | None = None
    ) -> Iterator[RawPage]:
        """Raw pages in id order; ``unprocessed_only`` yields those whose current bytes
        have not been extracted yet (new or changed pages, and pages that failed)."""
        sql = "SELECT * FROM raw_pages WHERE 1=1"
        params: list[Any] = []
        if unprocessed_only:
            sql += " AND (processed_hash IS NULL OR processed_hash != content_hash OR process_error IS NOT NULL)"
        if site:
            sql += " AND site = ?"
            params.append(site)
        sql += " ORDER BY id"
        for row in self.conn.execute(sql, params).fetchall():
            yield _raw_from_row(row)

    def raw_page_ids(self, *, unprocessed_only: bool = False, site: str | None = None) -> list[str]:
        """Ids of :meth:`iter_raw_pages`, without loading the page bodies (for large batches)."""
        sql = "SELECT id FROM raw_pages WHERE 1=1"
        params: list[Any] = []
        if unprocessed_only:
            sql += " AND (processed_hash IS NULL OR processed_hash != content_hash OR process_error IS NOT NULL)"
        if site:
            sql += " AND site = ?"
            params.append(site)
        sql += " ORDER BY id"
        return [row[0] for row in self.conn.execute(sql, params).fetchall()]

    def count_raw_pages(self, site: str | None = None) -> int:
        if site:
            return self.conn.execute(
                "SELECT COUNT(*) FROM raw_pages WHERE site = ?", (site,)
            ).fetchone()[0]
        return self.conn.execute("SELECT COUNT(*) FROM raw_pages").fetchone()[0]

    def mark_processed(self, page_id: str, content_hash: str, error: str | None = None) -> None:
        """Record that ``page_id`` (with bytes ``content_hash``) was extracted, or failed with ``error``."""
        with self._lock, self.conn:
            self.conn.execute(
                "UPDATE raw_pages SET processed_hash = ?, processed_at = ?, process_error = ? WHERE id = ?",
                (content_hash, utcnow(), error, page_id),
            )

    # -- articles -----------------------------------------------------------
    def put_article(self, article: Article, *, raw_hash: str | None = None) -> int:
        """Insert or replace an article (keyed by ``article.id``); return its new sequence number.

        When ``raw_hash`` is given the raw page is marked processed in the same
        transaction, so a crash can never leave an article stored but its page
        still pending (or the reverse).
        """
        if not article.id:
            raise ValueError("article.id is required to store an article")
        data = json.dumps(article.to_dict(), ensure_ascii=False)
        with self._lock, self.conn:
            seq = self._next_seq()
            self.conn.execute(
                """INSERT INTO articles (id, site, url, title, published, story_id, data, extracted_at, seq)
                   VALUES (?,?,?,?,?,?,?,?,?)
                   ON CONFLICT(id) DO UPDATE SET site=excluded.site, url=excluded.url,
                       title=excluded.title, published=excluded.published,
                       story_id=excluded.story_id, data=excluded.data,
                       extracted_at=excluded.extracted_at, seq=excluded.seq""",
                (
                    article.id,
                    article.site or "file",
                    article.url,
                    article.title,
                    article.published,
                    article.story_id,
                    data,
                    utcnow(),
                    seq,
                ),
            )
            self.conn.execute("DELETE FROM tombstones WHERE id = ?", (article.id,))
            if raw_hash is not None:
                self.conn.execute(
                    "UPDATE raw_pages SET processed_hash = ?, processed_at = ?, process_error = NULL WHERE id = ?",
                    (raw_hash, utcnow(), article.id),
                )
        return seq

    def get_article(self, aid: str) -> Article | None:
        row = self.conn.execute("SELECT data FROM articles WHERE id = ?", (aid,)).fetchone()
        return Article.from_dict(json.loads(row["data"])) if row else None

    def iter_articles(
        self, *, since_seq: int = 0, batch: int = 500
    ) -> Iterator[tuple[int, Article]]:
        """``(seq, article)`` pairs changed after ``since_seq``, in sequence order."""
        last = since_seq
        while True:
            rows = self.conn.execute(
                "SELECT seq, data FROM articles WHERE seq > ? ORDER BY seq LIMIT ?", (last, batch)
            ).fetchall()
            if not rows:
                return
            for row in rows:
                last = row["seq"]
                yield row["seq"], Article.from_dict(json.loads(row["data"]))

    def count_articles(self) -> int:
        return self.conn.execute("SELECT COUNT(*) FROM articles").fetchone()[0]

    def delete_article(self, aid: str) -> bool:
        """Delete an article and leave a tombstone so indexes drop it too."""
        with self._lock, self.conn:
            cur = self.conn.execute("DELETE FROM articles WHERE id = ?", (aid,))
            if cur.rowcount:
                seq = self._next_seq()
                self.conn.execute(
                    "INSERT INTO tombstones (id, seq) VALUES (?, ?) ON CONFLICT(id) DO UPDATE SET seq=excluded.seq",
                    (aid, seq),
                )
            return bool(cur.rowcount)

    def tombstones_since(self, since_seq: int) -> list[tuple[int, str]]:
        rows = self.conn.execute(
            "SELECT seq, id FROM tombstones WHERE seq > ? ORDER BY seq", (since_seq,)
        ).fetchall()
        return [(r["seq"], r["id"]) for r in rows]

    def current_seq(self) -> int:
        return self.conn.execute("SELECT value FROM counters WHERE name = 'seq'").fetchone()[0]

    # -- crawl state ----------------------------------------------------------
    def seen(self, url: str) -> sqlite3.Row | None:
        """The crawl state of ``url`` (canonicalised), or ``None`` when never fetched."""
        return self.conn.execute(
            "SELECT * FROM crawl_state WHERE url = ?", (canonical_url(url),)
        ).fetchone()

    def known_urls(self, urls: Iterable[str]) -> set[str]:
        """The subset of ``urls`` (as given) already recorded as fetched articles."""
        urls = list(urls)
        canon = {canonical_url(u): u for u in urls}
        found: set[str] = set()
        keys = list(canon)
        for i in range(0, len(keys), 500):
            chunk = keys[i : i + 500]
            marks = ",".join("?" * len(chunk))
            for row in self.conn.execute(
                f"SELECT url FROM crawl_state WHERE kind = 'article' AND url IN ({marks})",  # noqa: S608 - placeholders only
                chunk,
            ):
                found.add(canon[row["url"]])
        return found

    def record_fetch(
        self,
        url: str,
        *,
        site: str,
        kind: str,
        status: int,
        article_id: str | None = None,
        etag: str | None = None,
        last_modified: str | None = None,
        content_hash: str | None = None,
    ) -> None:
        """Remember that ``url`` was checked (ETag/Last-Modified kept for conditional GET)."""
        now = utcnow()
        with self._lock, self.conn:
            self.conn.execute(
                """INSERT INTO crawl_state (url, site, kind, article_id, etag, last_modified, status,
                       content_hash, first_seen, last_checked)
                   VALUES (?,?,?,?,?,?,?,?,?,?)
                   ON CONFLICT(url) DO UPDATE SET site=excluded.site, kind=excluded.kind,
                       article_id=COALESCE(excluded.article_id, crawl_state.article_id),
                       etag=COALESCE(excluded.etag, crawl_state.etag),
                       last_modified=COALESCE(excluded.last_modified, crawl_state.last_modified),
                       status=excluded.status,
                       content_hash=COALESCE(excluded.content_hash, crawl_state.content_hash),
                       last_checked=excluded.last_checked""",
                (
                    canonical_url(url),
                    site,
                    kind,
                    article_id,
                    etag,
                    last_modified,
                    status,
                    content_hash,
                    now,
                    now,
                ),
            )

    def stats(self) -> dict[str, int]:
        """Counts for status lines and ``kiemsat demo``."""
        q = self.conn.execute
        return {
            "raw_pages": q("SELECT COUNT(*) FROM raw_pages").fetchone()[0],
            "articles": q("SELECT COUNT(*) FROM articles").fetchone()[0],
            "unprocessed": q(
                "SELECT COUNT(*) FROM raw_pages WHERE processed_hash IS NULL OR processed_hash != content_hash"
            ).fetchone()[0],
            "errors": q(
                "SELECT COUNT(*) FROM raw_pages WHERE process_error IS NOT NULL"
            ).fetchone()[0],
            "crawl_urls": q("SELECT COUNT(*) FROM crawl_state").fetchone()[0],
        }


def _raw_from_row(row: sqlite3.Row) -> RawPage:
    data = dict(row)
    data["headers"] = json.loads(data.get("headers") or "{}")
    return RawPage(**data)
