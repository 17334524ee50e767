"""Pipeline models."""

from __future__ import annotations

from typing import Any, Literal

from .._models import BaseModel, Timestamp
from .shared import User

__all__ = [
    "TEAM_ACCESS_LEVELS",
    "VISIBILITIES",
    "GitHubWebhooks",
    "Pipeline",
    "PipelineProvider",
    "PipelineVisibility",
    "TeamAccessLevel",
]

PipelineVisibility = Literal["private", "public"] | str
VISIBILITIES = frozenset({"private", "public"})
TeamAccessLevel = Literal["read_only", "build_and_read", "manage_build_and_read"] | str
TEAM_ACCESS_LEVELS = frozenset({"read_only", "build_and_read", "manage_build_and_read"})


class PipelineProvider(BaseModel):
    id: str | None = None
    webhook_url: str | None = None  # "" unless the caller may edit and has write_pipelines
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
    visibility: PipelineVisibility | None = None
    tags: list[str] | None = None
    configuration: str | None = None  # YAML pipelines only
    steps: list[dict[str, Any]] | None = None  # visual steps, or derived from the YAML
    emoji: str | None = None
    color: str | None = None
    clone_mirror_url: str | None = None
    default_command_step_timeout: int | None = None
    maximum_command_step_timeout: int | None = None

    @property
    def archived(self) -> bool:
        return self.archived_at is not None


class GitHubWebhooks(BaseModel):
    """Whether Buildkite processes a GitHub pipeline's webhooks."""

    url: str | None = None
    enabled: bool | None = None
    disabled_at: Timestamp | None = None
    disabled_by: User | dict[str, Any] | None = None
