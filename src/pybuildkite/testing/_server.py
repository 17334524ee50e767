"""HTTP servers: the API and a separate artifact-storage origin.

Both run under uvicorn in one background thread with its own event loop, bound
to 127.0.0.1 on ports chosen by the OS.  The storage server is a different
origin (another port) so tests can prove that a client following the artifact
download redirect does not forward its ``Authorization`` header; every request
it receives is recorded with its headers.

Storage URLs are signed: ``/artifacts/<id>/<filename>?expires=<unix>&signature=<hex>``
where ``signature = HMAC-SHA256(secret, "<id>:<expires>")``.  Expired or
tampered URLs get 403, like a pre-signed S3 URL.  Large artifacts are streamed
in 64 KiB chunks; an artifact seeded with ``size=`` (and ``seed``) produces its
bytes on the fly and is never held in memory.
"""

from __future__ import annotations

import asyncio
import contextlib
import contextvars
import hashlib
import hmac
import logging
import random
import socket
import threading
import time
from collections.abc import Callable, Iterator
from typing import Any, ClassVar
from urllib.parse import quote

import uvicorn
from uvicorn.protocols.http.auto import AutoHTTPProtocol

from ._http import Query
from ._state import Artifact, StorageRequest, Store

CHUNK = 64 * 1024
_BLOCK_CACHE: dict[int, bytes] = {}


def _block(seed: int) -> bytes:
    block = _BLOCK_CACHE.get(seed)
    if block is None:
        block = random.Random(seed).randbytes(CHUNK)
        _BLOCK_CACHE[seed] = block
    return block


def artifact_chunks(a: Artifact, start: int = 0, end: int | None = None) -> Iterator[bytes]:
    """The artifact's bytes ``[start, end)`` in chunks of at most 64 KiB.

    Generated artifacts repeat one 64 KiB block derived from their seed, so any
    offset can be produced without generating what comes before it.
    """
    stop = a.size if end is None else min(end, a.size)
    if a.content is not None:
        for i in range(start, stop, CHUNK):
            yield a.content[i : min(i + CHUNK, stop)]
        return
    block = _block(a.seed)
    pos = start
    while pos < stop:
        off = pos % CHUNK
        n = min(CHUNK - off, stop - pos)
        yield block[off : off + n]
        pos += n


def sign(secret: bytes, artifact_id: str, expires: int) -> str:
    return hmac.new(secret, f"{artifact_id}:{expires}".encode(), hashlib.sha256).hexdigest()


def signed_url(store: Store, a: Artifact, ttl: int = 60) -> str:
    expires = int(time.time()) + ttl
    filename = quote(a.path.rsplit("/", 1)[-1], safe="")
    sig = sign(store.storage_secret, a.id, expires)
    return f"{store.storage_url}/artifacts/{a.id}/{filename}?expires={expires}&signature={sig}"


class StorageApp:
    """Serves artifact bytes by signed URL and records what it was sent."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self.requests: list[StorageRequest] = []
        self.lock = threading.Lock()

    async def __call__(
        self,
        scope: dict[str, Any],
        receive: Callable[[], Any],
        send: Callable[[dict[str, Any]], Any],
    ) -> None:
        if scope["type"] != "http":
            return
        headers = {k.decode("latin-1").lower(): v.decode("latin-1") for k, v in scope["headers"]}
        query = Query(scope.get("query_string", b"").decode("latin-1"))
        record = StorageRequest(scope["method"], scope["path"], query.pairs, headers)
        with self.lock:
            self.requests.append(record)
        status, out_headers, body = self._resolve(scope["method"], scope["path"], query, headers)
        record.status = status
        await send({"type": "http.response.start", "status": status, "headers": out_headers})
        if isinstance(body, bytes):
            await send({"type": "http.response.body", "body": body})
            return
        for chunk in body:
            await send({"type": "http.response.body", "body": chunk, "more_body": True})
            await asyncio.sleep(0)
        await send({"type": "http.response.body", "body": b""})

    def _resolve(
        self, method: str, path: str, query: Query, headers: dict[str, str]
    ) -> tuple[int, list[tuple[bytes, bytes]], bytes | Iterator[bytes]]:
        def err(status: int, text: str) -> tuple[int, list[tuple[bytes, bytes]], bytes]:
            body = f"<Error><Code>{text}</Code></Error>".encode()
            return (
                status,
                [
                    (b"content-type", b"application/xml"),
                    (b"content-length", str(len(body)).encode()),
                ],
                body,
            )

        parts = path.strip("/").split("/")
        if len(parts) < 3 or parts[0] != "artifacts" or method not in ("GET", "HEAD"):
            return err(404, "NoSuchKey")
        artifact_id = parts[1]
        expires_text = query.get("expires") or ""
        signature = query.get("signature") or ""
        if not expires_text.isdigit():
            return err(403, "AccessDenied")
        expected = sign(self.store.storage_secret, artifact_id, int(expires_text))
        if not hmac.compare_digest(expected, signature):
            return err(403, "SignatureDoesNotMatch")
        if int(expires_text) < time.time():
            return err(403, "RequestExpired")
        with self.store.lock:
            a = self.store.artifacts.get(artifact_id)
        if a is None or a.state == "deleted":
            return err(404, "NoSuchKey")
        start, end, status = 0, a.size, 200
        rng = headers.get("range", "")
        out: list[tuple[bytes, bytes]] = [
            (b"content-type", a.mime_type.encode()),
            (b"accept-ranges", b"bytes"),
        ]
        if rng.startswith("bytes="):
            spec = rng[6:]
            first, _, last = spec.partition("-")
            try:
                if first == "":
                    start = max(0, a.size - int(last))
                else:
                    start = int(first)
                    end = min(a.size, int(last) + 1) if last else a.size
            except ValueError:
                return err(416, "InvalidRange")
            if start >= a.size and a.size:
                return err(416, "InvalidRange")
            status = 206
            out.append((b"content-range", f"bytes {start}-{max(start, end - 1)}/{a.size}".encode()))
        out.append((b"content-length", str(end - start).encode()))
        if method == "HEAD":
            return status, out, b""
        return status, out, artifact_chunks(a, start, end)


class _TrackingProtocol(AutoHTTPProtocol):  # type: ignore[misc, valid-type]
    """Remembers each connection's transport so faults can cut it deliberately."""

    registry: ClassVar[dict[tuple[str, int], asyncio.Transport]] = {}

    def connection_made(self, transport: asyncio.Transport) -> None:
        peer = transport.get_extra_info("peername")
        if isinstance(peer, tuple):
            self.registry[(str(peer[0]), int(peer[1]))] = transport
        sock = transport.get_extra_info("socket")
        if sock is not None:
            # Headers and body go out as separate writes; without this, Nagle's
            # algorithm and delayed ACKs add ~40 ms to every response.
            with contextlib.suppress(OSError):
                sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        super().connection_made(transport)

    def connection_lost(self, exc: Exception | None) -> None:
        transport = getattr(self, "transport", None)
        if transport is not None:
            peer = transport.get_extra_info("peername")
            if isinstance(peer, tuple):
                self.registry.pop((str(peer[0]), int(peer[1])), None)
        super().connection_lost(exc)


def open_connections(port: int) -> int:
    """How many client connections to the server on ``port`` are open right now."""
    count = 0
    for transport in list(_TrackingProtocol.registry.values()):
        local = transport.get_extra_info("sockname")
        if isinstance(local, tuple) and int(local[1]) == port and not transport.is_closing():
            count += 1
    return count


# Set in the task serving a request whose response a fault cuts on purpose.  uvicorn logs
# "ASGI callable returned without completing response." from that same task once the app
# returns, so the filter below can tell a deliberate cut from a handler that forgot to finish.
_DELIBERATE_CUT: contextvars.ContextVar[bool] = contextvars.ContextVar(
    "emulator_deliberate_cut", default=False
)
_INCOMPLETE = "ASGI callable returned without completing response."


def transport_for(client: tuple[str, int] | None) -> asyncio.Transport | None:
    """The connection of ``client``, looked up only to cut (reset, truncate) or trickle a
    response on purpose, which is why it marks the current request as deliberately cut."""
    _DELIBERATE_CUT.set(True)
    if client is None:
        return None
    return _TrackingProtocol.registry.get((str(client[0]), int(client[1])))


class _QuietAbort(logging.Filter):
    """Deliberately aborted or cut responses are not server errors worth logging."""

    def filter(self, record: logging.LogRecord) -> bool:
        exc = record.exc_info[1] if record.exc_info else None
        if type(exc).__name__ == "_Abort":
            return False
        return not (record.getMessage() == _INCOMPLETE and _DELIBERATE_CUT.get())


logging.getLogger("uvicorn.error").addFilter(_QuietAbort())


def _bind(host: str, port: int) -> socket.socket:
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind((host, port))
    sock.listen(1024)
    sock.setblocking(False)
    return sock


class ServerThread:
    """Runs several ASGI apps under uvicorn in one daemon thread."""

    def __init__(self, apps: list[tuple[Any, str, int]]) -> None:
        self._apps = apps
        self._servers: list[uvicorn.Server] = []
        self._sockets: list[socket.socket] = []
        self._thread: threading.Thread | None = None
        self._ready = threading.Event()
        self._error: BaseException | None = None
        self.ports: list[int] = []

    def start(self, timeout: float = 10.0) -> None:
        for app, host, port in self._apps:
            sock = _bind(host, port)
            self._sockets.append(sock)
            self.ports.append(sock.getsockname()[1])
            config = uvicorn.Config(
                app,
                host=host,
                port=sock.getsockname()[1],
                log_level="warning",
                access_log=False,
                lifespan="off",
                ws="none",
                http=_TrackingProtocol,
                timeout_keep_alive=30,
                timeout_graceful_shutdown=1,
            )
            self._servers.append(uvicorn.Server(config))
        self._thread = threading.Thread(target=self._run, name="buildkite-emulator", daemon=True)
        self._thread.start()
        if not self._ready.wait(timeout):
            raise RuntimeError("emulator server did not start")
        if self._error is not None:
            raise RuntimeError("emulator server failed to start") from self._error

    def _run(self) -> None:
        async def main() -> None:
            tasks = [
                asyncio.create_task(server.serve(sockets=[sock]))
                for server, sock in zip(self._servers, self._sockets, strict=True)
            ]
            while not all(s.started for s in self._servers):
                if any(t.done() for t in tasks):
                    break
                await asyncio.sleep(0.005)
            self._ready.set()
            await asyncio.gather(*tasks, return_exceptions=True)

        try:
            asyncio.run(main())
        except BaseException as exc:  # pragma: no cover - surfaced to start()
            self._error = exc
            self._ready.set()

    def stop(self, timeout: float = 5.0) -> None:
        for server in self._servers:
            server.should_exit = True
        if self._thread is not None:
            self._thread.join(timeout)
        for sock in self._sockets:
            with contextlib.suppress(OSError):
                sock.close()
