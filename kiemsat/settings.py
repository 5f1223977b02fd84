"""Settings in one place, read from ``KIEMSAT_*`` environment variables.

Every stage reads its configuration from a :class:`Settings` object rather than
from the environment directly, so tests can build one with explicit values and
the command line can override single fields.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field, fields, replace
from pathlib import Path

DEFAULT_USER_AGENT = "kiemsat/0.1 (+https://github.com/kiemsat/kiemsat; procuracy news archive bot)"


def _env(name: str, default: str | None = None) -> str | None:
    value = os.environ.get(f"KIEMSAT_{name}")
    return default if value is None or value == "" else value


def _env_float(name: str, default: float) -> float:
    raw = _env(name)
    if raw is None:
        return default
    try:
        return float(raw)
    except ValueError as exc:
        raise SettingsError(f"KIEMSAT_{name} must be a number, got {raw!r}") from exc


def _env_bool(name: str, default: bool) -> bool:
    raw = _env(name)
    if raw is None:
        return default
    return raw.strip().lower() in {"1", "true", "yes", "on"}


class SettingsError(ValueError):
    """A setting has a value that cannot be used."""


@dataclass(frozen=True)
class Settings:
    """Runtime configuration of every stage.

    ``data_dir`` holds the SQLite store (``kiemsat.sqlite3``) and anything
    derived from it. ``search_url`` selects the search backend: empty means the
    embedded SQLite FTS5 backend, an ``http(s)://`` URL an Elasticsearch or
    OpenSearch node.
    """

    data_dir: Path = field(default_factory=lambda: Path("data"))
    search_url: str = ""
    user_agent: str = DEFAULT_USER_AGENT
    download_delay: float = 1.0
    autothrottle: bool = True
    concurrent_per_domain: int = 2
    download_timeout: float = 30.0
    max_response_bytes: int = 5 * 1024 * 1024
    admin_token: str = ""
    index_prefix: str = "kiemsat"
    #: seconds a request to the search engine may take before the API answers 503
    search_timeout: float = 10.0

    @property
    def store_path(self) -> Path:
        return self.data_dir / "kiemsat.sqlite3"

    @classmethod
    def from_env(cls) -> Settings:
        """Build settings from ``KIEMSAT_*`` variables (``SEARCH_URL`` is accepted bare too)."""
        return cls(
            data_dir=Path(_env("DATA_DIR", "data") or "data"),
            search_url=_env("SEARCH_URL") or os.environ.get("SEARCH_URL", ""),
            user_agent=_env("USER_AGENT", DEFAULT_USER_AGENT) or DEFAULT_USER_AGENT,
            download_delay=_env_float("DOWNLOAD_DELAY", 1.0),
            autothrottle=_env_bool("AUTOTHROTTLE", True),
            concurrent_per_domain=int(_env_float("CONCURRENT_PER_DOMAIN", 2)),
            download_timeout=_env_float("DOWNLOAD_TIMEOUT", 30.0),
            max_response_bytes=int(_env_float("MAX_RESPONSE_BYTES", 5 * 1024 * 1024)),
            admin_token=_env("ADMIN_TOKEN", "") or "",
            index_prefix=_env("INDEX_PREFIX", "kiemsat") or "kiemsat",
            search_timeout=_env_float("SEARCH_TIMEOUT", 10.0),
        )

    def with_overrides(self, **changes: object) -> Settings:
        """Return a copy with the given fields replaced (unknown names are an error)."""
        known = {f.name for f in fields(self)}
        unknown = set(changes) - known
        if unknown:
            raise SettingsError(f"unknown settings: {', '.join(sorted(unknown))}")
        return replace(self, **changes)  # type: ignore[arg-type]
