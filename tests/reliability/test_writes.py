"""Writes are never repeated once they may have reached the server.

A build create that was received and handled, but whose answer was lost (reset connection,
body cut short), must surface as an error and leave exactly one build: retrying it would
trigger a second build. A create that provably never left (nothing listening yet) is safe to
retry, and is.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import httpx
import pytest

import pybuildkite
from pybuildkite.testing import Emulator, Faults

from .conftest import CANARY, free_port, hangup_server

PIPELINE = "app"
ROUTE = f"/v2/organizations/acme/pipelines/{PIPELINE}/builds"


@pytest.fixture
def emu(buildkite_emulator: Emulator) -> Emulator:
    buildkite_emulator.add_pipeline(name="App", slug=PIPELINE)
    return buildkite_emulator


def posts(emu: Emulator) -> int:
    return sum(1 for r in emu.requests if r.method == "POST" and r.path == ROUTE)


def lost_answer(kind: str) -> Faults:
    return Faults(paths=(ROUTE,), methods=("POST",), script=(kind,))


def options(emu: Emulator) -> dict[str, object]:
    # Generous retries: if the client were willing to repeat a create, it would get the chance.
    return {"token": emu.token, "base_url": emu.url, "max_retries": 5}


@pytest.mark.parametrize("kind", ["reset", "truncate"])
def test_lost_create_answer_is_not_retried_sync(emu: Emulator, kind: str) -> None:
    emu.faults = lost_answer(kind)
    with pybuildkite.Client(**options(emu)) as client:
        client._pipeline.sleep = lambda _delay: None
        with pytest.raises(pybuildkite.APIConnectionError):
            client.builds.create(emu.org, PIPELINE, commit="HEAD", branch="main")
    assert emu.injected[kind] == 1
    assert posts(emu) == 1, "the create was sent again"
    assert emu.create_counts["builds"] == 1


@pytest.mark.parametrize("kind", ["reset", "truncate"])
async def test_lost_create_answer_is_not_retried_async(emu: Emulator, kind: str) -> None:
    emu.faults = lost_answer(kind)

    async def no_sleep(_delay: float) -> None:
        return None

    async with pybuildkite.AsyncClient(**options(emu)) as client:
        client._pipeline.sleep = no_sleep
        with pytest.raises(pybuildkite.APIConnectionError):
            await client.builds.create(emu.org, PIPELINE, commit="HEAD", branch="main")
    assert emu.injected[kind] == 1
    assert posts(emu) == 1, "the create was sent again"
    assert emu.create_counts["builds"] == 1


def test_create_answered_503_is_not_retried(emu: Emulator) -> None:
    # A 503 says nothing about whether the work was done elsewhere; a create stays unrepeated.
    emu.faults = lost_answer("error")
    with pybuildkite.Client(**options(emu)) as client:
        client._pipeline.sleep = lambda _delay: None
        with pytest.raises(pybuildkite.InternalServerError):
            client.builds.create(emu.org, PIPELINE, commit="HEAD", branch="main")
    assert posts(emu) == 1
    assert emu.create_counts["builds"] == 0


def test_create_answered_429_is_retried_once_and_creates_one_build(emu: Emulator) -> None:
    # A rate-limited request was not processed, so sending it again is safe.
    emu.faults = lost_answer("rate_limit")
    waits: list[float] = []
    with pybuildkite.Client(**options(emu)) as client:
        client._pipeline.sleep = waits.append
        build = client.builds.create(emu.org, PIPELINE, commit="HEAD", branch="main")
    assert build.number >= 1
    assert posts(emu) == 2
    assert len(waits) >= 1
    assert emu.create_counts["builds"] == 1


# -- nothing listening yet ------------------------------------------------------------------


class CountingTransport(httpx.HTTPTransport):
    def __init__(self) -> None:
        super().__init__()
        self.attempts = 0

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        self.attempts += 1
        return super().handle_request(request)


class AsyncCountingTransport(httpx.AsyncHTTPTransport):
    def __init__(self) -> None:
        super().__init__()
        self.attempts = 0

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        self.attempts += 1
        return await super().handle_async_request(request)


class LateServer:
    """An emulator bound to a port that refuses connections until it is started."""

    def __init__(self) -> None:
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.emu = Emulator(token=CANARY, port=self.port)
        self.emu.add_pipeline(name="App", slug=PIPELINE)


@pytest.fixture
def late_server() -> Iterator[LateServer]:
    server = LateServer()
    try:
        yield server
    finally:
        server.emu.close()


def check_one_retry(late: LateServer, build: Any, attempts: int, sleeps: list[float]) -> None:
    """The create went through on its second attempt, after one backoff, exactly once."""
    assert build.number == 1
    assert attempts == 2, "refused attempt + the successful retry"
    assert len(sleeps) == 1
    assert late.emu.create_counts["builds"] == 1


def test_create_is_retried_when_the_connection_was_refused_sync(late_server: LateServer) -> None:
    transport = CountingTransport()
    client = pybuildkite.Client(
        token=CANARY,
        base_url=late_server.url,
        max_retries=3,
        http_client=httpx.Client(transport=transport),
    )
    sleeps: list[float] = []

    def sleep(delay: float) -> None:
        # The first backoff is where the server comes up; the next attempt must find it.
        sleeps.append(delay)
        late_server.emu.start()

    client._pipeline.sleep = sleep
    with client, client._pipeline.http:
        build = client.builds.create(late_server.emu.org, PIPELINE, commit="HEAD", branch="main")
    check_one_retry(late_server, build, transport.attempts, sleeps)


async def test_create_is_retried_when_the_connection_was_refused_async(
    late_server: LateServer,
) -> None:
    transport = AsyncCountingTransport()
    client = pybuildkite.AsyncClient(
        token=CANARY,
        base_url=late_server.url,
        max_retries=3,
        http_client=httpx.AsyncClient(transport=transport),
    )
    sleeps: list[float] = []

    async def sleep(delay: float) -> None:
        sleeps.append(delay)
        late_server.emu.start()

    client._pipeline.sleep = sleep
    async with client, client._pipeline.http:
        build = await client.builds.create(
            late_server.emu.org, PIPELINE, commit="HEAD", branch="main"
        )
    check_one_retry(late_server, build, transport.attempts, sleeps)


def test_refused_create_gives_up_after_max_retries() -> None:
    transport = CountingTransport()
    client = pybuildkite.Client(
        token=CANARY,
        base_url=f"http://127.0.0.1:{free_port()}",
        max_retries=3,
        http_client=httpx.Client(transport=transport),
    )
    client._pipeline.sleep = lambda _delay: None
    with client, client._pipeline.http, pytest.raises(pybuildkite.APIConnectionError):
        client.builds.create("acme", PIPELINE, commit="HEAD", branch="main")
    assert transport.attempts == 4, "one attempt and three retries"


# -- the server hangs up after receiving the create, before answering -------------------------


def test_create_is_not_repeated_when_the_server_hangs_up_sync() -> None:
    with hangup_server() as (port, received):
        client = pybuildkite.Client(
            token=CANARY, base_url=f"http://127.0.0.1:{port}", max_retries=5
        )
        client._pipeline.sleep = lambda _delay: None
        with client, pytest.raises(pybuildkite.APIConnectionError) as caught:
            client.builds.create("acme", PIPELINE, commit="HEAD", branch="main")
    assert len(received) == 1, "the create was sent again"
    assert not isinstance(caught.value, pybuildkite.APITimeoutError)


async def test_create_is_not_repeated_when_the_server_hangs_up_async() -> None:
    async def no_sleep(_delay: float) -> None:
        return None

    with hangup_server() as (port, received):
        client = pybuildkite.AsyncClient(
            token=CANARY, base_url=f"http://127.0.0.1:{port}", max_retries=5
        )
        client._pipeline.sleep = no_sleep
        async with client:
            with pytest.raises(pybuildkite.APIConnectionError) as caught:
                await client.builds.create("acme", PIPELINE, commit="HEAD", branch="main")
    assert len(received) == 1, "the create was sent again"
    # A server hanging up is not reported as a timeout.
    assert not isinstance(caught.value, pybuildkite.APITimeoutError), str(caught.value)
