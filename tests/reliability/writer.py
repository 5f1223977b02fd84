"""A writer process for the concurrency test: it grows the store and keeps the
embedded index in step (incremental runs and full rebuilds), as ``kiemsat
extract`` and ``kiemsat index``/``reindex`` would, while the server reads.

    python -m tests.reliability.writer DATA_DIR START COUNT BATCH
"""

from __future__ import annotations

import sys
from pathlib import Path

from kiemsat.ids import article_id
from kiemsat.settings import Settings
from kiemsat.store import Store
from kiemsat.synth import make_article
from search_api import get_backend, indexer


def synth_article(i: int):
    art = make_article(i, seed=11).to_article()
    art.url = f"https://vksndtc.gov.vn/tin-tuc/tin-hoat-dong/bai-viet-{i}.html"
    art.id = article_id(art.url)
    art.site = "vksndtc"
    return art


def main(data_dir: str, start: int, count: int, batch: int) -> int:
    settings = Settings(data_dir=Path(data_dir))
    backend = get_backend(settings)
    with Store.open(settings) as store:
        rounds = 0
        for first in range(start, start + count, batch):
            for i in range(first, min(first + batch, start + count)):
                store.put_article(synth_article(i))
            if first % 50 == 0 and first > start:
                store.delete_article(synth_article(first - 1).id)
            rounds += 1
            if rounds % 4 == 0:
                indexer.rebuild(store, backend, batch=batch)
            else:
                indexer.index_changes(store, backend, batch=batch)
        indexer.index_changes(store, backend)
    backend.close()
    print(f"wrote {count} articles in {rounds} rounds", flush=True)
    return 0


if __name__ == "__main__":
    a = sys.argv[1:]
    raise SystemExit(main(a[0], int(a[1]), int(a[2]), int(a[3])))
