"""The request pipeline on MockTransport: errors, retries, 429 waits, redirects, secrets."""

from __future__ import annotations

import asyncio
import json
import pickle
from collections.abc import Callable
from typing import Any

import httpx
import pytest

import pybuildkite
from pybuildkite import _constants as C

from .conftest import BASE, TOKEN, Harness, json_response, sequence

BUILD = {"id": "b1", "number": 1, "state": "passed", "created_at": "2015-05-09T21:05:59.874Z"}


def run(harness: Harness, call: Callable[[Any], Any], mode: str) -> Any:
    if mode == "sync":
        return call(harness.sync)
    return asyncio.run(_await(call(harness.async_)))


async def _await(value: Any) -> Any:
    return await value


MODES = ["sync", "async"]


@pytest.mark.parametrize("mode", MODES)
def test_get_decodes_a_typed_model_and_sends_auth(
    mode: str, harness: Callable[..., Harness]
) -> None:
    h = harness(sequence(json_response(200, BUILD)))
    build = run(h, lambda c: c.builds.get("acme", "my app", 1), mode)
    assert build.number == 1 and build.state == "passed"
    (req,) = h.requests
    assert req.method == "GET"
    assert req.url.raw_path == b"/v2/organizations/acme/pipelines/my%20app/builds/1"
    assert req.headers["authorization"] == f"Bearer {TOKEN}"
    assert req.headers["user-agent"].startswith("pybuildkite/")


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize(
    ("status", "cls"),
    [
        (400, pybuildkite.BadRequestError),
        (401, pybuildkite.AuthenticationError),
        (403, pybuildkite.PermissionDeniedError),
        (404, pybuildkite.NotFoundError),
        (409, pybuildkite.ConflictError),
        (410, pybuildkite.GoneError),
        (416, pybuildkite.RangeNotSatisfiableError),
        (422, pybuildkite.UnprocessableEntityError),
        (501, pybuildkite.InternalServerError),
    ],
)
def test_status_to_exception(
    mode: str, status: int, cls: type, harness: Callable[..., Harness]
) -> None:
    body = {"message": "Validation Failed", "errors": [{"field": "branch", "code": "missing"}]}
    h = harness(sequence(json_response(status, body)), max_retries=0)
    with pytest.raises(cls) as info:
        run(h, lambda c: c.builds.get("acme", "app", 1), mode)
    err = info.value
    assert isinstance(err, pybuildkite.APIStatusError) and isinstance(
        err, pybuildkite.BuildkiteError
    )
    assert err.status_code == status
    assert str(err) == (
        f"GET /v2/organizations/acme/pipelines/app/builds/1 -> {status}: "
        "Validation Failed (branch: missing)"
    )
    assert err.errors == [{"field": "branch", "code": "missing"}]
    assert "authorization" not in err.request.headers
    assert "authorization" not in err.response.request.headers


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize("method", ["GET", "HEAD", "PUT", "DELETE", "POST", "PATCH"])
@pytest.mark.parametrize("status", [500, 502, 503, 504, 408])
def test_5xx_matrix(mode: str, method: str, status: int, harness: Callable[..., Harness]) -> None:
    h = harness(sequence(json_response(status, {"message": "oops"}), json_response(200, {})))
    call = lambda c: c.request(method, "/v2/thing")  # noqa: E731
    if method in ("POST", "PATCH"):
        with pytest.raises(pybuildkite.APIStatusError):
            run(h, call, mode)
        assert len(h.requests) == 1
    else:
        assert run(h, call, mode).status_code == 200
        assert len(h.requests) == 2
        assert h.sleeps == [C.INITIAL_RETRY_DELAY]


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize("method", ["GET", "HEAD", "PUT", "DELETE", "POST", "PATCH"])
@pytest.mark.parametrize(
    ("make_exc", "reached"),
    [
        (lambda r: httpx.ConnectError("refused", request=r), False),
        (lambda r: httpx.ConnectTimeout("slow", request=r), False),
        (lambda r: httpx.ReadError("reset by peer", request=r), True),
        (lambda r: httpx.RemoteProtocolError("incomplete body", request=r), True),
        (lambda r: httpx.ReadTimeout("slow", request=r), True),
    ],
)
def test_connection_error_matrix(
    mode: str, method: str, make_exc: Callable[[httpx.Request], Exception], reached: bool,
    harness: Callable[..., Harness],
) -> None:  # fmt: skip
    calls = []

    def handler(request: httpx.Request) -> httpx.Response:
        calls.append(request)
        if len(calls) == 1:
            raise make_exc(request)
        return json_response(200, {})

    h = harness(handler)
    call = lambda c: c.request(method, "/v2/thing", json={"a": 1})  # noqa: E731
    if method in ("POST", "PATCH") and reached:
        with pytest.raises(pybuildkite.APIConnectionError) as info:
            run(h, call, mode)
        assert len(calls) == 1
        assert TOKEN not in str(info.value) and TOKEN not in repr(info.value.request.headers)
    else:
        assert run(h, call, mode).status_code == 200
        assert len(calls) == 2


@pytest.mark.parametrize("mode", MODES)
def test_timeouts_raise_api_timeout_error_after_retries(
    mode: str, harness: Callable[..., Harness]
) -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        raise httpx.ReadTimeout("slow", request=request)

    h = harness(handler)
    with pytest.raises(pybuildkite.APITimeoutError):
        run(h, lambda c: c.builds.get("a", "b", 1), mode)
    assert len(h.requests) == 1 + C.DEFAULT_MAX_RETRIES
    assert h.sleeps == [0.5, 1.0]


RATE_429 = {
    "message": "You have exceeded your API rate limit. Please wait 42 seconds before making more requests.",
    "scope": "rest_user", "limit": 50, "current": 55, "reset": 42,
}  # fmt: skip


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize(
    ("body", "headers", "expected"),
    [
        (
            RATE_429,
            {"ratelimit-reset": "3", "ratelimit-user-reset": "40"},
            42 + C.RATE_LIMIT_PADDING,
        ),
        (
            {"scope": "rest"},
            {"ratelimit-reset": "9", "ratelimit-user-reset": "40"},
            9 + C.RATE_LIMIT_PADDING,
        ),
        ({}, {"ratelimit-remaining": "0", "ratelimit-reset": "12"}, 12 + C.RATE_LIMIT_PADDING),
        ({}, {"retry-after": "4"}, 4.0),
        ({}, {}, C.INITIAL_RETRY_DELAY),
    ],
)
def test_429_waits_exactly_as_chosen(
    mode: str, body: dict[str, Any], headers: dict[str, str], expected: float,
    harness: Callable[..., Harness],
) -> None:  # fmt: skip
    h = harness(sequence(json_response(429, body, headers), json_response(200, BUILD)))
    run(h, lambda c: c.builds.get("a", "b", 1), mode)
    assert len(h.requests) == 2
    # The first sleep is the 429 wait; the limiter may add none before the retry, because the
    # window it recorded is the one being waited out.
    assert h.sleeps[0] == pytest.approx(expected)


@pytest.mark.parametrize("mode", MODES)
def test_post_is_retried_after_429(mode: str, harness: Callable[..., Harness]) -> None:
    h = harness(sequence(json_response(429, RATE_429), json_response(201, BUILD)))
    build = run(h, lambda c: c.builds.create("a", "b", commit="HEAD", branch="main"), mode)
    assert build.id == "b1" and len(h.requests) == 2


@pytest.mark.parametrize("mode", MODES)
def test_429_longer_than_max_wait_raises_with_reset(
    mode: str, harness: Callable[..., Harness]
) -> None:
    h = harness(sequence(json_response(429, {**RATE_429, "reset": 900})), max_rate_limit_wait=300)
    with pytest.raises(pybuildkite.RateLimitError) as info:
        run(h, lambda c: c.builds.get("a", "b", 1), mode)
    assert info.value.scope == "rest_user" and info.value.reset_at is not None
    assert h.sleeps == []


@pytest.mark.parametrize("mode", MODES)
def test_rate_limit_snapshot_is_exposed(mode: str, harness: Callable[..., Harness]) -> None:
    headers = {
        "RateLimit-Scope": "rest", "RateLimit-Remaining": "199", "RateLimit-Limit": "200",
        "RateLimit-Reset": "59", "RateLimit-User-Scope": "rest_user",
        "RateLimit-User-Remaining": "49", "RateLimit-User-Limit": "50", "RateLimit-User-Reset": "59",
    }  # fmt: skip
    h = harness(sequence(json_response(200, BUILD, headers)))
    run(h, lambda c: c.builds.get("a", "b", 1), mode)
    client = h.sync if mode == "sync" else h.async_
    snap = client.rate_limit
    assert snap.organization is not None and snap.organization.remaining == 199
    assert snap.user is not None and snap.user.limit == 50


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize(
    "location",
    [
        "https://evil.example.com/steal",
        "https://api.buildkite.com:8443/v2/x",
        "http://api.buildkite.com/v2/x",
        "https://api.buildkite.com.evil.com/v2/x",
        "https://api.buildkite.com@evil.com/v2/x",
    ],
)
def test_redirects_elsewhere_never_carry_the_token(
    mode: str, location: str, harness: Callable[..., Harness]
) -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        if (
            request.url.host == "api.buildkite.com"
            and request.url.port in (None, 443)
            and request.url.scheme == "https"
        ):
            return httpx.Response(302, headers={"location": location})
        return json_response(200, BUILD)

    h = harness(handler)
    run(h, lambda c: c.builds.get("a", "b", 1), mode)
    first, second = h.requests
    assert first.headers["authorization"] == f"Bearer {TOKEN}"
    assert "authorization" not in second.headers


@pytest.mark.parametrize("mode", MODES)
def test_same_origin_redirects_keep_the_token(mode: str, harness: Callable[..., Harness]) -> None:
    h = harness(
        sequence(httpx.Response(301, headers={"location": "/v2/moved"}), json_response(200, BUILD))
    )
    run(h, lambda c: c.builds.get("a", "b", 1), mode)
    assert h.requests[1].url.path == "/v2/moved"
    assert h.requests[1].headers["authorization"] == f"Bearer {TOKEN}"


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize(
    ("content", "ctype", "match"),
    [
        (b"not json", "application/json", "not valid JSON"),
        (b"<html><body>Bad gateway</body></html>", "text/html", "not valid JSON"),
        (b"", "application/json", "empty body"),
        (b'{"number": "x"}', "application/json", "did not match"),
    ],
)
def test_malformed_success_bodies_raise_typed_errors(
    mode: str, content: bytes, ctype: str, match: str, harness: Callable[..., Harness]
) -> None:
    h = harness(sequence(httpx.Response(200, content=content, headers={"content-type": ctype})))
    with pytest.raises(pybuildkite.APIResponseValidationError, match=match) as info:
        run(h, lambda c: c.builds.get("a", "b", 1), mode)
    assert info.value.status_code == 200


def test_html_error_page_from_a_proxy(harness: Callable[..., Harness]) -> None:
    page = b"<html><head><title>502</title></head><body><h1>Bad Gateway</h1></body></html>"
    h = harness(
        sequence(httpx.Response(502, content=page, headers={"content-type": "text/html"})),
        max_retries=0,
    )
    with pytest.raises(pybuildkite.InternalServerError, match="-> 502: <html>"):
        h.sync.builds.get("a", "b", 1)


def test_errors_pickle_without_the_token(harness: Callable[..., Harness]) -> None:
    h = harness(sequence(json_response(404, {"message": "No build found"})))
    with pytest.raises(pybuildkite.NotFoundError) as info:
        h.sync.builds.get("a", "b", 1)
    data = pickle.dumps(info.value)
    assert TOKEN.encode() not in data
    clone = pickle.loads(data)
    assert isinstance(clone, pybuildkite.NotFoundError)
    assert clone.status_code == 404 and str(clone) == str(info.value)


def test_bad_input_is_refused_before_sending(harness: Callable[..., Harness]) -> None:
    h = harness(sequence())
    with pytest.raises(ValueError, match="must not be empty"):
        h.sync.builds.get("", "b", 1)
    with pytest.raises(TypeError):
        h.sync.builds.get("a", "b", "1")  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="unknown state"):
        h.sync.builds.list("a", state="runing")
    with pytest.raises(ValueError, match="per_page"):
        h.sync.builds.list("a", per_page=101)
    with pytest.raises(ValueError, match="timezone-aware"):
        import datetime as dt

        h.sync.builds.list("a", created_from=dt.datetime(2025, 1, 1))
    with pytest.raises(TypeError, match="unexpected keyword"):
        h.sync.builds.get("a", "b", 1, bogus=True)  # type: ignore[call-arg]
    assert h.requests == []


def test_extra_query_body_headers_and_timeout(harness: Callable[..., Harness]) -> None:
    h = harness(sequence(json_response(201, BUILD)))
    h.sync.builds.create(
        "a", "b", commit="HEAD", branch="main",
        extra_query={"x": "1"}, extra_body={"new_field": True},
        extra_headers={"X-Trace": "t1"}, timeout=3.0,
    )  # fmt: skip
    (req,) = h.requests
    assert req.url.params["x"] == "1"
    assert json.loads(req.content) == {"commit": "HEAD", "branch": "main", "new_field": True}
    assert req.headers["x-trace"] == "t1"
    assert req.extensions["timeout"]["read"] == 3.0


def test_extra_headers_replace_defaults_whatever_their_case(
    harness: Callable[..., Harness],
) -> None:
    h = harness(sequence(json_response(200, {"webhook_ips": []})))
    h.sync.meta.get(extra_headers={"accept": "application/vnd.test", "user-agent": "mine/1"})
    (req,) = h.requests
    assert req.headers.get_list("accept") == ["application/vnd.test"]
    assert req.headers.get_list("user-agent") == ["mine/1"]


def test_raw_request_shorthands(harness: Callable[..., Harness]) -> None:
    h = harness(sequence(json_response(200, {"a": 1}), httpx.Response(204)))
    assert h.sync.get("/v2/user", params={"state": ["a", "b"]}) == {"a": 1}
    assert h.sync.delete("v2/access-token") is None
    assert str(h.requests[0].url) == f"{BASE}/v2/user?state[]=a&state[]=b"
    assert h.requests[1].method == "DELETE" and h.requests[1].url.path == "/v2/access-token"


def test_raw_stream_reads_lazily(harness: Callable[..., Harness]) -> None:
    h = harness(sequence(httpx.Response(200, content=b"x" * 100_000)))
    with h.sync.stream("GET", "/v2/blob") as response:
        chunks = list(response.iter_bytes(10_000))
    assert b"".join(chunks) == b"x" * 100_000 and len(chunks) == 10

    async def main() -> bytes:
        h2 = harness(sequence(httpx.Response(200, content=b"y" * 10)))
        async with h2.async_.stream("GET", "/v2/blob") as response:
            return b"".join([c async for c in response.aiter_bytes()])

    assert asyncio.run(main()) == b"y" * 10


def test_an_authorization_default_of_a_callers_client_never_leaves_the_origin() -> None:
    seen: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        if request.url.host == "api.buildkite.com":
            return httpx.Response(302, headers={"location": "https://storage.example.com/f"})
        return httpx.Response(200, content=b"file")

    http = httpx.Client(transport=httpx.MockTransport(handler), headers={"Authorization": "x"})
    client = pybuildkite.Client(token=TOKEN, http_client=http)
    client.request("GET", "/v2/thing")
    assert seen[0].headers["authorization"] == f"Bearer {TOKEN}"
    assert "authorization" not in seen[1].headers


def test_a_missing_build_number_is_a_type_error(harness: Callable[..., Harness]) -> None:
    h = harness(sequence())
    with pytest.raises(TypeError, match="number must be an int"):
        h.sync.builds.get("a", "b", None)  # type: ignore[arg-type]
    assert h.requests == []
