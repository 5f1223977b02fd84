"""Body extraction from HTML pages: ours (with and without the portal profile) vs trafilatura.

Pages: the fake portal's article pages in its three layouts (the supreme
procuracy's CMS, a SharePoint province portal, a WordPress province portal):
the fixed fixture set the crawler tests use, plus N more articles from
``kiemsat.synth`` rendered with the same templates. Every page's true body
paragraphs, title and date are known.

Scores, per extractor:

* body paragraph recall: a true paragraph counts as kept when its last 60
  characters appear in the extracted body (EXTRACTION.md section 5 rule);
* body line precision: the share of extracted lines that are part of the
  true body (a leaked menu, caption, byline or slogan line counts against);
* body F1 of the two, and a bag-of-words F1 (CleanEval style);
* title and date accuracy, and milliseconds per page.

Prints a table, then (last line) one JSON object with the same figures.

    python bench/boilerplate.py [--synth 300]
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from crawler.fakeportal import pages  # noqa: E402
from crawler.fakeportal.server import load_fixtures, render_fixture  # noqa: E402
from crawler.profiles import load_profile  # noqa: E402
from kiemsat.synth import generate  # noqa: E402
from nlp.normalize import compare_key  # noqa: E402

LAYOUT_PROFILE = {
    "supreme": "vksndtc",
    "sharepoint": "sharepoint_province",
    "wordpress": "wordpress_province",
}


class Page:
    def __init__(
        self, html: bytes, site: str, title: str, published: str, paragraphs: list[str]
    ) -> None:
        self.html = html
        self.site = site
        self.title = title
        self.published = published
        self.paragraphs = paragraphs


def collect_pages(n_synth: int) -> list[Page]:
    out = [
        Page(render_fixture(a), a.site, a.title, a.published.isoformat(), list(a.paragraphs))
        for a in load_fixtures()
    ]
    layouts = list(LAYOUT_PROFILE)
    for i, art in enumerate(generate(n_synth, seed=23)):
        layout = layouts[i % 3]
        if layout == "supreme":
            html = pages.supreme_article(art)
        elif layout == "sharepoint":
            html = pages.sharepoint_article(art, salt=i)
        else:
            html = pages.wordpress_article(art)
        out.append(
            Page(
                html.encode("utf-8"),
                LAYOUT_PROFILE[layout],
                art.title,
                art.published.isoformat(),
                list(art.paragraphs),
            )
        )
    return out


# -- extractors: html bytes -> (title, date, body text) ---------------------------------
def ours(
    profile_for: Callable[[str], Any] | None,
) -> Callable[[Page], tuple[str | None, str | None, str]]:
    from nlp.html import segment_html

    def run(page: Page) -> tuple[str | None, str | None, str]:
        seg, _ = segment_html(page.html, profile=profile_for(page.site) if profile_for else None)
        return seg.title, seg.published, seg.body

    return run


def trafilatura_extractor(page: Page) -> tuple[str | None, str | None, str]:
    import trafilatura

    doc = trafilatura.bare_extraction(page.html.decode("utf-8", "replace"), with_metadata=True)
    if doc is None:
        return None, None, ""
    return getattr(doc, "title", None), getattr(doc, "date", None), getattr(doc, "text", None) or ""


# -- scoring ----------------------------------------------------------------------------
def score(
    extract: Callable[[Page], tuple[str | None, str | None, str]], corpus: list[Page]
) -> dict[str, Any]:
    kept = gold_paras = good_lines = pred_lines = 0
    title_ok = date_ok = 0
    word_tp = word_gold = word_pred = 0
    t0 = time.perf_counter()
    for page in corpus:
        title, published, body = extract(page)
        # A page never repeats a paragraph on purpose (the generator sometimes does).
        gold_body = compare_key("\n".join(dict.fromkeys(page.paragraphs))) or ""
        pred = [compare_key(line) or "" for line in body.split("\n")]
        pred = [p for p in pred if p]
        joined = "\n".join(pred)
        for para in dict.fromkeys(page.paragraphs):
            gold_paras += 1
            kept += (compare_key(para) or "")[-60:] in joined
        pred_lines += len(pred)
        good_lines += sum(1 for p in pred if p in gold_body)
        title_ok += compare_key(title) == compare_key(page.title)
        date_ok += (published or "")[:10] == page.published
        gw, pw = Counter(gold_body.split()), Counter(joined.split())
        word_tp += sum((gw & pw).values())
        word_gold += sum(gw.values())
        word_pred += sum(pw.values())
    elapsed = time.perf_counter() - t0
    recall = kept / gold_paras if gold_paras else 1.0
    precision = good_lines / pred_lines if pred_lines else 0.0
    wp = word_tp / word_pred if word_pred else 0.0
    wr = word_tp / word_gold if word_gold else 1.0
    return {
        "pages": len(corpus),
        "body_precision": round(precision, 4),
        "body_recall": round(recall, 4),
        "body_f1": round(2 * precision * recall / (precision + recall), 4)
        if precision + recall
        else 0.0,
        "word_f1": round(2 * wp * wr / (wp + wr), 4) if wp + wr else 0.0,
        "title_accuracy": round(title_ok / len(corpus), 4),
        "date_accuracy": round(date_ok / len(corpus), 4),
        "ms_per_page": round(1000 * elapsed / len(corpus), 2),
    }


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument(
        "--synth", type=int, default=300, help="synthetic pages added to the fixture pages"
    )
    args = ap.parse_args(argv)
    corpus = collect_pages(args.synth)
    profiles = {name: load_profile(name) for name in set(LAYOUT_PROFILE.values())}
    results = {
        "ours_profile": score(ours(profiles.get), corpus),
        "ours_generic": score(ours(None), corpus),
        "trafilatura": score(trafilatura_extractor, corpus),
    }
    cols = (
        "body_precision",
        "body_recall",
        "body_f1",
        "word_f1",
        "title_accuracy",
        "date_accuracy",
        "ms_per_page",
    )
    heads = ("body P", "body R", "body F1", "word F1", "title", "date", "ms/page")
    print(f"Body extraction on {len(corpus)} fake-portal pages (3 layouts)")
    print(f"{'extractor':<16}" + "".join(f"{h:>9}" for h in heads))
    for name, res in results.items():
        print(f"{name:<16}" + "".join(f"{res[c]:>9}" for c in cols))
    print(json.dumps({"pages": len(corpus), **results}, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
