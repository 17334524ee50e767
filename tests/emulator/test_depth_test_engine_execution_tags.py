"""Execution tags: validated, recorded, merged into failed executions, optionally rate limited."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

import pybuildkite
from pybuildkite.testing import Emulator

from .conftest import SUITES

EXECUTION = "0190a1b2-0000-7000-8000-000000000001"
OTHER = "0190a1b2-0000-7000-8000-000000000002"


def _path(suite: str) -> str:
    return f"{SUITES}/{suite}/execution-tags"


def test_tags_are_recorded_and_replace_the_mutable_ones(
    buildkite_client: pybuildkite.Client, emu: Emulator
) -> None:
    suite = emu.add_test_suite()
    run = emu.add_test_run(emu.org, suite, failed_executions=[
        {"execution_id": EXECUTION, "tags": {"scm.branch": "main", "mut.old": "x"}}])  # fmt: skip
    tags = buildkite_client.test_engine_execution_tags
    tags.update(emu.org, suite, executions={EXECUTION: {"mut.owner": "web"}, OTHER: {"mut.a": "1"}})
    recorded = emu.store.generic[_path(suite)]
    assert recorded == {EXECUTION: {"id": EXECUTION, "tags": {"mut.owner": "web"}},
                        OTHER: {"id": OTHER, "tags": {"mut.a": "1"}}}  # fmt: skip
    (failed,) = buildkite_client.test_engine_runs.failed_executions(emu.org, suite, run)
    assert failed.tags == {"scm.branch": "main", "mut.owner": "web"}
    tags.update(emu.org, suite, executions={EXECUTION: {}})  # {} clears
    assert EXECUTION not in emu.store.generic[_path(suite)]
    (failed,) = buildkite_client.test_engine_runs.failed_executions(emu.org, suite, run)
    assert failed.tags == {"scm.branch": "main"}


@pytest.mark.parametrize(
    "body",
    [{}, {"executions": []}, {"executions": {"a": {}}}, {"executions": ["x"]},
     {"executions": [{"id": "", "tags": {}}]}, {"executions": [{"id": "e", "tags": []}]},
     {"executions": [{"id": "e", "tags": {"owner": "web"}}]},
     {"executions": [{"id": "e", "tags": {"mut.": "x"}}]},
     {"executions": [{"id": "e", "tags": {"mut.n": 3}}]},
     {"executions": [{"id": "e", "tags": {f"mut.{i}": "x" for i in range(11)}}]}],
)  # fmt: skip
def test_bad_bodies_are_refused_and_record_nothing(
    api: httpx.Client, emu: Emulator, body: dict[str, Any]
) -> None:
    suite = emu.add_test_suite()
    r = api.put(_path(suite), json=body)
    assert r.status_code == 422 and r.json()["message"].startswith("Validation failed")
    assert emu.store.generic.get(_path(suite), {}) == {}


def test_missing_suite(api: httpx.Client) -> None:
    r = api.put(_path("nope"), json={"executions": [{"id": EXECUTION, "tags": {}}]})
    assert (r.status_code, r.json()) == (404, {"message": "No suite found"})


def test_the_documented_rate_limit_when_enabled(api: httpx.Client, emu: Emulator) -> None:
    suite, other = emu.add_test_suite(name="A"), emu.add_test_suite(name="B")
    body = {"executions": [{"id": EXECUTION, "tags": {"mut.k": "v"}}]}
    assert api.put(_path(suite), json=body).status_code == 200
    assert api.put(_path(suite), json=body).status_code == 200  # unlimited by default
    emu.clock.freeze()
    emu.limit_execution_tags()
    assert api.put(_path(suite), json=body).status_code == 200
    # A refused body does not spend the allowance, and each suite has its own.
    assert api.put(_path(other), json={}).status_code == 422
    assert api.put(_path(other), json=body).status_code == 200
    limited = api.put(_path(suite), json=body)
    assert limited.status_code == 429 and limited.headers["retry-after"] == "60"
    assert "per minute" in limited.json()["message"]
    emu.clock.advance(60)
    assert api.put(_path(suite), json=body).status_code == 200
    emu.limit_execution_tags(None)
    assert api.put(_path(suite), json=body).status_code == 200
