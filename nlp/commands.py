"""The NLP stage's sub-commands: ``extract``, ``eval`` (and ``ingest``).

Registered into ``kiemsat`` by :func:`register`; handlers follow the CLI's
convention ``handler(args, settings) -> int`` (0 success, 1 some inputs
failed but the rest were processed, 2 usage errors).
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from kiemsat.settings import Settings

HTML_SUFFIXES = (".html", ".htm", ".xhtml")


def register(subparsers: argparse._SubParsersAction) -> None:
    p = subparsers.add_parser(
        "extract",
        help="turn article files (.txt/.html) or the store's raw pages into article objects",
        description="Extract the article object of EXTRACTION.md from each PATH (plain text or HTML).",
    )
    p.add_argument(
        "paths", nargs="*", metavar="PATH", help="article files (.txt copied text, .html pages)"
    )
    p.add_argument(
        "--json", action="store_true", help="print one JSON object per line (JSONL), in input order"
    )
    p.add_argument(
        "--from-store",
        action="store_true",
        help="process every raw page in the store not processed yet and store the articles",
    )
    p.set_defaults(handler=cmd_extract)

    i = subparsers.add_parser(
        "ingest",
        help="store local article files (.txt/.html) as raw pages",
        description="Store each PATH (a .txt or .html file, or a directory of them) as a raw page "
        "(source 'file'); an HTML page whose canonical link belongs to a known portal is filed under it.",
    )
    i.add_argument("paths", nargs="+", metavar="PATH", help="files or directories")
    i.add_argument("--json", action="store_true", help="print one JSON object per file")
    i.set_defaults(handler=_cmd_ingest)

    e = subparsers.add_parser(
        "eval",
        help="score extraction against a gold corpus (articles/ + gold/)",
        description="Extract every article of CORPUS and score it against its gold file (EXTRACTION.md section 5).",
    )
    e.add_argument("corpus", metavar="CORPUS", help="directory holding articles/ and gold/")
    e.add_argument("--misses", action="store_true", help="list every miss")
    e.add_argument("--json", action="store_true", help="print the scores as JSON")
    e.set_defaults(handler=cmd_eval)


def _cmd_ingest(args: argparse.Namespace, settings: Settings) -> int:
    from nlp.ingest import cmd_ingest

    return cmd_ingest(args, settings)


# -- extract -----------------------------------------------------------------------
def read_source(path: str) -> Any:
    """A pipeline :class:`~nlp.pipeline.Source` for a file; raises OSError/ValueError with a clear message."""
    from nlp.pipeline import html_source, text_source

    p = Path(path)
    if p.is_dir():
        raise OSError(f"{path} is a directory, not an article file")
    data = p.read_bytes()
    if not data.strip():
        raise ValueError(f"{path} is empty")
    if _is_binary(data):
        raise ValueError(f"{path} is binary, not text or HTML")
    if p.suffix.lower() in HTML_SUFFIXES or _looks_like_html(data):
        return html_source(data, path=path)
    return text_source(decode_text(data, path), path=path)


def _looks_like_html(data: bytes) -> bool:
    head = data[:1024].lstrip().lower()
    return head.startswith((b"<!doctype html", b"<html"))


def decode_text(data: bytes, path: str = "") -> str:
    """UTF-8 (with or without BOM), else UTF-16 with BOM; binary data is an error."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        if _is_binary(data):
            raise ValueError(f"{path or 'input'} is binary, not text") from exc
        text = data.decode("utf-8", errors="replace")
    if _is_binary(data):
        raise ValueError(f"{path or 'input'} is binary, not text")
    return text


def _is_binary(data: bytes) -> bool:
    sample = data[:8192]
    if b"\x00" in sample:
        return True
    if not sample:
        return False
    control = sum(1 for b in sample if b < 32 and b not in (9, 10, 12, 13))
    return control / len(sample) > 0.1


def extract_paths(paths: list[str]) -> list[dict[str, Any]]:
    """One result per path, in order: the article dict, or ``{"path", "error"}``."""
    from nlp.pipeline import process

    results: list[dict[str, Any] | None] = [None] * len(paths)
    sources = []
    where = []
    for i, path in enumerate(paths):
        try:
            sources.append(read_source(path))
            where.append(i)
        except (OSError, ValueError, UnicodeError) as exc:
            results[i] = _error(path, exc)
    from nlp.syndication import assign_stories

    articles = list(process(sources))
    assign_stories(articles)  # copies among the given files share a story id
    for i, article in zip(where, articles, strict=True):
        d = article.to_dict()
        results[i] = {"path": paths[i], **{k: v for k, v in d.items() if k != "path"}}
    return [r for r in results if r is not None]


def _error(path: str, exc: BaseException) -> dict[str, Any]:
    kind = "not_found" if isinstance(exc, FileNotFoundError) else "unreadable"
    message = str(exc)
    if isinstance(exc, OSError) and exc.strerror:
        message = f"{exc.strerror}: {path}"
    return {"path": path, "error": {"type": kind, "message": message}}


def cmd_extract(args: argparse.Namespace, settings: Settings) -> int:
    if args.from_store:
        from nlp.ingest import extract_from_store

        return extract_from_store(settings, as_json=args.json, paths=args.paths)
    if not args.paths:
        print(
            "kiemsat extract: error: give article files (PATH...) or --from-store", file=sys.stderr
        )
        return 2
    results = extract_paths(args.paths)
    failed = 0
    for res in results:
        if "error" in res:
            failed += 1
            print(f"kiemsat extract: {res['path']}: {res['error']['message']}", file=sys.stderr)
        if args.json:
            print(json.dumps(res, ensure_ascii=False), flush=True)
        elif "error" not in res:
            print(_summary(res))
    return 1 if failed else 0


def _summary(res: dict[str, Any]) -> str:
    return (
        f"{res['path']}: {res.get('title') or '(no title)'} | {res.get('published') or '-'} | "
        f"{res.get('event_type')} | {len(res.get('people') or [])} people, {len(res.get('units') or [])} units, "
        f"{len(res.get('documents') or [])} documents, {len(res.get('metrics') or [])} metrics"
    )


# -- eval --------------------------------------------------------------------------
def cmd_eval(args: argparse.Namespace, settings: Settings) -> int:
    from nlp.evaluate import Scorer, load_corpus

    try:
        items = load_corpus(Path(args.corpus))
    except ValueError as exc:
        print(f"kiemsat eval: error: {exc}", file=sys.stderr)
        return 2
    results = extract_paths([str(item.article) for item in items])
    scorer = Scorer()
    for item, res in zip(items, results, strict=True):
        if "error" in res:
            scorer.add_error(item.name, res["error"]["message"])
            res = {}
        text = (
            item.article.read_text(encoding="utf-8", errors="replace")
            if item.article.suffix == ".txt"
            else ""
        )
        scorer.add(item.name, item.gold, res, text)
    if args.json:
        out = scorer.as_dict()
        if args.misses:
            out["misses"] = [m.as_dict() for m in scorer.misses]
        print(json.dumps(out, ensure_ascii=False))
    else:
        print(scorer.table())
        if args.misses:
            print()
            print(scorer.misses_text())
    return 0
