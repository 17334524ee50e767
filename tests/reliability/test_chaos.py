"""A full crawl of a pipeline's builds through seeded faults returns exactly the server's builds.

The emulator injects, on the listing route only: 503s, connection resets after the handler ran,
bodies cut short, responses delayed, and storms of 429s answered against a compressed
rate-limit window. The crawl must still return every build exactly once, raise nothing, spend
about one retry per injected fault, and leave no connection open once the client is closed.
The fast variants crawl 1,000 builds; the heavy ones 5,000 with the full 3 s delay.
"""

from __future__ import annotations

import asyncio
import math
import time
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import httpx
import pytest

import pybuildkite
from pybuildkite.testing import Emulator, Faults, RateLimits

from .conftest import await_until_closed, pool_probe, server_connections, wait_until_closed

PIPELINE = "app"
ROUTE = f"/v2/organizations/acme/pipelines/{PIPELINE}/builds"
PER_PAGE = 100

#: Faults that cost the client one more attempt each (a delayed answer still succeeds).
FAILING = ("error", "rate_limit", "reset", "truncate")

#: The read timeout must sit well above the injected delay, or a delayed page would time out
#: and count as a failure the server never injected.
TIMEOUT = httpx.Timeout(10.0, connect=5.0)

#: About 17% of attempts fail (10% 503, then 5% resets and 3% truncations of the rest), so
#: one page failing 9 times running has odds of roughly 0.17**9 ~ 1e-7: 8 retries make an
#: exhausted page practically impossible while still bounding a broken server. 429s do not
#: count against max_retries (they are waited out separately).
MAX_RETRIES = 8


@dataclass(frozen=True)
class Scale:
    builds: int
    slow_delay: float
    #: Backoff and 429 waits are real sleeps scaled by this. The fast variants shorten them
    #: (the emulator's faults do not depend on time), the heavy ones wait in full.
    sleep_scale: float


FAST = Scale(builds=1_000, slow_delay=0.5, sleep_scale=0.1)
HEAVY = Scale(builds=5_000, slow_delay=3.0, sleep_scale=1.0)


def chaos(scale: Scale, *, seed: int, churn: bool = False) -> Faults:
    return Faults(
        seed=seed,
        paths=(ROUTE,),
        methods=("GET",),
        # One of each kind first, so even the short crawl meets every fault; then the rates.
        script=("error", "rate_limit", "reset", "truncate", "slow"),
        error_rate=0.10,
        rate_limit_rate=0.01,
        storm_length=3,
        reset_rate=0.05,
        truncate_rate=0.03,
        slow_rate=0.02,
        slow_delay=scale.slow_delay,
        # New builds land on the pipeline being crawled every few requests.
        churn_every=3 if churn else 0,
        churn_builds=2,
        churn_pipeline=f"acme/{PIPELINE}" if churn else None,
    )


@pytest.fixture
def emu() -> Iterator[Emulator]:
    # A window of a quarter second: each injected 429 costs a real but short wait.
    with Emulator(rate_limits=RateLimits(window=0.25)) as emulator:
        emulator.add_pipeline(name="App", slug=PIPELINE)
        yield emulator


def seed(emu: Emulator, scale: Scale) -> set[str]:
    numbers = emu.add_builds(scale.builds, pipeline=PIPELINE)
    return {emu.get_build(None, PIPELINE, n)["id"] for n in numbers}


def client_options(emu: Emulator) -> dict[str, object]:
    return {
        "token": emu.token,
        "base_url": emu.url,
        "max_retries": MAX_RETRIES,
        "timeout": TIMEOUT,
    }


def crawl_sync(emu: Emulator, scale: Scale) -> tuple[list[str], list[object]]:
    client = pybuildkite.Client(**client_options(emu))
    client._pipeline.sleep = lambda delay: time.sleep(delay * scale.sleep_scale)
    with client:
        ids = [build.id for build in client.builds.list(emu.org, PIPELINE)]
        leftover = pool_probe(client)
    return ids, leftover()


async def crawl_async(emu: Emulator, scale: Scale) -> tuple[list[str], list[object]]:
    client = pybuildkite.AsyncClient(**client_options(emu))

    async def sleep(delay: float) -> None:
        await asyncio.sleep(delay * scale.sleep_scale)

    client._pipeline.sleep = sleep
    async with client:
        ids = [build.id async for build in client.builds.list(emu.org, PIPELINE)]
        leftover = pool_probe(client)
    return ids, leftover()


def retry_accounting(emu: Emulator, pages: int) -> tuple[int, int]:
    """(retries the client made, failing faults the server injected) on the listing route."""
    attempts = [r for r in emu.requests if r.method == "GET" and r.path == ROUTE]
    failures = sum(emu.injected[kind] for kind in FAILING)
    return len(attempts) - pages, failures


def check_crawl(
    emu: Emulator, ids: list[str], expected: set[str], pool: list[object], elapsed: float
) -> None:
    assert len(ids) == len(set(ids)), "a build was returned twice"
    assert set(ids) == expected, (
        f"missing {len(expected - set(ids))}, unexpected {len(set(ids) - expected)}"
    )
    assert pool == [], "the client's pool kept connections after close"
    for kind in (*FAILING, "slow"):
        assert emu.injected[kind] >= 1, f"no {kind} fault was injected"
    retries, failures = retry_accounting(emu, math.ceil(len(ids) / PER_PAGE))
    print(
        f"\n{len(ids)} builds in {elapsed:.1f}s: {retries} retries for {failures} failing "
        f"faults ({dict(emu.injected)})"
    )
    # Each failed attempt needs exactly one more; a little slack for the pool retrying a
    # connection the server had just dropped.
    assert failures <= retries <= 1.3 * failures


def run_sync(emu: Emulator, scale: Scale, seed_value: int) -> None:
    expected = seed(emu, scale)
    emu.faults = chaos(scale, seed=seed_value)
    before = server_connections(emu)
    started = time.perf_counter()
    ids, pool = crawl_sync(emu, scale)
    check_crawl(emu, ids, expected, pool, time.perf_counter() - started)
    assert wait_until_closed(emu, before) == set(), "the server still sees open connections"


async def run_async(emu: Emulator, scale: Scale, seed_value: int) -> None:
    expected = seed(emu, scale)
    emu.faults = chaos(scale, seed=seed_value)
    before = server_connections(emu)
    started = time.perf_counter()
    ids, pool = await crawl_async(emu, scale)
    check_crawl(emu, ids, expected, pool, time.perf_counter() - started)
    assert await await_until_closed(emu, before) == set(), "the server still sees open connections"


def cases(*seeds: int) -> list[Any]:
    """Sync and async, at the quick scale and (marked heavy) at 5,000 builds."""
    sync_fast, async_fast, sync_heavy, async_heavy = seeds
    return [
        pytest.param("sync", FAST, sync_fast, id="sync"),
        pytest.param("async", FAST, async_fast, id="async"),
        pytest.param("sync", HEAVY, sync_heavy, id="sync-5000", marks=pytest.mark.heavy),
        pytest.param("async", HEAVY, async_heavy, id="async-5000", marks=pytest.mark.heavy),
    ]


@pytest.mark.parametrize(("mode", "scale", "seed_value"), cases(1, 2, 3, 4))
async def test_chaos_crawl(emu: Emulator, mode: str, scale: Scale, seed_value: int) -> None:
    if mode == "sync":
        run_sync(emu, scale, seed_value)  # the emulator serves from its own thread
    else:
        await run_async(emu, scale, seed_value)


# -- builds created while the crawl runs --------------------------------------------------
# builds.list pins created_to to the newest build of page 1 (stable_by), so builds created
# mid-crawl can neither push old ones onto a page already read (duplicates) nor past the
# last page (misses).


def check_churn_crawl(emu: Emulator, ids: list[str], at_start: set[str]) -> None:
    assert emu.injected["churn"] >= 1, "no build was created during the crawl"
    assert len(ids) == len(set(ids)), f"{len(ids) - len(set(ids))} builds returned twice"
    assert at_start <= set(ids), f"{len(at_start - set(ids))} builds that existed were missed"
    # Anything beyond the starting set can only be a build created just before page 1.
    assert len(set(ids) - at_start) <= 2 * emu.injected["churn"]


def run_churn_sync(emu: Emulator, scale: Scale, seed_value: int) -> None:
    at_start = seed(emu, scale)
    emu.faults = chaos(scale, seed=seed_value, churn=True)
    ids, pool = crawl_sync(emu, scale)
    assert pool == []
    check_churn_crawl(emu, ids, at_start)


async def run_churn_async(emu: Emulator, scale: Scale, seed_value: int) -> None:
    at_start = seed(emu, scale)
    emu.faults = chaos(scale, seed=seed_value, churn=True)
    ids, pool = await crawl_async(emu, scale)
    assert pool == []
    check_churn_crawl(emu, ids, at_start)


@pytest.mark.parametrize(("mode", "scale", "seed_value"), cases(5, 6, 7, 8))
async def test_churn_crawl(emu: Emulator, mode: str, scale: Scale, seed_value: int) -> None:
    if mode == "sync":
        run_churn_sync(emu, scale, seed_value)
    else:
        await run_churn_async(emu, scale, seed_value)
