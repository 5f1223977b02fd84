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

import numpy as np

from kiemsat.model import Article
from search_api import cursor as cursors
from search_api import documents, sqlite_columns
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
from search_api.text import NORM_VERSION, abbreviation_mark, abbreviation_marks, token_streams
from search_api.validation import validate, validate_metrics

SCHEMA_VERSION = 3  # table layout of a generation; another value is rebuilt from scratch
# bm25 weights of (title_acc, body_acc, title_fold, body_fold, abbr)
WEIGHTS = (6.0, 2.0, 3.0, 1.0, 1.0)
# A query matching more articles than this is ordered newest first instead of by
# bm25: scoring every one of them costs more than the latency budget on one core.
RANK_CAP = 10_000
# Documents inserted per executemany round while worker processes prepare the next ones.
INSERT_CHUNK = 100


def _q(token: str) -> str:
    """One FTS5 string: double quotes doubled, so the token is never syntax."""
    return '"' + token.replace('"', '""') + '"'


def _leaf_expr(leaf: Leaf) -> str:
    mark = abbreviation_mark(leaf.folded)
    if mark:  # an abbreviation or its full form: one mark token, not a long phrase
        return f"{{abbr}} : {_q(mark)}"
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
        self._cols: sqlite_columns.Columns | None = None
        self._cols_lock = threading.Lock()
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
                title_acc, body_acc, title_fold, body_fold, abbr,
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
        articles = list(articles)
        for a in articles:
            if not a.id:
                index_doc(a)  # raises the clear error before anything is written
        # one document per id: the last version, at the place of the first
        unique = list({a.id: a for a in articles}.values())
        if not unique:
            return 0
        conn = self._conn()
        with self._write_lock, conn:
            g = generation if generation is not None else self._active(conn)
            # documents are prepared (tokenised) in worker processes for large
            # batches, and inserted here while the workers prepare the next ones
            for docs in documents.prepared_batches(unique, INSERT_CHUNK):
                ids = [d.id for d in docs]
                marks = ",".join("?" * len(ids))
                for (aid,) in conn.execute(
                    f"SELECT id FROM docs_{g} WHERE id IN ({marks})",  # noqa: S608
                    ids,
                ).fetchall():
                    self._delete_one(conn, g, aid)
                self._insert_many(conn, g, docs)
            _bump_version(conn)
        return len(articles)

    def delete_articles(self, ids: Iterable[str], *, generation: int | None = None) -> int:
        conn = self._conn()
        n = 0
        with self._write_lock, conn:
            g = generation if generation is not None else self._active(conn)
            for aid in ids:
                n += self._delete_one(conn, g, aid)
            _bump_version(conn)
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
            fts_rows.append(
                (rowid, doc.title_acc, doc.body_acc, doc.title_fold, doc.body_fold, doc.abbr)
            )
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
            f"INSERT INTO fts_{g} (rowid, title_acc, body_acc, title_fold, body_fold, abbr) VALUES (?,?,?,?,?,?)",  # noqa: S608
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
            f"""INSERT INTO fts_{g} (fts_{g}, rowid, title_acc, body_acc, title_fold, body_fold, abbr)
                VALUES ('delete', ?, ?, ?, ?, ?, ?)""",  # noqa: S608
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
                _bump_version(conn)
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

    def _columns(self, conn: sqlite3.Connection, g: int) -> sqlite_columns.Columns:
        stamp = f"{g}:{self._meta('version', conn) or 0}"
        cols = self._cols
        if cols is None or cols.stamp != stamp:
            with self._cols_lock:
                cols = self._cols
                if cols is None or cols.stamp != stamp:
                    cols = sqlite_columns.load(conn, g, stamp)
                    self._cols = cols
        return cols

    @staticmethod
    def _filter_masks(query: SearchQuery, cols: sqlite_columns.Columns) -> dict[str, np.ndarray]:
        """One boolean mask over rowids per active filter (facet filters by facet name)."""
        masks: dict[str, np.ndarray] = {}
        for name in FACETS:
            values = getattr(query, name)
            if not values:
                continue
            if name in cols.single:
                masks[name] = cols.single[name].mask(values)
            else:
                masks[name] = cols.multi[name].mask(values, cols.size)
        if query.date_from or query.date_to:
            lo = query.date_from or "0000-00-00"
            hi = query.date_to or "9999-99-99"
            masks["_dates"] = (cols.pub_desc >= lo) & (cols.pub_desc <= hi) & (cols.pub_desc != "")
        if query.has_figures is not None:
            masks["_figures"] = cols.has_figures == query.has_figures
        return masks

    def search(self, query: SearchQuery) -> SearchResult:
        validate(query)
        started = time.perf_counter()
        parsed = parse(query.q)
        positive, negative = match_expressions(parsed)
        ranked = bool(positive) and query.sort == "relevance"
        conn = self._conn()
        conn.execute("BEGIN")  # one snapshot for totals, facets and hits
        try:
            g = self._active(conn)
            cols = self._columns(conn, g)
            scores = None
            if positive:
                match = np.zeros(cols.size, dtype=bool)
                # the match set first (no scoring: cheap), then bm25 only when it is
                # small enough to score within the latency budget
                rowids = self._rowids(conn, g, positive)
                if ranked and len(rowids) <= RANK_CAP:
                    cur = self._plain_cursor(conn)
                    rows = cur.execute(
                        f"SELECT rowid, bm25(fts_{g}, {', '.join(map(str, WEIGHTS))}) FROM fts_{g} WHERE fts_{g} MATCH ?",  # noqa: S608
                        (positive,),
                    ).fetchall()
                    rowids = np.array([r[0] for r in rows], dtype=np.int64)
                    keep = rowids < cols.size
                    scores = np.zeros(cols.size, dtype=np.float64)
                    scores[rowids[keep]] = np.array([r[1] for r in rows], dtype=np.float64)[keep]
                match[rowids[rowids < cols.size]] = True
                match &= cols.valid
            else:
                match = cols.valid.copy()
                if negative:
                    excluded = self._rowids(conn, g, negative)
                    match[excluded[excluded < cols.size]] = False
            result = self._answer(conn, g, query, parsed, cols, match, scores)
        finally:
            conn.execute("COMMIT")
        result.took_ms = round((time.perf_counter() - started) * 1000, 2)
        return result

    @staticmethod
    def _plain_cursor(conn: sqlite3.Connection) -> sqlite3.Cursor:
        """A cursor giving plain tuples: no ``sqlite3.Row`` per row of a large match set."""
        cur = conn.cursor()
        cur.row_factory = None
        return cur

    def _rowids(self, conn: sqlite3.Connection, g: int, expression: str) -> np.ndarray:
        """Rowids of the FTS rows matching ``expression``."""
        cur = self._plain_cursor(conn)
        cur.execute(f"SELECT rowid FROM fts_{g} WHERE fts_{g} MATCH ?", (expression,))  # noqa: S608
        return np.fromiter((r[0] for r in cur), dtype=np.int64)

    def _answer(
        self,
        conn: sqlite3.Connection,
        g: int,
        query: SearchQuery,
        parsed: Query,
        cols: sqlite_columns.Columns,
        match: np.ndarray,
        scores: np.ndarray | None,
    ) -> SearchResult:
        masks = self._filter_masks(query, cols)

        def combined(skip: str | None = None) -> np.ndarray:
            out = match.copy()
            for name, m in masks.items():
                if name != skip:
                    out &= m
            return out

        selected = combined()
        cand = np.flatnonzero(selected)

        # facets (disjunctive: each ignores its own filter)
        facets: dict[str, list[FacetValue]] = {}
        for name in query.facets:
            m = combined(skip=name) if name in masks else selected
            if name in cols.single:
                coded = cols.single[name]
                codes = coded.codes[m]
                counts = np.bincount(codes[codes >= 0], minlength=len(coded.labels))
                labels = coded.labels
            else:
                multi = cols.multi[name]
                counts = np.bincount(multi.codes[m[multi.docs]], minlength=len(multi.labels))
                labels = multi.labels
            nonzero = np.flatnonzero(counts)
            # count descending, then value ascending (labels are sorted, so code order)
            order = nonzero[np.lexsort((nonzero, -counts[nonzero]))][: query.facet_size]
            chosen = set(getattr(query, name))
            facets[name] = [
                FacetValue(labels[i], int(counts[i]), labels[i] in chosen) for i in order
            ]

        histogram: list[FacetValue] = []
        if query.histogram:
            coded = cols.single["ym" if query.histogram == "month" else "y"]
            codes = coded.codes[selected]
            counts = np.bincount(codes[codes >= 0], minlength=len(coded.labels))
            histogram = [
                FacetValue(coded.labels[i], int(counts[i])) for i in np.flatnonzero(counts)
            ]

        # order the candidates: bm25 (lower is better), then newest, then id
        if scores is not None:
            keys = (cols.rank_desc[cand], scores[cand])
        elif query.sort == "date":
            keys = (cols.rank_asc[cand],)
        else:
            keys = (cols.rank_desc[cand],)
        ordered = cand[np.lexsort(keys)] if len(cand) else cand
        if query.collapse:
            stories = cols.story[ordered]
            _, first = np.unique(stories, return_index=True)
            total = len(first)
            ordered = ordered[np.sort(first)]
        else:
            total = len(cand)
        if query.cursor:
            key = cursors.decode(self.name, query)
            ordered = ordered[self._after(query, cols, scores, ordered, key)]
            page = ordered[: query.size + 1]
        else:
            offset = (query.page - 1) * query.size
            page = ordered[offset : offset + query.size + 1]
        more = len(page) > query.size
        page = page[: query.size]
        rowids = [int(r) for r in page]
        texts = self._texts(conn, g, rowids)
        hits = [self._hit(cols, r, texts[r], scores, query, parsed) for r in rowids]
        if query.collapse and hits:
            self._add_copies(conn, g, cols, selected, hits)
        next_cursor = None
        if more and rowids and not query.collapse:
            last = rowids[-1]
            if query.sort == "relevance":
                score = float(scores[last]) if scores is not None else 0.0
                key = [score, str(cols.pub_desc[last]), str(cols.ids[last])]
            elif query.sort == "-date":
                key = [str(cols.pub_desc[last]), str(cols.ids[last])]
            else:
                key = [str(cols.pub_asc[last]), str(cols.ids[last])]
            next_cursor = cursors.encode(self.name, query, key)
        return SearchResult(
            total=int(total),
            hits=hits,
            facets=facets,
            histogram=histogram,
            took_ms=0.0,
            next_cursor=next_cursor,
            page=query.page,
            size=query.size,
        )

    @staticmethod
    def _after(query, cols, scores, ordered: np.ndarray, key: list[Any]) -> np.ndarray:
        """Mask of ``ordered`` rows that come after the cursor's sort key."""
        try:
            if query.sort == "relevance":
                s, p, i = float(key[0]), str(key[1]), str(key[2])
                sc = scores[ordered] if scores is not None else np.zeros(len(ordered))
                pd, ids = cols.pub_desc[ordered], cols.ids[ordered]
                return (sc > s) | ((sc == s) & ((pd < p) | ((pd == p) & (ids > i))))
            p, i = str(key[0]), str(key[1])
            ids = cols.ids[ordered]
            if query.sort == "-date":
                pd = cols.pub_desc[ordered]
                return (pd < p) | ((pd == p) & (ids > i))
            pa = cols.pub_asc[ordered]
            return (pa > p) | ((pa == p) & (ids > i))
        except (ValueError, TypeError, IndexError) as exc:
            raise QueryError(
                "cursor is not valid (take it from next_cursor unchanged)", "cursor"
            ) from exc

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

    def _hit(self, cols, rowid: int, text: sqlite3.Row, scores, query, parsed: Query) -> Hit:
        extra = json.loads(text["hit"])
        if query.sort != "relevance":
            score = None
        elif scores is None:
            score = 0.0
        else:
            score = round(-float(scores[rowid]), 4)
        published = cols.pub_desc[rowid] or None
        return Hit(
            id=str(cols.ids[rowid]),
            score=score,
            title=text["title"],
            published=str(published) if published else None,
            source=cols.single["source"].labels[cols.single["source"].codes[rowid]],
            url=extra.get("url"),
            units=extra.get("units") or [],
            people=extra.get("people") or [],
            event_type=cols.single["event_type"].labels[cols.single["event_type"].codes[rowid]],
            snippet=snippet(text["body"], parsed if query.highlight else None),
            story_id=extra.get("story_id"),
        )

    def _add_copies(self, conn, g, cols, selected: np.ndarray, hits: list[Hit]) -> None:
        """The other matching copies of each hit's story, newest first."""
        story_codes = {
            int(cols.story[r]) for r in np.flatnonzero(np.isin(cols.ids, [h.id for h in hits]))
        }
        members = np.flatnonzero(selected & np.isin(cols.story, list(story_codes)))
        members = members[np.argsort(cols.rank_desc[members])]
        texts = self._texts(conn, g, [int(r) for r in members])
        by_story: dict[str, list[dict[str, Any]]] = {}
        for r in members:
            r = int(r)
            text = texts[r]
            key = json.loads(text["hit"]).get("story_id") or str(cols.ids[r])
            by_story.setdefault(key, []).append(
                {
                    "id": str(cols.ids[r]),
                    "source": cols.single["source"].labels[cols.single["source"].codes[r]],
                    "title": text["title"],
                    "published": str(cols.pub_desc[r]) or None,
                    "url": json.loads(text["hit"]).get("url"),
                }
            )
        for hit in hits:
            copies = by_story.get(hit.story_id or hit.id, [])
            hit.copies = [c for c in copies if c["id"] != hit.id][:10]

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


def _bump_version(conn: sqlite3.Connection) -> None:
    """Tell every process's column cache that the index changed."""
    conn.execute(
        "INSERT INTO meta VALUES ('version', '1') "
        "ON CONFLICT(key) DO UPDATE SET value = CAST(value AS INTEGER) + 1"
    )


def _streams(title: str, body: str) -> tuple[str, str, str, str, str]:
    """The four FTS column values of (title, body), in column order."""
    title_acc, title_fold = token_streams(title)
    body_acc, body_fold = token_streams(body)
    return (
        title_acc,
        body_acc,
        title_fold,
        body_fold,
        abbreviation_marks(f"{title_fold} {body_fold}"),
    )


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
