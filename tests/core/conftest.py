"""Clients on httpx.MockTransport with sleeping switched off (delays are recorded instead)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import httpx
import pytest

import pybuildkite

Handler = Callable[[httpx.Request], httpx.Response]
BASE = "https://api.buildkite.com"
TOKEN = "bkua_canary_0123456789abcdef"


class Harness:
    """A sync and an async client over one handler, recording sleeps and requests."""

    def __init__(self, handler: Handler, **options: Any) -> None:
        self.requests: list[httpx.Request] = []
        self.sleeps: list[float] = []

        def record(request: httpx.Request) -> httpx.Response:
            self.requests.append(request)
            return handler(request)

        self.sync = pybuildkite.Client(
            token=TOKEN, http_client=httpx.Client(transport=httpx.MockTransport(record)), **options
        )
        self.sync._pipeline.sleep = self.sleeps.append
        self.sync._pipeline.rand = lambda: 0.0

        async def asleep(delay: float) -> None:
            self.sleeps.append(delay)

        self.async_ = pybuildkite.AsyncClient(
            token=TOKEN,
            http_client=httpx.AsyncClient(transport=httpx.MockTransport(record)),
            **options,
        )
        self.async_._pipeline.sleep = asleep
        self.async_._pipeline.rand = lambda: 0.0


@pytest.fixture
def harness() -> Callable[..., Harness]:
    return Harness


def json_response(status: int, body: Any, headers: dict[str, str] | None = None) -> httpx.Response:
    return httpx.Response(status, json=body, headers=headers)


def sequence(*responses: httpx.Response | Exception) -> Handler:
    """A handler answering with ``responses`` in turn (an exception is raised instead)."""
    items: Iterator[httpx.Response | Exception] = iter(responses)

    def handler(request: httpx.Request) -> httpx.Response:
        item = next(items)
        if isinstance(item, Exception):
            raise item
        return item

    return handler
