"""The ``kiemsat`` command line: one entry point for every stage.

Each stage contributes its own sub-commands through a module with a
``register(subparsers)`` function (listed in :data:`COMMAND_MODULES`), so the
spine does not import Scrapy, spaCy or Flask until a command needs them and
each stage keeps its command code next to its logic.

Every command returns an exit status: 0 on success, 1 when some inputs failed
but the rest were processed, 2 for usage errors (argparse), 3 for a store or
settings problem. Errors are printed as one clear line on stderr.
"""

from __future__ import annotations

import argparse
import importlib
import json
import sqlite3
import sys
from collections.abc import Callable, Sequence

from kiemsat import __version__
from kiemsat.settings import Settings, SettingsError
from kiemsat.store import Store, StoreError

COMMAND_MODULES: tuple[str, ...] = (
    "crawler.commands",
    "nlp.commands",
    "search_api.index_commands",
    "search_api.serve_commands",
    "kiemsat.demo",
)

Handler = Callable[[argparse.Namespace, Settings], int]


def _cmd_status(args: argparse.Namespace, settings: Settings) -> int:
    """Print what the store holds."""
    with Store.open(settings, create=False) as store:
        stats = store.stats() | {"schema_version": store.schema_version}
    if args.json:
        print(json.dumps(stats))
    else:
        print(f"store: {settings.store_path}")
        for key, value in stats.items():
            print(f"  {key:15} {value}")
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="kiemsat",
        description="Harvest, understand and serve the news of Vietnam's people's procuracies.",
    )
    parser.add_argument("--version", action="version", version=f"kiemsat {__version__}")
    parser.add_argument(
        "--data-dir",
        help="data directory holding kiemsat.sqlite3 (default: $KIEMSAT_DATA_DIR or ./data)",
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    sub.required = True

    status = sub.add_parser("status", help="show what the store holds")
    status.add_argument("--json", action="store_true", help="print JSON")
    status.set_defaults(handler=_cmd_status)

    for name in COMMAND_MODULES:
        try:
            module = importlib.import_module(name)
        except ModuleNotFoundError as exc:
            # A stage that is not part of this build; any other import error is a bug.
            if exc.name and name.startswith(exc.name) or exc.name == name:
                continue
            raise
        module.register(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    settings: Settings | None = None
    try:
        settings = Settings.from_env()
        if args.data_dir:
            from pathlib import Path

            settings = settings.with_overrides(data_dir=Path(args.data_dir))
        handler: Handler = args.handler
        return handler(args, settings)
    except (StoreError, SettingsError) as exc:
        print(f"kiemsat: error: {exc}", file=sys.stderr)
        return 3
    except sqlite3.DatabaseError as exc:
        # damage found while reading (the file opened fine): name it, say how to rebuild
        print(
            f"kiemsat: error: a database file is damaged or unreadable ({exc}). The store is "
            f"{settings.store_path if settings else 'kiemsat.sqlite3 in the data directory'}; "
            "move a damaged store aside and rebuild it (`kiemsat crawl --all`, "
            "`kiemsat extract --from-store`, `kiemsat reindex`); a damaged search index is "
            "rebuilt by `kiemsat reindex`.",
            file=sys.stderr,
        )
        return 3
    except KeyboardInterrupt:
        print("kiemsat: interrupted", file=sys.stderr)
        return 130


if __name__ == "__main__":
    raise SystemExit(main())
