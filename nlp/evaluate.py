"""Scoring of extracted articles against a gold corpus (EXTRACTION.md section 5).

The scorer is separate from extraction: :func:`score_article` compares one
predicted article object (a dict in the contract's shape) with its gold object
and the article's text, and :class:`Scorer` accumulates micro-averaged counts
over a corpus. ``kiemsat eval`` (``nlp.commands``) runs the extraction and
feeds this module; tests feed it hand-written gold/prediction pairs.

Every comparison uses the contract's string form (:func:`compare_key`: NFC,
lower case, collapsed whitespace). Each miss is recorded with the file it
came from, so ``--misses`` can show exactly what went wrong.
"""

from __future__ import annotations

import json
import math
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from nlp.normalize import compare_key

#: Line kinds of a gold file whose leaking into the body is measured.
NON_BODY_KINDS = ("title", "caption", "byline", "dateline", "boilerplate")
#: Scalar fields scored by accuracy.
SCALAR_FIELDS = ("title", "published", "authors", "section", "event_type")


@dataclass
class PRF:
    """True positives against gold and predicted totals; micro-averaged."""

    tp: int = 0
    gold: int = 0
    pred: int = 0

    @property
    def precision(self) -> float:
        return self.tp / self.pred if self.pred else (1.0 if not self.gold else 0.0)

    @property
    def recall(self) -> float:
        return self.tp / self.gold if self.gold else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def as_dict(self) -> dict[str, Any]:
        return {
            "tp": self.tp,
            "gold": self.gold,
            "pred": self.pred,
            "precision": round(self.precision, 4),
            "recall": round(self.recall, 4),
            "f1": round(self.f1, 4),
        }


@dataclass
class Accuracy:
    correct: int = 0
    total: int = 0

    def add(self, ok: bool) -> None:
        self.total += 1
        self.correct += int(ok)

    @property
    def value(self) -> float | None:
        return self.correct / self.total if self.total else None

    def as_dict(self) -> dict[str, Any]:
        v = self.value
        return {
            "correct": self.correct,
            "total": self.total,
            "accuracy": None if v is None else round(v, 4),
        }


@dataclass
class Miss:
    """One disagreement between prediction and gold, for ``--misses``."""

    file: str
    kind: str  # "people", "units", ..., "boilerplate", "title", ...
    what: str  # "missing", "spurious", "leaked", "wrong", "titles", ...
    gold: Any = None
    pred: Any = None

    def as_dict(self) -> dict[str, Any]:
        return {
            "file": self.file,
            "kind": self.kind,
            "what": self.what,
            "gold": self.gold,
            "pred": self.pred,
        }


@dataclass
class Scorer:
    """Accumulates scores over many articles."""

    prf: dict[str, PRF] = field(
        default_factory=lambda: {
            k: PRF() for k in ("people", "units", "documents", "metrics", "boilerplate")
        }
    )
    attrs: dict[str, dict[str, Accuracy]] = field(
        default_factory=lambda: {
            "people": {"titles": Accuracy(), "unit": Accuracy()},
            "units": {"level": Accuracy()},
            "documents": {"date": Accuracy(), "issuer": Accuracy()},
            "metrics": {
                "subject": Accuracy(),
                "percent": Accuracy(),
                "change": Accuracy(),
                "change_percent": Accuracy(),
                "period": Accuracy(),
                "consistent": Accuracy(),
            },
        }
    )
    scalars: dict[str, Accuracy] = field(
        default_factory=lambda: {k: Accuracy() for k in SCALAR_FIELDS}
    )
    leaks: dict[str, Accuracy] = field(
        default_factory=lambda: {k: Accuracy() for k in NON_BODY_KINDS}
    )
    misses: list[Miss] = field(default_factory=list)
    files: int = 0
    errors: list[tuple[str, str]] = field(default_factory=list)

    # -- entry points ------------------------------------------------------
    def add(self, name: str, gold: dict[str, Any], pred: dict[str, Any], text: str) -> None:
        """Score one article: ``gold`` (with ``lines``), ``pred`` (contract dict), the ``.txt`` text."""
        self.files += 1
        self._people(name, gold.get("people") or [], pred.get("people") or [])
        self._units(name, gold.get("units") or [], pred.get("units") or [])
        self._documents(name, gold.get("documents") or [], pred.get("documents") or [])
        self._metrics(name, gold.get("metrics") or [], pred.get("metrics") or [])
        if "lines" in gold:
            self._boilerplate(name, gold["lines"], text, pred.get("body") or "")
        for key in SCALAR_FIELDS:
            if key in gold:
                g, p = _scalar(key, gold.get(key)), _scalar(key, pred.get(key))
                self.scalars[key].add(g == p)
                if g != p:
                    self.misses.append(Miss(name, key, "wrong", gold.get(key), pred.get(key)))

    def add_error(self, name: str, message: str) -> None:
        """An article whose extraction failed: it scores as an empty prediction."""
        self.errors.append((name, message))
        self.misses.append(Miss(name, "error", "failed", None, message))

    # -- per-type scoring --------------------------------------------------
    def _people(self, name: str, gold: list[dict], pred: list[dict]) -> None:
        gmap = {compare_key(p["name"]): p for p in gold}
        pmap = {compare_key(p["name"]): p for p in pred}
        self._count("people", name, gmap, pmap)
        for key in gmap.keys() & pmap.keys():
            g, p = gmap[key], pmap[key]
            gt = {compare_key(t) for t in g.get("titles") or []}
            pt = {compare_key(t) for t in p.get("titles") or []}
            self.attrs["people"]["titles"].add(gt == pt)
            if gt != pt:
                self.misses.append(
                    Miss(name, "people", "titles", [g["name"], g.get("titles")], p.get("titles"))
                )
            gu, pu = compare_key(g.get("unit")), compare_key(p.get("unit"))
            self.attrs["people"]["unit"].add(gu == pu)
            if gu != pu:
                self.misses.append(
                    Miss(name, "people", "unit", [g["name"], g.get("unit")], p.get("unit"))
                )

    def _units(self, name: str, gold: list[dict], pred: list[dict]) -> None:
        gmap = {compare_key(u["name"]): u for u in gold}
        pmap = {compare_key(u["name"]): u for u in pred}
        self._count("units", name, gmap, pmap)
        for key in gmap.keys() & pmap.keys():
            ok = gmap[key].get("level") == pmap[key].get("level")
            self.attrs["units"]["level"].add(ok)
            if not ok:
                self.misses.append(
                    Miss(
                        name,
                        "units",
                        "level",
                        [gmap[key]["name"], gmap[key].get("level")],
                        pmap[key].get("level"),
                    )
                )

    def _documents(self, name: str, gold: list[dict], pred: list[dict]) -> None:
        def key(d: dict) -> tuple:
            return (compare_key(d.get("type")), compare_key(d.get("number")))

        gmap = {key(d): d for d in gold}
        pmap = {key(d): d for d in pred}
        self._count(
            "documents", name, gmap, pmap, label=lambda d: f"{d.get('type')} {d.get('number')}"
        )
        for k in gmap.keys() & pmap.keys():
            g, p = gmap[k], pmap[k]
            for attr in ("date", "issuer"):
                ok = g.get(attr) == p.get(attr)
                self.attrs["documents"][attr].add(ok)
                if not ok:
                    self.misses.append(
                        Miss(name, "documents", attr, [g.get("number"), g.get(attr)], p.get(attr))
                    )

    def _metrics(self, name: str, gold: list[dict], pred: list[dict]) -> None:
        """One-to-one matching on (value, total); among candidates the best subject overlap wins."""
        prf = self.prf["metrics"]
        prf.gold += len(gold)
        prf.pred += len(pred)
        # Within one (value, total) class every assignment matches the same number
        # of metrics; pairing the best subject overlaps first scores attributes fairly.
        cands = sorted(
            (
                (-_syllable_overlap(g.get("subject"), p.get("subject")), gi, pi)
                for gi, g in enumerate(gold)
                for pi, p in enumerate(pred)
                if _same_number(g.get("value"), p.get("value"))
                and _same_number(g.get("total"), p.get("total"))
            ),
        )
        used_g: set[int] = set()
        used_p: set[int] = set()
        pairs: list[tuple[dict, dict]] = []
        for _score, gi, pi in cands:
            if gi in used_g or pi in used_p:
                continue
            used_g.add(gi)
            used_p.add(pi)
            pairs.append((gold[gi], pred[pi]))
        missing = [g for gi, g in enumerate(gold) if gi not in used_g]
        unused = [pi for pi in range(len(pred)) if pi not in used_p]
        prf.tp += len(pairs)
        for g in missing:
            self.misses.append(Miss(name, "metrics", "missing", _metric_label(g), None))
        for i in unused:
            self.misses.append(Miss(name, "metrics", "spurious", None, _metric_label(pred[i])))
        acc = self.attrs["metrics"]
        for g, p in pairs:
            ok = _syllable_overlap(g.get("subject"), p.get("subject")) >= 0.5
            acc["subject"].add(ok)
            if not ok:
                self.misses.append(
                    Miss(name, "metrics", "subject", _metric_label(g), p.get("subject"))
                )
            for attr in ("percent", "change", "change_percent", "consistent"):
                ok = (
                    _same_number(g.get(attr), p.get(attr))
                    if attr != "consistent"
                    else g.get(attr) == p.get(attr)
                )
                acc[attr].add(ok)
                if not ok:
                    self.misses.append(Miss(name, "metrics", attr, _metric_label(g), p.get(attr)))
            ok = compare_key(g.get("period")) == compare_key(p.get("period"))
            acc["period"].add(ok)
            if not ok:
                self.misses.append(
                    Miss(name, "metrics", "period", _metric_label(g), p.get("period"))
                )

    def _boilerplate(self, name: str, lines: dict[str, list[int]], text: str, body: str) -> None:
        """Body-line F1 and leak shares, exactly as section 5 defines them."""
        src = text.split("\n")

        def line(i: int) -> str:
            return compare_key(src[i - 1]) if 0 < i <= len(src) else ""

        pred_lines = [compare_key(b) for b in body.split("\n")]
        pred_lines = [b for b in pred_lines if b]
        pred_joined = "\n".join(pred_lines)
        body_idx = set(lines.get("body") or [])
        body_texts = {line(i) for i in body_idx}
        prf = self.prf["boilerplate"]
        kept = 0
        for i in sorted(body_idx):
            t = line(i)
            if not t:
                continue
            prf.gold += 1
            if t[-60:] in pred_joined:
                kept += 1
            else:
                self.misses.append(
                    Miss(name, "boilerplate", "body line lost", f"{i}: {t[:120]}", None)
                )
        leaked_total = 0
        for kind in NON_BODY_KINDS:
            for i in lines.get(kind) or []:
                t = line(i)
                if not t or i in body_idx or t in body_texts:
                    continue
                leaked = any(t in p and len(t) >= 0.8 * len(p) for p in pred_lines)
                self.leaks[kind].add(leaked)
                if leaked:
                    leaked_total += 1
                    self.misses.append(
                        Miss(name, "boilerplate", f"{kind} line leaked", f"{i}: {t[:120]}", None)
                    )
        prf.tp += kept
        prf.pred += kept + leaked_total

    def _count(self, kind: str, name: str, gmap: dict, pmap: dict, label=None) -> None:
        label = label or (lambda x: x.get("name"))
        prf = self.prf[kind]
        prf.gold += len(gmap)
        prf.pred += len(pmap)
        prf.tp += len(gmap.keys() & pmap.keys())
        for k in gmap.keys() - pmap.keys():
            self.misses.append(Miss(name, kind, "missing", label(gmap[k]), None))
        for k in pmap.keys() - gmap.keys():
            self.misses.append(Miss(name, kind, "spurious", None, label(pmap[k])))

    # -- output ------------------------------------------------------------
    def as_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"files": self.files, "errors": len(self.errors)}
        for kind, prf in self.prf.items():
            out[kind] = prf.as_dict()
            for attr, acc in self.attrs.get(kind, {}).items():
                out[kind][f"{attr}_accuracy"] = acc.as_dict()["accuracy"]
        leaked = sum(a.correct for a in self.leaks.values())
        total = sum(a.total for a in self.leaks.values())
        out["boilerplate"]["leaked"] = {k: a.as_dict() for k, a in self.leaks.items()}
        out["boilerplate"]["leaked_share"] = round(leaked / total, 4) if total else 0.0
        bp = self.leaks["boilerplate"]
        out["boilerplate"]["boilerplate_leaked_share"] = (
            round(bp.correct / bp.total, 4) if bp.total else 0.0
        )
        for key, acc in self.scalars.items():
            out[key] = acc.as_dict()
        return out

    def table(self) -> str:
        """The human-readable table: type, P, R, F1, attribute accuracies."""
        rows = [f"{'type':<12} {'gold':>5} {'pred':>5} {'P':>6} {'R':>6} {'F1':>6}  attributes"]
        for kind, prf in self.prf.items():
            attrs = "  ".join(
                f"{attr}={_fmt(acc.value)}" for attr, acc in self.attrs.get(kind, {}).items()
            )
            if kind == "boilerplate":
                d = self.as_dict()["boilerplate"]
                attrs = (
                    f"leaked={d['leaked_share']:.2%} boilerplate_leaked={d['boilerplate_leaked_share']:.2%}  "
                    + " ".join(f"{k}={a.correct}/{a.total}" for k, a in self.leaks.items())
                )
            rows.append(
                f"{kind:<12} {prf.gold:>5} {prf.pred:>5} {prf.precision:>6.3f} {prf.recall:>6.3f} {prf.f1:>6.3f}  {attrs}"
            )
        rows.append(f"{'field':<12} {'ok':>5} {'n':>5} {'acc':>6}")
        for key, acc in self.scalars.items():
            rows.append(f"{key:<12} {acc.correct:>5} {acc.total:>5} {_fmt(acc.value):>6}")
        rows.append(f"files: {self.files}  errors: {len(self.errors)}")
        return "\n".join(rows)

    def misses_text(self) -> str:
        out = []
        for m in self.misses:
            parts = [f"{m.file}", f"{m.kind}", f"{m.what}"]
            if m.gold is not None:
                parts.append(f"gold={json.dumps(m.gold, ensure_ascii=False)}")
            if m.pred is not None:
                parts.append(f"pred={json.dumps(m.pred, ensure_ascii=False)}")
            out.append("  ".join(parts))
        return "\n".join(out)


def _fmt(v: float | None) -> str:
    return "-" if v is None else f"{v:.3f}"


def _scalar(key: str, value: Any) -> Any:
    if key == "authors":
        return tuple(compare_key(a) for a in value or [])
    if isinstance(value, str):
        return compare_key(value) or None
    return value


def _same_number(a: Any, b: Any) -> bool:
    if a is None or b is None:
        return a is None and b is None
    try:
        return math.isclose(float(a), float(b), rel_tol=1e-9, abs_tol=1e-9)
    except (TypeError, ValueError):
        return False


def _syllables(text: str | None) -> set[str]:
    key = compare_key(text) or ""
    return {w.strip(".,;:()\"'“”") for w in key.split()} - {""}


def _syllable_overlap(a: str | None, b: str | None) -> float:
    """Share of syllables two subjects have in common, over the longer one (both must share half)."""
    sa, sb = _syllables(a), _syllables(b)
    if not sa and not sb:
        return 1.0
    if not sa or not sb:
        return 0.0
    return len(sa & sb) / max(len(sa), len(sb))


def _metric_label(m: dict) -> str:
    total = "" if m.get("total") is None else f"/{m.get('total')}"
    return f"{m.get('value')}{total} {m.get('subject') or ''}".strip()


# -- corpus -------------------------------------------------------------------
@dataclass
class GoldItem:
    name: str
    article: Path
    gold: dict[str, Any]


def load_corpus(corpus: Path) -> list[GoldItem]:
    """Pairs of ``articles/NNN.(txt|html)`` and ``gold/NNN.json``, in name order.

    Raises ``ValueError`` with a clear message for a directory that is not a corpus.
    """
    art_dir, gold_dir = corpus / "articles", corpus / "gold"
    if not art_dir.is_dir() or not gold_dir.is_dir():
        raise ValueError(f"{corpus} is not a gold corpus (expected articles/ and gold/ inside it)")
    items = []
    for gold_path in sorted(gold_dir.glob("*.json")):
        stem = gold_path.stem
        candidates = [art_dir / f"{stem}{ext}" for ext in (".txt", ".html", ".htm")]
        article = next((c for c in candidates if c.exists()), None)
        if article is None:
            raise ValueError(f"{gold_path} has no article file {art_dir / stem}.txt")
        try:
            gold = json.loads(gold_path.read_text(encoding="utf-8"))
        except (OSError, ValueError) as exc:
            raise ValueError(f"{gold_path}: not readable JSON ({exc})") from exc
        items.append(GoldItem(stem, article, gold))
    if not items:
        raise ValueError(f"{corpus} holds no gold files in gold/")
    return items


def score_pairs(pairs: Iterable[tuple[str, dict, dict, str]]) -> Scorer:
    """Score ``(name, gold, prediction, text)`` tuples."""
    scorer = Scorer()
    for name, gold, pred, text in pairs:
        scorer.add(name, gold, pred, text)
    return scorer
