"""Compatibility with pybuildkite 1.3.0: imports, signatures, enums, exceptions, configuration,
and the 1.x bugs that are fixed (encoding, datetimes, ``Link`` parsing)."""

from __future__ import annotations

import datetime as dt
import gc
import importlib
import inspect
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Iterator
from enum import Enum
from typing import Any

import pytest
import requests

import pybuildkite
from pybuildkite.buildkite import Buildkite, BuildState
from pybuildkite.client import Client, Response
from pybuildkite.exceptions import (
    BuildStateNotAList,
    HTTPError,
    NoAcccessTokenException,
    NotFoundHTTPError,
    NotValidBuildState,
    NotValidDateTime,
)
from pybuildkite.pipelines import PipelineException

from ._api_1_3_0 import ENUMS, METHODS, NAMES
from .conftest import Seeded, query, sent

# -- the public API is 1.3.0's ------------------------------------------------------------------


@pytest.mark.parametrize("name", NAMES)
def test_every_1_3_0_name_imports(name: str) -> None:
    module, attr = name.split(".")
    assert hasattr(importlib.import_module(f"pybuildkite.{module}"), attr)


@pytest.mark.parametrize("name", sorted(METHODS))
def test_every_1_3_0_method_has_its_parameters(name: str) -> None:
    module, cls, method = name.split(".")
    function = getattr(getattr(importlib.import_module(f"pybuildkite.{module}"), cls), method)
    params = list(inspect.signature(function).parameters.values())[1:]  # without self
    got = [(p.name, None if p.default is p.empty else repr(p.default)) for p in params]
    assert got == METHODS[name]
    assert all(p.kind is p.POSITIONAL_OR_KEYWORD for p in params)


@pytest.mark.parametrize("name", sorted(ENUMS))
def test_enums_keep_their_members(name: str) -> None:
    module, cls = name.split(".")
    enum = getattr(importlib.import_module(f"pybuildkite.{module}"), cls)
    assert issubclass(enum, Enum)
    assert {k: v for k, v in ENUMS[name].items()} == {k: enum[k].value for k in ENUMS[name]}


def test_resource_classes_are_clients_as_in_1_x(bk: Buildkite) -> None:
    assert isinstance(bk.builds(), Client) and bk.builds().client is bk.client
    assert str(pybuildkite.jobs.LogFormat.TEXT) == "text/plain"  # type: ignore[attr-defined]


# -- token and argument errors, raised before anything is sent ------------------------------


@pytest.mark.parametrize(
    "factory",
    ["organizations", "pipelines", "builds", "jobs", "agents", "emojis", "annotations",
     "artifacts", "teams", "users", "access_tokens"],
)  # fmt: skip
def test_no_token_raises_the_1_x_exception(factory: str) -> None:
    with pytest.raises(NoAcccessTokenException):
        getattr(Buildkite(), factory)()


def test_meta_needs_no_token(env_server: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("BUILDKITE_API_TOKEN", raising=False)
    assert isinstance(Buildkite().meta().get_meta_information()["webhook_ips"], list)
    assert "authorization" not in sent(env_server).headers


@pytest.mark.parametrize(
    ("kwargs", "error"),
    [
        ({"states": BuildState.RUNNING}, BuildStateNotAList),
        ({"states": ["running"]}, NotValidBuildState),
        ({"created_from": "2024-01-01"}, NotValidDateTime),
        ({"finished_from": 1700000000}, NotValidDateTime),
    ],
)
def test_build_filters_are_checked(
    bk: Buildkite, emu: Any, kwargs: dict[str, Any], error: type[Exception]
) -> None:
    with pytest.raises(error):
        bk.builds().list_all(**kwargs)
    assert emu.requests == []


def test_update_pipeline_refuses_configuration_and_steps(bk: Buildkite, emu: Any) -> None:
    with pytest.raises(PipelineException):
        bk.pipelines().update_pipeline(emu.org, "p", configuration="steps: []", steps=[])
    assert emu.requests == []


# -- HTTP errors: requests.HTTPError as in 1.x, and the 2.x error ----------------------------


def test_http_errors_are_requests_and_2x_errors(bk: Buildkite, emu: Any) -> None:
    with pytest.raises(requests.exceptions.HTTPError) as caught:
        bk.organizations().get_org("nope")
    err = caught.value
    assert isinstance(err, NotFoundHTTPError) and isinstance(err, HTTPError)
    assert isinstance(err, pybuildkite.NotFoundError) and isinstance(
        err, pybuildkite.APIStatusError
    )
    assert err.status_code == 404 and err.response.status_code == 404
    assert err.response.json()["message"]
    assert err.response.text and err.response.content
    assert err.response.headers["content-type"].startswith("application/json")
    assert "authorization" not in err.request.headers  # the token never travels in errors


def test_bad_token_is_an_authentication_error(bk: Buildkite) -> None:
    bk.set_access_token("bkua_not_a_token")
    with pytest.raises(requests.exceptions.HTTPError) as caught:
        bk.users().get_current_user()
    assert isinstance(caught.value, pybuildkite.AuthenticationError)
    assert caught.value.response.status_code == 401


def test_connection_errors_are_requests_connection_errors(emu: Any) -> None:
    bk = Buildkite()
    bk.base_url = "http://127.0.0.1:9/v2/"  # discard port: nothing listens
    bk.set_access_token(emu.token)
    with pytest.raises(requests.exceptions.ConnectionError) as caught:
        bk.users().get_current_user()
    assert isinstance(caught.value, pybuildkite.APIConnectionError)
    bk.close()


def test_without_requests_the_errors_still_work() -> None:
    code = (
        "import sys; sys.modules['requests'] = None\n"
        "import pybuildkite\n"
        "from pybuildkite.exceptions import HTTPError, NotFoundHTTPError\n"
        "assert issubclass(NotFoundHTTPError, pybuildkite.NotFoundError)\n"
        "assert issubclass(HTTPError, pybuildkite.APIStatusError)\n"
        "import pybuildkite.buildkite\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True)


# -- the 2.x core underneath: one client, reused, recreated on change; retries -----------------


def test_one_core_client_reused_and_recreated_on_change(bk: Buildkite, emu: Any) -> None:
    bk.users().get_current_user()
    core = bk.client._core
    bk.organizations().get_org(emu.org)
    assert bk.client._core is core  # one connection pool for every call

    other = emu.create_token()
    bk.set_access_token(other)
    bk.users().get_current_user()
    assert bk.client._core is not core and core._pipeline.http.is_closed
    assert emu.requests[-1].headers["authorization"] == "Bearer " + other

    core = bk.client._core
    bk.base_url = emu.url.replace("127.0.0.1", "localhost") + "/v2/"
    bk.users().get_current_user()
    assert bk.client._core is not core
    assert emu.requests[-1].headers["host"].startswith("localhost:")


def test_the_pool_is_closed_with_the_object(emu: Any) -> None:
    bk = Buildkite()
    bk.base_url = emu.url + "/v2/"
    bk.set_access_token(emu.token)
    bk.users().get_current_user()
    core = bk.client._core
    assert core is not None
    del bk
    gc.collect()
    assert core._pipeline.http.is_closed


def test_base_url_from_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("BUILDKITE_API_URL", raising=False)
    assert Buildkite().base_url == "https://api.buildkite.com/v2/"
    monkeypatch.setenv("BUILDKITE_API_URL", "http://127.0.0.1:8080/")
    assert Buildkite().base_url == "http://127.0.0.1:8080/v2/"
    monkeypatch.setenv("BUILDKITE_API_URL", "https://proxy.example/buildkite/v2")
    assert Buildkite().base_url == "https://proxy.example/buildkite/v2/"


def test_server_errors_are_retried(bk: Buildkite, emu: Any) -> None:
    emu.set_faults(script=("error",), paths=("/v2/user",))
    assert bk.users().get_current_user()["id"] == emu.user_id
    assert [r.status for r in emu.requests] == [503, 200]


def test_the_client_works_on_its_own(emu: Any) -> None:
    client = Client(per_page=5)
    client.set_client_access_token(emu.token)
    assert client.get(emu.url + "/v2/user")["id"] == emu.user_id
    assert ("per_page", "5") in emu.requests[-1].query
    client.close()


# -- 1.x bugs, fixed ----------------------------------------------------------------------------


def test_branch_with_special_characters_finds_its_builds(bk: Buildkite, emu: Any) -> None:
    pipeline = emu.add_pipeline(name="Branches")
    wanted = emu.add_build(emu.org, pipeline, branch="fix/#12 a+b&c", state="passed")
    emu.add_build(emu.org, pipeline, branch="fix/", state="passed")
    emu.clear_requests()
    builds = bk.builds().list_all_for_pipeline(emu.org, pipeline, branch="fix/#12 a+b&c")
    assert [b["number"] for b in builds] == [wanted]
    assert ("branch", "fix/#12 a+b&c") in sent(emu).query


def test_path_segments_are_encoded(bk: Buildkite, emu: Any) -> None:
    with pytest.raises(NotFoundHTTPError):
        bk.pipelines().get_pipeline(emu.org, "../../user")
    record = sent(emu)
    assert record.path == f"/v2/organizations/{emu.org}/pipelines/..%2F..%2Fuser"


def test_meta_data_and_creator_values_are_encoded(bk: Buildkite, emu: Any, seeded: Seeded) -> None:
    bk.builds().list_all(meta_data={"a&b": "c=d e"}, commit="x#y")
    assert query(sent(emu)) >= Counter([("meta_data[a&b]", "c=d e"), ("commit", "x#y")])


@pytest.fixture
def kolkata_time(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.setenv("TZ", "Asia/Kolkata")  # UTC+05:30, no daylight saving
    time.tzset()
    yield
    monkeypatch.undo()
    time.tzset()


def test_datetimes_are_sent_in_utc(bk: Buildkite, emu: Any, kolkata_time: None) -> None:
    bk.builds().list_all(
        created_from=dt.datetime(2024, 1, 1, 12, 0),  # naive: local time, as Python reads it
        created_to=dt.datetime(2024, 1, 1, 12, 0, tzinfo=dt.timezone(dt.timedelta(hours=-8))),
        finished_from=dt.date(2024, 1, 1),
    )
    assert query(sent(emu)) >= Counter(
        [
            ("created_from", "2024-01-01T06:30:00Z"),
            ("created_to", "2024-01-01T20:00:00Z"),
            ("finished_from", "2024-01-01"),
        ]
    )


def test_link_header_parsing() -> None:
    link = (
        '<https://api.buildkite.com/v2/builds?branch=a%2Cb&page=3>; rel="next", '
        '<https://api.buildkite.com/v2/builds?page=9&per_page=2>; rel="last", '
        '<https://api.buildkite.com/v2/builds?per_page=2>; rel="first",'
        '<https://api.buildkite.com/v2/builds?page=1>; rel="prev"'
    )
    page = Response([1]).append_pagination_data({"Link": link})
    assert (page.body, page.next_page, page.last_page) == ([1], 3, 9)
    assert (page.first_page, page.previous_page) == (0, 1)
    empty = Response([]).append_pagination_data({})
    assert (empty.next_page, empty.last_page, empty.first_page, empty.previous_page) == (
        None, None, None, None,
    )  # fmt: skip
