"""A TCP proxy on 127.0.0.1 in front of the real search engine, with faults.

Modes, switchable while traffic flows:

* ``up``: bytes pass through;
* ``down``: the listening socket is closed and open connections are cut
  (connection refused, like an engine that stopped);
* ``blackhole``: connections are accepted and nothing is ever answered (an
  engine that hangs, or a network that drops packets);
* ``slow``: every chunk from the engine is held ``delay`` seconds.

It extends the simpler stop/start forwarder of ``tests/search/proxy.py`` with
the last two modes; the port stays the same across mode changes, so clients
configured with the proxy's URL see the engine come back on the same address.
"""

from __future__ import annotations

import socket
import threading
import time


class FaultProxy:
    def __init__(self, target_host: str, target_port: int) -> None:
        self.target = (target_host, target_port)
        self.port = 0
        self.mode = "up"
        self.delay = 0.0
        self._server: socket.socket | None = None
        self._conns: list[socket.socket] = []
        self._lock = threading.Lock()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> FaultProxy:
        server = socket.socket()
        server.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        server.bind(("127.0.0.1", self.port))
        server.listen(64)
        self.port = server.getsockname()[1]
        self._server = server
        self.mode = "up"
        threading.Thread(target=self._accept, args=(server,), daemon=True).start()
        return self

    def set_mode(self, mode: str, delay: float = 0.0) -> None:
        """``up``, ``down``, ``blackhole`` or ``slow`` (with ``delay`` seconds per chunk)."""
        if mode == "down":
            self.stop()
            return
        if self._server is None:
            self.start()
        self._cut_connections()  # clients reconnect and meet the new mode
        self.mode, self.delay = mode, delay

    def stop(self) -> None:
        with self._lock:
            if self._server is not None:
                try:
                    self._server.shutdown(socket.SHUT_RDWR)
                except OSError:
                    pass
                self._server.close()
                self._server = None
        self._cut_connections()
        self.mode = "down"

    def _cut_connections(self) -> None:
        with self._lock:
            conns, self._conns = self._conns, []
        for conn in conns:
            try:
                conn.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass
            conn.close()

    def _accept(self, server: socket.socket) -> None:
        while True:
            try:
                client, _ = server.accept()
            except OSError:
                return
            if self._server is not server:
                client.close()
                return
            with self._lock:
                self._conns.append(client)
            if self.mode == "blackhole":
                continue  # keep it open, answer nothing
            try:
                upstream = socket.create_connection(self.target, timeout=10)
            except OSError:
                client.close()
                continue
            with self._lock:
                self._conns.append(upstream)
            threading.Thread(target=self._pump, args=(client, upstream, 0.0), daemon=True).start()
            threading.Thread(target=self._pump, args=(upstream, client, 1.0), daemon=True).start()

    def _pump(self, src: socket.socket, dst: socket.socket, slow: float) -> None:
        try:
            while data := src.recv(65536):
                if slow and self.mode == "slow":
                    time.sleep(self.delay)
                dst.sendall(data)
        except OSError:
            pass
        finally:
            for s in (src, dst):
                try:
                    s.shutdown(socket.SHUT_RDWR)
                except OSError:
                    pass
