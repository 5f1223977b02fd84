"""Per-portal profiles: what to crawl and how to read it, as data (TOML).

A profile says where a portal's listings start, which links on them are
articles, how to page, which selectors hold the fields of an article page, and
which domains the crawl may touch. Adding a portal means adding a file, not
code (docs/adding-a-portal.md).

Profiles live in the package's ``crawler/sites/`` directory; a run can use
another directory (``KIEMSAT_SITES_DIR`` or ``kiemsat crawl --sites-dir``),
whose files may ``extends = "vksndtc"`` a built-in profile and change only a
few keys. That is how the fake portal points the real profiles at itself: it
writes ``extends`` files whose ``base_url`` is its own ``http://127.0.0.1:PORT``
and that set ``allow_private = true``.
"""

from __future__ import annotations

import ipaddress
import os
import re
import tomllib
from dataclasses import dataclass, field, replace
from functools import lru_cache
from pathlib import Path
from typing import Any
from urllib.parse import urljoin, urlsplit

BUILTIN_SITES_DIR = Path(__file__).resolve().parent / "sites"
_NAME_RE = re.compile(r"^[a-z0-9][a-z0-9_.-]{0,63}$")
_FIELD_KEYS = ("title", "dateline", "body", "byline", "captions", "section")


class ProfileError(ValueError):
    """A profile file is missing, malformed or inconsistent."""


@dataclass(frozen=True)
class FieldSelectors:
    """CSS selectors of an article page's parts (empty string: the page has no such part)."""

    title: str = "h1"
    dateline: str = ""
    body: str = "article"
    byline: str = ""
    captions: str = ""
    section: str = ""
    drop: tuple[str, ...] = ()
    date_format: str = "%d/%m/%Y"


@dataclass(frozen=True)
class Profile:
    name: str
    base_url: str
    allowed_domains: tuple[str, ...]
    start_paths: tuple[str, ...] = ("/",)
    article_links: str = "a::attr(href)"
    article_pattern: str = ".*"
    next_page: str = ""
    max_pages: int = 50
    fields: FieldSelectors = field(default_factory=FieldSelectors)
    title: str = ""
    unit: str | None = None
    sitemap: str | None = None
    rss: str | None = None
    allow_private: bool = False
    enabled: bool = True  # false: listed, but left out of `kiemsat crawl --all`
    download_delay: float | None = None
    source: Path | None = None

    # -- derived -------------------------------------------------------------
    @property
    def crawlable(self) -> bool:
        """A profile with a base URL can be crawled on its own (``generic`` cannot)."""
        return bool(self.base_url)

    def url(self, path: str) -> str:
        return urljoin(self.base_url.rstrip("/") + "/", path)

    @property
    def start_urls(self) -> list[str]:
        return [self.url(p) for p in self.start_paths]

    @property
    def feed_urls(self) -> list[str]:
        return [self.url(p) for p in (self.sitemap, self.rss) if p]

    @property
    def origin(self) -> tuple[str, str, int | None]:
        parts = urlsplit(self.base_url)
        return parts.scheme, (parts.hostname or ""), parts.port

    def is_article_url(self, url: str) -> bool:
        parts = urlsplit(url)
        target = parts.path + (f"?{parts.query}" if parts.query else "")
        return re.search(self.article_pattern, target) is not None

    def allows(self, url: str) -> bool:
        """May the crawl request ``url``? Same domains only; private addresses only
        for a profile that explicitly targets one (the local fake portal), and
        then only its own origin (scheme, host and port)."""
        parts = urlsplit(url)
        if parts.scheme not in ("http", "https"):
            return False
        host = (parts.hostname or "").lower()
        if not host:
            return False
        if _is_private_host(host):
            return self.allow_private and (parts.scheme, host, parts.port) == self.origin
        return any(host == d or host.endswith("." + d) for d in self.allowed_domains)


@lru_cache(maxsize=1024)
def _is_private_host(host: str) -> bool:
    if host == "localhost" or host.endswith(".localhost"):
        return True
    try:
        ip = ipaddress.ip_address(host.strip("[]"))
    except ValueError:
        return False
    return (
        ip.is_private or ip.is_loopback or ip.is_link_local or ip.is_reserved or ip.is_unspecified
    )


# ---------------------------------------------------------------------------
# Loading
# ---------------------------------------------------------------------------
def sites_dirs(sites_dir: str | Path | None = None) -> list[Path]:
    """Directories searched for profiles, first match wins: the given or
    ``KIEMSAT_SITES_DIR`` directory, then the built-in one."""
    chosen = sites_dir or os.environ.get("KIEMSAT_SITES_DIR")
    dirs = [Path(chosen)] if chosen else []
    if chosen and not Path(chosen).is_dir():
        raise ProfileError(f"sites directory not found: {chosen}")
    dirs.append(BUILTIN_SITES_DIR)
    return dirs


def _read_raw(path: Path) -> dict[str, Any]:
    try:
        with path.open("rb") as fh:
            return tomllib.load(fh)
    except tomllib.TOMLDecodeError as exc:
        raise ProfileError(f"{path}: not valid TOML ({exc})") from exc
    except OSError as exc:
        raise ProfileError(f"{path}: cannot read ({exc})") from exc


def _merge(base: dict[str, Any], child: dict[str, Any]) -> dict[str, Any]:
    out = dict(base)
    for key, value in child.items():
        if isinstance(value, dict) and isinstance(out.get(key), dict):
            out[key] = _merge(out[key], value)
        else:
            out[key] = value
    # a profile moved to another base URL must not keep its parent's domains
    if "base_url" in child and "allowed_domains" not in child:
        out.pop("allowed_domains", None)
    return out


def _resolve(path: Path, seen: tuple[Path, ...] = ()) -> dict[str, Any]:
    raw = _read_raw(path)
    parent_name = raw.pop("extends", None)
    if parent_name is None:
        return raw
    if not isinstance(parent_name, str):
        raise ProfileError(f"{path}: 'extends' must be a profile name")
    # a sibling file of that name first (unless it is this very file), then the built-in one
    candidates = (path.parent / f"{parent_name}.toml", BUILTIN_SITES_DIR / f"{parent_name}.toml")
    parent = next((c for c in candidates if c.exists() and c.resolve() != path.resolve()), None)
    if parent is None:
        raise ProfileError(f"{path}: extends unknown profile {parent_name!r}")
    if parent.resolve() in seen or parent.resolve() == path.resolve():
        raise ProfileError(f"{path}: 'extends' loops through {parent_name!r}")
    return _merge(_resolve(parent, (*seen, path.resolve())), raw)


def _build(raw: dict[str, Any], path: Path) -> Profile:
    where = str(path)
    name = raw.get("name") or path.stem
    if not isinstance(name, str) or not _NAME_RE.match(name):
        raise ProfileError(f"{where}: name must be lower-case letters, digits, '_', '-', '.'")
    base_url = raw.get("base_url", "")
    if not isinstance(base_url, str):
        raise ProfileError(f"{where}: base_url must be a string")
    if base_url and urlsplit(base_url).scheme not in ("http", "https"):
        raise ProfileError(f"{where}: base_url must be an http(s) URL, got {base_url!r}")
    domains = raw.get("allowed_domains")
    if domains is None:
        host = urlsplit(base_url).hostname
        domains = [host] if host else []
    if not isinstance(domains, list) or not all(isinstance(d, str) for d in domains):
        raise ProfileError(f"{where}: allowed_domains must be a list of host names")
    listing = raw.get("listing", {})
    fields_raw = raw.get("fields", {})
    if not isinstance(listing, dict) or not isinstance(fields_raw, dict):
        raise ProfileError(f"{where}: [listing] and [fields] must be tables")
    unknown = set(fields_raw) - set(_FIELD_KEYS) - {"drop", "date_format"}
    if unknown:
        raise ProfileError(f"{where}: unknown [fields] keys: {', '.join(sorted(unknown))}")
    pattern = listing.get("article_pattern", ".*")
    try:
        re.compile(pattern)
    except re.error as exc:
        raise ProfileError(f"{where}: article_pattern is not a valid regex ({exc})") from exc
    try:
        max_pages = int(listing.get("max_pages", 50))
        delay = raw.get("download_delay")
        delay = None if delay is None else float(delay)
    except (TypeError, ValueError) as exc:
        raise ProfileError(f"{where}: max_pages/download_delay must be numbers") from exc
    selectors = FieldSelectors(
        **{k: str(fields_raw[k]) for k in _FIELD_KEYS if k in fields_raw},
        drop=tuple(fields_raw.get("drop", ())),
        date_format=str(fields_raw.get("date_format", "%d/%m/%Y")),
    )
    return Profile(
        name=name,
        base_url=base_url,
        allowed_domains=tuple(d.lower() for d in domains),
        start_paths=tuple(listing.get("start_paths", ["/"])),
        article_links=listing.get("article_links", "a::attr(href)"),
        article_pattern=pattern,
        next_page=listing.get("next_page", ""),
        max_pages=max_pages,
        fields=selectors,
        title=raw.get("title", ""),
        unit=raw.get("unit"),
        sitemap=raw.get("sitemap"),
        rss=raw.get("rss"),
        allow_private=bool(raw.get("allow_private", False)),
        enabled=bool(raw.get("enabled", True)),
        download_delay=delay,
        source=path,
    )


def load_profile_file(path: str | Path) -> Profile:
    path = Path(path)
    return _build(_resolve(path), path)


def list_profiles(sites_dir: str | Path | None = None) -> list[Profile]:
    """Every profile, the run's sites directory shadowing built-ins of the same name."""
    found: dict[str, Profile] = {}
    for directory in sites_dirs(sites_dir):
        for path in sorted(directory.glob("*.toml")):
            prof = load_profile_file(path)
            found.setdefault(prof.name, prof)
    return sorted(found.values(), key=lambda p: p.name)


def load_profile(name: str, sites_dir: str | Path | None = None) -> Profile:
    """The profile called ``name`` (the NLP stage uses it to read a raw page's fields)."""
    for prof in list_profiles(sites_dir):
        if prof.name == name:
            return prof
    known = ", ".join(p.name for p in list_profiles(sites_dir))
    raise ProfileError(f"unknown site {name!r} (known: {known})")


def generic_profile(url: str) -> Profile:
    """The fallback profile aimed at one start URL (``kiemsat crawl --url``)."""
    base = load_profile("generic")
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise ProfileError(f"not an http(s) URL: {url!r}")
    start = parts.path or "/"
    if parts.query:
        start += "?" + parts.query
    return replace(
        base,
        name=parts.hostname.replace(":", "_"),
        base_url=f"{parts.scheme}://{parts.netloc}",
        allowed_domains=(parts.hostname.lower(),),
        start_paths=(start,),
    )
