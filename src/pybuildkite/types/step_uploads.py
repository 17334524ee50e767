"""Step upload model (``buildkite-agent pipeline upload`` as the API sees it)."""

from __future__ import annotations

from pydantic import Field

from .._models import BaseModel, Timestamp

__all__ = ["StepUpload"]


class StepUpload(BaseModel):
    uuid: str
    graphql_id: str | None = None
    state: str | None = None  # the values are not documented
    source: str | None = None
    source_job_id: str | None = None
    replace_existing_steps: bool | None = None
    created_jobs_count: int | None = None  # None until applied; 0: applied, no jobs
    rejection_type: str | None = None
    message: str | None = None
    url: str | None = None
    created_at: Timestamp | None = None
    processed_at: Timestamp | None = None
    definition_stored_bytes: int | None = None
    # Only when getting one upload:
    created_job_uuids: list[str] = Field(default_factory=list)
    definition_bytes: int | None = None
    definition_yaml: str | None = None
    definition_yaml_omitted: bool | None = None
