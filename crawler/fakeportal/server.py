"""The fake portal: our own procuracy sites served on 127.0.0.1 for tests, the demo
and the benchmark.

Three sites, each its own HTTP server on its own free port (so each has its own
robots.txt and origin, as real portals do), named like the profiles they
imitate: ``vksndtc`` (supreme layout), ``sharepoint_province`` and
``wordpress_province``. They serve the fixed, reviewed article set in
``data/*.json`` and, unless ``traps=False``, the awkward cases a crawler must
survive:

==========================  =================================================
vksndtc                     a page answering 500 once then 200; a page slower
                            than the timeout; an oversized page; an article
                            disallowed by robots.txt; one article listed again
                            under an alias URL (``<link rel=canonical>``)
sharepoint_province         a page in windows-1258; a page with no charset at
                            all; an old URL redirecting (301) to the article;
                            a listed link that is a 404
wordpress_province          a page whose charset is mislabelled
                            (``iso-8859-1``, bytes UTF-8); an empty article;
                            redirects to another host and to a private
                            address; RSS feed and sitemap.xml
==========================  =================================================

Every page has an ETag and a Last-Modified and answers conditional GETs with
304. Every request is logged (:meth:`FakePortal.hits`) so tests can assert what
the crawler fetched. ``large=N`` serves one site (``large``) of N generated
articles (:mod:`kiemsat.synth`) for the benchmark.

    with FakePortal() as portal:
        portal.write_sites(tmp / "sites")      # profiles pointing at it
        portal.url("vksndtc", "/robots.txt")
"""

from __future__ import annotations

import hashlib
import json
import re
import threading
import time
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from email.utils import formatdate, parsedate_to_datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

from crawler.fakeportal import pages
from crawler.fakeportal.pages import Link
from kiemsat.synth import make_article, slugify

DATA_DIR = Path(__file__).resolve().parent / "data"
SITES = ("vksndtc", "sharepoint_province", "wordpress_province")
_DATA_FILES = {
    "vksndtc": "vksndtc.json",
    "sharepoint_province": "sharepoint.json",
    "wordpress_province": "wordpress.json",
}
_LAYOUT = {
    "vksndtc": "supreme",
    "sharepoint_province": "sharepoint",
    "wordpress_province": "wordpress",
    "large": "supreme",
}
# Which fixture carries which trap (keys of data/*.json).
TRAPS = {
    "vksndtc-03": "flaky",
    "vksndtc-05": "slow",
    "vksndtc-07": "oversized",
    "vksndtc-09": "robots",
    "vksndtc-02": "alias",
    "sharepoint-04": "cp1258",
    "sharepoint-06": "moved",
    "sharepoint-08": "nocharset",
    "wordpress-03": "mislabelled",
}


# ---------------------------------------------------------------------------
# Articles
# ---------------------------------------------------------------------------
@dataclass
class FixtureArticle:
    """One article of the fixed set, with its gold fields (EXTRACTION.md shape)."""

    key: str
    site: str
    title: str
    published: date
    authors: list[str]
    section: str | None
    event_type: str
    paragraphs: list[str]
    captions: list[tuple[int, str, str | None]]
    gold: dict[str, Any] = field(default_factory=dict)
    number: int = 0  # the CMS item number in URLs

    @property
    def trap(self) -> str | None:
        return TRAPS.get(self.key)

    @property
    def body(self) -> str:
        return "\n\n".join(self.paragraphs)

    def expected(self) -> dict[str, Any]:
        """The article object the NLP stage should produce from this page."""
        return {
            "title": self.title,
            "published": self.published.isoformat(),
            "authors": list(self.authors),
            "section": self.section or "Tin hoạt động",  # the pages print this when unset
            "event_type": self.event_type,
            "body": self.body,
            "captions": [c for _, c, _ in self.captions],
            **self.gold,
        }

    @classmethod
    def from_dict(cls, site: str, data: dict[str, Any], number: int) -> FixtureArticle:
        return cls(
            key=data["key"],
            site=site,
            title=data["title"],
            published=date.fromisoformat(data["published"]),
            authors=list(data.get("authors") or []),
            section=data.get("section"),
            event_type=data.get("event_type", "other"),
            paragraphs=list(data.get("paragraphs") or []),
            captions=[(c["after"], c["text"], c.get("credit")) for c in data.get("captions", [])],
            gold=dict(data.get("gold") or {}),
            number=number,
        )


def load_fixtures(site: str | None = None) -> list[FixtureArticle]:
    """The fixed article set (all sites, or one), newest first per site."""
    out: list[FixtureArticle] = []
    for name in SITES if site is None else (site,):
        raw = json.loads((DATA_DIR / _DATA_FILES[name]).read_text(encoding="utf-8"))
        base = {"vksndtc": 1000, "sharepoint_province": 200, "wordpress_province": 0}[name]
        arts = [FixtureArticle.from_dict(name, d, base + i + 1) for i, d in enumerate(raw)]
        out += sorted(arts, key=lambda a: (a.published, a.key), reverse=True)
    return out


def render_fixture(art: FixtureArticle) -> bytes:
    """The article page as the fake portal serves it (UTF-8, no traps): for the
    NLP stage's boilerplate benchmark."""
    site = _Site(art.site, [art], traps=False, base_url="http://127.0.0.1")
    return site.render_article(art)[0]


def to_cp1258(text: str) -> bytes:
    """Encode Vietnamese text in windows-1258: base letters with their vowel marks
    precomposed, tone marks as combining characters (the only way cp1258 can)."""
    out = []
    for ch in unicodedata.normalize("NFC", text):
        try:
            out.append(ch.encode("cp1258"))
            continue
        except UnicodeEncodeError:
            pass
        decomposed = unicodedata.normalize("NFD", ch)
        base = unicodedata.normalize("NFC", "".join(c for c in decomposed if c not in _TONES))
        tones = "".join(c for c in decomposed if c in _TONES)
        out.append((base + tones).encode("cp1258", errors="xmlcharrefreplace"))
    return b"".join(out)


_TONES = "\u0300\u0301\u0303\u0309\u0323"


# ---------------------------------------------------------------------------
# One site
# ---------------------------------------------------------------------------
@dataclass
class _Served:
    status: int
    body: bytes
    content_type: str = "text/html; charset=utf-8"
    headers: dict[str, str] = field(default_factory=dict)
    last_modified: float | None = None


class _Site:
    """The pages of one fake site and how each path answers."""

    def __init__(
        self,
        name: str,
        articles: list[FixtureArticle],
        *,
        traps: bool,
        base_url: str = "",
        page_size: int = 5,
        large: int = 0,
        seed: int = 0,
        slow_seconds: float = 6.0,
        oversize_bytes: int = 6 * 1024 * 1024,
    ) -> None:
        self.name = name
        self.layout = _LAYOUT[name]
        self.articles = articles
        self.traps = traps
        self.base_url = base_url
        self.page_size = page_size
        self.large = large
        self.seed = seed
        self.slow_seconds = slow_seconds
        self.oversize_bytes = oversize_bytes
        self.flaky_done: set[str] = set()
        self.other_origin = ""  # another site's origin, for the cross-origin redirect trap
        self._cache: dict[int, bytes] = {}
        self._lock = threading.Lock()
        self.rebuild()

    # -- URL scheme per layout -------------------------------------------------
    def listing_path(self, page: int) -> str:
        if self.layout == "supreme":
            return "/tin-tuc/tin-hoat-dong" + (f"?trang={page}" if page > 1 else "")
        if self.layout == "sharepoint":
            return "/Pages/tin-hoat-dong.aspx" + (f"?Page={page}" if page > 1 else "")
        return "/chuyen-muc/tin-hoat-dong/" + (f"page/{page}/" if page > 1 else "")

    def article_path(self, art: FixtureArticle) -> str:
        if self.layout == "supreme":
            prefix = "noi-bo-" if art.trap == "robots" and self.traps else ""
            return f"/tin-tuc/tin-hoat-dong/{prefix}{slugify(art.title)[:60].strip('-')}-{art.number}.html"
        if self.layout == "sharepoint":
            return f"/Pages/tin-hoat-dong.aspx?ItemID={art.number}"
        d = art.published
        return f"/{d.year}/{d.month:02d}/{d.day:02d}/{slugify(art.title)[:70].strip('-')}/"

    def rebuild(self) -> None:
        """Recompute routes and listing entries (after :meth:`FakePortal.publish`)."""
        self.routes: dict[str, tuple[str, FixtureArticle | None]] = {}
        entries: list[Link] = []
        for art in self.articles:
            path = self.article_path(art)
            self.routes[path] = ("article", art)
            listed = path
            if self.traps and art.trap == "moved":
                listed = f"/Pages/tin-cu.aspx?ItemID={art.number}"
                self.routes[listed] = ("moved", art)
            entries.append(Link(listed, art.title, art.published))
        if self.traps:
            for art in self.articles:
                if art.trap == "alias":
                    alias = f"/tin-tuc/bai-viet/{art.number}"
                    self.routes[alias] = ("article", art)
                    entries.append(Link(alias, art.title, art.published))
            if self.layout == "sharepoint":
                entries.append(Link("/Pages/tin-hoat-dong.aspx?ItemID=99999", "Bài đã gỡ"))
            if self.layout == "wordpress":
                empty = FixtureArticle(
                    "wordpress-empty", self.name, "Bài viết đang cập nhật",
                    date(2024, 4, 1), [], None, "other", [], [],
                )  # fmt: skip
                path = self.article_path(empty)  # /2024/04/01/bai-viet-dang-cap-nhat/
                self.routes[path] = ("article", empty)
                entries.insert(3, Link(path, empty.title, empty.published))
                for path, kind in (
                    ("/2022/01/05/trang-chuyen-huong/", "offsite"),
                    ("/2022/01/06/chuyen-sang-cong-khac/", "other-origin"),
                ):
                    self.routes[path] = (kind, None)
                    entries.append(Link(path, "Chuyển hướng"))
        self.entries = entries
        self.feed_links = [
            e for e in entries if e.href in self.routes and self.routes[e.href][0] == "article"
        ]

    @property
    def pages(self) -> int:
        n = self.large if self.large else len(self.entries)
        return max(1, -(-n // self.page_size))

    # -- rendering -------------------------------------------------------------
    def render_article(self, art: Any, number: int | None = None) -> tuple[bytes, str]:
        """``(bytes, content type)`` of an article page."""
        trap = getattr(art, "trap", None) if self.traps else None
        canonical = self.base_url + self.article_path(art) if hasattr(art, "key") else None
        charset = {"cp1258": "windows-1258", "mislabelled": "iso-8859-1", "nocharset": None}.get(
            trap or "", "utf-8"
        )
        if self.layout == "supreme":
            html = pages.supreme_article(art, canonical=canonical, charset=charset)
        elif self.layout == "sharepoint":
            related = [e for e in self.entries[:4] if e.text != art.title][:3]
            html = pages.sharepoint_article(
                art,
                salt=number or art.number,
                related=related,
                canonical=canonical,
                charset=charset,
            )
        else:
            html = pages.wordpress_article(art, canonical=canonical, charset=charset)
        if trap == "cp1258":
            return to_cp1258(html), "text/html; charset=windows-1258"
        body = html.encode("utf-8")
        if trap == "oversized":
            pad = b"<!-- " + b"x" * 1000 + b" -->\n"
            body = body.replace(
                b"</body>", pad * (self.oversize_bytes // len(pad) + 1) + b"</body>"
            )
        if trap == "mislabelled":
            return body, "text/html; charset=iso-8859-1"
        if trap == "nocharset":
            return body, "text/html"
        return body, "text/html; charset=utf-8"

    def _large_article(self, i: int) -> _Served:
        body = self._cache.get(i)
        art = make_article(i, self.seed)
        if body is None:
            body = pages.supreme_article(
                art, canonical=f"{self.base_url}/tin-tuc/tin-hoat-dong/bai-viet-{i}.html"
            ).encode("utf-8")
            self._cache[i] = body
        return _Served(200, body, last_modified=_ts(art.published))

    def listing(self, page: int) -> _Served:
        if self.large:
            start = (page - 1) * self.page_size
            stop = min(self.large, start + self.page_size)
            links = [
                Link(f"/tin-tuc/tin-hoat-dong/bai-viet-{i}.html", f"Bài viết số {i}")
                for i in range(start, stop)
            ]
        else:
            links = self.entries[(page - 1) * self.page_size : page * self.page_size]
        nxt = self.listing_path(page + 1) if page < self.pages else None
        render = {
            "supreme": pages.supreme_listing,
            "sharepoint": pages.sharepoint_listing,
            "wordpress": pages.wordpress_listing,
        }[self.layout]
        dates = [link.published for link in links if link.published]
        return _Served(
            200,
            render(links, page, nxt).encode("utf-8"),
            last_modified=_ts(max(dates)) if dates else None,
        )

    def robots(self) -> bytes:
        return (
            b"User-agent: *\n"
            b"Disallow: /tin-tuc/tin-hoat-dong/noi-bo-\n"
            b"Disallow: /_layouts/\n"
            b"Disallow: /wp-admin/\n"
        )

    # -- dispatch ---------------------------------------------------------------
    def answer(self, raw_path: str) -> _Served:
        parts = urlsplit(raw_path)
        path, query = parts.path, parts.query
        full = path + (f"?{query}" if query else "")
        if path == "/robots.txt":
            return _Served(200, self.robots(), "text/plain; charset=utf-8")
        page = self._listing_page(path, query)
        if page is not None:
            if 1 <= page <= self.pages:
                return self.listing(page)
            return _Served(404, b"<html><body>Trang khong ton tai</body></html>")
        if self.large:
            m = re.fullmatch(r"/tin-tuc/tin-hoat-dong/bai-viet-(\d+)\.html", path)
            if m and int(m.group(1)) < self.large:
                return self._large_article(int(m.group(1)))
            return _Served(404, b"<html><body>Not found</body></html>")
        if self.layout == "wordpress" and path in ("/feed/", "/sitemap.xml"):
            maker = pages.rss if path == "/feed/" else pages.sitemap
            ctype = "application/rss+xml; charset=utf-8" if path == "/feed/" else "application/xml"
            dates = [e.published for e in self.feed_links if e.published]
            return _Served(
                200,
                maker(self.base_url, self.feed_links).encode(),
                ctype,
                last_modified=_ts(max(dates)) if dates else None,
            )
        route = self.routes.get(full) or self.routes.get(_normal_query(full))
        if route is None:
            return _Served(
                404, b"<html><body><h1>404</h1><p>Khong tim thay trang</p></body></html>"
            )
        kind, art = route
        if kind == "moved":
            assert art is not None
            return _Served(301, b"", headers={"Location": self.article_path(art)})
        if kind == "offsite":
            return _Served(
                302, b"", headers={"Location": "http://169.254.169.254/latest/meta-data/"}
            )
        if kind == "other-origin":
            return _Served(302, b"", headers={"Location": self.other_origin + "/robots.txt"})
        assert art is not None
        trap = art.trap if self.traps else None
        if trap == "flaky":
            with self._lock:
                first = full not in self.flaky_done
                self.flaky_done.add(full)
            if first:
                return _Served(500, b"<html><body>Loi may chu</body></html>")
        if trap == "slow":
            time.sleep(self.slow_seconds)
        body, ctype = self.render_article(art)
        return _Served(200, body, ctype, last_modified=_ts(art.published))

    def _listing_page(self, path: str, query: str) -> int | None:
        qs = parse_qs(query)
        try:
            if self.layout == "supreme" and path == "/tin-tuc/tin-hoat-dong":
                return int(qs.get("trang", ["1"])[0])
            if (
                self.layout == "sharepoint"
                and path == "/Pages/tin-hoat-dong.aspx"
                and "ItemID" not in qs
            ):
                return int(qs.get("Page", ["1"])[0])
            if self.layout == "wordpress":
                if path == "/chuyen-muc/tin-hoat-dong/":
                    return 1
                m = re.fullmatch(r"/chuyen-muc/tin-hoat-dong/page/(\d+)/", path)
                if m:
                    return int(m.group(1))
        except ValueError:
            return 0
        return None


def _normal_query(full: str) -> str:
    parts = urlsplit(full)
    if not parts.query:
        return full
    q = "&".join(sorted(parts.query.split("&")))
    return f"{parts.path}?{q}"


def _ts(d: date) -> float:
    return datetime(d.year, d.month, d.day, 1, 0, tzinfo=UTC).timestamp()


# ---------------------------------------------------------------------------
# HTTP
# ---------------------------------------------------------------------------
class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server_version = "FakePortal/1.0"
    disable_nagle_algorithm = True  # small keep-alive responses must not wait for delayed ACKs
    portal: FakePortal
    site: _Site

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - stdlib signature
        """Quiet: the portal keeps its own request log."""

    def do_HEAD(self) -> None:
        self._serve(head=True)

    def do_GET(self) -> None:
        self._serve(head=False)

    def _serve(self, head: bool) -> None:
        served = self.site.answer(self.path)
        etag = (
            '"' + hashlib.sha1(served.body).hexdigest()[:16] + '"' if served.status == 200 else None
        )
        inm = self.headers.get("If-None-Match")
        ims = self.headers.get("If-Modified-Since")
        status = served.status
        if status == 200 and etag and inm is not None:
            if etag in [t.strip() for t in inm.split(",")]:
                status = 304
        elif status == 200 and ims and served.last_modified is not None:
            try:
                if parsedate_to_datetime(ims).timestamp() >= served.last_modified:
                    status = 304
            except (TypeError, ValueError):
                pass
        self.portal._log(
            self.site.name,
            self.command,
            self.path,
            status,
            inm,
            ims,
            self.headers.get("User-Agent"),
        )
        body = b"" if status == 304 or head else served.body
        try:
            self.send_response(status)
            self.send_header("Content-Type", served.content_type)
            if etag:
                self.send_header("ETag", etag)
            if served.last_modified is not None and status in (200, 304):
                self.send_header("Last-Modified", formatdate(served.last_modified, usegmt=True))
            for k, v in served.headers.items():
                self.send_header(k, v)
            self.send_header("Content-Length", str(0 if status == 304 else len(served.body)))
            # headers and body in one write
            self._headers_buffer.append(b"\r\n" + body)  # type: ignore[attr-defined]
            self.flush_headers()
        except (BrokenPipeError, ConnectionResetError):
            self.close_connection = True


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True
    request_queue_size = 128


@dataclass
class Hit:
    site: str
    method: str
    path: str
    status: int
    if_none_match: str | None
    if_modified_since: str | None
    user_agent: str | None

    @property
    def conditional(self) -> bool:
        return bool(self.if_none_match or self.if_modified_since)


class FakePortal:
    """The fake portal's sites, each on its own port of 127.0.0.1."""

    def __init__(
        self,
        *,
        traps: bool = True,
        large: int = 0,
        seed: int = 1,
        host: str = "127.0.0.1",
        ports: dict[str, int] | None = None,
        slow_seconds: float = 6.0,
        oversize_bytes: int = 6 * 1024 * 1024,
        page_size: int | None = None,
    ) -> None:
        self.host = host
        self.traps = traps and not large
        self._log_lock = threading.Lock()
        self._hits: list[Hit] = []
        self._servers: dict[str, _Server] = {}
        self._threads: list[threading.Thread] = []
        self.sites: dict[str, _Site] = {}
        ports = ports or {}
        names = ("large",) if large else SITES
        for name in names:
            arts = [] if large else load_fixtures(name)
            site = _Site(
                name,
                arts,
                traps=self.traps,
                page_size=page_size or (50 if large else 5),
                large=large,
                seed=seed,
                slow_seconds=slow_seconds,
                oversize_bytes=oversize_bytes,
            )
            handler = type(f"Handler_{name}", (_Handler,), {"portal": self, "site": site})
            server = _Server((host, ports.get(name, 0)), handler)
            site.base_url = f"http://{host}:{server.server_address[1]}"
            self.sites[name] = site
            self._servers[name] = server
        origins = [s.base_url for s in self.sites.values()]
        for site in self.sites.values():
            site.other_origin = next((o for o in origins if o != site.base_url), site.base_url)

    # -- lifecycle ---------------------------------------------------------------
    def start(self) -> FakePortal:
        for name, server in self._servers.items():
            t = threading.Thread(
                target=server.serve_forever,
                kwargs={"poll_interval": 0.1},
                name=f"fakeportal-{name}",
                daemon=True,
            )
            t.start()
            self._threads.append(t)
        return self

    def stop(self) -> None:
        for server in self._servers.values():
            server.shutdown()
            server.server_close()
        for t in self._threads:
            t.join(timeout=5)

    def __enter__(self) -> FakePortal:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def prerender(self) -> None:
        """Render every large-mode page now, so a benchmark measures the crawler, not us."""
        for site in self.sites.values():
            for i in range(site.large):
                site._large_article(i)

    # -- addresses and profiles ---------------------------------------------------
    def base_url(self, site: str) -> str:
        return self.sites[site].base_url

    def url(self, site: str, path: str) -> str:
        return self.sites[site].base_url + path

    def write_sites(self, directory: str | Path) -> Path:
        """Write profiles pointing the built-in ones at this portal (``extends``)."""
        directory = Path(directory)
        directory.mkdir(parents=True, exist_ok=True)
        for name, site in self.sites.items():
            parent = "vksndtc" if name == "large" else name
            text = (
                "# Written by the fake portal: the built-in profile aimed at 127.0.0.1.\n"
                f'extends = "{parent}"\nname = "{name}"\nbase_url = "{site.base_url}"\n'
                "allow_private = true\nenabled = true\n"
            )
            if name == "large":
                text += "\n[listing]\nmax_pages = 100000\n"
            (directory / f"{name}.toml").write_text(text, encoding="utf-8")
        for name in SITES:
            if name not in self.sites:
                # keep `kiemsat crawl --all` on this portal: the real portals stay off
                (directory / f"{name}.toml").write_text(
                    f'extends = "{name}"\nname = "{name}"\nenabled = false\n', encoding="utf-8"
                )
        return directory

    # -- content changes (for incremental tests) -----------------------------------
    def publish(self, site: str, art: FixtureArticle) -> str:
        """Put a new article at the top of ``site``'s listing; return its URL."""
        s = self.sites[site]
        art.site = site
        if not art.number:
            art.number = max((a.number for a in s.articles), default=0) + 100
        s.articles.insert(0, art)
        s.rebuild()
        return s.base_url + s.article_path(art)

    def edit(self, site: str, key: str, paragraphs: list[str]) -> None:
        s = self.sites[site]
        for art in s.articles:
            if art.key == key:
                art.paragraphs = paragraphs
        s.rebuild()

    # -- what the portal holds and what was asked -------------------------------------
    def article_url(self, site: str, key: str) -> str:
        s = self.sites[site]
        art = next(a for a in s.articles if a.key == key)
        return s.base_url + s.article_path(art)

    def articles(self, site: str) -> list[FixtureArticle]:
        return list(self.sites[site].articles)

    def _log(
        self,
        site: str,
        method: str,
        path: str,
        status: int,
        inm: str | None,
        ims: str | None,
        ua: str | None,
    ) -> None:
        with self._log_lock:
            self._hits.append(Hit(site, method, path, status, inm, ims, ua))

    def hits(self, site: str | None = None, path: str | None = None) -> list[Hit]:
        with self._log_lock:
            return [
                h
                for h in self._hits
                if (site is None or h.site == site) and (path is None or h.path == path)
            ]

    def clear_hits(self) -> None:
        with self._log_lock:
            self._hits.clear()

    def describe(self) -> dict[str, Any]:
        return {"sites": {n: s.base_url for n, s in self.sites.items()}, "traps": self.traps}


def expected_stored(portal_traps: bool = True) -> dict[str, set[str]]:
    """Keys of the fixtures a complete crawl must store, per site (the traps that
    can never be fetched left out)."""
    never = {"slow", "oversized", "robots"} if portal_traps else set()
    out: dict[str, set[str]] = {}
    for art in load_fixtures():
        if art.trap not in never:
            out.setdefault(art.site, set()).add(art.key)
    return out


def iter_pages(arts: Iterable[FixtureArticle]) -> Iterable[tuple[FixtureArticle, bytes]]:
    for art in arts:
        yield art, render_fixture(art)
