"""Bad input fails loudly and early; bad responses fail as typed errors, never deep inside.

Arguments: wrong types, naive datetimes, unknown states, empty slugs and out-of-range sizes are
refused with TypeError/ValueError naming the argument, and nothing reaches the server
(checked against the emulator's request log, for both clients, across many resource groups).

Responses: a body that is not JSON, a proxy's HTML page, an empty 200, or JSON of an
unexpected shape become APIResponseValidationError / APIStatusError with a readable message.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import inspect
from collections.abc import Callable
from typing import Any

import httpx
import pytest

import pybuildkite
from pybuildkite.testing import Emulator

NAIVE = dt.datetime(2024, 1, 1, 12, 0)
AWARE = dt.datetime(2024, 1, 1, 12, 0, tzinfo=dt.UTC)

# (id, call, exception, text the message must contain); one row each, kept as a table.
# fmt: off
BAD_CALLS: list[tuple[str, Callable[[Any], Any], type[Exception], str]] = [
    ("builds.get empty org", lambda c: c.builds.get("", "app", 1), ValueError, "must not be empty"),
    ("builds.get None org", lambda c: c.builds.get(None, "app", 1), TypeError, "str or int"),
    ("builds.get number 0", lambda c: c.builds.get("acme", "app", 0), ValueError, "number"),
    ("builds.get number str", lambda c: c.builds.get("acme", "app", "1"), TypeError, "number"),
    ("builds.get number bool", lambda c: c.builds.get("acme", "app", True), TypeError, "number"),
    ("builds.get number float", lambda c: c.builds.get("acme", "app", 1.0), TypeError, "number"),
    ("builds.list naive", lambda c: c.builds.list("acme", created_from=NAIVE), ValueError, "timezone-aware"),
    ("builds.list naive to", lambda c: c.builds.list("acme", created_to=NAIVE), ValueError, "timezone-aware"),
    ("builds.list date str", lambda c: c.builds.list("acme", created_to="2024-01-01"), TypeError, "created_to"),
    ("builds.list state", lambda c: c.builds.list("acme", state="bogus"), ValueError, "unknown state"),
    ("builds.list states", lambda c: c.builds.list("acme", state=["passed", "runing"]), ValueError, "runing"),
    ("builds.list per_page 0", lambda c: c.builds.list("acme", per_page=0), ValueError, "per_page"),
    ("builds.list per_page 101", lambda c: c.builds.list("acme", per_page=101), ValueError, "per_page"),
    ("builds.list per_page str", lambda c: c.builds.list("acme", per_page="10"), TypeError, "per_page"),
    ("builds.list per_page bool", lambda c: c.builds.list("acme", per_page=True), TypeError, "per_page"),
    ("builds.list limit -1", lambda c: c.builds.list("acme", limit=-1), ValueError, "limit"),
    ("builds.list concurrency 0", lambda c: c.builds.list("acme", concurrency=0), ValueError, "concurrency"),
    ("builds.list branch empty", lambda c: c.builds.list("acme", branch=""), ValueError, "branch"),
    ("builds.list branch bytes", lambda c: c.builds.list("acme", branch=b"main"), TypeError, "branch"),
    ("builds.list commit int", lambda c: c.builds.list("acme", commit=[1]), TypeError, "commit"),
    ("builds.list flag str", lambda c: c.builds.list("acme", exclude_jobs="yes"), TypeError, "exclude_jobs"),
    ("builds.list meta key", lambda c: c.builds.list("acme", meta_data={"": "x"}), TypeError, "meta_data"),
    ("builds.list pipeline only", lambda c: c.builds.list(pipeline="app"), ValueError, "org"),
    ("builds.list unknown kw", lambda c: c.builds.list("acme", brnach="main"), TypeError, "brnach"),
    ("builds.create commit empty", lambda c: c.builds.create("acme", "app", commit="", branch="main"), ValueError, "commit"),
    ("builds.create env list", lambda c: c.builds.create("acme", "app", commit="HEAD", branch="m", env=["A=1"]), TypeError, "env"),
    ("builds.create pr id", lambda c: c.builds.create("acme", "app", commit="HEAD", branch="m", pull_request_id="1"), TypeError, "pull_request_id"),
    ("builds.cancel -3", lambda c: c.builds.cancel("acme", "app", -3), ValueError, "number"),
    ("pipelines.get empty", lambda c: c.pipelines.get("acme", ""), ValueError, "must not be empty"),
    ("pipelines.list per_page", lambda c: c.pipelines.list("acme", per_page=1000), ValueError, "per_page"),
    ("pipelines.create name", lambda c: c.pipelines.create("acme", name="", repository="r"), ValueError, "name"),
    ("pipelines.update tags", lambda c: c.pipelines.update("acme", "app", tags="a"), TypeError, "tags"),
    ("artifacts.list build 0", lambda c: c.artifacts.list("acme", "app", 0), ValueError, "build"),
    ("artifacts.list state", lambda c: c.artifacts.list("acme", "app", 1, state="bogus"), ValueError, "state"),
    ("artifacts.get half route", lambda c: c.artifacts.get("acme", "j1", "a1", pipeline="app"), ValueError, "build="),
    ("jobs.list state", lambda c: c.jobs.list("acme", "app", 1, state="bogus"), ValueError, "state"),
    ("jobs.tail 0", lambda c: c.jobs.tail("acme", "j1", 0), ValueError, ">= 1"),
    ("jobs.reprioritize str", lambda c: c.jobs.reprioritize("acme", "j1", priority="high"), TypeError, "priority"),
    ("agents.list per_page", lambda c: c.agents.list("acme", per_page=-1), ValueError, "per_page"),
    ("agents.pause minutes", lambda c: c.agents.pause("acme", "a1", timeout_in_minutes="5"), TypeError, "timeout_in_minutes"),
    ("annotations.create body", lambda c: c.annotations.create("acme", "app", 1, body=5), TypeError, "body"),
    ("annotations.create style", lambda c: c.annotations.create("acme", "app", 1, body="x", style="loud"), ValueError, "style"),
    ("annotations.list scope", lambda c: c.annotations.list("acme", "app", 1, scope="everything"), ValueError, "scope"),
    ("teams.create privacy", lambda c: c.teams.create("acme", name="t", privacy="public"), ValueError, "privacy"),
    ("team_members.create role", lambda c: c.team_members.create("acme", "t1", user_id="u", role="owner"), ValueError, "role"),
    ("members.update role", lambda c: c.organization_members.update("acme", "u1", role="king"), ValueError, "role"),
    ("clusters.get empty", lambda c: c.clusters.get("acme", ""), ValueError, "must not be empty"),
    ("cluster_queues.list limit", lambda c: c.cluster_queues.list("acme", "c1", limit="3"), TypeError, "limit"),
    ("cluster_secrets.create value", lambda c: c.cluster_secrets.create("acme", "c1", key="K", value=3), TypeError, "value"),
    ("schedules.create cron", lambda c: c.pipeline_schedules.create("acme", "app", cronline=5), TypeError, "cronline"),
    ("test_engine_runs.list suite", lambda c: c.test_engine_runs.list("acme", ""), ValueError, "must not be empty"),
    ("packages.get dotdot", lambda c: c.packages.get("acme", "reg", ".."), ValueError, "'..'"),
    ("organizations.get dot", lambda c: c.organizations.get("."), ValueError, "'.'"),
    ("extra_query object", lambda c: c.builds.get("acme", "app", 1, extra_query={"x": object()}), TypeError, "'x'"),
    ("timeout None", lambda c: c.builds.get("acme", "app", 1, timeout=None), ValueError, "timeout"),
    ("user.get positional", lambda c: c.user.get("me"), TypeError, "positional"),
]
# fmt: on


def drive_sync(result: Any) -> None:
    # Listings are lazy: iterate, so a listing that slipped through would be sent.
    if isinstance(result, pybuildkite._pagination.SyncPaginator):
        list(result)


async def drive_async(result: Any) -> None:
    if inspect.isawaitable(result):
        await result
    elif isinstance(result, pybuildkite._pagination.AsyncPaginator):
        [item async for item in result]


def test_bad_arguments_are_refused_before_any_request_sync(buildkite_emulator: Emulator) -> None:
    emu = buildkite_emulator
    emu.clear_requests()
    with pybuildkite.Client(token=emu.token, base_url=emu.url, max_retries=0) as client:
        for name, call, exc, text in BAD_CALLS:
            with pytest.raises(exc) as info:
                drive_sync(call(client))
            assert text in str(info.value), f"{name}: unclear message {info.value}"
    assert emu.requests == [], f"sent: {[(r.method, r.path) for r in emu.requests]}"


async def test_bad_arguments_are_refused_before_any_request_async(
    buildkite_emulator: Emulator,
) -> None:
    emu = buildkite_emulator
    emu.clear_requests()
    async with pybuildkite.AsyncClient(token=emu.token, base_url=emu.url, max_retries=0) as client:
        for name, call, exc, text in BAD_CALLS:
            with pytest.raises(exc) as info:
                await drive_async(call(client))
            assert text in str(info.value), f"{name}: unclear message {info.value}"
    assert emu.requests == [], f"sent: {[(r.method, r.path) for r in emu.requests]}"


def test_good_arguments_do_reach_the_server(buildkite_emulator: Emulator) -> None:
    # The control for the tests above: the same client and log see a valid call.
    emu = buildkite_emulator
    emu.add_pipeline(name="App", slug="app")
    emu.clear_requests()
    with pybuildkite.Client(token=emu.token, base_url=emu.url) as client:
        assert list(client.builds.list("acme", "app", created_from=AWARE, state="passed")) == []
    assert len(emu.requests) == 1


@pytest.mark.parametrize("timeout", [0, -1, float("nan"), True])
def test_bad_per_request_timeout_is_refused_before_any_request(
    buildkite_emulator: Emulator, timeout: object
) -> None:
    emu = buildkite_emulator
    emu.clear_requests()
    client = pybuildkite.Client(token=emu.token, base_url=emu.url, max_retries=0)
    with client, pytest.raises(ValueError, match="timeout must be"):
        client.builds.get("acme", "app", 1, timeout=timeout)
    assert emu.requests == []


def test_header_values_cannot_smuggle_headers(buildkite_emulator: Emulator) -> None:
    # Whatever the client does with a CR/LF in a header value, no second header reaches the
    # server (h11 refuses to write it).
    emu = buildkite_emulator
    emu.clear_requests()
    client = pybuildkite.Client(token=emu.token, base_url=emu.url, max_retries=0)
    with client, pytest.raises((ValueError, pybuildkite.APIConnectionError)):
        client.user.get(extra_headers={"X-Note": "a\r\nX-Smuggled: yes"})
    assert all("x-smuggled" not in r.headers for r in emu.requests)


# -- malformed responses ----------------------------------------------------------------------

BUILD = {"id": "b1", "number": 1, "state": "passed", "created_at": "2015-05-09T21:05:59.874Z"}
PROXY_PAGE = (
    b"<html><head><title>502 Bad Gateway</title></head><body><center><h1>502 Bad Gateway"
    b"</h1></center><hr><center>nginx</center>" + b"<!-- padding -->" * 200 + b"</body></html>"
)
HTML = {"content-type": "text/html"}


def get_build(client: Any) -> Any:
    return client.builds.get("acme", "app", 1)


def list_builds(client: Any) -> Any:
    return client.builds.list("acme", "app")


# (id, response, call, error class, text in the message)
# fmt: off
MALFORMED: list[tuple[str, httpx.Response, Callable[[Any], Any], type[Exception], str]] = [
    ("invalid json", httpx.Response(200, content=b'{"id": "b1",'), get_build,
     pybuildkite.APIResponseValidationError, "not valid JSON"),
    ("html 200", httpx.Response(200, content=b"<html>Sign in</html>", headers=HTML), get_build,
     pybuildkite.APIResponseValidationError, "text/html"),
    ("empty 200", httpx.Response(200), get_build,
     pybuildkite.APIResponseValidationError, "empty body"),
    ("empty 204", httpx.Response(204), get_build,
     pybuildkite.APIResponseValidationError, "empty body"),
    ("json null", httpx.Response(200, json=None), get_build,
     pybuildkite.APIResponseValidationError, "unexpected response"),
    ("array for object", httpx.Response(200, json=[BUILD]), get_build,
     pybuildkite.APIResponseValidationError, "did not match Build"),
    ("wrong field types", httpx.Response(200, json={"id": ["x"], "number": "one"}), get_build,
     pybuildkite.APIResponseValidationError, "did not match Build"),
    ("missing required", httpx.Response(200, json={"state": "passed"}), get_build,
     pybuildkite.APIResponseValidationError, "Field required"),
    ("bad timestamp", httpx.Response(200, json={**BUILD, "created_at": "yesterday"}), get_build,
     pybuildkite.APIResponseValidationError, "created_at"),
    ("not utf-8", httpx.Response(200, content=b"\xff\xfe\x00garbage"), get_build,
     pybuildkite.APIResponseValidationError, "not valid JSON"),
    ("nesting bomb", httpx.Response(200, content=b"[" * 100_000 + b"]" * 100_000), list_builds,
     pybuildkite.APIResponseValidationError, "unexpected response"),
    ("object for listing", httpx.Response(200, json={"builds": [BUILD]}), list_builds,
     pybuildkite.APIResponseValidationError, "did not match"),
    ("scalars in listing", httpx.Response(200, json=[1, 2]), list_builds,
     pybuildkite.APIResponseValidationError, "did not match"),
    ("proxy 502 page", httpx.Response(502, content=PROXY_PAGE, headers=HTML), get_build,
     pybuildkite.InternalServerError, "502 Bad Gateway"),
    ("proxy 403 page", httpx.Response(403, content=b"<html>Forbidden</html>", headers=HTML),
     get_build, pybuildkite.PermissionDeniedError, "Forbidden"),
    ("404 plain text", httpx.Response(404, content=b"no such route"), get_build,
     pybuildkite.NotFoundError, "no such route"),
    ("500 json", httpx.Response(500, json={"message": "Boom"}), get_build,
     pybuildkite.InternalServerError, "Boom"),
]
# fmt: on


def run(mode: str, response: httpx.Response, call: Callable[[Any], Any]) -> Any:
    def handler(request: httpx.Request) -> httpx.Response:
        return httpx.Response(
            response.status_code, headers=response.headers, content=response.content
        )

    if mode == "sync":
        with pybuildkite.Client(
            token="bkua_x",
            max_retries=0,
            http_client=httpx.Client(transport=httpx.MockTransport(handler)),
        ) as client:
            result = call(client)
            return (
                list(result)
                if isinstance(result, pybuildkite._pagination.SyncPaginator)
                else result
            )

    async def main() -> Any:
        async with pybuildkite.AsyncClient(
            token="bkua_x",
            max_retries=0,
            http_client=httpx.AsyncClient(transport=httpx.MockTransport(handler)),
        ) as client:
            result = call(client)
            if isinstance(result, pybuildkite._pagination.AsyncPaginator):
                return [item async for item in result]
            return await result

    return asyncio.run(main())


@pytest.mark.parametrize("mode", ["sync", "async"])
@pytest.mark.parametrize(
    ("response", "call", "error", "text"),
    [pytest.param(*case[1:], id=case[0]) for case in MALFORMED],
)
def test_malformed_response_is_a_typed_error(
    mode: str, response: httpx.Response, call: Any, error: type[Exception], text: str
) -> None:
    with pytest.raises(error) as info:
        run(mode, response, call)
    message = str(info.value)
    assert text in message
    assert len(message) < 600, "the whole body was pasted into the message"
    assert "\n" not in message


@pytest.mark.parametrize("mode", ["sync", "async"])
def test_mislabelled_content_encoding_is_a_typed_error(mode: str) -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        # A stream, so that decoding happens when the client reads the body, as on the wire.
        return httpx.Response(
            200, stream=httpx.ByteStream(b'{"id": "b1"}'), headers={"content-encoding": "gzip"}
        )

    if mode == "sync":
        transport = httpx.MockTransport(handler)
        with (
            pybuildkite.Client(
                token="bkua_x", http_client=httpx.Client(transport=transport)
            ) as client,
            pytest.raises(pybuildkite.APIResponseValidationError, match="gzip"),
        ):
            get_build(client)
        return

    async def main() -> None:
        async with pybuildkite.AsyncClient(
            token="bkua_x", http_client=httpx.AsyncClient(transport=httpx.MockTransport(handler))
        ) as client:
            with pytest.raises(pybuildkite.APIResponseValidationError, match="gzip"):
                await get_build(client)

    asyncio.run(main())


@pytest.mark.parametrize("mode", ["sync", "async"])
def test_unparseable_next_link_is_a_pagination_error(mode: str) -> None:
    response = httpx.Response(200, json=[BUILD], headers={"link": '<https://[::1>; rel="next"'})
    with pytest.raises(pybuildkite.PaginationError):
        run(mode, response, list_builds)


def test_relative_next_link_is_followed_on_the_same_origin() -> None:
    pages = iter(
        [
            httpx.Response(200, json=[BUILD], headers={"link": '</v2/builds?page=2>; rel="next"'}),
            httpx.Response(200, json=[{**BUILD, "id": "b2", "number": 2}]),
        ]
    )
    with pybuildkite.Client(
        token="bkua_x",
        http_client=httpx.Client(transport=httpx.MockTransport(lambda _r: next(pages))),
    ) as client:
        assert [b.id for b in client.builds.list()] == ["b1", "b2"]
