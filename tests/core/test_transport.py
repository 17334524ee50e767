"""The sync client's transport: streamed bodies take the urllib3 pool, API calls httpx's.

Against real sockets (the emulator and small local servers): which pool answered is read off
the transport, what happened on the wire off the servers.
"""

from __future__ import annotations

import gzip
import socket
from collections.abc import Iterator

import httpx
import pytest

import pybuildkite
from pybuildkite import _constants as C
from pybuildkite._transport import BULK, SyncTransport
from pybuildkite.testing import Emulator

from ..reliability.conftest import (
    CANARY,
    RecordingServer,
    bulk_idle,
    free_port,
    server_connections,
    socket_server,
    wait_until_closed,
)
from ..rest.test_artifacts import seeded


def transport(client: pybuildkite.Client) -> SyncTransport:
    t = client._pipeline.http._transport
    assert isinstance(t, SyncTransport)
    return t


def connections_made(t: SyncTransport) -> int:
    """How many connections the bulk pool has opened so far, across origins."""
    assert t._bulk_pool is not None
    pools = t._bulk_pool.pools
    return sum(pools[key].num_connections for key in pools.keys())  # noqa: SIM118 (not iterable)


@pytest.fixture
def emu(buildkite_emulator: Emulator) -> Emulator:
    return buildkite_emulator


def test_api_calls_stay_on_httpx_and_downloads_use_the_bulk_pool(emu: Emulator) -> None:
    with pybuildkite.Client(token=emu.token, base_url=emu.url) as client:
        t = transport(client)
        client.user.get()
        assert t._bulk_pool is None  # nothing streamed yet: urllib3 not even imported for it
        lint = seeded(emu)[2]
        artifact_id = emu.add_artifact(lint, "big.bin", size=300_000, seed=5)
        data = b"".join(client.artifacts.download(emu.org, lint, artifact_id))
        assert data == emu.artifact_bytes(artifact_id)
        assert t._bulk_pool is not None and len(t._bulk_pool.pools) >= 1
        # the storage leg went without the token, as through httpx
        (storage,) = emu.storage_requests
        assert "authorization" not in storage.headers


def test_bulk_connections_are_reused(emu: Emulator) -> None:
    lint = seeded(emu)[2]
    artifact_id = emu.add_artifact(lint, "a.bin", size=200_000, seed=1)
    with pybuildkite.Client(token=emu.token, base_url=emu.url) as client:
        for _ in range(3):
            assert len(b"".join(client.artifacts.download(emu.org, lint, artifact_id))) == 200_000
        # one keep-alive connection per origin (the API's redirect leg, storage), reused
        assert connections_made(transport(client)) == 2
    assert len(emu.storage_requests) == 3


def test_an_abandoned_download_drops_its_connection_and_the_next_one_works(
    emu: Emulator,
) -> None:
    lint = seeded(emu)[2]
    artifact_id = emu.add_artifact(lint, "big.bin", size=2_000_000, seed=2)
    with pybuildkite.Client(token=emu.token, base_url=emu.url) as client:
        chunks = client.artifacts.download(emu.org, lint, artifact_id)
        first = next(iter(chunks))
        assert first
        chunks.close()  # type: ignore[attr-defined]
        # the half-read storage connection was closed, not put back with 2 MB unread
        idle = bulk_idle(transport(client))
        assert idle and any(conn.sock is None for conn in idle)
        assert b"".join(client.artifacts.download(emu.org, lint, artifact_id)) == (
            emu.artifact_bytes(artifact_id)
        )


def test_stream_decodes_gzip_for_iter_bytes_and_keeps_raw_bytes_for_iter_raw() -> None:
    payload = b"log line\n" * 5000
    packed = gzip.compress(payload)
    routes = {"/blob": (200, {"content-encoding": "gzip"}, packed)}
    with RecordingServer(routes=routes).running() as server:
        with pybuildkite.Client(
            token=CANARY, base_url=server.url, allow_insecure_http=True
        ) as client:
            with client.stream("GET", "/blob") as response:
                assert b"".join(response.iter_bytes()) == payload
            with client.stream("GET", "/blob") as response:
                assert b"".join(response.iter_raw()) == packed
            assert transport(client)._bulk_pool is not None
        assert server.seen[0].headers["authorization"] == f"Bearer {CANARY}"


def test_refused_connection_is_an_api_connection_error_after_retries() -> None:
    port = free_port()
    with pybuildkite.Client(
        token=CANARY, base_url=f"http://127.0.0.1:{port}", allow_insecure_http=True, max_retries=1
    ) as client:
        sleeps: list[float] = []
        client._pipeline.sleep = sleeps.append
        with pytest.raises(pybuildkite.APIConnectionError) as caught, client.stream("GET", "/b"):
            pass
    assert len(sleeps) == 1  # refused, waited, refused again: one retry, as max_retries says
    assert CANARY not in str(caught.value)


def short_body(conn: socket.socket) -> None:
    """Announces 100,000 bytes, sends 10, hangs up: a body cut short."""
    conn.recv(65536)
    conn.sendall(b"HTTP/1.1 200 OK\r\ncontent-length: 100000\r\n\r\n0123456789")


def test_a_body_cut_short_is_an_error_not_a_short_file() -> None:
    with (
        socket_server(short_body) as port,
        pybuildkite.Client(
            token=CANARY, base_url=f"http://127.0.0.1:{port}", allow_insecure_http=True
        ) as client,
        client.stream("GET", "/blob") as response,
        pytest.raises(httpx.RemoteProtocolError),
    ):
        b"".join(response.iter_raw())


def test_only_marked_gets_take_the_bulk_pool() -> None:
    seen: list[str] = []
    routes = {"/x": (200, {}, b"ok")}
    with RecordingServer(routes=routes).running() as server:
        t = SyncTransport(httpx.Limits())
        try:
            for method, marked in [("GET", False), ("POST", True), ("GET", True)]:
                request = httpx.Request(method, server.url + "/x", extensions={BULK: marked})
                response = t.handle_request(request)
                response.read()
                response.close()
                seen.append(f"{method} {marked} {t._bulk_pool is not None}")
        finally:
            t.close()
    assert seen == ["GET False False", "POST True False", "GET True True"]


def test_closing_the_client_closes_the_bulk_connections(emu: Emulator) -> None:
    lint = seeded(emu)[2]
    artifact_id = emu.add_artifact(lint, "a.bin", size=100_000, seed=4)
    client = pybuildkite.Client(token=emu.token, base_url=emu.url)
    assert len(b"".join(client.artifacts.download(emu.org, lint, artifact_id))) == 100_000
    ours = {conn.sock.getsockname() for conn in bulk_idle(transport(client)) if conn.sock}
    # the redirect leg's keep-alive connection to the API port, as the server sees it
    assert ours & server_connections(emu)
    client.close()
    others = server_connections(emu) - ours  # the emulator's simulated agents, for one
    assert not wait_until_closed(emu, others) & ours


async def test_the_clients_own_pools_keep_no_cookies() -> None:
    routes = {
        "/c": (
            200,
            {"set-cookie": "session=abc; Path=/", "content-type": "application/json"},
            b"{}",
        )
    }
    with RecordingServer(routes=routes).running() as server:
        with pybuildkite.Client(token=CANARY, base_url=server.url, allow_insecure_http=True) as c:
            c.get("/c")
            c.get("/c")
        async with pybuildkite.AsyncClient(
            token=CANARY, base_url=server.url, allow_insecure_http=True
        ) as ac:
            await ac.get("/c")
            await ac.get("/c")
    assert len(server.seen) == 4
    assert all("cookie" not in s.headers for s in server.seen)


@pytest.fixture
def proxy(monkeypatch: pytest.MonkeyPatch) -> Iterator[RecordingServer]:
    """A recording server set as HTTP_PROXY: it sees absolute-form request targets."""
    body = (200, {"content-type": "application/json"}, b'{"id": "u1"}')
    routes = {
        "http://api.example.invalid/v2/user": body,
        "http://api.example.invalid/v2/blob": (200, {}, b"via proxy"),
    }
    with RecordingServer(routes=routes).running() as server:
        monkeypatch.setenv("HTTP_PROXY", server.url)
        yield server


PROXIED = "http://api.example.invalid"  # resolvable only by the proxy


def test_a_proxy_from_the_environment_carries_api_calls_and_streams(
    proxy: RecordingServer,
) -> None:
    # Giving httpx a transport turns off its own reading of the proxy variables; the client
    # mounts proxy transports itself, ahead of the bulk pool.
    with pybuildkite.Client(token=CANARY, base_url=PROXIED, allow_insecure_http=True) as client:
        assert client.user.get().id == "u1"
        with client.stream("GET", "/v2/blob") as response:
            assert response.read() == b"via proxy"
        assert transport(client)._bulk_pool is None
    assert [s.path for s in proxy.seen] == [PROXIED + "/v2/user", PROXIED + "/v2/blob"]


async def test_a_proxy_from_the_environment_carries_async_calls(proxy: RecordingServer) -> None:
    async with pybuildkite.AsyncClient(
        token=CANARY, base_url=PROXIED, allow_insecure_http=True
    ) as client:
        assert (await client.user.get()).id == "u1"
    assert [s.path for s in proxy.seen] == [PROXIED + "/v2/user"]


def test_no_proxy_hosts_go_direct(proxy: RecordingServer, monkeypatch: pytest.MonkeyPatch) -> None:
    direct = {"/v2/user": (200, {"content-type": "application/json"}, b'{"id": "direct"}')}
    monkeypatch.setenv("NO_PROXY", "127.0.0.1")
    with RecordingServer(routes=direct).running() as server:
        with pybuildkite.Client(token=CANARY, base_url=server.url) as client:
            assert client.user.get().id == "direct"
        assert len(server.seen) == 1
    assert proxy.seen == []


@pytest.mark.parametrize(
    ("no_proxy", "expected"),
    [
        ("", {"http://": "http://proxy:3128"}),
        ("*", {}),
        ("localhost", {"http://": "http://proxy:3128", "all://localhost": None}),
        ("10.0.0.1", {"http://": "http://proxy:3128", "all://10.0.0.1": None}),
        ("::1", {"http://": "http://proxy:3128", "all://[::1]": None}),
        ("192.168.0.0/16", {"http://": "http://proxy:3128", "all://192.168.0.0/16": None}),
        (
            "a.org, .b.org,,",
            {"http://": "http://proxy:3128", "all://*a.org": None, "all://*.b.org": None},
        ),
        ("example.com", {"http://": "http://proxy:3128", "all://*example.com": None}),
        ("https://x.org", {"http://": "http://proxy:3128", "https://x.org": None}),
    ],
)
def test_environment_proxies_follow_httpx_rules(
    monkeypatch: pytest.MonkeyPatch, no_proxy: str, expected: dict[str, str | None]
) -> None:
    from pybuildkite._transport import environment_proxies

    monkeypatch.setenv("HTTP_PROXY", "proxy:3128")  # no scheme: http:// is assumed
    monkeypatch.setenv("NO_PROXY", no_proxy)
    assert environment_proxies() == expected
    # the same answer as httpx's own reading, which it skips when given a transport
    from httpx._utils import get_environment_proxies

    assert environment_proxies() == get_environment_proxies()


def test_headers_arrive_as_through_httpx_non_ascii_included() -> None:
    disposition = 'attachment; filename="r\u00e9sum\u00e9.txt"'  # sent as Latin-1 bytes
    routes = {"/f": (200, {"content-disposition": disposition, "x-other": "a"}, b"data")}
    with (
        RecordingServer(routes=routes).running() as server,
        pybuildkite.Client(token=CANARY, base_url=server.url) as client,
    ):
        plain = client.request("GET", "/f")
        with client.stream("GET", "/f") as streamed:
            assert streamed.read() == b"data"
        assert transport(client)._bulk_pool is not None
    assert streamed.headers["content-disposition"] == plain.headers["content-disposition"]

    def without_date(headers: httpx.Headers) -> list[tuple[bytes, bytes]]:
        return [(k.lower(), v) for k, v in headers.raw if k.lower() != b"date"]

    assert without_date(streamed.headers) == without_date(plain.headers)


# -- the pipeline's direct path to the own pool's transport ------------------------------------


def test_a_mounted_proxy_turns_the_direct_path_off(proxy: RecordingServer) -> None:
    with pybuildkite.Client(token=CANARY, base_url=PROXIED, allow_insecure_http=True) as c:
        assert c._pipeline.direct is None  # HTTP_PROXY is set: through httpx's mounts


def test_own_clients_send_straight_to_their_transport() -> None:
    with pybuildkite.Client(token=CANARY) as c:
        assert c._pipeline.direct is c._pipeline.http._transport
        assert c.with_options(max_retries=0)._pipeline.direct is c._pipeline.direct
    given = httpx.Client()
    with pybuildkite.Client(token=CANARY, http_client=given) as c:
        assert c._pipeline.direct is None  # a caller's client keeps its hooks, auth, cookies
    given.close()


def test_direct_path_keeps_what_httpx_client_gives_a_response() -> None:
    routes = {"/r": (200, {"content-type": "application/json"}, b'{"ok": true}')}
    with RecordingServer(routes=routes).running() as server:
        client = pybuildkite.Client(token=CANARY, base_url=server.url)
        assert client._pipeline.direct is not None
        response = client.request("GET", "/r")
        assert response.request.url == server.url + "/r"
        assert response.elapsed.total_seconds() > 0
        with client.stream("GET", "/r") as streamed:
            streamed.read()
        assert streamed.elapsed.total_seconds() > 0
        client.with_options(max_retries=0).get("/r")  # copies share the path and the pool
        client.close()
        with pytest.raises(RuntimeError, match="closed"):
            client.get("/r")
        assert len(server.seen) == 3  # nothing sent after close


async def test_async_direct_path_keeps_what_httpx_client_gives_a_response() -> None:
    routes = {"/r": (200, {"content-type": "application/json"}, b'{"ok": true}')}
    with RecordingServer(routes=routes).running() as server:
        client = pybuildkite.AsyncClient(token=CANARY, base_url=server.url)
        assert client._pipeline.direct is not None
        response = await client.request("GET", "/r")
        assert response.request.url == server.url + "/r"
        assert response.elapsed.total_seconds() > 0
        await client.aclose()
        with pytest.raises(RuntimeError, match="closed"):
            await client.get("/r")
        assert len(server.seen) == 1


def test_direct_path_errors_name_their_request() -> None:
    url = f"http://127.0.0.1:{free_port()}/x"
    with pybuildkite.Client(token=CANARY) as client:
        with pytest.raises(httpx.ConnectError) as caught:
            client._pipeline.transmit(httpx.Request("GET", url))
        assert caught.value.request.url == url


async def test_async_streams_read_in_the_download_chunk_size(emu: Emulator) -> None:
    lint = seeded(emu)[2]
    artifact_id = emu.add_artifact(lint, "big.bin", size=3_000_000, seed=9)
    async with pybuildkite.AsyncClient(token=emu.token, base_url=emu.url) as client:
        chunks = [c async for c in client.artifacts.download(emu.org, lint, artifact_id)]
    assert b"".join(chunks) == emu.artifact_bytes(artifact_id)
    # aiohttp's default stream would hand over 16 KiB at a time
    assert max(len(c) for c in chunks) > 16 * 1024
    assert max(len(c) for c in chunks) <= C.DOWNLOAD_CHUNK_SIZE
