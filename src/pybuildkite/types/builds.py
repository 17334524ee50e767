"""Build models."""

from __future__ import annotations

from typing import Any, Literal

from .._models import BaseModel, Timestamp
from .jobs import Job
from .pipelines import Pipeline
from .shared import User

__all__ = [
    "BUILD_STATES",
    "BUILD_STATE_FILTERS",
    "Build",
    "BuildSource",
    "BuildState",
    "JobStateCounts",
    "RebuiltFrom",
    "RetryFailedJobsResult",
]

BuildState = (
    Literal[
        "creating", "scheduled", "running", "passed", "failing", "failed", "blocked",
        "canceling", "canceled", "skipped", "not_run",
    ]
    | str
)  # fmt: skip
BUILD_STATES = frozenset(
    {"creating", "scheduled", "running", "passed", "failing", "failed", "blocked",
     "canceling", "canceled", "skipped", "not_run"}
)  # fmt: skip
#: What the ``state`` filter accepts: every state, plus ``finished``
#: (passed, failed, blocked or canceled).
BUILD_STATE_FILTERS = BUILD_STATES | {"finished"}
BuildSource = Literal["webhook", "api", "ui", "trigger_job", "schedule"] | str


class RebuiltFrom(BaseModel):
    id: str | None = None
    number: int | None = None
    url: str | None = None


class JobStateCounts(BaseModel):
    total: int | None = None
    states: dict[str, int] | None = None


class Build(BaseModel):
    id: str
    graphql_id: str | None = None
    url: str | None = None
    web_url: str | None = None
    number: int
    state: BuildState
    cancel_reason: str | None = None
    blocked: bool | None = None
    message: str | None = None
    commit: str | None = None
    branch: str | None = None
    tag: str | None = None
    env: dict[str, Any] | None = None
    source: BuildSource | None = None
    author: dict[str, Any] | None = None
    creator: User | None = None
    jobs: list[Job] | None = None
    job_state_counts: JobStateCounts | None = None
    created_at: Timestamp | None = None
    scheduled_at: Timestamp | None = None
    started_at: Timestamp | None = None
    failing_at: Timestamp | None = None
    finished_at: Timestamp | None = None
    meta_data: dict[str, Any] | None = None
    pull_request: dict[str, Any] | None = None
    merge_queue: dict[str, Any] | None = None
    rebuilt_from: RebuiltFrom | None = None
    triggered_from: dict[str, Any] | None = None
    pipeline: Pipeline | None = None
    test_engine: dict[str, Any] | None = None

    @property
    def finished(self) -> bool:
        """True once the build can change no further (passed, failed, canceled, skipped...)."""
        return self.state in ("passed", "failed", "canceled", "skipped", "not_run")


class RetryFailedJobsResult(Build):
    """``retry_failed_jobs`` answers 202 with the build and how many jobs it retried."""

    retried_jobs_count: int | None = None
