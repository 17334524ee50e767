"""The token never shows: not in a repr, a message, a traceback, a log line or a pickle.

A canary token is used for real requests (it is the emulator's token, so the requests
succeed or fail for the usual reasons), then every object a user might print, log or ship to
another process is searched for it.
"""

from __future__ import annotations

import logging
import pickle
import traceback
from collections.abc import Iterator
from typing import Any

import pytest

import pybuildkite
from pybuildkite.testing import Emulator, Faults

from .conftest import CANARY, free_port


@pytest.fixture
def emu() -> Iterator[Emulator]:
    with Emulator(token=CANARY) as emulator:
        emulator.add_pipeline(name="App", slug="app")
        yield emulator


@pytest.fixture(autouse=True)
def debug_logs(caplog: pytest.LogCaptureFixture) -> pytest.LogCaptureFixture:
    # Everything at DEBUG, the HTTP stack included: a leak in any log line is caught.
    for name in ("pybuildkite", "httpx", "httpcore"):
        caplog.set_level(logging.DEBUG, logger=name)
    return caplog


def renderings(obj: Any) -> list[str]:
    """Every way a user commonly turns an object into text."""
    out = [repr(obj), str(obj)]
    if isinstance(obj, BaseException):
        out.append("".join(traceback.format_exception(obj)))
        out.append(repr(vars(obj)))
        for attr in ("request", "response"):
            inner = getattr(obj, attr, None)
            if inner is not None:
                out.append(repr(inner))
                out.append(repr(dict(inner.headers)))
    return out


def assert_clean(*objs: Any) -> None:
    for obj in objs:
        for text in renderings(obj):
            assert CANARY not in text, f"token leaked by {type(obj).__name__}: {text[:300]}"
        if isinstance(obj, BaseException):
            pickled = pickle.dumps(obj)
            assert CANARY.encode() not in pickled, f"token in pickled {type(obj).__name__}"
            revived = pickle.loads(pickled)
            assert type(revived) is type(obj) and str(revived) == str(obj)


def assert_logs_clean(caplog: pytest.LogCaptureFixture) -> None:
    assert caplog.records, "nothing was logged at DEBUG (the check would prove nothing)"
    assert CANARY not in caplog.text
    for record in caplog.records:
        assert CANARY not in record.getMessage()
        assert CANARY not in repr(record.args)


def errors_sync(emu: Emulator) -> list[BaseException]:
    """One of each kind of error a call can raise, all carrying the canary's requests."""
    caught: list[BaseException] = []
    client = pybuildkite.Client(token=CANARY, base_url=emu.url, max_retries=1, timeout=2.0)
    client._pipeline.sleep = lambda _delay: None
    with client:
        calls = [
            lambda: client.builds.get(emu.org, "app", 999),  # 404
            lambda: client.pipelines.get(emu.org, "missing"),  # 404 again, another group
            lambda: client.request("GET", "/v2/user", timeout=1e-9),  # timeout
        ]
        for call in calls:
            with pytest.raises(pybuildkite.BuildkiteError) as info:
                call()
            caught.append(info.value)
        emu.faults = Faults(paths=("/v2/user",), error_rate=1.0)
        with pytest.raises(pybuildkite.InternalServerError) as info:
            client.user.get()
        caught.append(info.value)
        emu.faults = Faults(paths=("/v2/user",), script=("reset",) * 5)
        with pytest.raises(pybuildkite.APIConnectionError) as info:
            client.user.get()
        caught.append(info.value)
        emu.faults = Faults(paths=("/v2/user",), script=("rate_limit",))
        with pytest.raises(pybuildkite.RateLimitError) as info:
            client.with_options(max_rate_limit_wait=0).user.get()
        caught.append(info.value)
        emu.faults = Faults()
    refused = pybuildkite.Client(token=CANARY, base_url=f"http://127.0.0.1:{free_port()}")
    refused._pipeline.sleep = lambda _delay: None
    with refused, pytest.raises(pybuildkite.APIConnectionError) as info:
        refused.user.get()
    caught.append(info.value)
    return caught


def test_errors_of_every_kind_hide_the_token(
    emu: Emulator, debug_logs: pytest.LogCaptureFixture
) -> None:
    errors = errors_sync(emu)
    kinds = {type(e).__name__ for e in errors}
    assert {"NotFoundError", "APITimeoutError", "InternalServerError", "APIConnectionError",
            "RateLimitError"} <= kinds  # fmt: skip
    # The chained httpx error is what format_exception prints below ours; it must not leak
    # either (its request is the one that carried the header).
    assert any(e.__cause__ is not None for e in errors)
    assert_clean(*errors)
    for error in errors:
        assert "authorization" not in {k.lower() for k in error.request.headers}  # type: ignore[attr-defined]
    assert_logs_clean(debug_logs)


async def test_async_errors_hide_the_token(
    emu: Emulator, debug_logs: pytest.LogCaptureFixture
) -> None:
    caught: list[BaseException] = []

    async def no_sleep(_delay: float) -> None:
        return None

    async with pybuildkite.AsyncClient(token=CANARY, base_url=emu.url, max_retries=1) as client:
        client._pipeline.sleep = no_sleep
        with pytest.raises(pybuildkite.NotFoundError) as info:
            await client.builds.get(emu.org, "app", 999)
        caught.append(info.value)
        emu.faults = Faults(paths=("/v2/user",), script=("reset",) * 5)
        with pytest.raises(pybuildkite.APIConnectionError) as info2:
            await client.user.get()
        caught.append(info2.value)
        emu.faults = Faults()
        with pytest.raises(pybuildkite.APITimeoutError) as info3:
            await client.request("GET", "/v2/user", timeout=1e-9)
        caught.append(info3.value)
        assert_clean(client, client.with_options(max_retries=0))
    assert_clean(*caught)
    assert_logs_clean(debug_logs)


def test_successful_calls_log_nothing_secret(
    emu: Emulator, debug_logs: pytest.LogCaptureFixture
) -> None:
    with pybuildkite.Client(token=CANARY, base_url=emu.url) as client:
        user = client.user.get()
        builds = list(client.builds.list(emu.org, "app"))
        response = client.request("GET", "/v2/user")
        request = client._pipeline.build(client._pipeline.http, _user_request(client), emu.url)
        assert request.headers["authorization"] == f"Bearer {CANARY}"  # it is really there
        assert_clean(client, client.with_options(per_page=10), user, response, response.request)
        assert_clean(request, request.url, client._pipeline, client._config)
    assert builds == []
    assert_logs_clean(debug_logs)


def _user_request(client: pybuildkite.Client) -> Any:
    return type(client.user).get.fn(client.user)


async def test_clients_and_tokens_refuse_to_be_pickled() -> None:
    async with pybuildkite.AsyncClient(token=CANARY) as aclient:
        with pytest.raises(TypeError) as info:
            pickle.dumps(aclient)
        assert_clean(info.value)
    with pybuildkite.Client(token=CANARY) as client:
        for obj in (client, client._config, client._config.token):
            with pytest.raises(TypeError) as info:
                pickle.dumps(obj)
            assert_clean(info.value)


def test_token_from_the_environment_is_hidden_too(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("BUILDKITE_API_TOKEN", CANARY)
    with pybuildkite.Client() as client:
        assert "token=set" in repr(client)
        assert_clean(client, client._config)


@pytest.mark.parametrize(
    "token",
    [
        CANARY + "\nX-Injected: yes",
        CANARY + "\r\nX-Injected: yes",
        CANARY + "\x00",
        " " + CANARY,
        CANARY + "\n",
    ],
    ids=["lf", "crlf", "nul", "leading-space", "trailing-newline"],
)
@pytest.mark.parametrize("cls", [pybuildkite.Client, pybuildkite.AsyncClient])
def test_token_with_a_line_break_is_refused_without_echoing_it(cls: type, token: str) -> None:
    with pytest.raises(ValueError) as info:
        cls(token=token)
    error = info.value
    for text in renderings(error):
        assert CANARY not in text
        assert "X-Injected" not in text
    assert "token" in str(error)
