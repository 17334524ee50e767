"""Client configuration, copies, lifecycle, secrets, and the sync/async twin guarantee."""

from __future__ import annotations

import importlib
import inspect
import logging
import pickle
import re
from typing import Any

import httpx
import pytest

import pybuildkite
from pybuildkite import _constants as C
from pybuildkite._client import AsyncClient, Client

from .conftest import TOKEN, Harness, json_response


def test_defaults_and_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("BUILDKITE_API_TOKEN", TOKEN)
    monkeypatch.setenv("BUILDKITE_API_URL", "http://127.0.0.1:9999/")
    client = Client()
    assert client._config.token is not None and client._config.token.get() == TOKEN
    assert str(client.base_url) == "http://127.0.0.1:9999"
    assert client.per_page == C.DEFAULT_PER_PAGE
    assert client._config.timeout == C.DEFAULT_TIMEOUT
    monkeypatch.delenv("BUILDKITE_API_URL")
    assert str(Client().base_url) == "https://api.buildkite.com"


def test_constructing_a_client_makes_no_request() -> None:
    def boom(request: httpx.Request) -> httpx.Response:
        raise AssertionError("no request expected")

    client = Client(token=TOKEN, http_client=httpx.Client(transport=httpx.MockTransport(boom)))
    _ = client.builds, client.pipelines, client.rate_limit
    client.close()


@pytest.mark.parametrize(
    ("kwargs", "error"),
    [
        ({"timeout": None}, ValueError),
        ({"timeout": -1}, ValueError),
        ({"max_retries": -1}, ValueError),
        ({"per_page": 0}, ValueError),
        ({"per_page": 101}, ValueError),
        ({"per_page": "10"}, TypeError),
        ({"base_url": "ftp://example.com"}, ValueError),
        ({"base_url": "http://api.example.com"}, ValueError),
        ({"base_url": "https://user:pw@api.example.com"}, ValueError),
        ({"token": "bad\ntoken"}, ValueError),
        ({"token": ""}, ValueError),
        ({"token": 123}, TypeError),
        ({"http_client": httpx.AsyncClient()}, TypeError),
    ],
)
def test_bad_configuration_is_refused(kwargs: dict[str, Any], error: type[Exception]) -> None:
    base: dict[str, Any] = {"token": TOKEN}
    with pytest.raises(error) as info:
        Client(**{**base, **kwargs})
    assert "bad\ntoken" not in str(info.value)


def test_plain_http_is_allowed_for_loopback_or_when_asked() -> None:
    for url in ("http://127.0.0.1:8080", "http://localhost:1", "http://[::1]:5"):
        assert Client(token=TOKEN, base_url=url).base_url.scheme == "http"
    Client(token=TOKEN, base_url="http://proxy.internal", allow_insecure_http=True)


def test_with_options_shares_the_pool_and_limiter() -> None:
    client = Client(token=TOKEN, base_url="http://127.0.0.1:1")
    copy = client.with_options(timeout=5.0, max_retries=0)
    assert copy._pipeline.http is client._pipeline.http
    assert copy._pipeline.limiter is client._pipeline.limiter
    assert copy._config.max_retries == 0 and copy._config.timeout.read == 5.0
    assert client._config.max_retries == C.DEFAULT_MAX_RETRIES
    other_user = client.with_options(token="bkua_other")
    assert other_user._pipeline.limiter is not client._pipeline.limiter
    copy.close()  # a copy does not own the pool
    assert not client._pipeline.http.is_closed
    with pytest.raises(TypeError, match="unexpected option"):
        client.with_options(nope=1)


def test_context_managers_close_owned_pools() -> None:
    with Client(token=TOKEN) as client:
        http = client._pipeline.http
    assert http.is_closed
    supplied = httpx.Client()
    with Client(token=TOKEN, http_client=supplied):
        pass
    assert not supplied.is_closed  # a pool the caller brought stays the caller's


async def test_async_context_manager() -> None:
    async with AsyncClient(token=TOKEN) as client:
        http = client._pipeline.http
    assert http.is_closed


def test_the_token_never_shows(caplog: pytest.LogCaptureFixture, harness: Any) -> None:
    h: Harness = harness(lambda r: json_response(404, {"message": "No build found"}))
    caplog.set_level(logging.DEBUG, logger="pybuildkite")
    with pytest.raises(pybuildkite.NotFoundError) as info:
        h.sync.builds.get("a", "b", 1)
    texts = [repr(h.sync), str(h.sync), repr(h.sync._config), repr(info.value), str(info.value),
             repr(info.value.request.headers), repr(info.value.response.headers), caplog.text]  # fmt: skip
    for text in texts:
        assert TOKEN not in text
    with pytest.raises(TypeError):
        pickle.dumps(h.sync)
    with pytest.raises(TypeError):
        pickle.dumps(h.sync._config.token)
    assert "GET /v2/organizations/a/pipelines/b/builds/1 -> 404" in caplog.text


_ROUTE_LINE = re.compile(r"^\s*(GET|HEAD|POST|PUT|PATCH|DELETE) /", re.MULTILINE)


def _route_lines(fn: Any) -> list[str]:
    doc = fn.__doc__ or ""
    return [line.strip() for line in doc.splitlines() if _ROUTE_LINE.match(line)]


def _resource_names() -> list[str]:
    return [name for name, value in vars(Client).items() if type(value).__name__ == "_Lazy"]


def _public_methods(obj: object) -> dict[str, Any]:
    return {
        name: getattr(obj, name)
        for name in dir(obj)
        if not name.startswith("_") and callable(getattr(obj, name))
    }


def test_every_sync_method_has_an_async_twin_with_the_same_signature() -> None:
    sync = Client(token=TOKEN)
    async_ = AsyncClient(token=TOKEN)
    names = _resource_names()
    assert set(names) == {
        name for name, v in vars(AsyncClient).items() if type(v).__name__ == "_Lazy"
    }
    assert len(names) >= 46
    checked = 0
    for name in names:
        sync_methods = _public_methods(getattr(sync, name))
        async_methods = _public_methods(getattr(async_, name))
        assert sync_methods.keys() == async_methods.keys(), name
        for method, fn in sync_methods.items():
            twin = async_methods[method]
            assert inspect.signature(fn).parameters == inspect.signature(twin).parameters, (
                name,
                method,
            )
            assert _route_lines(fn) == _route_lines(twin), (name, method)
            checked += 1
    assert checked >= 6


def test_resource_modules_follow_the_naming_rule() -> None:
    for name in _resource_names():
        module = importlib.import_module(f"pybuildkite.resources.{name}")
        camel = "".join(p.capitalize() for p in name.split("_"))
        assert hasattr(module, camel) and hasattr(module, f"Async{camel}"), name
