"""The embedded search backend: SQLite FTS5 in ``$KIEMSAT_DATA_DIR/search.sqlite3``.

Zero set-up, one file beside the store. Design, and why:

* The index lives in *generations* of tables (``docs_3``, ``fts_3``, ...); the
  ``meta`` table names the live one. ``kiemsat reindex`` fills a new
  generation and switches ``meta.active`` in one transaction, so a search
  never sees a half-built index, then drops the old tables.
* The FTS5 table is contentless (the normalised text is not stored twice);
  its rows are deleted by re-deriving the indexed values from the original
  text kept in ``docs``. :data:`search_api.text.NORM_VERSION` guards that:
  an index built by other normalisation rules must be rebuilt.
* Columns: accented and folded title and body (tokens from
  :mod:`search_api.text`), ranked by ``bm25`` with the accented columns
  weighted higher, so an accented query ranks exact accented matches first.
* The MATCH expression is built from the parsed query tree with every token
  quoted; user text never becomes FTS5 syntax.
* Multi-valued facets (unit, person, document, province) live in a
  ``facets`` table; counts are disjunctive (each facet ignores its own filter).
* The watermark (last store sequence indexed) is kept here, in ``meta``.
"""

from __future__ import annotations

import json
import sqlite3
import threading
import time
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from kiemsat.model import Article
from search_api import cursor as cursors
from search_api.base import (
    FACETS,
    FacetValue,
    Hit,
    MetricBucket,
    MetricQuery,
    MetricResult,
    MetricRow,
    QueryError,
    SearchBackend,
    SearchQuery,
    SearchResult,
)
from search_api.documents import IndexDoc, index_doc
from search_api.highlight import snippet
from search_api.query_syntax import AnyOf, Leaf, Query, parse
from search_api.text import NORM_VERSION, token_streams
from search_api.validation import validate, validate_metrics

SCHEMA_VERSION = 2  # table layout of a generation; another value is rebuilt from scratch
# bm25 weights of (title_acc, body_acc, title_fold, body_fold)
WEIGHTS = (6.0, 2.0, 3.0, 1.0)
_MULTI = {"unit": "unit", "person": "person", "document": "document", "province": "province"}
_SINGLE = {"source": "d.source", "event_type": "d.event_type"}


def _q(token: str) -> str:
    """One FTS5 string: double quotes doubled, so the token is never syntax."""
    return '"' + token.replace('"', '""') + '"'


def _leaf_expr(leaf: Leaf) -> str:
    folded = _q(" ".join(leaf.folded))
    if leaf.accented == leaf.folded:  # typed without accents: the folded columns say it all
        return f"{{title_fold body_fold}} : {folded}"
    accented = _q(" ".join(leaf.accented))
    return f"({{title_fold body_fold}} : {folded} OR {{title_acc body_acc}} : {accented})"


def _clause_expr(clause: Leaf | AnyOf) -> str:
    if isinstance(clause, AnyOf):
        return "(" + " OR ".join(_leaf_expr(o) for o in clause.options) + ")"
    return _leaf_expr(clause)


def match_expressions(query: Query) -> tuple[str | None, str | None]:
    """``(positive, negative)`` FTS5 expressions; the positive one includes ``NOT``."""
    negative = " OR ".join(_leaf_expr(leaf) for leaf in query.excluded) or None
    if not query.required:
        return None, negative
    positive = " AND ".join(_clause_expr(c) for c in query.required)
    if negative:
        positive = f"({positive}) NOT ({negative})"
    return positive, negative


def _subject_condition(query: Query) -> tuple[str, list[Any]]:
    """SQL over ``m.subject_fold`` (padded with spaces) for the subject words."""

    def leaf_sql(leaf: Leaf) -> tuple[str, list[Any]]:
        return "instr(' ' || m.subject_fold || ' ', ?) > 0", [" " + " ".join(leaf.folded) + " "]

    parts: list[str] = []
    params: list[Any] = []
    for clause in query.required:
        options = clause.options if isinstance(clause, AnyOf) else (clause,)
        sqls = []
        for o in options:
            s, p = leaf_sql(o)
            sqls.append(s)
            params += p
        parts.append("(" + " OR ".join(sqls) + ")")
    for leaf in query.excluded:
        s, p = leaf_sql(leaf)
        parts.append(f"NOT {s}")
        params += p
    return " AND ".join(parts) or "1", params


class SqliteBackend(SearchBackend):
    """SQLite FTS5 implementation of :class:`SearchBackend`."""

    name = "sqlite"

    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self._local = threading.local()
        self._write_lock = threading.Lock()
        conn = self._conn()
        with conn:
            conn.execute("CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT)")
            if self._meta("schema") != str(SCHEMA_VERSION):
                # an index from another layout: it is derived data, start afresh
                # (the watermark goes back to 0, so `kiemsat index` refills it)
                tables = conn.execute(
                    "SELECT name FROM sqlite_master WHERE type = 'table' AND name != 'meta'"
                    " AND name NOT LIKE 'sqlite_%' AND name NOT LIKE '%\\_%\\_%' ESCAPE '\\'"
                ).fetchall()
                for (name,) in tables:
                    conn.execute(f'DROP TABLE IF EXISTS "{name}"')
                conn.execute("DELETE FROM meta")
                conn.execute("INSERT INTO meta VALUES ('schema', ?)", (str(SCHEMA_VERSION),))
            if self._meta("active") is None:
                self._create_generation(conn, 1)
                conn.execute(
                    "INSERT OR REPLACE INTO meta VALUES ('active', '1'), ('norm_version', ?)",
                    (str(NORM_VERSION),),
                )

    @classmethod
    def for_settings(cls, settings: Any) -> SqliteBackend:
        return cls(Path(settings.data_dir) / "search.sqlite3")

    # -- connections and generations -------------------------------------
    def _conn(self) -> sqlite3.Connection:
        conn = getattr(self._local, "conn", None)
        if conn is None:
            conn = sqlite3.connect(self.path, timeout=30, check_same_thread=False)
            conn.row_factory = sqlite3.Row
            conn.execute("PRAGMA journal_mode = WAL")
            conn.execute("PRAGMA synchronous = NORMAL")
            conn.execute("PRAGMA busy_timeout = 30000")
            conn.execute("PRAGMA temp_store = MEMORY")
            conn.execute("PRAGMA cache_size = -65536")
            conn.execute("PRAGMA mmap_size = 268435456")
            self._local.conn = conn
        return conn

    def close(self) -> None:
        conn = getattr(self._local, "conn", None)
        if conn is not None:
            conn.close()
            self._local.conn = None

    def _meta(self, key: str, conn: sqlite3.Connection | None = None) -> str | None:
        row = (
            (conn or self._conn())
            .execute("SELECT value FROM meta WHERE key = ?", (key,))
            .fetchone()
        )
        return row[0] if row else None

    def _active(self, conn: sqlite3.Connection | None = None) -> int:
        value = self._meta("active", conn)
        return int(value) if value else 1

    @staticmethod
    def _create_generation(conn: sqlite3.Connection, g: int) -> None:
        # g is an int of our own; no user input reaches these names.
        conn.executescript(
            f"""
            CREATE TABLE IF NOT EXISTS docs_{g} (
                rowid INTEGER PRIMARY KEY, id TEXT NOT NULL UNIQUE, story_key TEXT NOT NULL,
                source TEXT NOT NULL, event_type TEXT NOT NULL, published TEXT,
                pub_desc TEXT NOT NULL, pub_asc TEXT NOT NULL, ym TEXT, y TEXT,
                has_figures INTEGER NOT NULL);
            CREATE TABLE IF NOT EXISTS texts_{g} (
                rowid INTEGER PRIMARY KEY, title TEXT, body TEXT NOT NULL, hit TEXT NOT NULL);
            CREATE INDEX IF NOT EXISTS docs_{g}_story ON docs_{g}(story_key);
            CREATE INDEX IF NOT EXISTS docs_{g}_pub ON docs_{g}(pub_desc, id);
            CREATE VIRTUAL TABLE IF NOT EXISTS fts_{g} USING fts5(
                title_acc, body_acc, title_fold, body_fold,
                content='', tokenize='unicode61 remove_diacritics 0');
            CREATE TABLE IF NOT EXISTS facets_{g} (
                field TEXT NOT NULL, value TEXT NOT NULL, doc INTEGER NOT NULL,
                PRIMARY KEY (field, value, doc)) WITHOUT ROWID;
            CREATE INDEX IF NOT EXISTS facets_{g}_doc ON facets_{g}(doc, field, value);
            CREATE TABLE IF NOT EXISTS metrics_{g} (
                rowid INTEGER PRIMARY KEY, id TEXT NOT NULL UNIQUE, doc INTEGER NOT NULL,
                article_id TEXT NOT NULL, article_title TEXT, published TEXT,
                pub_desc TEXT NOT NULL, source TEXT, unit TEXT, value REAL NOT NULL, total REAL,
                percent REAL, change REAL, change_percent REAL, subject TEXT NOT NULL,
                subject_key TEXT NOT NULL, subject_fold TEXT NOT NULL, period TEXT, year TEXT,
                sentence TEXT NOT NULL, consistent INTEGER);
            CREATE INDEX IF NOT EXISTS metrics_{g}_doc ON metrics_{g}(doc);
            CREATE INDEX IF NOT EXISTS metrics_{g}_order ON metrics_{g}(pub_desc, id);
            """  # noqa: S608 - generation number only
        )

    @staticmethod
    def _drop_generation(conn: sqlite3.Connection, g: int) -> None:
        for table in (f"fts_{g}", f"facets_{g}", f"metrics_{g}", f"texts_{g}", f"docs_{g}"):
            conn.execute(f"DROP TABLE IF EXISTS {table}")

    # -- watermark --------------------------------------------------------
    def get_watermark(self) -> int:
        """Last store sequence indexed into the live generation (0 when empty)."""
        value = self._meta(f"seq.{self._active()}")
        return int(value) if value else 0

    def set_watermark(self, seq: int, generation: int | None = None) -> None:
        g = generation if generation is not None else self._active()
        conn = self._conn()
        with self._write_lock, conn:
            conn.execute("INSERT OR REPLACE INTO meta VALUES (?, ?)", (f"seq.{g}", str(seq)))

    def needs_rebuild(self) -> str | None:
        """Why the live index must be rebuilt with ``kiemsat reindex``, or ``None``."""
        version = self._meta("norm_version")
        if version != str(NORM_VERSION):
            return (
                f"the search index was built with text normalisation v{version}, "
                f"this kiemsat uses v{NORM_VERSION}"
            )
        return None

    # -- writing ----------------------------------------------------------
    def index_articles(self, articles: Iterable[Article], *, generation: int | None = None) -> int:
        docs = [index_doc(a) for a in articles]
        if not docs:
            return 0
        conn = self._conn()
        with self._write_lock, conn:
            g = generation if generation is not None else self._active(conn)
            ids = list({d.id: None for d in docs})
            for i in range(0, len(ids), 500):
                chunk = ids[i : i + 500]
                marks = ",".join("?" * len(chunk))
                for (aid,) in conn.execute(
                    f"SELECT id FROM docs_{g} WHERE id IN ({marks})",  # noqa: S608
                    chunk,
                ).fetchall():
                    self._delete_one(conn, g, aid)
            self._insert_many(conn, g, list({d.id: d for d in docs}.values()))
        return len(docs)

    def delete_articles(self, ids: Iterable[str], *, generation: int | None = None) -> int:
        conn = self._conn()
        n = 0
        with self._write_lock, conn:
            g = generation if generation is not None else self._active(conn)
            for aid in ids:
                n += self._delete_one(conn, g, aid)
        return n

    @staticmethod
    def _insert_many(conn: sqlite3.Connection, g: int, docs: list[IndexDoc]) -> None:
        """Insert new documents with a few ``executemany`` calls (rowids assigned here)."""
        first = conn.execute(f"SELECT COALESCE(MAX(rowid), 0) + 1 FROM docs_{g}").fetchone()[0]  # noqa: S608
        doc_rows, text_rows, fts_rows, facet_rows, metric_rows = [], [], [], [], []
        for rowid, doc in enumerate(docs, start=first):
            hit = {
                "url": doc.url,
                "units": doc.units,
                "people": doc.people,
                "story_id": doc.story_id,
            }
            doc_rows.append(
                (
                    rowid,
                    doc.id,
                    doc.story_key,
                    doc.source,
                    doc.event_type,
                    doc.published,
                    doc.published or "",
                    doc.published or "~",
                    doc.month,
                    doc.year,
                    int(doc.has_figures),
                )
            )
            text_rows.append((rowid, doc.title, doc.body, json.dumps(hit, ensure_ascii=False)))
            fts_rows.append((rowid, doc.title_acc, doc.body_acc, doc.title_fold, doc.body_fold))
            for field, values in (
                ("unit", doc.units),
                ("person", doc.people),
                ("document", doc.documents),
                ("province", doc.provinces),
            ):
                facet_rows += [(field, value, rowid) for value in values]
            metric_rows += [
                (
                    m.id,
                    rowid,
                    m.article_id,
                    m.article_title,
                    m.published,
                    m.published or "",
                    m.source,
                    m.unit,
                    m.value,
                    m.total,
                    m.percent,
                    m.change,
                    m.change_percent,
                    m.subject,
                    m.subject_key,
                    m.subject_fold,
                    m.period,
                    m.year,
                    m.sentence,
                    None if m.consistent is None else int(m.consistent),
                )
                for m in doc.metrics
            ]
        conn.executemany(
            f"""INSERT INTO docs_{g} (rowid, id, story_key, source, event_type, published, pub_desc,
                   pub_asc, ym, y, has_figures) VALUES (?,?,?,?,?,?,?,?,?,?,?)""",  # noqa: S608
            doc_rows,
        )
        conn.executemany(
            f"INSERT INTO texts_{g} (rowid, title, body, hit) VALUES (?,?,?,?)",  # noqa: S608
            text_rows,
        )
        conn.executemany(
            f"INSERT INTO fts_{g} (rowid, title_acc, body_acc, title_fold, body_fold) VALUES (?,?,?,?,?)",  # noqa: S608
            fts_rows,
        )
        conn.executemany(
            f"INSERT OR IGNORE INTO facets_{g} (field, value, doc) VALUES (?,?,?)",  # noqa: S608
            facet_rows,
        )
        conn.executemany(
            f"""INSERT INTO metrics_{g} (id, doc, article_id, article_title, published, pub_desc, source,
                   unit, value, total, percent, change, change_percent, subject, subject_key,
                   subject_fold, period, year, sentence, consistent)
                VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)""",  # noqa: S608
            metric_rows,
        )

    @staticmethod
    def _delete_one(conn: sqlite3.Connection, g: int, aid: str) -> int:
        row = conn.execute(
            f"SELECT t.rowid, t.title, t.body FROM docs_{g} d JOIN texts_{g} t ON t.rowid = d.rowid WHERE d.id = ?",  # noqa: S608
            (aid,),
        ).fetchone()
        if row is None:
            return 0
        rowid, title, body = row["rowid"], row["title"] or "", row["body"]
        # contentless FTS5: a row is deleted by giving back exactly the values indexed
        conn.execute(
            f"""INSERT INTO fts_{g} (fts_{g}, rowid, title_acc, body_acc, title_fold, body_fold)
                VALUES ('delete', ?, ?, ?, ?, ?)""",  # noqa: S608
            (rowid, *_streams(title, body)),
        )
        conn.execute(f"DELETE FROM facets_{g} WHERE doc = ?", (rowid,))  # noqa: S608
        conn.execute(f"DELETE FROM metrics_{g} WHERE doc = ?", (rowid,))  # noqa: S608
        conn.execute(f"DELETE FROM docs_{g} WHERE rowid = ?", (rowid,))  # noqa: S608
        conn.execute(f"DELETE FROM texts_{g} WHERE rowid = ?", (rowid,))  # noqa: S608
        return 1

    # -- rebuilding -------------------------------------------------------
    def begin_rebuild(self) -> int:
        """Create an empty generation to fill; searches keep using the live one."""
        conn = self._conn()
        with self._write_lock, conn:
            active, stale = self._active(conn), int(self._meta("building", conn) or 0)
            if stale and stale != active:  # left half-built by a rebuild that was killed
                self._drop_generation(conn, stale)
            g = max(active, stale) + 1
            self._drop_generation(conn, g)
            self._create_generation(conn, g)
            conn.execute("INSERT OR REPLACE INTO meta VALUES ('building', ?)", (str(g),))
        return g

    def finish_rebuild(self, g: int, seq: int) -> None:
        """Make generation ``g`` live (one transaction), then drop the old one."""
        conn = self._conn()
        with self._write_lock:
            with conn:
                old = self._active(conn)
                conn.execute(
                    "INSERT OR REPLACE INTO meta VALUES ('active', ?), (?, ?), ('norm_version', ?)",
                    (str(g), f"seq.{g}", str(seq), str(NORM_VERSION)),
                )
                conn.execute("DELETE FROM meta WHERE key IN ('building', ?)", (f"seq.{old}",))
            with conn:
                self._drop_generation(conn, old)
            conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")

    # -- reading ----------------------------------------------------------
    def count(self) -> int:
        g = self._active()
        return self._conn().execute(f"SELECT COUNT(*) FROM docs_{g}").fetchone()[0]  # noqa: S608

    def health(self) -> dict[str, Any]:
        return {
            "backend": self.name,
            "articles": self.count(),
            "path": str(self.path),
            "watermark": self.get_watermark(),
        }

    def size_bytes(self) -> int:
        return sum(
            p.stat().st_size for p in (self.path, Path(str(self.path) + "-wal")) if p.exists()
        )

    def _filters(
        self, query: SearchQuery, g: int, skip: str | None = None
    ) -> tuple[list[str], list[Any]]:
        where: list[str] = []
        params: list[Any] = []
        for name in FACETS:
            values = getattr(query, name)
            if not values or name == skip:
                continue
            marks = ",".join("?" * len(values))
            if name in _SINGLE:
                where.append(f"{_SINGLE[name]} IN ({marks})")
                params += values
            else:
                where.append(
                    f"d.rowid IN (SELECT doc FROM facets_{g} WHERE field = ? AND value IN ({marks}))"  # noqa: S608
                )
                params += [_MULTI[name], *values]
        if query.date_from:
            where.append("d.published >= ?")
            params.append(query.date_from)
        if query.date_to:
            where.append("d.published <= ?")
            params.append(query.date_to)
        if query.has_figures is not None:
            where.append("d.has_figures = ?")
            params.append(int(query.has_figures))
        return where, params

    def search(self, query: SearchQuery) -> SearchResult:
        validate(query)
        started = time.perf_counter()
        parsed = parse(query.q)
        positive, negative = match_expressions(parsed)
        conn = self._conn()
        conn.execute("BEGIN")  # one snapshot for totals, facets and hits
        try:
            g = self._active(conn)
            if positive:
                conn.execute(
                    "CREATE TEMP TABLE IF NOT EXISTS hits (rowid INTEGER PRIMARY KEY, score REAL)"
                )
                conn.execute("DELETE FROM temp.hits")
                try:
                    conn.execute(
                        f"""INSERT INTO temp.hits SELECT rowid, bm25(fts_{g}, ?, ?, ?, ?)
                            FROM fts_{g} WHERE fts_{g} MATCH ?""",  # noqa: S608
                        (*WEIGHTS, positive),
                    )
                except sqlite3.OperationalError as exc:  # pragma: no cover - defensive
                    raise QueryError(f"q could not be searched: {exc}", "q") from exc
                source_sql = f"temp.hits h JOIN docs_{g} d ON d.rowid = h.rowid"  # noqa: S608
                score = "h.score"
                base_where: list[str] = []
                base_params: list[Any] = []
            else:
                source_sql = f"docs_{g} d"
                score = "0.0"
                base_where, base_params = [], []
                if negative:
                    base_where.append(
                        f"d.rowid NOT IN (SELECT rowid FROM fts_{g} WHERE fts_{g} MATCH ?)"  # noqa: S608
                    )
                    base_params.append(negative)
            result = self._run(conn, g, query, parsed, source_sql, score, base_where, base_params)
        finally:
            conn.execute("COMMIT")
        result.took_ms = round((time.perf_counter() - started) * 1000, 2)
        return result

    def _run(
        self,
        conn: sqlite3.Connection,
        g: int,
        query: SearchQuery,
        parsed: Query,
        source_sql: str,
        score: str,
        base_where: list[str],
        base_params: list[Any],
    ) -> SearchResult:
        def where_sql(
            skip: str | None = None, extra: list[str] | None = None
        ) -> tuple[str, list[Any]]:
            w, p = self._filters(query, g, skip)
            clauses = base_where + w + (extra or [])
            return ("WHERE " + " AND ".join(clauses)) if clauses else "", base_params + p

        # total
        w, p = where_sql()
        count_expr = "COUNT(DISTINCT d.story_key)" if query.collapse else "COUNT(*)"
        total = conn.execute(f"SELECT {count_expr} FROM {source_sql} {w}", p).fetchone()[0]  # noqa: S608

        # facets
        facets: dict[str, list[FacetValue]] = {}
        for name in query.facets:
            w, p = where_sql(skip=name)
            if name in _SINGLE:
                col = _SINGLE[name]
                sql = f"""SELECT {col} AS value, COUNT(*) AS n FROM {source_sql} {w}
                          GROUP BY {col} ORDER BY n DESC, value LIMIT ?"""  # noqa: S608
                rows = conn.execute(sql, [*p, query.facet_size]).fetchall()
            else:
                sql = f"""SELECT f.value AS value, COUNT(*) AS n FROM {source_sql}
                          JOIN facets_{g} f ON f.doc = d.rowid AND f.field = ? {w}
                          GROUP BY f.value ORDER BY n DESC, f.value LIMIT ?"""  # noqa: S608
                rows = conn.execute(sql, [_MULTI[name], *p, query.facet_size]).fetchall()
            selected = set(getattr(query, name))
            facets[name] = [FacetValue(r["value"], r["n"], r["value"] in selected) for r in rows]

        # histogram
        histogram: list[FacetValue] = []
        if query.histogram:
            col = "d.ym" if query.histogram == "month" else "d.y"
            w, p = where_sql(extra=[f"{col} IS NOT NULL"])
            rows = conn.execute(
                f"SELECT {col} AS k, COUNT(*) AS n FROM {source_sql} {w} GROUP BY {col} ORDER BY {col}",  # noqa: S608
                p,
            ).fetchall()
            histogram = [FacetValue(r["k"], r["n"]) for r in rows]

        # the page
        order, key_cols, after = self._order(query, score)
        extra: list[str] = []
        extra_params: list[Any] = []
        offset = 0
        if query.cursor:
            key = cursors.decode(self.name, query)
            if len(key) != len(key_cols):
                raise QueryError(
                    "cursor is not valid (take it from next_cursor unchanged)", "cursor"
                )
            cond, cond_params = after(key)
            extra.append(cond)
            extra_params += cond_params
        else:
            offset = (query.page - 1) * query.size
        w, p = where_sql(extra=extra)
        p = p + extra_params
        cols = f"d.rowid, d.id, d.story_key, d.source, d.event_type, d.published, d.pub_desc, d.pub_asc, {score} AS score"
        if query.collapse:
            sql = f"""SELECT * FROM (SELECT {cols}, ROW_NUMBER() OVER (PARTITION BY d.story_key ORDER BY {order}) AS rn
                      FROM {source_sql} {w}) AS d WHERE rn = 1 ORDER BY {order.replace("h.score", "score")} LIMIT ? OFFSET ?"""  # noqa: S608
        else:
            sql = f"SELECT {cols} FROM {source_sql} {w} ORDER BY {order} LIMIT ? OFFSET ?"  # noqa: S608
        rows = conn.execute(sql, [*p, query.size + 1, offset]).fetchall()
        more = len(rows) > query.size
        rows = rows[: query.size]
        texts = self._texts(conn, g, [r["rowid"] for r in rows])
        hits = [self._hit(r, texts[r["rowid"]], parsed, query.highlight) for r in rows]
        if query.collapse and rows:
            self._add_copies(conn, g, query, source_sql, score, where_sql, hits)
        next_cursor = None
        if more and rows and not query.collapse:
            next_cursor = cursors.encode(self.name, query, [rows[-1][c] for c in key_cols])
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
    def _order(query: SearchQuery, score: str):
        """ORDER BY, the row columns of the sort key, and a builder of the "after" condition."""
        if query.sort == "relevance":
            order = f"{score} ASC, d.pub_desc DESC, d.id ASC"
            key_cols = ["score", "pub_desc", "id"]

            def after(k: list[Any]) -> tuple[str, list[Any]]:
                return (
                    f"({score} > ? OR ({score} = ? AND (d.pub_desc < ? OR (d.pub_desc = ? AND d.id > ?))))",
                    [k[0], k[0], k[1], k[1], k[2]],
                )

        elif query.sort == "-date":
            order = "d.pub_desc DESC, d.id ASC"
            key_cols = ["pub_desc", "id"]

            def after(k: list[Any]) -> tuple[str, list[Any]]:
                return "(d.pub_desc < ? OR (d.pub_desc = ? AND d.id > ?))", [k[0], k[0], k[1]]

        else:
            order = "d.pub_asc ASC, d.id ASC"
            key_cols = ["pub_asc", "id"]

            def after(k: list[Any]) -> tuple[str, list[Any]]:
                return "(d.pub_asc > ? OR (d.pub_asc = ? AND d.id > ?))", [k[0], k[0], k[1]]

        return order, key_cols, after

    @staticmethod
    def _texts(conn: sqlite3.Connection, g: int, rowids: list[int]) -> dict[int, sqlite3.Row]:
        if not rowids:
            return {}
        marks = ",".join("?" * len(rowids))
        rows = conn.execute(
            f"SELECT rowid, title, body, hit FROM texts_{g} WHERE rowid IN ({marks})",  # noqa: S608
            rowids,
        ).fetchall()
        return {r["rowid"]: r for r in rows}

    def _hit(self, row: sqlite3.Row, text: sqlite3.Row, parsed: Query, highlight: bool) -> Hit:
        extra = json.loads(text["hit"])
        return Hit(
            id=row["id"],
            score=None if row["score"] is None else round(-float(row["score"]), 4),
            title=text["title"],
            published=row["published"],
            source=row["source"],
            url=extra.get("url"),
            units=extra.get("units") or [],
            people=extra.get("people") or [],
            event_type=row["event_type"],
            snippet=snippet(text["body"], parsed if highlight else None),
            story_id=extra.get("story_id"),
        )

    def _add_copies(self, conn, g, query, source_sql, score, where_sql, hits: list[Hit]) -> None:
        keys = [h.story_id or h.id for h in hits]
        marks = ",".join("?" * len(keys))
        w, p = where_sql(extra=[f"d.story_key IN ({marks})"])
        rows = conn.execute(
            f"""SELECT d.id, d.story_key, d.source, t.title, d.published, t.hit FROM {source_sql}
                JOIN texts_{g} t ON t.rowid = d.rowid {w}
                ORDER BY d.pub_desc DESC, d.id ASC""",  # noqa: S608
            [*p, *keys],
        ).fetchall()
        by_key: dict[str, list[dict[str, Any]]] = {}
        for r in rows:
            by_key.setdefault(r["story_key"], []).append(
                {
                    "id": r["id"],
                    "source": r["source"],
                    "title": r["title"],
                    "published": r["published"],
                    "url": json.loads(r["hit"]).get("url"),
                }
            )
        for hit in hits:
            hit.copies = [c for c in by_key.get(hit.story_id or hit.id, []) if c["id"] != hit.id][
                :10
            ]

    # -- figures ----------------------------------------------------------
    def metrics(self, query: MetricQuery) -> MetricResult:
        validate_metrics(query)
        conn = self._conn()
        conn.execute("BEGIN")
        try:
            g = self._active(conn)
            where, params = self._metric_filters(query)
            w = "WHERE " + " AND ".join(where) if where else ""
            src = f"metrics_{g} m"
            total = conn.execute(f"SELECT COUNT(*) FROM {src} {w}", params).fetchone()[0]  # noqa: S608
            rows = conn.execute(
                f"SELECT m.* FROM {src} {w} ORDER BY m.pub_desc DESC, m.id ASC LIMIT ? OFFSET ?",  # noqa: S608
                [*params, query.size, (query.page - 1) * query.size],
            ).fetchall()
            buckets: list[MetricBucket] = []
            if query.group_by:
                col = {"unit": "m.unit", "year": "m.year", "subject": "m.subject_key"}[
                    query.group_by
                ]
                extra = f"{col} IS NOT NULL"
                w2 = f"{w} AND {extra}" if w else f"WHERE {extra}"
                buckets = [
                    MetricBucket(r[0], r[1], float(r[2] or 0.0))
                    for r in conn.execute(
                        f"""SELECT {col}, COUNT(*) AS n, SUM(m.value) FROM {src} {w2}
                            GROUP BY {col} ORDER BY n DESC, {col} LIMIT 1000""",  # noqa: S608
                        params,
                    )
                ]
        finally:
            conn.execute("COMMIT")
        return MetricResult(total=total, rows=[_metric_row(r) for r in rows], buckets=buckets)

    @staticmethod
    def _metric_filters(query: MetricQuery) -> tuple[list[str], list[Any]]:
        where: list[str] = []
        params: list[Any] = []
        if query.subject.strip():
            parsed = parse(query.subject)
            if not parsed.empty:
                sql, p = _subject_condition(parsed)
                where.append(sql)
                params += p
        for name in ("unit", "source"):
            values = getattr(query, name)
            if values:
                where.append(f"m.{name} IN ({','.join('?' * len(values))})")
                params += values
        if query.period:
            where.append("m.period = ?")
            params.append(query.period)
        if query.year is not None:
            where.append("m.year = ?")
            params.append(str(query.year))
        if query.value_min is not None:
            where.append("m.value >= ?")
            params.append(query.value_min)
        if query.value_max is not None:
            where.append("m.value <= ?")
            params.append(query.value_max)
        if query.article:
            where.append("m.article_id = ?")
            params.append(query.article)
        return where, params


def _streams(title: str, body: str) -> tuple[str, str, str, str]:
    """The four FTS column values of (title, body), in column order."""
    title_acc, title_fold = token_streams(title)
    body_acc, body_fold = token_streams(body)
    return title_acc, body_acc, title_fold, body_fold


def _metric_row(r: sqlite3.Row) -> MetricRow:
    return MetricRow(
        id=r["id"],
        article_id=r["article_id"],
        article_title=r["article_title"],
        published=r["published"],
        source=r["source"],
        unit=r["unit"],
        value=r["value"],
        total=r["total"],
        percent=r["percent"],
        change=r["change"],
        change_percent=r["change_percent"],
        subject=r["subject"],
        period=r["period"],
        sentence=r["sentence"],
        consistent=None if r["consistent"] is None else bool(r["consistent"]),
    )
