"""Job models: command, wait, block and trigger jobs share one shape with optional fields."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import ConfigDict, Field

from .._models import BaseModel, Timestamp
from .agents import Agent
from .shared import User

__all__ = [
    "JOB_STATES",
    "Job",
    "JobEnv",
    "JobLog",
    "JobPriority",
    "JobState",
    "JobType",
    "SSHCredentials",
    "SSHSession",
    "TriggeredBuild",
    "VNCCredentials",
    "VNCSession",
]

JobState = (
    Literal[
        "pending", "waiting", "waiting_failed", "blocked", "blocked_failed", "unblocked",
        "unblocked_failed", "limiting", "limited", "scheduled", "reserved", "assigned",
        "accepted", "running", "passed", "failed", "canceling", "canceled", "timing_out",
        "timed_out", "skipped", "broken", "expired", "platform_limiting", "platform_limited",
    ]
    | str
)  # fmt: skip
JOB_STATES = frozenset(
    {"pending", "waiting", "waiting_failed", "blocked", "blocked_failed", "unblocked",
     "unblocked_failed", "limiting", "limited", "scheduled", "reserved", "assigned",
     "accepted", "running", "passed", "failed", "canceling", "canceled", "timing_out",
     "timed_out", "skipped", "broken", "expired", "platform_limiting", "platform_limited"}
)  # fmt: skip
JobType = Literal["script", "waiter", "manual", "trigger"] | str


class JobPriority(BaseModel):
    number: int | None = None


class TriggeredBuild(BaseModel):
    id: str | None = None
    number: int | None = None
    url: str | None = None
    web_url: str | None = None


class Job(BaseModel):
    id: str
    graphql_id: str | None = None
    type: JobType
    name: str | None = None
    label: str | None = None
    step_key: str | None = None
    group_key: str | None = None
    step: dict[str, Any] | None = None
    priority: JobPriority | None = None
    agent_query_rules: list[str] | None = None
    state: JobState | None = None
    build_url: str | None = None
    web_url: str | None = None
    log_url: str | None = None
    raw_log_url: str | None = None
    artifacts_url: str | None = None
    command: str | None = None
    soft_failed: bool | None = None
    exit_status: int | None = None
    signal: str | None = None
    signal_reason: str | None = None
    broken_reason: str | None = None
    artifact_paths: str | None = None
    agent: Agent | None = None
    created_at: Timestamp | None = None
    scheduled_at: Timestamp | None = None
    runnable_at: Timestamp | None = None
    started_at: Timestamp | None = None
    finished_at: Timestamp | None = None
    expired_at: Timestamp | None = None
    concurrency_wait_time_ms: int | None = None
    retried: bool | None = None
    retried_in_job_id: str | None = None
    retries_count: int | None = None
    retry_source: dict[str, Any] | None = None
    retry_type: str | None = None
    retried_by: User | None = None
    parallel_group_index: int | None = None
    parallel_group_total: int | None = None
    matrix: Any = None
    cluster_id: str | None = None
    cluster_queue_id: str | None = None
    # block ("manual") jobs
    unblocked_by: User | None = None
    unblocked_at: Timestamp | None = None
    unblockable: bool | None = None
    unblock_url: str | None = None
    # trigger jobs
    triggered_build: TriggeredBuild | None = None
    # the async flag of trigger steps; "async" is a keyword
    async_: bool | None = Field(default=None, alias="async")


class JobLog(BaseModel):
    """A job's log in its JSON form."""

    url: str | None = None
    content: str = ""
    #: Size of the raw log in bytes.
    size: int | None = None
    #: When each ``---``/``+++`` section header was printed, in nanoseconds since the epoch.
    header_times: list[int] = Field(default_factory=list)

    @property
    def plain_text(self) -> str:
        """``content`` without timestamp markers, colours or overwritten progress lines."""
        from ..logs import strip_log

        return strip_log(self.content)


class JobEnv(BaseModel):
    # Values are strings on the wire; numbers are accepted too rather than failing a call.
    model_config = ConfigDict(coerce_numbers_to_str=True)

    env: dict[str, str] = Field(default_factory=dict)


class VNCCredentials(BaseModel):
    username: str | None = None
    password: str | None = Field(default=None, repr=False)


class VNCSession(BaseModel):
    """A remote desktop session on a running job's hosted macOS agent."""

    endpoint: str | None = None
    access_token: str | None = Field(default=None, repr=False)
    expires_at: Timestamp | None = None
    vnc: VNCCredentials | None = None


class SSHCredentials(BaseModel):
    username: str | None = None
    private_key: str | None = Field(default=None, repr=False)


class SSHSession(BaseModel):
    """An SSH session on a running job's hosted macOS agent."""

    endpoint: str | None = None
    access_token: str | None = Field(default=None, repr=False)
    expires_at: Timestamp | None = None
    transport: str | None = None
    ssh: SSHCredentials | None = None
