"""The token goes to the API's own origin and nowhere else, whatever a redirect or link says.

Real servers on 127.0.0.1 stand in for other origins where the network allows it (another
port; ``localhost`` against ``127.0.0.1`` as another host); httpx.MockTransport covers the
cases that need DNS (another scheme, look-alike hosts, userinfo tricks).
"""

from __future__ import annotations

import json

import httpx
import pytest

import pybuildkite
from pybuildkite.testing import Emulator

from .conftest import CANARY, RecordingServer

USER = json.dumps({"id": "u1", "name": "Ada"}).encode()
BUILD = {"id": "b1", "number": 1, "state": "passed", "created_at": "2015-05-09T21:05:59.874Z"}
JSON = {"content-type": "application/json"}
BEARER = f"Bearer {CANARY}"


def redirect(location: str, status: int = 302) -> tuple[int, dict[str, str], bytes]:
    return status, {"location": location}, b""


def ok_user() -> tuple[int, dict[str, str], bytes]:
    return 200, JSON, USER


# -- real servers ---------------------------------------------------------------------------


@pytest.mark.parametrize("status", [301, 302, 303, 307, 308])
def test_redirect_to_another_port_drops_the_token(status: int) -> None:
    other = RecordingServer(routes={"/landing": ok_user()})
    api = RecordingServer()
    with other.running(), api.running():
        api.routes["/v2/user"] = redirect(f"{other.url}/landing", status)
        with pybuildkite.Client(token=CANARY, base_url=api.url) as client:
            user = client.user.get()
    assert user.id == "u1", "the redirect was followed to the end"
    assert api.authorizations() == [BEARER]
    assert [s.path for s in other.seen] == ["/landing"]
    assert other.authorizations() == [], "the token reached another port"


async def test_redirect_to_another_port_drops_the_token_async() -> None:
    other = RecordingServer(routes={"/landing": ok_user()})
    api = RecordingServer()
    with other.running(), api.running():
        api.routes["/v2/user"] = redirect(f"{other.url}/landing")
        async with pybuildkite.AsyncClient(token=CANARY, base_url=api.url) as client:
            user = await client.user.get()
    assert user.id == "u1"
    assert api.authorizations() == [BEARER]
    assert other.authorizations() == []


def test_redirect_to_another_host_name_on_the_same_port_drops_the_token() -> None:
    # Same socket, different origin: 'localhost' is not the '127.0.0.1' the client was given.
    api = RecordingServer(routes={"/landing": ok_user()})
    with api.running():
        api.routes["/v2/user"] = redirect(f"http://localhost:{api.port}/landing")
        with pybuildkite.Client(token=CANARY, base_url=api.url) as client:
            assert client.user.get().id == "u1"
    first, second = api.seen
    assert first.headers.get("authorization") == BEARER
    assert second.host_header == f"localhost:{api.port}"
    assert "authorization" not in second.headers


def test_same_origin_redirect_keeps_the_token() -> None:
    api = RecordingServer(routes={"/v2/user": redirect("/v2/moved"), "/v2/moved": ok_user()})
    with api.running(), pybuildkite.Client(token=CANARY, base_url=api.url) as client:
        assert client.user.get().id == "u1"
    assert [s.path for s in api.seen] == ["/v2/user", "/v2/moved"]
    assert api.authorizations() == [BEARER, BEARER]


def test_redirect_away_and_back_sends_the_token_only_to_the_api() -> None:
    other = RecordingServer()
    api = RecordingServer(routes={"/v2/back": ok_user()})
    with other.running(), api.running():
        api.routes["/v2/user"] = redirect(f"{other.url}/hop")
        other.routes["/hop"] = redirect(f"{api.url}/v2/back")
        with pybuildkite.Client(token=CANARY, base_url=api.url) as client:
            assert client.user.get().id == "u1"
    assert other.authorizations() == []
    assert api.authorizations() == [BEARER, BEARER]


def test_next_page_link_to_another_host_is_refused_before_it_is_requested() -> None:
    api = RecordingServer()
    with api.running():
        evil_next = f"http://localhost:{api.port}/v2/builds?page=2"
        api.routes["/v2/builds"] = (
            200,
            {**JSON, "link": f'<{evil_next}>; rel="next"'},
            json.dumps([BUILD]).encode(),
        )
        client = pybuildkite.Client(token=CANARY, base_url=api.url)
        with client, pytest.raises(pybuildkite.PaginationError, match="another origin"):
            list(client.builds.list())
    assert len(api.seen) == 1, "the foreign next link was requested"


# -- MockTransport: schemes, look-alike hosts and userinfo ----------------------------------

BASE = "https://api.buildkite.com"
API_ORIGIN = ("https", "api.buildkite.com", 443)


def origin_of(url: httpx.URL) -> tuple[str, str, int | None]:
    return (url.scheme, url.host, url.port or {"http": 80, "https": 443}[url.scheme])


class Recorder:
    def __init__(self, first_location: str) -> None:
        self.first_location = first_location
        self.requests: list[httpx.Request] = []

    def __call__(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        if len(self.requests) == 1:
            return httpx.Response(302, headers={"location": self.first_location})
        return httpx.Response(200, json={"id": "u1"})

    def client(self) -> pybuildkite.Client:
        return pybuildkite.Client(
            token=CANARY, http_client=httpx.Client(transport=httpx.MockTransport(self))
        )

    def async_client(self) -> pybuildkite.AsyncClient:
        return pybuildkite.AsyncClient(
            token=CANARY, http_client=httpx.AsyncClient(transport=httpx.MockTransport(self))
        )


FOREIGN = [
    "http://api.buildkite.com/v2/user",  # downgrade to plain http
    "https://api.buildkite.com:8443/v2/user",  # another port
    "https://api.buildkite.com.evil.example/v2/user",  # the API host as a prefix
    "https://evilapi.buildkite.com/v2/user",  # the API host as a suffix
    "https://api-buildkite.com/v2/user",
    "https://api.buildkite.co/v2/user",
    "https://api.buildkite.com@evil.example/v2/user",  # the API host as userinfo
    "https://api.buildkite.com:443@evil.example/v2/user",
    "https://ada:secret@evil.example/v2/user",
    "//evil.example/v2/user",  # scheme-relative
    "https://graphql.buildkite.com.evil.example/v1",
]
SAME_ORIGIN = [
    "/v2/elsewhere",
    "elsewhere",
    "https://api.buildkite.com:443/v2/elsewhere",
    "HTTPS://API.BUILDKITE.COM/v2/elsewhere",
    "https://intruder@api.buildkite.com/v2/elsewhere",
]


def check_foreign(requests: list[httpx.Request]) -> None:
    first, second = requests
    assert first.headers["authorization"] == BEARER
    assert origin_of(second.url) != API_ORIGIN
    assert "authorization" not in second.headers, f"token sent to {second.url}"
    assert second.url.userinfo == b"", "credentials from the Location header were used"


@pytest.mark.parametrize("location", FOREIGN)
def test_redirect_to_another_origin_drops_the_token_sync(location: str) -> None:
    recorder = Recorder(location)
    with recorder.client() as client:
        client.user.get()
    check_foreign(recorder.requests)


@pytest.mark.parametrize("location", FOREIGN)
async def test_redirect_to_another_origin_drops_the_token_async(location: str) -> None:
    recorder = Recorder(location)
    async with recorder.async_client() as client:
        await client.user.get()
    check_foreign(recorder.requests)


@pytest.mark.parametrize("location", SAME_ORIGIN)
def test_redirect_within_the_api_origin_keeps_the_token(location: str) -> None:
    recorder = Recorder(location)
    with recorder.client() as client:
        client.user.get()
    _, second = recorder.requests
    assert origin_of(second.url) == API_ORIGIN
    assert second.headers["authorization"] == BEARER, "only the bearer token, no basic auth"
    assert second.url.userinfo == b""


@pytest.mark.parametrize(
    "links",
    [
        {"next": "https://evil.example/v2/builds?page=2"},
        {"next": "http://api.buildkite.com/v2/builds?page=2"},
        {"next": "https://api.buildkite.com.evil.example/v2/builds?page=2"},
        # next and last both foreign: the concurrent fan-out must refuse too.
        {
            "next": "https://evil.example/v2/builds?page=2",
            "last": "https://evil.example/v2/builds?page=9",
        },
    ],
    ids=["host", "downgrade", "look-alike", "fan-out"],
)
@pytest.mark.parametrize("mode", ["sync", "async"])
async def test_foreign_next_page_link_is_refused(links: dict[str, str], mode: str) -> None:
    seen: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        link = ", ".join(f'<{url}>; rel="{rel}"' for rel, url in links.items())
        return httpx.Response(200, json=[BUILD], headers={"link": link})

    transport = httpx.MockTransport(handler)
    with pytest.raises(pybuildkite.PaginationError):
        if mode == "sync":
            with pybuildkite.Client(
                token=CANARY, http_client=httpx.Client(transport=transport)
            ) as client:
                list(client.builds.list())
        else:
            async with pybuildkite.AsyncClient(
                token=CANARY, http_client=httpx.AsyncClient(transport=transport)
            ) as aclient:
                [b async for b in aclient.builds.list()]
    assert [str(r.url.host) for r in seen] == ["api.buildkite.com"], "a foreign page was fetched"


def test_foreign_last_link_does_not_fan_out() -> None:
    # A same-origin next with a foreign last: walk sequentially, never touch the foreign host.
    seen: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        if request.url.params.get("page") == "2":
            return httpx.Response(200, json=[BUILD])
        link = (
            f'<{BASE}/v2/builds?page=2>; rel="next", '
            '<https://evil.example/v2/builds?page=5>; rel="last"'
        )
        return httpx.Response(200, json=[BUILD], headers={"link": link})

    with pybuildkite.Client(
        token=CANARY, http_client=httpx.Client(transport=httpx.MockTransport(handler))
    ) as client:
        assert len(list(client.builds.list())) == 2
    assert {r.url.host for r in seen} == {"api.buildkite.com"}


# -- the artifact download redirect -----------------------------------------------------------


@pytest.fixture
def artifact(buildkite_emulator: Emulator) -> tuple[Emulator, str, str, bytes]:
    emu = buildkite_emulator
    emu.add_pipeline(name="App", slug="app")
    number = emu.add_build(pipeline="app", state="passed")
    job_id = emu.job_ids(None, "app", number)[0]
    content = bytes(range(256)) * 1000
    artifact_id = emu.add_artifact(job_id, "dist/app.tar.gz", content)
    return emu, job_id, artifact_id, content


def check_download(emu: Emulator, got: bytes, content: bytes) -> None:
    assert got == content
    (storage,) = emu.storage_requests
    assert storage.status == 200
    assert "authorization" not in storage.headers, "the token reached artifact storage"
    assert CANARY not in json.dumps(storage.headers)
    api = [r for r in emu.requests if r.path.endswith("/download")]
    assert [r.headers.get("authorization") for r in api] == [f"Bearer {emu.token}"]


def test_artifact_download_follows_the_302_without_the_token(
    artifact: tuple[Emulator, str, str, bytes],
) -> None:
    emu, job_id, artifact_id, content = artifact
    with pybuildkite.Client(token=emu.token, base_url=emu.url) as client:
        got = b"".join(client.artifacts.download(emu.org, job_id, artifact_id))
    check_download(emu, got, content)


async def test_artifact_download_follows_the_302_without_the_token_async(
    artifact: tuple[Emulator, str, str, bytes],
) -> None:
    emu, job_id, artifact_id, content = artifact
    async with pybuildkite.AsyncClient(token=emu.token, base_url=emu.url) as client:
        got = b"".join([c async for c in client.artifacts.download(emu.org, job_id, artifact_id)])
    check_download(emu, got, content)


def test_artifact_url_is_not_followed(artifact: tuple[Emulator, str, str, bytes]) -> None:
    emu, job_id, artifact_id, _ = artifact
    with pybuildkite.Client(token=emu.token, base_url=emu.url) as client:
        url = client.artifacts.url(emu.org, job_id, artifact_id)
    assert url.startswith(emu.storage_url)
    assert emu.storage_requests == []
