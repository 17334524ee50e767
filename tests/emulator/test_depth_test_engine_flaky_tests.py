"""The deprecated flaky-tests listing: the suite's tests labelled flaky, in the old shape."""

from __future__ import annotations

import warnings

import httpx
import pytest

import pybuildkite
from pybuildkite.testing import Emulator

from .conftest import SUITES


def _suite_tests(emu: Emulator, suite: str) -> str:
    return f"{SUITES}/{suite}/tests"


def test_lists_tests_labelled_flaky_in_the_old_shape(
    buildkite_client: pybuildkite.Client, emu: Emulator
) -> None:
    suite = emu.add_test_suite()
    flaky = emu.seed_resource(_suite_tests(emu, suite), {
        "scope": "User#email", "name": "is correctly formatted",
        "location": "./spec/models/user_spec.rb:42", "file_name": "./spec/models/user_spec.rb",
        "labels": ["flaky"], "executions_count_by_result": {"passed": 8, "failed": 2},
        "ownership_team_ids": ["4c15a4c7-6674-4585-b592-4adcc8630383"],
    })  # fmt: skip
    emu.seed_resource(_suite_tests(emu, suite), {"name": "steady", "labels": ["slow"]})
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        listed = buildkite_client.test_engine_flaky_tests.list(emu.org, suite).to_list()
    assert [(t.id, t.name, t.instances) for t in listed] == [(flaky, "is correctly formatted", 2)]
    one = listed[0]
    assert one.web_url == (
        f"https://buildkite.com/organizations/acme/analytics/suites/{suite}/tests/{flaky}"
    )
    assert one.file_name == "./spec/models/user_spec.rb"
    assert one.ownership_team_ids == ["4c15a4c7-6674-4585-b592-4adcc8630383"]
    assert one.latest_occurrence_at is not None and one.last_resolved_at is None
    # Labelling another test flaky through the tests API puts it in the listing.
    listed_tests = buildkite_client.test_engine_tests.list(emu.org, suite)
    steady = next(t for t in listed_tests if t.name == "steady")
    buildkite_client.test_engine_tests.update_labels(
        emu.org, suite, steady.id, operator="add", labels=["flaky"]
    )
    with pytest.warns(DeprecationWarning):
        names = [t.name for t in buildkite_client.test_engine_flaky_tests.list(emu.org, suite)]
    assert names == ["is correctly formatted", "steady"]


def test_search_branch_and_period(api: httpx.Client, emu: Emulator) -> None:
    suite = emu.add_test_suite()
    emu.seed_resource(_suite_tests(emu, suite), {"name": "Login works", "scope": "Auth",
                                                 "labels": ["flaky"], "branch": "main"})  # fmt: skip
    emu.seed_resource(_suite_tests(emu, suite), {"name": "pays", "scope": "Billing",
                                                 "labels": ["flaky"], "branch": "dev"})  # fmt: skip
    path = f"{SUITES}/{suite}/flaky-tests"

    def names(**params: str) -> list[str]:
        return [t["name"] for t in api.get(path, params=params).json()]

    assert names() == ["Login works", "pays"]
    assert names(search="login") == ["Login works"]
    assert names(search="billing") == ["pays"]
    assert names(branch="dev") == ["pays"]
    assert names(period="28days") == ["Login works", "pays"]
    assert api.get(path, params={"period": "forever"}).status_code == 400
    assert api.get(path, params={"per_page": 1}).json()[0]["name"] == "Login works"
    assert api.get(SUITES + "/nope/flaky-tests").status_code == 404
