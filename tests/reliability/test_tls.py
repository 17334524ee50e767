"""Certificates are checked by default, and the token is never sent in clear text by accident.

The SSL context is read from the transport each client really uses (httpx's pool for Client,
httpx's or aiohttp's for AsyncClient, whichever is installed).
"""

from __future__ import annotations

import asyncio
import ssl
from pathlib import Path

import httpx
import pytest

import pybuildkite

from .conftest import CANARY, RecordingServer

#: A self-signed certificate for localhost / 127.0.0.1 (and its key), valid until 2125: a
#: server no default trust store vouches for.
SELF_SIGNED = Path(__file__).with_name("self_signed.pem")


def ssl_context(client: pybuildkite.Client | pybuildkite.AsyncClient) -> ssl.SSLContext:
    transport = client._pipeline.http._transport
    pool = getattr(transport, "_pool", None)
    context = pool._ssl_context if pool is not None else transport.ssl_context  # type: ignore[attr-defined]
    assert isinstance(context, ssl.SSLContext)
    return context


def check_verifying(context: ssl.SSLContext) -> None:
    assert context.verify_mode == ssl.CERT_REQUIRED
    assert context.check_hostname is True
    assert context.minimum_version >= ssl.TLSVersion.TLSv1_2


def test_sync_client_verifies_certificates_by_default() -> None:
    with pybuildkite.Client(token=CANARY) as client:
        check_verifying(ssl_context(client))


async def test_async_client_verifies_certificates_by_default() -> None:
    async with pybuildkite.AsyncClient(token=CANARY) as client:
        check_verifying(ssl_context(client))


async def test_copies_share_the_verifying_pool() -> None:
    with pybuildkite.Client(token=CANARY) as client:
        check_verifying(ssl_context(client.with_options(max_retries=5)))
    async with pybuildkite.AsyncClient(token=CANARY) as aclient:
        check_verifying(ssl_context(aclient.with_options(timeout=5.0)))


def close(client: pybuildkite.Client | pybuildkite.AsyncClient) -> None:
    if isinstance(client, pybuildkite.AsyncClient):
        asyncio.run(client.aclose())
    else:
        client.close()


PLAIN_REMOTE = [
    "http://api.buildkite.com",
    "http://example.com:8080/v2",
    "http://10.0.0.5",
    "http://192.168.1.10:3000",
    "http://127.0.0.1.nip.io",  # looks loopback, resolves anywhere
    "http://localhost.evil.example",
    "http://localhost@evil.example",  # userinfo trick (refused for credentials anyway)
]
LOOPBACK = [
    "http://127.0.0.1:8765",
    "http://127.5.6.7",
    "http://localhost:3000",
    "http://LOCALHOST",
    "http://emulator.localhost:8000",
    "http://[::1]:8080",
]


@pytest.mark.parametrize("url", PLAIN_REMOTE)
@pytest.mark.parametrize("cls", [pybuildkite.Client, pybuildkite.AsyncClient])
def test_plain_http_to_a_remote_host_is_refused(cls: type, url: str) -> None:
    with pytest.raises(ValueError, match=r"http://|credentials") as info:
        cls(token=CANARY, base_url=url)
    assert CANARY not in str(info.value)


@pytest.mark.parametrize("url", PLAIN_REMOTE[:4])
def test_plain_http_graphql_url_is_refused_too(url: str) -> None:
    with pytest.raises(ValueError, match="http://"):
        pybuildkite.Client(token=CANARY, graphql_url=url)


@pytest.mark.parametrize("url", PLAIN_REMOTE[:4])
def test_plain_http_from_the_environment_is_refused(
    url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("BUILDKITE_API_URL", url)
    with pytest.raises(ValueError, match="http://"):
        pybuildkite.Client(token=CANARY)


def test_with_options_cannot_switch_to_plain_http() -> None:
    with pybuildkite.Client(token=CANARY) as client, pytest.raises(ValueError, match="http://"):
        client.with_options(base_url="http://api.buildkite.com")


@pytest.mark.parametrize("url", PLAIN_REMOTE[:4])
@pytest.mark.parametrize("cls", [pybuildkite.Client, pybuildkite.AsyncClient])
def test_plain_http_is_allowed_when_asked_for(cls: type, url: str) -> None:
    client = cls(token=CANARY, base_url=url, allow_insecure_http=True)
    assert client.base_url.scheme == "http"
    close(client)


@pytest.mark.parametrize("url", LOOPBACK)
@pytest.mark.parametrize("cls", [pybuildkite.Client, pybuildkite.AsyncClient])
def test_plain_http_to_loopback_is_allowed(cls: type, url: str) -> None:
    client = cls(token=CANARY, base_url=url)
    assert client.base_url.scheme == "http"
    close(client)


@pytest.mark.parametrize(
    "url", ["ftp://api.buildkite.com", "api.buildkite.com", "https://", "file:///etc/passwd"]
)
def test_base_url_must_be_http_with_a_host(url: str) -> None:
    with pytest.raises(ValueError, match="base_url"):
        pybuildkite.Client(token=CANARY, base_url=url)


def untrusted_server() -> RecordingServer:
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(SELF_SIGNED)
    user = (200, {"content-type": "application/json"}, b'{"id": "u1"}')
    return RecordingServer(routes={"/v2/user": user}, tls=context)


def test_untrusted_certificate_is_refused_and_the_token_never_sent() -> None:
    server = untrusted_server()
    with server.running():
        client = pybuildkite.Client(token=CANARY, base_url=server.url, max_retries=0)
        with client, pytest.raises(pybuildkite.APIConnectionError, match="CERTIFICATE_VERIFY"):
            client.user.get()
    assert server.seen == [], "an HTTP request got through the failed handshake"


async def test_untrusted_certificate_is_refused_and_the_token_never_sent_async() -> None:
    server = untrusted_server()
    with server.running():
        client = pybuildkite.AsyncClient(token=CANARY, base_url=server.url, max_retries=0)
        async with client:
            with pytest.raises(pybuildkite.APIConnectionError) as info:
                await client.user.get()
    assert server.seen == [], "an HTTP request got through the failed handshake"
    # ... and the error says what happened, not that something timed out.
    assert not isinstance(info.value, pybuildkite.APITimeoutError)
    assert "certificate" in str(info.value).lower()


def test_the_same_server_is_reachable_once_trusted() -> None:
    # The control: with its certificate trusted, the request above goes through.
    server = untrusted_server()
    with server.running():
        trusted = ssl.create_default_context(cafile=str(SELF_SIGNED))
        http = httpx.Client(verify=trusted)
        client = pybuildkite.Client(token=CANARY, base_url=server.url, http_client=http)
        with client, http:
            assert client.user.get().id == "u1"
    assert server.authorizations() == [f"Bearer {CANARY}"]


def test_streamed_bodies_check_certificates_too() -> None:
    # Streams take the sync transport's urllib3 pool: the same refusal, the same error type.
    server = untrusted_server()
    with server.running():
        client = pybuildkite.Client(token=CANARY, base_url=server.url, max_retries=0)
        with (
            client,
            pytest.raises(pybuildkite.APIConnectionError, match="CERTIFICATE_VERIFY"),
            client.stream("GET", "/v2/user"),
        ):
            pass
    assert server.seen == [], "an HTTP request got through the failed handshake"


def test_streamed_bodies_go_through_once_trusted() -> None:
    from pybuildkite._transport import SyncTransport

    server = untrusted_server()
    with server.running():
        trusted = ssl.create_default_context(cafile=str(SELF_SIGNED))
        limits = httpx.Limits()
        http = httpx.Client(transport=SyncTransport(limits, ssl_context=trusted))
        client = pybuildkite.Client(token=CANARY, base_url=server.url, http_client=http)
        with client, http, client.stream("GET", "/v2/user") as response:
            assert response.read() == b'{"id": "u1"}'
    assert server.authorizations() == [f"Bearer {CANARY}"]
