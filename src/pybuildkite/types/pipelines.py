"""Pipeline models."""

from __future__ import annotations

from typing import Any

from .._models import BaseModel, Timestamp
from .shared import User

__all__ = ["Pipeline", "PipelineProvider"]


class PipelineProvider(BaseModel):
    id: str | None = None
    webhook_url: str | None = None
    settings: dict[str, Any] | None = None


class Pipeline(BaseModel):
    """A pipeline; builds embed a condensed form of it, so almost every field is optional."""

    id: str
    graphql_id: str | None = None
    url: str | None = None
    web_url: str | None = None
    name: str | None = None
    description: str | None = None
    slug: str
    repository: str | None = None
    cluster_id: str | None = None
    pipeline_template_uuid: str | None = None
    branch_configuration: str | None = None
    default_branch: str | None = None
    skip_queued_branch_builds: bool | None = None
    skip_queued_branch_builds_filter: str | None = None
    cancel_running_branch_builds: bool | None = None
    cancel_running_branch_builds_filter: str | None = None
    allow_rebuilds: bool | None = None
    provider: PipelineProvider | None = None
    builds_url: str | None = None
    badge_url: str | None = None
    created_by: User | None = None
    created_at: Timestamp | None = None
    archived_at: Timestamp | None = None
    env: dict[str, Any] | None = None
    scheduled_builds_count: int | None = None
    running_builds_count: int | None = None
    scheduled_jobs_count: int | None = None
    running_jobs_count: int | None = None
    waiting_jobs_count: int | None = None
    visibility: str | None = None
    tags: list[str] | None = None
    configuration: str | None = None
    steps: list[dict[str, Any]] | None = None
    emoji: str | None = None
    color: str | None = None
