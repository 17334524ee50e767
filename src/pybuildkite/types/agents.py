"""Agent models."""

from __future__ import annotations

from typing import Any, Literal

from .._models import BaseModel, Timestamp
from .shared import User

__all__ = ["Agent", "AgentConnectionState"]

AgentConnectionState = (
    Literal["never_connected", "connected", "disconnected", "stopping", "stopped", "lost"] | str
)


class Agent(BaseModel):
    id: str
    graphql_id: str | None = None
    url: str | None = None
    web_url: str | None = None
    name: str | None = None
    connection_state: AgentConnectionState | None = None
    hostname: str | None = None
    ip_address: str | None = None
    user_agent: str | None = None
    version: str | None = None
    os_id: str | None = None
    arch: str | None = None
    queue: str | None = None
    creator: User | None = None
    created_at: Timestamp | None = None
    connected_at: Timestamp | None = None
    disconnected_at: Timestamp | None = None
    lost_at: Timestamp | None = None
    stopped_at: Timestamp | None = None
    # The running job, in the Jobs API shape; kept as data because a Job embeds its Agent.
    job: dict[str, Any] | None = None
    last_job_finished_at: Timestamp | None = None
    priority: int | None = None
    #: ``key=value`` strings (builds use a mapping; agents do not).
    meta_data: list[str] | None = None
    paused: bool | None = None
    paused_at: Timestamp | None = None
    paused_by: User | None = None
    paused_note: str | None = None
    paused_timeout_in_minutes: int | None = None
    cluster_id: str | None = None
    cluster_queue_id: str | None = None
