"""A TCP proxy on 127.0.0.1 in front of the real search engine, with faults.

It extends the stop/start forwarder of ``tests/search/proxy.py`` with modes
that can be switched while traffic flows:

* ``up``: bytes pass through;
* ``down``: the listening socket is closed and open connections are cut
  (connection refused, like an engine that stopped);
* ``blackhole``: connections are accepted and nothing is ever answered (an
  engine that hangs, or a network that drops packets);
* ``slow``: every chunk from the engine is held ``delay`` seconds.

The port stays the same across mode changes, so clients configured with the
proxy's URL see the engine come back on the same address.
"""

from __future__ import annotations

import socket
import threading
import time

from tests.search.proxy import Proxy


class FaultProxy(Proxy):
    def __init__(self, target_host: str, target_port: int) -> None:
        super().__init__(target_host, target_port)
        self.mode = "down"
        self.delay = 0.0

    def start(self) -> FaultProxy:
        self.mode, self.delay = "up", 0.0
        super().start()
        return self

    def set_mode(self, mode: str, delay: float = 0.0) -> None:
        """``up``, ``down``, ``blackhole`` or ``slow`` (with ``delay`` seconds per chunk)."""
        if mode == "down":
            self.stop()
            self.mode = "down"
            return
        if self._server is None:
            self.start()
        with self._lock:  # open connections are cut: clients reconnect and meet the new mode
            conns, self._conns = self._conns, []
        for conn in conns:
            _close(conn)
        self.mode, self.delay = mode, delay

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
            threading.Thread(
                target=self._forward, args=(client, upstream, False), daemon=True
            ).start()
            threading.Thread(
                target=self._forward, args=(upstream, client, True), daemon=True
            ).start()

    def _forward(self, src: socket.socket, dst: socket.socket, from_engine: bool) -> None:
        try:
            while data := src.recv(65536):
                if from_engine and self.mode == "slow":
                    time.sleep(self.delay)
                dst.sendall(data)
        except OSError:
            pass
        finally:
            _close(src, dst)


def _close(*socks: socket.socket) -> None:
    for s in socks:
        try:
            s.shutdown(socket.SHUT_RDWR)
        except OSError:
            pass
