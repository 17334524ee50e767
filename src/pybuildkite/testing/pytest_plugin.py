"""pytest fixtures for testing code against the Buildkite emulator.

* ``buildkite_emulator`` -- a running :class:`~pybuildkite.testing.Emulator` with
  fresh state for each test.  One server is started per session and
  :meth:`~pybuildkite.testing.Emulator.reset` between tests, which keeps the
  default token, URL and organization stable.
* ``buildkite_client`` / ``async_buildkite_client`` -- ``pybuildkite.Client`` /
  ``pybuildkite.AsyncClient`` pointed at it (REST and GraphQL).
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from typing import TYPE_CHECKING, Any

import pytest

if TYPE_CHECKING:
    from ._emulator import Emulator


@pytest.fixture(scope="session")
def _buildkite_emulator_server() -> Iterator[Emulator]:
    from ._emulator import Emulator

    emu = Emulator()
    emu.start()
    try:
        yield emu
    finally:
        emu.close()


@pytest.fixture
def buildkite_emulator(_buildkite_emulator_server: Emulator) -> Iterator[Emulator]:
    emu = _buildkite_emulator_server
    emu.reset()
    yield emu
    emu.stop_agents()


@pytest.fixture
def buildkite_client(buildkite_emulator: Emulator) -> Iterator[Any]:
    import pybuildkite

    client = pybuildkite.Client(
        token=buildkite_emulator.token,
        base_url=buildkite_emulator.url,
        graphql_url=buildkite_emulator.graphql_url,
    )
    try:
        yield client
    finally:
        client.close()


@pytest.fixture
async def async_buildkite_client(buildkite_emulator: Emulator) -> AsyncIterator[Any]:
    import pybuildkite

    client = pybuildkite.AsyncClient(
        token=buildkite_emulator.token,
        base_url=buildkite_emulator.url,
        graphql_url=buildkite_emulator.graphql_url,
    )
    try:
        yield client
    finally:
        await client.aclose()
