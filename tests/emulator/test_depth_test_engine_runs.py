"""Test Engine runs: seeded with emu.add_test_run, listed newest first, filtered by build."""

from __future__ import annotations

import httpx
import pytest

import pybuildkite
from pybuildkite.testing import Emulator

from .conftest import SUITES

BUILD_A = "0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b"
BUILD_B = "0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5c"
FAILURE = {
    "execution_id": "0190a1b2-0000-7000-8000-000000000001",
    "test_id": "0190a1b2-0000-7000-8000-0000000000aa",
    "test_name": "formats email",
    "location": "./spec/user_spec.rb:42",
    "failure_reason": "expected true, got false",
    "duration": 0.25,
    "tags": {"scm.branch": "main"},
    "failure_expanded": [{"backtrace": ["user_spec.rb:42"], "expanded": ["expected true"]}],
}


def test_runs_list_get_and_filter(buildkite_client: pybuildkite.Client, emu: Emulator) -> None:
    runs = buildkite_client.test_engine_runs
    suite = emu.add_test_suite(name="Unit")
    first = emu.add_test_run(emu.org, suite, build_id=BUILD_A, commit_sha="abc123")
    second = emu.add_test_run(emu.org, suite, build_id=BUILD_B, failed_executions=[FAILURE])
    running = emu.add_test_run(emu.org, suite, branch="feature", state="running")

    listed = runs.list(emu.org, suite).to_list()
    assert [r.id for r in listed] == [running, second, first]
    assert [(r.state, r.result) for r in listed] == [
        ("running", "pending"), ("finished", "failed"), ("finished", "passed")]  # fmt: skip
    assert [r.id for r in runs.list(emu.org, suite, build_id=BUILD_A)] == [first]
    got = runs.get(emu.org, suite, first)
    assert (got.build_id, got.commit_sha, got.branch) == (BUILD_A, "abc123", "main")
    assert got.url is not None and got.url.endswith(f"/suites/{suite}/runs/{first}")
    assert got.web_url == (
        f"https://buildkite.com/organizations/acme/analytics/suites/{suite}/runs/{first}"
    )
    assert len(runs.list(emu.org, suite, per_page=2).to_list()) == 3  # follows the pages


def test_failed_executions_expand_only_on_request(
    buildkite_client: pybuildkite.Client, emu: Emulator
) -> None:
    runs = buildkite_client.test_engine_runs
    suite = emu.add_test_suite()
    run = emu.add_test_run(emu.org, suite, branch="main", commit_sha="c0ffee",
                           failed_executions=[FAILURE, {"test_name": "second"}])  # fmt: skip
    plain = runs.failed_executions(emu.org, suite, run).to_list()
    assert [f.test_name for f in plain] == ["formats email", "second"]
    one = plain[0]
    assert (one.execution_id, one.run_id, one.commit_sha, one.branch) == (
        FAILURE["execution_id"], run, "c0ffee", "main")  # fmt: skip
    assert one.failure_reason == "expected true, got false" and one.failure_expanded is None
    assert one.tags == {"scm.branch": "main"}
    assert one.test_url is not None and one.test_url.endswith(f"/tests/{FAILURE['test_id']}")
    assert plain[1].execution_id  # generated
    expanded = runs.failed_executions(emu.org, suite, run, include_failure_expanded=True)
    assert [f.failure_expanded for f in expanded] == [FAILURE["failure_expanded"], []]


def test_missing_and_bad_input(api: httpx.Client, emu: Emulator) -> None:
    assert api.get(f"{SUITES}/nope/runs").json() == {"message": "No suite found"}
    suite = emu.add_test_suite()
    r = api.get(f"{SUITES}/{suite}/runs/nope")
    assert (r.status_code, r.json()) == (404, {"message": "No run found"})
    assert api.get(f"{SUITES}/{suite}/runs/nope/failed_executions").status_code == 404
    assert api.get(f"{SUITES}/{suite}/runs", params={"per_page": 0}).status_code == 400
    assert api.get(f"{SUITES}/{suite}/runs", params={"build_id": BUILD_A}).json() == []
    with pytest.raises(KeyError):
        emu.add_test_run(None, "nope")
    with pytest.raises(ValueError):
        emu.add_test_run(None, suite, state="queued")
    with pytest.raises(ValueError):
        emu.add_test_run(None, suite, result="green")


async def test_async_runs(async_buildkite_client: pybuildkite.AsyncClient, emu: Emulator) -> None:
    suite = emu.add_test_suite()
    run = emu.add_test_run(emu.org, suite, failed_executions=[FAILURE])
    runs = async_buildkite_client.test_engine_runs
    assert (await runs.get(emu.org, suite, run)).result == "failed"
    failed = [f async for f in runs.failed_executions(emu.org, suite, run)]
    assert [f.execution_id for f in failed] == [FAILURE["execution_id"]]
