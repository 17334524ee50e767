"""Shared helpers for the reliability suite: a canary token, local servers, connection counts.

Every server here binds 127.0.0.1 on an OS-chosen port, so the tests run offline and in
parallel with anything else on the machine.
"""

from __future__ import annotations

import asyncio
import contextlib
import socket
import ssl
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import httpx

import pybuildkite
from pybuildkite._transport import SyncTransport
from pybuildkite.testing import Emulator

#: A token nobody would type by accident: any occurrence of it in output is a leak.
CANARY = "bkua_CANARYc4n4ry0123456789abcdefXYZ"


def free_port() -> int:
    """A port nothing listens on (bound and released, so connecting to it is refused)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


# -- a tiny recording HTTP server --------------------------------------------------------


@dataclass
class Seen:
    method: str
    path: str
    headers: dict[str, str]
    host_header: str


Reply = tuple[int, dict[str, str], bytes]


@dataclass
class RecordingServer:
    """Answers from ``routes`` (path -> reply, or a callable of the server) and records
    every request with its headers, so a test can prove what another origin received."""

    routes: dict[str, Reply | Callable[[RecordingServer], Reply]] = field(default_factory=dict)
    seen: list[Seen] = field(default_factory=list)
    port: int = 0
    #: Serve HTTPS with this context instead of plain HTTP.
    tls: ssl.SSLContext | None = None

    @property
    def url(self) -> str:
        return f"{'https' if self.tls else 'http'}://127.0.0.1:{self.port}"

    def authorizations(self) -> list[str]:
        return [s.headers["authorization"] for s in self.seen if "authorization" in s.headers]

    @contextlib.contextmanager
    def running(self) -> Iterator[RecordingServer]:
        server_self = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def _answer(self) -> None:
                headers = {k.lower(): v for k, v in self.headers.items()}
                server_self.seen.append(
                    Seen(self.command, self.path, headers, headers.get("host", ""))
                )
                length = int(headers.get("content-length") or 0)
                if length:
                    self.rfile.read(length)
                route = server_self.routes.get(self.path.split("?")[0])
                if route is None:
                    status, out, body = 404, {"content-type": "application/json"}, b"{}"
                elif callable(route):
                    status, out, body = route(server_self)
                else:
                    status, out, body = route
                self.send_response(status)
                for name, value in out.items():
                    self.send_header(name, value)
                self.send_header("content-length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            do_GET = do_POST = do_PUT = do_DELETE = do_PATCH = _answer

            def log_message(self, format: str, *args: Any) -> None:
                pass  # keep test output clean

        httpd = ThreadingHTTPServer(("127.0.0.1", self.port), Handler)
        httpd.daemon_threads = True
        if self.tls is not None:
            # A failed handshake raises in accept(), which socketserver shrugs off.
            httpd.socket = self.tls.wrap_socket(httpd.socket, server_side=True)
        self.port = int(httpd.server_address[1])
        thread = threading.Thread(target=httpd.serve_forever, daemon=True)
        thread.start()
        try:
            yield self
        finally:
            httpd.shutdown()
            httpd.server_close()
            thread.join(5)


@contextlib.contextmanager
def socket_server(answer: Callable[[socket.socket], None], *, hold: bool = False) -> Iterator[int]:
    """A bare TCP server on 127.0.0.1 for misbehaving peers: ``answer(conn)`` runs for each
    connection, which is then closed, or with ``hold`` kept open until the server stops."""
    listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    listener.bind(("127.0.0.1", 0))
    listener.listen(16)
    listener.settimeout(0.1)
    stop = threading.Event()
    held: list[socket.socket] = []

    def serve() -> None:
        while not stop.is_set():
            try:
                conn, _ = listener.accept()
            except (TimeoutError, OSError):
                continue
            with contextlib.suppress(OSError):
                answer(conn)
            if hold:
                held.append(conn)
            else:
                conn.close()

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    try:
        yield int(listener.getsockname()[1])
    finally:
        stop.set()
        thread.join(5)
        for conn in held:
            conn.close()
        listener.close()


def silent_server(*, send_headers: bool) -> contextlib.AbstractContextManager[int]:
    """Accepts connections and then never finishes answering: the worst kind of server.

    With ``send_headers`` it sends a status line and headers announcing a body that never
    comes; without, it says nothing at all.
    """

    def answer(conn: socket.socket) -> None:
        if send_headers:
            conn.recv(65536)
            conn.sendall(
                b"HTTP/1.1 200 OK\r\ncontent-type: application/json\r\n"
                b"content-length: 1000\r\n\r\n{"
            )

    return socket_server(answer, hold=True)


# -- connection accounting ---------------------------------------------------------------


def bulk_idle(transport: SyncTransport) -> list[Any]:
    """The urllib3 connections the sync transport's bulk pool holds idle, across origins
    (open ones have a ``sock``; one dropped mid-download is kept with ``sock`` None)."""
    bulk = transport._bulk_pool
    if bulk is None:
        return []
    pools = bulk.pools  # a container urllib3 lets one index but not iterate
    return [
        conn
        for key in pools.keys()  # noqa: SIM118
        for conn in list(pools[key].pool.queue)
        if conn is not None
    ]


def pool_probe(client: pybuildkite.Client | pybuildkite.AsyncClient) -> Callable[[], list[Any]]:
    """Taken while the client is open; called after close, lists connections still held.

    Works for the sync client's transport, httpx's own pool and the aiohttp transport
    AsyncClient may use.
    """
    http: httpx.Client | httpx.AsyncClient = client._pipeline.http
    transport = http._transport
    if isinstance(transport, SyncTransport):
        # httpx's pool for API calls plus urllib3's for streamed bodies
        api = transport._api._pool

        def held() -> list[Any]:
            return [*api.connections, *(c for c in bulk_idle(transport) if c.sock)]

        return held
    pool = getattr(transport, "_pool", None)
    if pool is not None:
        return lambda: list(pool.connections)
    session = getattr(transport, "client", None)  # httpx_aiohttp keeps an aiohttp session
    connector = getattr(session, "connector", None)
    if connector is None:
        return lambda: []

    def leftover() -> list[Any]:
        held = [conn for conns in connector._conns.values() for conn in conns]
        held += list(connector._acquired)
        return held if connector.closed else ["connector still open", *held]

    return leftover


def server_connections(emu: Emulator) -> set[tuple[str, int]]:
    """Client addresses with a connection open to this emulator's API port.

    ``Emulator.open_connections`` counts them; these tests need to know whose they are, so
    they read the registry of live transports that count comes from (same rules).
    """
    from pybuildkite.testing._server import _TrackingProtocol

    port = int(emu.url.rsplit(":", 1)[1])
    return {
        peer
        for peer, transport in list(_TrackingProtocol.registry.items())
        if (transport.get_extra_info("sockname") or ("", 0))[1] == port
        and not transport.is_closing()
    }


def wait_until_closed(emu: Emulator, before: set[tuple[str, int]], within: float = 3.0) -> set[Any]:
    """Connections opened since ``before`` that the server still sees after ``within`` s."""
    deadline = time.monotonic() + within
    while True:
        left = server_connections(emu) - before
        if not left or time.monotonic() > deadline:
            return left
        time.sleep(0.02)


async def await_until_closed(
    emu: Emulator, before: set[tuple[str, int]], within: float = 3.0
) -> set[Any]:
    deadline = time.monotonic() + within
    while True:
        left = server_connections(emu) - before
        if not left or time.monotonic() > deadline:
            return left
        await asyncio.sleep(0.02)


@contextlib.contextmanager
def hangup_server() -> Iterator[tuple[int, list[bytes]]]:
    """Reads each request in full, records it, then closes the connection without a word:
    what a client sees when a proxy forwards a request and the upstream dies."""
    received: list[bytes] = []

    def answer(conn: socket.socket) -> None:
        conn.settimeout(2)
        data = b""
        try:
            while b"\r\n\r\n" not in data:
                chunk = conn.recv(65536)
                if not chunk:
                    break
                data += chunk
            head, _, body = data.partition(b"\r\n\r\n")
            length = 0
            for line in head.split(b"\r\n"):
                if line.lower().startswith(b"content-length:"):
                    length = int(line.split(b":", 1)[1])
            while len(body) < length:
                body += conn.recv(65536)
        finally:
            if data:
                received.append(data)

    with socket_server(answer) as port:
        yield port, received
