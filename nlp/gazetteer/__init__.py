"""Gazetteers the unit and people components read: data files, not code.

The JSON files next to this module are the project's own lists (provinces
before and after the 2025 merger, fixed-name bodies, numbered departments of
the supreme procuracy, titles, honorifics, ranks, surnames). They are loaded
once per process; editing a file changes what the components recognise without
touching their rules.
"""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import Any

_DIR = Path(__file__).resolve().parent


@cache
def load(name: str) -> dict[str, Any]:
    """The parsed JSON file ``name`` (without ``.json``) of this package."""
    with (_DIR / f"{name}.json").open(encoding="utf-8") as fh:
        return json.load(fh)


def provinces() -> dict[str, str]:
    """Every province/centrally-run city name, before and after 2025, mapped to its kind
    (``tỉnh`` or ``thành phố``); the post-2025 kind wins (Huế became a city)."""
    data = load("provinces")
    merged = dict(data["before_2025"])
    merged.update(data["after_2025"])
    return merged


def province_aliases() -> dict[str, str]:
    """Other spellings of province names mapped to the gazetteer's name."""
    return dict(load("provinces")["aliases"])
