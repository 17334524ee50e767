"""A slow or silent server cannot hold a call hostage.

``timeout=1.0, max_retries=0``: whatever the server does, the call ends with
APITimeoutError within the timeout plus a second. httpx's read timeout bounds each wait for
bytes, so a server going quiet is caught; a body that keeps trickling faster than that is
caught by the pipeline's deadline for the whole body.
"""

from __future__ import annotations

import asyncio
import threading
import time
from collections.abc import Callable, Iterator
from typing import Any

import pytest

import pybuildkite
from pybuildkite.testing import Emulator, Faults

from .conftest import CANARY, silent_server

TIMEOUT = 1.0
#: The timeout plus a second, plus a little for thread and event-loop scheduling.
BOUND = TIMEOUT + 1.0 + 0.15


@pytest.fixture
def emu() -> Iterator[Emulator]:
    # Its own server: closing it is what ends a trickle that a client failed to abandon.
    with Emulator() as emulator:
        yield emulator


def trickle(bytes_per_second: float) -> Faults:
    return Faults(paths=("/v2/user",), trickle_rate=1.0, trickle_bytes_per_second=bytes_per_second)


def timed_sync(call: Callable[[], Any], watchdog: float) -> tuple[BaseException | None, float]:
    """Run ``call`` in a thread; (what it raised, seconds taken), or (None, inf) if stuck."""
    outcome: dict[str, Any] = {}

    def run() -> None:
        started = time.perf_counter()
        try:
            call()
        except BaseException as exc:
            outcome["error"] = exc
        outcome["elapsed"] = time.perf_counter() - started

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    thread.join(watchdog)
    if thread.is_alive():
        return None, float("inf")
    return outcome.get("error"), outcome["elapsed"]


async def timed_async(
    call: Callable[[], Any], watchdog: float
) -> tuple[BaseException | None, float]:
    started = time.perf_counter()
    try:
        await asyncio.wait_for(call(), watchdog)
    except TimeoutError:
        return None, float("inf")
    except BaseException as exc:
        return exc, time.perf_counter() - started
    return None, time.perf_counter() - started


def check(error: BaseException | None, elapsed: float) -> None:
    print(f"\nabandoned after {elapsed:.2f}s with {type(error).__name__}")
    assert elapsed <= BOUND, f"the call took {elapsed:.2f}s (bound {BOUND}s)"
    assert isinstance(error, pybuildkite.APITimeoutError)


def sync_client(emu: Emulator) -> pybuildkite.Client:
    return pybuildkite.Client(token=emu.token, base_url=emu.url, timeout=TIMEOUT, max_retries=0)


def async_client(emu: Emulator) -> pybuildkite.AsyncClient:
    return pybuildkite.AsyncClient(
        token=emu.token, base_url=emu.url, timeout=TIMEOUT, max_retries=0
    )


# One byte a second is the case users hit; slower gaps trip httpx's per-read timeout, faster
# ones never do and need the pipeline's deadline for the whole body.
RATES = [1.0, *(pytest.param(rate, marks=pytest.mark.heavy) for rate in (0.8, 2.0, 10.0))]


@pytest.mark.parametrize("bytes_per_second", RATES)
def test_trickling_response_is_abandoned_sync(emu: Emulator, bytes_per_second: float) -> None:
    emu.faults = trickle(bytes_per_second)
    with sync_client(emu) as client:
        error, elapsed = timed_sync(client.user.get, watchdog=BOUND + 2)
        if elapsed == float("inf"):
            emu.close()  # ends the trickle, so the stuck call returns and its thread exits
    check(error, elapsed)
    assert emu.injected["trickle"] == 1


@pytest.mark.parametrize("bytes_per_second", RATES)
async def test_trickling_response_is_abandoned_async(
    emu: Emulator, bytes_per_second: float
) -> None:
    emu.faults = trickle(bytes_per_second)
    async with async_client(emu) as client:
        check(*await timed_async(client.user.get, watchdog=BOUND + 2))
    assert emu.injected["trickle"] == 1


# -- servers that stop talking --------------------------------------------------------------


SILENCE = [
    pytest.param(False, id="silent", marks=pytest.mark.heavy),
    pytest.param(True, id="stalled"),
]


@pytest.mark.parametrize("send_headers", SILENCE)
def test_silent_server_times_out_sync(send_headers: bool) -> None:
    with silent_server(send_headers=send_headers) as port:
        client = pybuildkite.Client(
            token=CANARY, base_url=f"http://127.0.0.1:{port}", timeout=TIMEOUT, max_retries=0
        )
        with client:
            check(*timed_sync(client.user.get, watchdog=BOUND + 3))


@pytest.mark.parametrize("send_headers", SILENCE)
async def test_silent_server_times_out_async(send_headers: bool) -> None:
    with silent_server(send_headers=send_headers) as port:
        client = pybuildkite.AsyncClient(
            token=CANARY, base_url=f"http://127.0.0.1:{port}", timeout=TIMEOUT, max_retries=0
        )
        async with client:
            check(*await timed_async(client.user.get, watchdog=BOUND + 3))


@pytest.mark.heavy
def test_retries_of_a_silent_server_are_bounded_too() -> None:
    # With retries each attempt is bounded; the total is attempts x timeout plus backoff.
    with silent_server(send_headers=False) as port:
        client = pybuildkite.Client(
            token=CANARY, base_url=f"http://127.0.0.1:{port}", timeout=0.5, max_retries=2
        )
        client._pipeline.sleep = lambda _delay: None
        with client:
            error, elapsed = timed_sync(client.user.get, watchdog=5)
    assert isinstance(error, pybuildkite.APITimeoutError)
    assert elapsed <= 3 * 0.5 + 1.0
