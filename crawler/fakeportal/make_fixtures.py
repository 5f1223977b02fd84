"""One-off: how ``data/*.json`` (the fake portal's fixed article set) was made.

The articles were drafted with :mod:`kiemsat.synth` (fixed seed, picked for a
spread of event types per site), then frozen as data and reviewed; two more
(``vksndtc-13``, ``sharepoint-12``) were written by hand with their gold, in
phrasings the generator does not use; the JSON files are the source of truth now, not this script, so later
changes to the generator do not change the fixtures (the NLP stage benchmarks
body extraction on them). Re-running overwrites the reviewed files: don't,
unless you mean to redo the review.

    python -m crawler.fakeportal.make_fixtures --force
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from kiemsat.synth import SynthArticle, make_article

DATA = Path(__file__).resolve().parent / "data"
PLAN = {
    # site: (home unit wanted, how many, seed)
    "vksndtc": ("Viện kiểm sát nhân dân tối cao", 12, 2024),
    "sharepoint": ("Viện kiểm sát nhân dân tỉnh Thái Bình", 11, 2025),
    "wordpress": ("Viện kiểm sát nhân dân tỉnh Quảng Trị", 11, 2026),
}


def _record(site: str, n: int, art: SynthArticle) -> dict:
    gold = art.gold()
    for key in (
        "body",
        "lines",
        "title",
        "published",
        "authors",
        "section",
        "event_type",
        "captions",
    ):
        gold.pop(key, None)
    return {
        "key": f"{site}-{n:02d}",
        "title": art.title,
        "published": art.published.isoformat(),
        "authors": art.authors,
        "section": art.section,
        "event_type": art.event_type,
        "paragraphs": art.paragraphs,
        "captions": [{"after": a, "text": t, "credit": c} for a, t, c in art.captions],
        "gold": gold,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--force", action="store_true")
    args = parser.parse_args()
    if not args.force:
        raise SystemExit("refusing to overwrite the reviewed fixtures without --force")
    DATA.mkdir(exist_ok=True)
    for site, (home, count, seed) in PLAN.items():  # note: drops the hand-written ones
        picked: list[dict] = []
        types: dict[str, int] = {}
        i = 0
        while len(picked) < count:
            art = make_article(i, seed)
            i += 1
            if art.home != home or types.get(art.event_type, 0) >= 3:
                continue
            if not 1200 <= len(art.to_text().encode()) <= 9000:
                continue
            types[art.event_type] = types.get(art.event_type, 0) + 1
            picked.append(_record(site, len(picked) + 1, art))
        (DATA / f"{site}.json").write_text(
            json.dumps(picked, ensure_ascii=False, indent=1) + "\n", encoding="utf-8"
        )
        print(site, len(picked), types)


if __name__ == "__main__":
    main()
