"""Who appears where: people, units and cited documents, derived from the store.

The API's people, units and documents pages are computed from the store's
articles rather than through the search backend, so they give the same answers
whichever backend serves search (the embedded one or Elasticsearch) and need
nothing from the index. Scanning every article's JSON on every request would
not scale to years of briefings, so the catalog keeps three small derived
tables (one row per person, unit or document mention) in SQLite's ``temp``
schema of its own read-only connection to the store, filled with
``json_each`` over ``articles.data``. It follows the store's sequence number:
before answering, it applies only the articles changed since it last looked
(and the tombstones of deleted ones), so a long-running server stays current
without rebuilding, and the store itself is never written.
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
import threading
import unicodedata
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from kiemsat.store import StoreError

_SCHEMA = """
CREATE TEMP TABLE IF NOT EXISTS c_people (
    article_id TEXT NOT NULL, pid TEXT NOT NULL, name TEXT NOT NULL, fold TEXT NOT NULL,
    titles TEXT NOT NULL, unit TEXT, mentions INTEGER NOT NULL, published TEXT, site TEXT
);
CREATE INDEX IF NOT EXISTS temp.c_people_pid ON c_people(pid);
CREATE INDEX IF NOT EXISTS temp.c_people_article ON c_people(article_id);
CREATE INDEX IF NOT EXISTS temp.c_people_unit ON c_people(unit);
CREATE TEMP TABLE IF NOT EXISTS c_units (
    article_id TEXT NOT NULL, uid TEXT NOT NULL, name TEXT NOT NULL, fold TEXT NOT NULL,
    level TEXT, mentions INTEGER NOT NULL, published TEXT, site TEXT
);
CREATE INDEX IF NOT EXISTS temp.c_units_uid ON c_units(uid);
CREATE INDEX IF NOT EXISTS temp.c_units_article ON c_units(article_id);
CREATE TEMP TABLE IF NOT EXISTS c_docs (
    article_id TEXT NOT NULL, key TEXT NOT NULL, number TEXT NOT NULL, fold TEXT NOT NULL,
    type TEXT, issuer TEXT, date TEXT, text TEXT, published TEXT, site TEXT
);
CREATE INDEX IF NOT EXISTS temp.c_docs_key ON c_docs(key);
CREATE INDEX IF NOT EXISTS temp.c_docs_article ON c_docs(article_id);
"""

_FILL = {
    "c_people": """
        INSERT INTO c_people
        SELECT a.id, kid(json_extract(p.value, '$.name')), json_extract(p.value, '$.name'),
               fold(json_extract(p.value, '$.name')),
               COALESCE(json_extract(p.value, '$.titles'), '[]'), json_extract(p.value, '$.unit'),
               COALESCE(json_extract(p.value, '$.mentions'), 1), a.published, a.site
        FROM main.articles a, json_each(a.data, '$.people') p
        WHERE a.seq > ? AND COALESCE(json_extract(p.value, '$.name'), '') != ''
    """,
    "c_units": """
        INSERT INTO c_units
        SELECT a.id, kid(json_extract(u.value, '$.name')), json_extract(u.value, '$.name'),
               fold(json_extract(u.value, '$.name')), json_extract(u.value, '$.level'),
               COALESCE(json_extract(u.value, '$.mentions'), 1), a.published, a.site
        FROM main.articles a, json_each(a.data, '$.units') u
        WHERE a.seq > ? AND COALESCE(json_extract(u.value, '$.name'), '') != ''
    """,
    "c_docs": """
        INSERT INTO c_docs
        SELECT a.id, doc_key(json_extract(d.value, '$.number')), json_extract(d.value, '$.number'),
               fold(json_extract(d.value, '$.type') || ' ' || json_extract(d.value, '$.number')),
               json_extract(d.value, '$.type'), json_extract(d.value, '$.issuer'),
               json_extract(d.value, '$.date'), json_extract(d.value, '$.text'), a.published, a.site
        FROM main.articles a, json_each(a.data, '$.documents') d
        WHERE a.seq > ? AND COALESCE(json_extract(d.value, '$.number'), '') != ''
    """,
}


def fold(text: str | None) -> str:
    """Lower-case, accent-free form for matching names typed without diacritics.

    ``đ`` has no Unicode decomposition, so it is mapped by hand.
    """
    if not text:
        return ""
    decomposed = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    stripped = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(stripped.casefold().split())


def entity_key(name: str | None) -> str:
    """The identity of a person or unit name: NFC, case and spacing ignored, accents kept."""
    return " ".join(unicodedata.normalize("NFC", name or "").casefold().split())


def entity_id(name: str | None) -> str:
    """Stable 12-hex id of a person or unit name, for URLs (``/api/people/<id>``)."""
    return hashlib.sha1(entity_key(name).encode("utf-8")).hexdigest()[:12]


def document_key(number: str | None) -> str:
    """How a document number is matched: no spaces, upper-case (``03/ct-vkstc`` = ``03/CT-VKSTC``)."""
    return "".join(unicodedata.normalize("NFC", number or "").split()).upper()


@dataclass
class Page:
    total: int
    items: list[dict[str, Any]]


class Catalog:
    """People, units and documents of the store's articles, kept in step with the store."""

    def __init__(self, store_path: str | Path) -> None:
        self.store_path = Path(store_path)
        self._lock = threading.RLock()
        self._conn: sqlite3.Connection | None = None
        self._seq = 0

    # -- upkeep ---------------------------------------------------------------
    def _connection(self) -> sqlite3.Connection:
        if self._conn is None:
            if not self.store_path.exists():
                raise StoreError(f"store not found: {self.store_path}")
            conn = sqlite3.connect(
                f"file:{self.store_path.resolve()}?mode=ro",
                uri=True,
                timeout=30,
                check_same_thread=False,
            )
            conn.row_factory = sqlite3.Row
            conn.execute("PRAGMA busy_timeout = 30000")
            conn.create_function("kid", 1, entity_id, deterministic=True)
            conn.create_function("fold", 1, fold, deterministic=True)
            conn.create_function("doc_key", 1, document_key, deterministic=True)
            conn.executescript(_SCHEMA)
            self._conn = conn
        return self._conn

    def refresh(self) -> None:
        """Apply the store's changes since the last call (all of it the first time)."""
        with self._lock:
            conn = self._connection()
            current = conn.execute("SELECT value FROM main.counters WHERE name = 'seq'").fetchone()[
                0
            ]
            if current == self._seq:
                return
            with conn:
                if self._seq:
                    gone = [
                        r[0]
                        for r in conn.execute(
                            "SELECT id FROM main.articles WHERE seq > ? "
                            "UNION SELECT id FROM main.tombstones WHERE seq > ?",
                            (self._seq, self._seq),
                        )
                    ]
                    for table in _FILL:
                        conn.executemany(
                            f"DELETE FROM {table} WHERE article_id = ?",  # noqa: S608 - fixed table names
                            [(g,) for g in gone],
                        )
                for sql in _FILL.values():
                    conn.execute(sql, (self._seq,))
            self._seq = current

    def _rows(self, sql: str, params: tuple | list = ()) -> list[sqlite3.Row]:
        with self._lock:
            self.refresh()
            return self._connection().execute(sql, params).fetchall()

    def close(self) -> None:
        with self._lock:
            if self._conn is not None:
                self._conn.close()
                self._conn = None
                self._seq = 0

    # -- people -----------------------------------------------------------------
    def _mentions(self, table: str, key: str, value: str) -> list[sqlite3.Row]:
        """Every mention of one entity with its article's title and URL, newest first."""
        return self._rows(
            f"""SELECT m.*, a.title AS article_title, a.url AS article_url
                FROM {table} m JOIN main.articles a ON a.id = m.article_id
                WHERE m.{key} = ? ORDER BY m.published IS NULL, m.published DESC, m.article_id""",  # noqa: S608 - fixed names
            (value,),
        )

    def listing(self, kind: str, req: Any) -> Page:
        """The ``people``, ``units`` or ``documents`` list for a :class:`search_api.params.ListRequest`."""
        if kind == "people":
            return self.people(q=req.q, unit=req.unit, sort=req.sort, page=req.page, size=req.size)
        if kind == "units":
            return self.units(q=req.q, level=req.level, sort=req.sort, page=req.page, size=req.size)
        return self.documents(q=req.q, page=req.page, size=req.size)

    def _grouped(
        self,
        table: str,
        key: str,
        columns: str,
        filters: list[tuple[str, Any]],
        order: str,
        page: int,
        size: int,
    ) -> Page:
        """One row per entity of ``table`` (grouped by ``key``), filtered, ordered and paged."""
        where = " AND ".join(["1=1", *(f for f, _ in filters)])
        values = [v for _, v in filters]
        base = f"FROM {table} WHERE {where}"  # noqa: S608 - fixed fragments, values bound
        total = self._rows(f"SELECT COUNT(DISTINCT {key}) {base}", values)[0][0]  # noqa: S608
        rows = self._rows(
            f"""SELECT {columns}, COUNT(DISTINCT article_id) AS articles,
                       MIN(published) AS first_seen, MAX(published) AS last_seen
                {base} GROUP BY {key} ORDER BY {order} LIMIT ? OFFSET ?""",  # noqa: S608
            [*values, size, (page - 1) * size],
        )
        return Page(total, [dict(r) for r in rows])

    def people(
        self, *, q: str = "", unit: str = "", sort: str = "count", page: int = 1, size: int = 50
    ) -> Page:
        """Everyone who appears, with article counts and first/last appearance."""
        filters = _name_filter(q)
        if unit:
            filters.append(("pid IN (SELECT pid FROM c_people WHERE unit = ?)", unit))
        result = self._grouped(
            "c_people", "pid", "pid AS id, MAX(name) AS name, SUM(mentions) AS mentions",
            filters, _ORDER[sort], page, size,
        )  # fmt: skip
        for item in result.items:
            found = self._rows(
                "SELECT titles, unit FROM c_people WHERE pid = ? "
                "ORDER BY published IS NULL, published DESC LIMIT 1",
                (item["id"],),
            )
            if not found:  # the store changed between the two reads: the person's articles are gone
                item.update(titles=[], unit=None, unit_id=None)
                continue
            latest = found[0]
            item["titles"] = json.loads(latest["titles"])
            item["unit"] = latest["unit"]
            item["unit_id"] = entity_id(latest["unit"]) if latest["unit"] else None
        return result

    def person(self, pid: str, *, page: int = 1, size: int = 50) -> dict[str, Any] | None:
        """One person: titles and units over time, first/last seen, their articles."""
        rows = self._mentions("c_people", "pid", pid)
        if not rows:
            return None
        names: dict[str, int] = defaultdict(int)
        roles: dict[tuple[str, str | None], dict[str, Any]] = {}
        units: dict[str, dict[str, Any]] = {}
        for r in rows:
            names[r["name"]] += 1
            titles = json.loads(r["titles"]) or [None]
            for title in titles:
                _span(
                    roles, (title, r["unit"]), r["published"], {"title": title, "unit": r["unit"]}
                )
            if r["unit"]:
                _span(
                    units,
                    r["unit"],
                    r["published"],
                    {"name": r["unit"], "id": entity_id(r["unit"])},
                )
        dated = [r["published"] for r in rows if r["published"]]
        articles = [_article_ref(r) for r in rows]
        return {
            "id": pid,
            "name": max(names, key=lambda n: (names[n], n)),
            "spellings": sorted(names),
            "articles_total": len(rows),
            "mentions": sum(r["mentions"] for r in rows),
            "first_seen": min(dated) if dated else None,
            "last_seen": max(dated) if dated else None,
            "roles": sorted(roles.values(), key=_by_time),
            "units": sorted(units.values(), key=_by_time),
            "articles": articles[(page - 1) * size : page * size],
            "page": page,
            "size": size,
        }

    # -- units ------------------------------------------------------------------
    def units(
        self,
        *,
        q: str = "",
        level: str | None = None,
        sort: str = "count",
        page: int = 1,
        size: int = 50,
    ) -> Page:
        filters = _name_filter(q)
        if level:
            filters.append(("level = ?", level))
        return self._grouped(
            "c_units", "uid",
            "uid AS id, MAX(name) AS name, MAX(level) AS level, SUM(mentions) AS mentions",
            filters, _ORDER[sort], page, size,
        )  # fmt: skip

    def unit(self, uid: str, *, page: int = 1, size: int = 50) -> dict[str, Any] | None:
        """One unit: how often it appears, the people attached to it, its articles."""
        rows = self._mentions("c_units", "uid", uid)
        if not rows:
            return None
        name = rows[0]["name"]
        people = self._rows(
            """SELECT pid AS id, MAX(name) AS name, COUNT(DISTINCT article_id) AS articles,
                      MIN(published) AS first_seen, MAX(published) AS last_seen
               FROM c_people WHERE unit IN (SELECT DISTINCT name FROM c_units WHERE uid = ?)
               GROUP BY pid ORDER BY articles DESC, name LIMIT 100""",
            (uid,),
        )
        levels = [r["level"] for r in rows if r["level"]]
        dated = [r["published"] for r in rows if r["published"]]
        return {
            "id": uid,
            "name": name,
            "level": max(set(levels), key=levels.count) if levels else None,
            "articles_total": len(rows),
            "mentions": sum(r["mentions"] for r in rows),
            "first_seen": min(dated) if dated else None,
            "last_seen": max(dated) if dated else None,
            "people": [dict(p) for p in people],
            "articles": [_article_ref(r) for r in rows][(page - 1) * size : page * size],
            "page": page,
            "size": size,
        }

    # -- documents --------------------------------------------------------------
    def documents(self, *, q: str = "", page: int = 1, size: int = 50) -> Page:
        """Cited documents, most cited first."""
        return self._grouped(
            "c_docs", "key",
            "MAX(number) AS number, MAX(type) AS type, MAX(issuer) AS issuer, MAX(date) AS date",
            _name_filter(q), "articles DESC, key", page, size,
        )  # fmt: skip

    def document(self, number: str, *, page: int = 1, size: int = 50) -> dict[str, Any] | None:
        """Where one document (by number, spacing and case ignored) is cited."""
        rows = self._mentions("c_docs", "key", document_key(number))
        if not rows:
            return None

        def common(field: str) -> Any:
            values = [r[field] for r in rows if r[field]]
            return max(set(values), key=values.count) if values else None

        citations = []
        seen: set[str] = set()
        for r in rows:
            if r["article_id"] in seen:
                continue
            seen.add(r["article_id"])
            citations.append(_article_ref(r) | {"text": r["text"], "type": r["type"]})
        dated = [r["published"] for r in rows if r["published"]]
        return {
            "number": common("number"),
            "type": common("type"),
            "issuer": common("issuer"),
            "date": common("date"),
            "articles_total": len(citations),
            "first_seen": min(dated) if dated else None,
            "last_seen": max(dated) if dated else None,
            "citations": citations[(page - 1) * size : page * size],
            "page": page,
            "size": size,
        }


_ORDER = {
    "count": "articles DESC, name",
    "name": "name",
    "last_seen": "last_seen IS NULL, last_seen DESC, name",
}


def _name_filter(q: str) -> list[tuple[str, Any]]:
    """Accent-free substring match on the folded name (``hong nhung`` finds ``Hồng Nhung``)."""
    return [("fold LIKE ? ESCAPE '\\'", f"%{_like(fold(q))}%")] if q else []


def _like(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def _span(acc: dict, key: Any, published: str | None, base: dict[str, Any]) -> None:
    item = acc.setdefault(key, base | {"first_seen": None, "last_seen": None, "articles": 0})
    item["articles"] += 1
    if published:
        if item["first_seen"] is None or published < item["first_seen"]:
            item["first_seen"] = published
        if item["last_seen"] is None or published > item["last_seen"]:
            item["last_seen"] = published


def _by_time(item: dict[str, Any]) -> tuple:
    return (item["first_seen"] is None, item["first_seen"] or "", -item["articles"])


def _article_ref(row: sqlite3.Row) -> dict[str, Any]:
    return {
        "id": row["article_id"],
        "title": row["article_title"],
        "published": row["published"],
        "source": row["site"],
        "url": row["article_url"],
    }
