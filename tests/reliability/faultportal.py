"""A portal on 127.0.0.1 that misbehaves on demand, for the crawler's fault tests.

It serves generated articles (:mod:`kiemsat.synth`, our own text) in the
supreme procuracy's layout, so the built-in ``vksndtc`` profile reads it, and
lets a test script what goes wrong, request by request:

* ``reset``: the connection is closed with a TCP RST before any answer;
* ``503`` (or any status): an error page instead of the article (``200``: the
  normal answer, to let one request through before a storm);
* ``slow``: the answer comes after ``slow_seconds`` (beyond the crawler's timeout);
* ``truncate``: headers promise the whole body, half of it is sent, then the
  connection closes;
* a *storm*: the next N requests of any path answer 503;
* a *layout change*: chosen articles are served in another portal's markup,
  so the profile's selectors find nothing;
* *redirects*: a path can answer 302 to any URL (other hosts, private addresses);
* *hostile* extra HTML inside an article body (scripts, event handlers,
  ``javascript:`` links) and a title carrying markup.

Every answered request is logged with its outcome so tests can count fetches.
"""

from __future__ import annotations

import socket
import struct
import threading
import time
from collections import deque
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlsplit

from crawler.fakeportal import pages
from crawler.fakeportal.pages import Link
from kiemsat.synth import make_article

LISTING = "/tin-tuc/tin-hoat-dong"


def article_path(i: int) -> str:
    return f"{LISTING}/bai-viet-{i}.html"


@dataclass
class Hit:
    path: str
    outcome: str  # "ok", "reset", "truncate", "slow", "storm", "<status>", "redirect"


@dataclass
class FaultPortal:
    """``n`` articles, ``page_size`` per listing page; faults scripted per path."""

    n: int = 12
    page_size: int = 4
    seed: int = 7
    slow_seconds: float = 3.0
    layout_changed: set[int] = field(default_factory=set)
    hostile: dict[int, tuple[str, str]] = field(default_factory=dict)  # i -> (title, extra html)
    redirects: dict[str, str] = field(default_factory=dict)  # path -> Location
    extra_links: list[str] = field(default_factory=list)  # hrefs added to listing page 1
    delay: float = 0.0  # seconds before every article answer (to kill a crawl midway)

    def __post_init__(self) -> None:
        self._plans: dict[str, deque[str]] = {}
        self._storm = 0
        self._lock = threading.Lock()
        self.log: list[Hit] = []
        self._server: ThreadingHTTPServer | None = None

    # -- scripting ------------------------------------------------------------------
    def plan(self, path: str, *outcomes: str) -> None:
        """The next requests of ``path`` (with its query) get ``outcomes`` in order, then normal answers."""
        with self._lock:
            self._plans.setdefault(path, deque()).extend(outcomes)

    def storm(self, requests: int) -> None:
        """The next ``requests`` requests (any path but robots.txt, after the
        scripted outcomes of :meth:`plan`) answer 503."""
        with self._lock:
            self._storm = requests

    def _next_fault(self, path: str) -> str | None:
        with self._lock:
            q = self._plans.get(path)
            if q:
                return q.popleft()
            if path != "/robots.txt" and self._storm > 0:
                self._storm -= 1
                return "storm"
            return None

    def hits(self, path: str | None = None, outcome: str | None = None) -> list[Hit]:
        with self._lock:
            return [
                h
                for h in self.log
                if (path is None or h.path == path) and (outcome is None or h.outcome == outcome)
            ]

    # -- content -----------------------------------------------------------------------
    @property
    def base_url(self) -> str:
        assert self._server is not None, "start the portal first"
        return f"http://127.0.0.1:{self._server.server_address[1]}"

    def url(self, path: str) -> str:
        return self.base_url + path

    @property
    def pages(self) -> int:
        return max(1, -(-self.n // self.page_size))

    def article_html(self, i: int) -> str:
        art = make_article(i, self.seed)
        if i in self.hostile:
            title, extra = self.hostile[i]
            art.title = title
            html = pages.supreme_article(art)
            return html.replace(
                '<div class="news-content">\n', f'<div class="news-content">\n{extra}\n', 1
            )
        if i in self.layout_changed:
            return pages.wordpress_article(art)  # a redesign: none of the profile's selectors match
        return pages.supreme_article(art)

    def listing_html(self, page: int) -> str:
        start = (page - 1) * self.page_size
        links = [
            Link(article_path(i), make_article(i, self.seed).title)
            for i in range(start, min(self.n, start + self.page_size))
        ]
        if page == 1:
            links += [Link(href, "Liên kết") for href in self.extra_links]
        nxt = f"{LISTING}?trang={page + 1}" if page < self.pages else None
        return pages.supreme_listing(links, page, nxt)

    def answer(self, raw: str) -> tuple[int, bytes, dict[str, str]]:
        parts = urlsplit(raw)
        path = parts.path
        html = {"Content-Type": "text/html; charset=utf-8"}
        if path == "/robots.txt":
            return 200, b"User-agent: *\nDisallow:\n", {"Content-Type": "text/plain"}
        if path in self.redirects:
            return 302, b"", {"Location": self.redirects[path]}
        if path == LISTING:
            try:
                page = int(parse_qs(parts.query).get("trang", ["1"])[0])
            except ValueError:
                page = 0
            if 1 <= page <= self.pages:
                return 200, self.listing_html(page).encode(), html
        if path.startswith(LISTING + "/bai-viet-") and path.endswith(".html"):
            num = path[len(LISTING + "/bai-viet-") : -len(".html")]
            if num.isdigit() and int(num) < self.n:
                return 200, self.article_html(int(num)).encode(), html
        return 404, b"<html><body>Khong tim thay</body></html>", html

    # -- lifecycle ------------------------------------------------------------------------
    def start(self) -> FaultPortal:
        portal = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, format: str, *args: Any) -> None:  # noqa: A002
                pass

            def do_GET(self) -> None:
                portal._serve(self)

        class Server(ThreadingHTTPServer):
            daemon_threads = True

            def handle_error(self, request: Any, client_address: Any) -> None:
                """Quiet: clients that hang up (timeouts, kills) are part of the tests."""

        self._server = Server(("127.0.0.1", 0), Handler)
        threading.Thread(target=self._server.serve_forever, args=(0.1,), daemon=True).start()
        return self

    def stop(self) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()

    def __enter__(self) -> FaultPortal:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def _record(self, path: str, outcome: str) -> None:
        with self._lock:
            self.log.append(Hit(path, outcome))

    def _serve(self, h: BaseHTTPRequestHandler) -> None:
        path = h.path  # path and query: listing pages differ only by their query
        fault = self._next_fault(path)
        if self.delay and "/bai-viet-" in path:
            time.sleep(self.delay)
        if fault == "reset":
            self._record(path, "reset")
            # SO_LINGER 0: close() sends an RST, the client sees "connection reset"
            h.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
            h.close_connection = True
            h.connection.close()
            return
        if fault == "slow":
            time.sleep(self.slow_seconds)
        status, body, headers = self.answer(h.path)
        if fault == "storm":
            status, body = 503, b"<html><body>Dich vu tam ngung</body></html>"
        elif fault and fault.isdigit() and fault != "200":
            status, body = int(fault), b"<html><body>Loi may chu</body></html>"
        self._record(path, fault or ("redirect" if status in (301, 302) else "ok"))
        try:
            h.send_response(status)
            for k, v in headers.items():
                h.send_header(k, v)
            h.send_header("Content-Length", str(len(body)))
            if fault == "truncate":
                h.send_header("Connection", "close")
            h.end_headers()
            if fault == "truncate":
                h.wfile.write(body[: len(body) // 2])
                h.wfile.flush()
                h.close_connection = True
                return
            h.wfile.write(body)
        except (BrokenPipeError, ConnectionResetError):
            h.close_connection = True

    def write_profile(self, directory: Any, name: str = "faulty") -> Any:
        """A profile file for this portal (the built-in ``vksndtc`` pointed here)."""
        directory.mkdir(parents=True, exist_ok=True)
        (directory / f"{name}.toml").write_text(
            f'extends = "vksndtc"\nname = "{name}"\nbase_url = "{self.base_url}"\n'
            "allow_private = true\n",
            encoding="utf-8",
        )
        return directory
