"""Pipeline schedule model."""

from __future__ import annotations

from typing import Any

from .._models import BaseModel, Timestamp
from .shared import User

__all__ = ["PipelineSchedule", "ScheduledPipeline"]


class ScheduledPipeline(BaseModel):
    id: str | None = None
    slug: str | None = None
    url: str | None = None


class PipelineSchedule(BaseModel):
    id: str
    graphql_id: str | None = None
    url: str | None = None
    label: str | None = None
    cronline: str | None = None
    message: str | None = None
    commit: str | None = None
    branch: str | None = None
    env: dict[str, Any] | None = None
    enabled: bool | None = None
    next_build_at: Timestamp | None = None
    failed_message: str | None = None
    failed_at: Timestamp | None = None
    created_at: Timestamp | None = None
    created_by: User | None = None
    pipeline: ScheduledPipeline | None = None
