"""Test Engine on the wire: suites, runs, tests (filters, Buildkite-Version), quarantine,
execution tags, build tests and the deprecated flaky-tests listing."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from typing import Any

import pytest

import pybuildkite
from pybuildkite.testing import Emulator
from pybuildkite.types.test_engine import METRICS_VERSION, FailedExecution, Run, Suite
from pybuildkite.types.test_engine import Test as TestModel

BASE = "/v2/analytics/organizations/acme"
BUILD_UUID = "0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b"


@pytest.fixture
def emu(buildkite_emulator: Emulator) -> Emulator:
    return buildkite_emulator


@pytest.fixture
def client(buildkite_client: pybuildkite.Client) -> pybuildkite.Client:
    return buildkite_client


@pytest.fixture
def aclient(async_buildkite_client: pybuildkite.AsyncClient) -> pybuildkite.AsyncClient:
    return async_buildkite_client


METRICS = {
    "reliability": 0.98,
    "duration_avg": 0.2,
    "duration_sum": 2.0,
    "duration_min": 0.1,
    "duration_max": 0.4,
    "executions_count": 10,
    "executions_count_by_result": {"passed": 9, "failed": 1},
}


def _suite(client: pybuildkite.Client, emu: Emulator) -> str:
    suite = client.test_engine_suites.create(emu.org, name="Unit", default_branch="main")
    return suite.slug


def _seed_test(emu: Emulator, suite: str, name: str, **fields: Any) -> str:
    record = {"scope": "User#email", "name": name, "labels": [], **METRICS, **fields}
    return emu.seed_resource(f"{BASE}/suites/{suite}/tests", record)


def last(emu: Emulator) -> Any:
    return emu.requests[-1]


# -- suites ------------------------------------------------------------------------------


def test_suite_crud_and_show_api_token(client: pybuildkite.Client, emu: Emulator) -> None:
    suite = client.test_engine_suites.create(
        emu.org, name="Unit", default_branch="main", team_ids=["t-1"], show_api_token=True
    )
    assert isinstance(suite, Suite)
    assert last(emu).json == {
        "name": "Unit", "default_branch": "main", "team_ids": ["t-1"], "show_api_token": True,
    }  # fmt: skip
    got = client.test_engine_suites.get(emu.org, suite.slug, show_api_token=True)
    assert (last(emu).method, last(emu).path) == ("GET", f"{BASE}/suites/{suite.slug}")
    assert last(emu).query == [("show_api_token", "true")]
    assert got.id == suite.id
    updated = client.test_engine_suites.update(
        emu.org, suite.slug, emoji=":lemon:", oidc_policy=None
    )
    assert last(emu).json == {"emoji": ":lemon:", "oidc_policy": None}
    assert updated.emoji == ":lemon:"
    assert [s.slug for s in client.test_engine_suites.list(emu.org)] == [suite.slug]
    assert client.test_engine_suites.delete(emu.org, suite.slug) is None
    assert (last(emu).method, last(emu).status) == ("DELETE", 204)


# -- tests: version header and filters ---------------------------------------------------


def test_version_header_gates_metrics(client: pybuildkite.Client, emu: Emulator) -> None:
    suite = _suite(client, emu)
    test_id = _seed_test(emu, suite, "formats email")
    legacy = client.test_engine_tests.get(emu.org, suite, test_id)
    assert "buildkite-version" not in last(emu).headers
    assert legacy.reliability is None and legacy.executions_count is None
    with_metrics = client.test_engine_tests.get(emu.org, suite, test_id, version=METRICS_VERSION)
    assert last(emu).headers["buildkite-version"] == "2026-08-01"
    assert with_metrics.reliability == 0.98
    assert with_metrics.executions_count_by_result == {"passed": 9, "failed": 1}
    older = client.test_engine_tests.get(emu.org, suite, test_id, version=dt.date(2025, 1, 1))
    assert last(emu).headers["buildkite-version"] == "2025-01-01"
    assert older.duration_avg is None


def test_metrics_version_is_the_documented_date() -> None:
    assert METRICS_VERSION == "2026-08-01"


@pytest.mark.parametrize(
    ("version", "error"),
    [("2026-8-1", ValueError), ("2026-02-30", ValueError), ("", ValueError),
     ("latest", ValueError), (20260801, TypeError),
     (dt.datetime(2026, 8, 1, tzinfo=dt.UTC), TypeError)],
)  # fmt: skip
def test_bad_version_is_refused_before_sending(
    client: pybuildkite.Client, emu: Emulator, version: Any, error: type[Exception]
) -> None:
    with pytest.raises(error, match="version"):
        client.test_engine_tests.list(emu.org, "unit", version=version)
    with pytest.raises(error, match="version"):
        client.test_engine_build_tests.list(emu.org, BUILD_UUID, version=version)
    assert emu.requests == []


def test_emulator_answers_400_for_a_malformed_header(
    client: pybuildkite.Client, emu: Emulator
) -> None:
    suite = _suite(client, emu)
    with pytest.raises(pybuildkite.BadRequestError) as info:
        client.test_engine_tests.list(
            emu.org, suite, extra_headers={"Buildkite-Version": "2026/08/01"}
        ).to_list()
    assert info.value.body == {"message": "Buildkite-Version must be in format YYYY-MM-DD"}


def test_list_filters_on_the_wire(client: pybuildkite.Client, emu: Emulator) -> None:
    suite = _suite(client, emu)
    flaky = _seed_test(emu, suite, "a", labels=["flaky"], duration_avg=0.5)
    _seed_test(emu, suite, "b", labels=["flaky", "slow"], duration_avg=0.9)
    _seed_test(emu, suite, "c", labels=[])
    tests = client.test_engine_tests.list(
        emu.org, suite, labels=["flaky", "!slow"], owners=["team-a", "team-b"],
        tags={"scm.branch": "main*", "result": "^passed"}, state="enabled",
        sort_by="reliability", order="asc", version="2026-08-01", per_page=10,
    ).to_list()  # fmt: skip
    assert [t.id for t in tests] == [flaky]
    assert isinstance(tests[0], TestModel)
    assert Counter(last(emu).query) == Counter({
        ("labels", "flaky,!slow"): 1, ("owners", "team-a,team-b"): 1,
        ("tags", "scm.branch:main*,result:^passed"): 1, ("state", "enabled"): 1,
        ("sort_by", "reliability"): 1, ("order", "asc"): 1, ("per_page", "10"): 1,
    })  # fmt: skip
    raw = client.test_engine_tests.list(emu.org, suite, labels="slow", tags="result:~failed")
    assert [t.name for t in raw] == ["b"]
    assert ("tags", "result:~failed") in last(emu).query
    legacy = client.test_engine_tests.list(emu.org, suite, label="flaky", sort_by="duration_avg")
    assert [t.name for t in legacy] == ["b", "a"]


def test_list_time_window(client: pybuildkite.Client, emu: Emulator) -> None:
    suite = _suite(client, emu)
    start = dt.datetime(2026, 7, 1, tzinfo=dt.UTC)
    client.test_engine_tests.list(emu.org, suite, min_timestamp=start).to_list()
    assert ("min_timestamp", "2026-07-01T00:00:00Z") in last(emu).query
    client.test_engine_tests.list(emu.org, suite, period="7days", version="2026-08-01").to_list()
    assert ("period", "7days") in last(emu).query
    with pytest.raises(pybuildkite.BadRequestError):
        client.test_engine_tests.list(emu.org, suite, period="7days").to_list()


@pytest.mark.parametrize(
    ("kwargs", "error"),
    [({"labels": ["a,b"]}, ValueError), ({"labels": ["!"]}, ValueError),
     ({"tags": {"framework": "~rspec"}}, ValueError), ({"tags": ["nocolon"]}, ValueError),
     ({"tags": 3}, TypeError), ({"state": "quarantined"}, ValueError),
     ({"sort_by": "name"}, ValueError), ({"order": "up"}, ValueError),
     ({"period": "7days", "min_timestamp": dt.datetime(2026, 1, 1, tzinfo=dt.UTC)}, ValueError),
     ({"max_timestamp": "2026-01-01"}, TypeError)],
)  # fmt: skip
def test_bad_filters_are_refused(
    client: pybuildkite.Client, emu: Emulator, kwargs: dict[str, Any], error: type[Exception]
) -> None:
    with pytest.raises(error):
        client.test_engine_tests.list(emu.org, "unit", **kwargs)
    assert emu.requests == []


def test_find_labels_and_quarantine(client: pybuildkite.Client, emu: Emulator) -> None:
    suite = _suite(client, emu)
    test_id = _seed_test(emu, suite, "formats email", labels=["slow"])
    found = client.test_engine_tests.find(emu.org, suite, scope="User#email", name="formats email")
    assert (last(emu).method, last(emu).path) == ("POST", f"{BASE}/suites/{suite}/tests/find")
    assert last(emu).json == {"scope": "User#email", "name": "formats email"}
    assert found.id == test_id
    labelled = client.test_engine_tests.update_labels(
        emu.org, suite, test_id, operator="add", labels=["flaky"]
    )
    assert (last(emu).method, last(emu).json) == ("PATCH", {"operator": "add", "labels": ["flaky"]})
    assert labelled.labels == ["slow", "flaky"]
    q = client.test_engine_quarantine
    assert q.mute(emu.org, suite, test_id).state == "muted"
    assert (last(emu).method, last(emu).path) == (
        "PUT",
        f"{BASE}/suites/{suite}/tests/{test_id}/mute",
    )
    assert [t.id for t in q.list_muted(emu.org, suite)] == [test_id]
    assert q.skip(emu.org, suite, test_id).state == "skipped"
    assert [t.id for t in q.list_skipped(emu.org, suite)] == [test_id]
    assert q.list_muted(emu.org, suite).to_list() == []
    assert q.enable(emu.org, suite, test_id).state == "enabled"
    with pytest.raises(ValueError, match="operator"):
        client.test_engine_tests.update_labels(
            emu.org,
            suite,
            test_id,
            operator="set",  # type: ignore[arg-type]
            labels=["x"],
        )
    with pytest.raises(TypeError, match="labels"):
        client.test_engine_tests.update_labels(emu.org, suite, test_id, operator="add", labels="x")


async def test_async_tests_and_build_tests(
    client: pybuildkite.Client, aclient: pybuildkite.AsyncClient, emu: Emulator
) -> None:
    suite = _suite(client, emu)
    test_id = _seed_test(emu, suite, "async")
    got = await aclient.test_engine_tests.get(emu.org, suite, test_id, version="2026-09-01")
    assert got.reliability == 0.98
    emu.seed_resource(f"{BASE}/builds/{BUILD_UUID}/tests", {"name": "in build", **METRICS})
    tests = [t async for t in aclient.test_engine_build_tests.list(
        emu.org, BUILD_UUID, labels=["!slow"], version=METRICS_VERSION)]  # fmt: skip
    assert [t.name for t in tests] == ["in build"]
    assert tests[0].duration_max == 0.4
    assert last(emu).path == f"{BASE}/builds/{BUILD_UUID}/tests"


@pytest.mark.parametrize(("build_id", "error"), [(42, TypeError), ("42", ValueError)])
def test_build_tests_need_the_build_uuid(
    client: pybuildkite.Client, emu: Emulator, build_id: Any, error: type[Exception]
) -> None:
    with pytest.raises(error, match="UUID"):
        client.test_engine_build_tests.list(emu.org, build_id)
    assert emu.requests == []


# -- runs, execution tags, flaky tests ---------------------------------------------------


def test_runs_and_failed_executions(client: pybuildkite.Client, emu: Emulator) -> None:
    suite = _suite(client, emu)
    runs_path = f"{BASE}/suites/{suite}/runs"
    run_id = emu.seed_resource(runs_path, {"branch": "main", "state": "finished",
                                           "result": "failed", "build_id": BUILD_UUID})  # fmt: skip
    runs = client.test_engine_runs.list(emu.org, suite, build_id=BUILD_UUID).to_list()
    assert ("build_id", BUILD_UUID) in last(emu).query
    assert [r.id for r in runs] == [run_id] and isinstance(runs[0], Run)
    assert client.test_engine_runs.get(emu.org, suite, run_id).result == "failed"
    emu.seed_resource(f"{runs_path}/{run_id}/failed_executions",
                      {"execution_id": "e-1", "failure_reason": "boom", "duration": 1.5})  # fmt: skip
    failed = client.test_engine_runs.failed_executions(
        emu.org, suite, run_id, include_failure_expanded=True
    ).to_list()
    assert last(emu).path == f"{runs_path}/{run_id}/failed_executions"
    assert ("include_failure_expanded", "true") in last(emu).query
    assert isinstance(failed[0], FailedExecution) and failed[0].failure_reason == "boom"


def test_execution_tags(client: pybuildkite.Client, emu: Emulator) -> None:
    suite = _suite(client, emu)
    result = client.test_engine_execution_tags.update(
        emu.org, suite, executions={"e-1": {"mut.owner": "web"}, "e-2": {}}
    )
    assert result is None
    assert (last(emu).method, last(emu).path) == ("PUT", f"{BASE}/suites/{suite}/execution-tags")
    assert last(emu).json == {
        "executions": [{"id": "e-1", "tags": {"mut.owner": "web"}}, {"id": "e-2", "tags": {}}]
    }
    emu.clear_requests()
    bad: Any
    for bad, error in [({"e-1": {"owner": "web"}}, ValueError), ({}, ValueError),
                       ([("e-1", {})], TypeError),
                       ({"e-1": {f"mut.{i}": "x" for i in range(11)}}, ValueError)]:  # fmt: skip
        with pytest.raises(error):
            client.test_engine_execution_tags.update(emu.org, suite, executions=bad)
    assert emu.requests == []


def test_flaky_tests_are_deprecated(client: pybuildkite.Client, emu: Emulator) -> None:
    suite = _suite(client, emu)
    emu.seed_resource(f"{BASE}/suites/{suite}/flaky-tests", {"name": "wobbly", "instances": 3})
    with pytest.warns(DeprecationWarning, match="label='flaky'") as warned:
        flaky = client.test_engine_flaky_tests.list(emu.org, suite, period="28days").to_list()
    assert warned[0].filename == __file__
    assert [(f.name, f.instances) for f in flaky] == [("wobbly", 3)]
    assert ("period", "28days") in last(emu).query
