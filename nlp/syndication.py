"""One story, many portals: near-duplicate detection that gives copies one ``story_id``.

Provincial portals, the supreme procuracy's portal and the sector's newspaper
often carry the same report, each with its own dateline, byline, headline
tweaks and a sentence added or cut. We compare bodies, not pages: the body is
cut into word 5-shingles (accent- and case-folded, so a copy retyped with old
tone placement still matches), summarised by a MinHash signature, and indexed
with locality-sensitive hashing (datasketch ``MinHashLSH``), so each new
article is compared only with the few earlier ones that share LSH bands, in
constant time whatever the archive's size.

An article joins the story of the most similar earlier article whose
estimated Jaccard similarity reaches :data:`THRESHOLD`; otherwise it starts a
new story whose id is its own article id. Signatures are persisted in the
store (table ``story_signatures``), so a later run sees earlier articles.
Two different meetings of the same procuracy share their boilerplate phrases
("Viện kiểm sát nhân dân tỉnh ... tổ chức Hội nghị ...") but few 5-shingles,
so they stay apart.
"""

from __future__ import annotations

import hashlib
import re
import weakref
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from datasketch import MinHash, MinHashLSH

from kiemsat.model import Article
from nlp.normalize import fold

NUM_PERM = 128
SHINGLE = 5
#: Estimated Jaccard similarity of body shingles from which two articles are one story.
THRESHOLD = 0.5
#: Bodies with fewer shingles than this are too short to judge: their own story.
MIN_SHINGLES = 8
_SEED = 7
_WORD = re.compile(r"\w+")


def shingles(text: str, k: int = SHINGLE) -> set[bytes]:
    """Word ``k``-shingles of the folded text, as bytes for hashing."""
    words = _WORD.findall(fold(text))
    if len(words) < k:
        return {" ".join(words).encode()} if words else set()
    return {" ".join(words[i : i + k]).encode() for i in range(len(words) - k + 1)}


def signature(text: str) -> MinHash | None:
    """The MinHash of a body, or None when it is too short to compare."""
    sh = shingles(text)
    if len(sh) < MIN_SHINGLES:
        return None
    m = MinHash(num_perm=NUM_PERM, seed=_SEED)
    m.update_batch(list(sh))
    return m


def _to_blob(m: MinHash) -> bytes:
    return np.asarray(m.hashvalues, dtype="<u8").tobytes()


def _from_blob(blob: bytes) -> MinHash:
    values = np.frombuffer(blob, dtype="<u8")
    # Built like a fresh signature, then given the stored values in the fresh
    # one's dtype (LSH bands hash the raw bytes, so the dtype must match): works
    # across datasketch versions (2.x wants the hashing scheme named when values
    # are passed to the constructor).
    m = MinHash(num_perm=len(values), seed=_SEED)
    m.hashvalues = values.astype(m.hashvalues.dtype)
    return m


@dataclass
class StoryIndex:
    """An LSH index of article signatures with each article's story id.

    In memory by itself (``kiemsat extract PATH...`` groups the files it is
    given); :func:`for_store` gives one backed by the store's table.
    """

    threshold: float = THRESHOLD
    lsh: MinHashLSH = field(init=False)
    sigs: dict[str, MinHash] = field(default_factory=dict)
    stories: dict[str, str] = field(default_factory=dict)
    store: Any = None

    def __post_init__(self) -> None:
        # LSH retrieves candidates a little below the threshold; the estimate decides.
        self.lsh = MinHashLSH(threshold=max(0.1, self.threshold - 0.1), num_perm=NUM_PERM)

    def _add(self, key: str, sig: MinHash, story: str) -> None:
        if key in self.sigs:
            self.lsh.remove(key)
        self.lsh.insert(key, sig)
        self.sigs[key] = sig
        self.stories[key] = story

    def match(self, sig: MinHash, exclude: str | None = None) -> tuple[str, float] | None:
        """``(article key, similarity)`` of the most similar indexed article at or above the threshold."""
        best: tuple[str, float] | None = None
        for key in self.lsh.query(sig):
            if key == exclude:
                continue
            sim = sig.jaccard(self.sigs[key])
            if sim >= self.threshold and (
                best is None or sim > best[1] or (sim == best[1] and key < best[0])
            ):
                best = (key, sim)
        return best

    def assign(self, key: str, body: str) -> str:
        """The story id for the article ``key`` with ``body`` (indexing it)."""
        sig = signature(body)
        if sig is None:
            story = self.stories.get(key, key)
            self._persist(key, story, None)
            return story
        hit = self.match(sig, exclude=key)
        story = self.stories[hit[0]] if hit else self.stories.get(key, key)
        self._add(key, sig, story)
        self._persist(key, story, sig)
        return story

    def _persist(self, key: str, story: str, sig: MinHash | None) -> None:
        if self.store is None:
            return
        conn = self.store.conn
        with conn:
            if sig is None:
                conn.execute("DELETE FROM story_signatures WHERE article_id = ?", (key,))
            else:
                conn.execute(
                    """INSERT INTO story_signatures (article_id, story_id, num_perm, signature)
                       VALUES (?,?,?,?)
                       ON CONFLICT(article_id) DO UPDATE SET story_id=excluded.story_id,
                           num_perm=excluded.num_perm, signature=excluded.signature""",
                    (key, story, NUM_PERM, _to_blob(sig)),
                )


_STORE_INDEXES: weakref.WeakKeyDictionary[Any, StoryIndex] = weakref.WeakKeyDictionary()


def for_store(store: Any) -> StoryIndex:
    """The index backed by ``store`` (loaded once per open store, then kept in step)."""
    index = _STORE_INDEXES.get(store)
    if index is None:
        index = StoryIndex(store=store)
        rows = store.conn.execute(
            "SELECT article_id, story_id, num_perm, signature FROM story_signatures ORDER BY rowid"
        ).fetchall()
        for row in rows:
            if row[2] == NUM_PERM:
                index._add(row[0], _from_blob(row[3]), row[1])
        _STORE_INDEXES[store] = index
    return index


def assign_story(store: Any, article: Article) -> str:
    """Set ``article.story_id`` from the store's index (the article must have its id)."""
    key = article.id or _text_key(article.body)
    article.story_id = for_store(store).assign(key, article.body)
    return article.story_id


def assign_stories(articles: list[Article]) -> None:
    """Story ids for a batch without a store (copies within the batch share one)."""
    index = StoryIndex()
    for i, art in enumerate(articles):
        key = art.id or _text_key(art.path or f"{i}:{art.body}")
        art.story_id = index.assign(key, art.body)


def _text_key(text: str) -> str:
    return hashlib.sha1(text.encode("utf-8")).hexdigest()[:16]
