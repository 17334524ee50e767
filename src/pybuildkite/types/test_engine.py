"""Test Engine models: suites, runs, tests and their executions."""

from __future__ import annotations

from typing import Any, Literal

from .._models import BaseModel, Timestamp

__all__ = [
    "METRICS_VERSION",
    "TEST_SORT_FIELDS",
    "TEST_STATES",
    "FailedExecution",
    "FlakyTest",
    "Run",
    "RunResult",
    "RunState",
    "Suite",
    "Test",
    "TestState",
]

#: The first ``Buildkite-Version`` whose test responses carry metrics (reliability, durations...).
METRICS_VERSION = "2026-08-01"

RunState = Literal["running", "finished"] | str
RunResult = Literal["pending", "passed", "failed", "stale"] | str
TestState = Literal["enabled", "muted", "skipped"] | str
TEST_STATES = frozenset({"enabled", "muted", "skipped"})
TEST_SORT_FIELDS = frozenset(
    {"duration_avg", "duration_sum", "duration_min", "duration_max", "reliability"}
)


class Suite(BaseModel):
    id: str
    graphql_id: str | None = None
    organization_id: str | None = None
    slug: str
    name: str | None = None
    url: str | None = None
    web_url: str | None = None
    default_branch: str | None = None
    application_name: str | None = None
    color: str | None = None
    emoji: str | None = None
    oidc_policy: Any = None
    api_token: str | None = None  # only with show_api_token=True


class Run(BaseModel):
    id: str
    branch: str | None = None
    commit_sha: str | None = None
    state: RunState | None = None
    result: RunResult | None = None
    url: str | None = None
    web_url: str | None = None
    build_id: str | None = None
    created_at: Timestamp | None = None


class FailedExecution(BaseModel):
    execution_id: str
    run_id: str | None = None
    test_id: str | None = None
    run_name: str | None = None
    commit_sha: str | None = None
    created_at: Timestamp | None = None
    branch: str | None = None
    failure_reason: str | None = None
    failure_expanded: list[dict[str, Any]] | None = None  # with include_failure_expanded
    duration: float | None = None  # seconds
    location: str | None = None
    test_name: str | None = None
    run_url: str | None = None
    test_url: str | None = None
    test_execution_url: str | None = None
    tags: dict[str, Any] | None = None


class Test(BaseModel):
    """A test; metrics are present only when asked for with ``version="2026-08-01"`` or later."""

    __test__ = False  # not a pytest test class

    id: str
    url: str | None = None
    web_url: str | None = None
    scope: str | None = None
    name: str | None = None
    location: str | None = None
    file_name: str | None = None
    labels: list[str] | None = None
    state: TestState | None = None
    reliability: float | None = None
    duration_avg: float | None = None
    duration_sum: float | None = None
    duration_min: float | None = None
    duration_max: float | None = None
    executions_count: int | None = None
    executions_count_by_result: dict[str, int] | None = None


class FlakyTest(BaseModel):
    """The legacy ``flaky-tests`` shape."""

    id: str
    web_url: str | None = None
    scope: str | None = None
    name: str | None = None
    location: str | None = None
    file_name: str | None = None
    instances: int | None = None
    latest_occurrence_at: Timestamp | None = None
    most_recent_instance_at: Timestamp | None = None
    last_resolved_at: Timestamp | None = None
    ownership_team_ids: list[str] | None = None
