"""In-memory columns of the SQLite index for filters, facets, histograms and sorting.

SQL aggregates over a large FTS5 match set cost one B-tree seek per matching
row and per facet, and the query planner sometimes drives a join from the
wrong side; at 100k articles that is hundreds of milliseconds. Instead each
process keeps the small per-article fields of the live generation as numpy
arrays indexed by rowid (source, event type, month, year, story, dates, and
the multi-valued facets as (article, value) pairs). They are rebuilt when the
index changes (``meta.version`` moves on every write), and every filter,
count and sort is then a vectorised operation over them.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass, field

import numpy as np

MULTI_FIELDS = ("unit", "person", "document", "province")


@dataclass
class Coded:
    """One single-valued field: a code per rowid (-1 for none) and the code labels."""

    codes: np.ndarray
    labels: list[str]
    index: dict[str, int]

    def mask(self, values: list[str]) -> np.ndarray:
        wanted = [self.index[v] for v in values if v in self.index]
        return np.isin(self.codes, np.array(wanted, dtype=np.int32))


@dataclass
class Multi:
    """One multi-valued field as parallel arrays of (rowid, value code)."""

    docs: np.ndarray
    codes: np.ndarray
    labels: list[str]
    index: dict[str, int]

    def mask(self, values: list[str], size: int) -> np.ndarray:
        wanted = np.array([self.index[v] for v in values if v in self.index], dtype=np.int32)
        out = np.zeros(size, dtype=bool)
        out[self.docs[np.isin(self.codes, wanted)]] = True
        return out


@dataclass
class Columns:
    stamp: str
    size: int
    valid: np.ndarray
    ids: np.ndarray  # str per rowid
    pub_desc: np.ndarray  # published or "" (sorts last when descending)
    pub_asc: np.ndarray  # published or "~" (sorts last when ascending)
    rank_desc: np.ndarray  # position in (pub_desc DESC, id ASC) order
    rank_asc: np.ndarray  # position in (pub_asc ASC, id ASC) order
    has_figures: np.ndarray
    story: np.ndarray  # story code
    single: dict[str, Coded] = field(default_factory=dict)  # source, event_type, ym, y
    multi: dict[str, Multi] = field(default_factory=dict)


def _coded(values: list[str | None], size: int, rowids: np.ndarray) -> Coded:
    labels = sorted({v for v in values if v is not None})
    index = {v: i for i, v in enumerate(labels)}
    codes = np.full(size, -1, dtype=np.int32)
    codes[rowids] = np.array([index[v] if v is not None else -1 for v in values], dtype=np.int32)
    return Coded(codes, labels, index)


def load(conn: sqlite3.Connection, g: int, stamp: str) -> Columns:
    """Read generation ``g``'s per-article fields into arrays (inside the caller's snapshot)."""
    rows = conn.execute(
        f"SELECT rowid, id, story_key, source, event_type, published, ym, y, has_figures FROM docs_{g}"  # noqa: S608
    ).fetchall()
    rowids = np.array([r[0] for r in rows], dtype=np.int64)
    size = int(rowids.max()) + 1 if len(rowids) else 1
    valid = np.zeros(size, dtype=bool)
    valid[rowids] = True
    ids = np.full(size, "", dtype=object)
    ids[rowids] = [r[1] for r in rows]
    published = [r[5] for r in rows]
    pub_desc = np.full(size, "", dtype=object)
    pub_desc[rowids] = [p or "" for p in published]
    pub_asc = np.full(size, "~", dtype=object)
    pub_asc[rowids] = [p or "~" for p in published]
    ids_u = ids.astype(str)
    pd_u = pub_desc.astype(str)
    pa_u = pub_asc.astype(str)
    # newest first with ids ascending among equal dates; oldest first likewise
    order_desc = np.lexsort((ids_u, _desc_key(pd_u)))
    order_asc = np.lexsort((ids_u, pa_u))
    rank_desc = np.empty(size, dtype=np.int64)
    rank_desc[order_desc] = np.arange(size)
    rank_asc = np.empty(size, dtype=np.int64)
    rank_asc[order_asc] = np.arange(size)
    has_figures = np.zeros(size, dtype=bool)
    has_figures[rowids] = np.array([bool(r[8]) for r in rows], dtype=bool)
    story = _coded([r[2] for r in rows], size, rowids).codes
    cols = Columns(
        stamp=stamp,
        size=size,
        valid=valid,
        ids=ids_u,
        pub_desc=pd_u,
        pub_asc=pa_u,
        rank_desc=rank_desc,
        rank_asc=rank_asc,
        has_figures=has_figures,
        story=story,
    )
    for name, pos in (("source", 3), ("event_type", 4), ("ym", 6), ("y", 7)):
        cols.single[name] = _coded([r[pos] for r in rows], size, rowids)
    for name in MULTI_FIELDS:
        pairs = conn.execute(
            f"SELECT doc, value FROM facets_{g} WHERE field = ?",  # noqa: S608
            (name,),
        ).fetchall()
        labels = sorted({v for _, v in pairs})
        index = {v: i for i, v in enumerate(labels)}
        cols.multi[name] = Multi(
            docs=np.array([d for d, _ in pairs], dtype=np.int64),
            codes=np.array([index[v] for _, v in pairs], dtype=np.int32),
            labels=labels,
            index=index,
        )
    return cols


def _desc_key(values: np.ndarray) -> np.ndarray:
    """A key whose ascending order is ``values`` descending (for lexsort)."""
    uniq, inverse = np.unique(values, return_inverse=True)
    return (len(uniq) - 1) - inverse
