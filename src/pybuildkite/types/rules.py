"""Rule models."""

from __future__ import annotations

from typing import Literal, TypedDict

from .._models import BaseModel, Timestamp
from .shared import User

__all__ = ["Rule", "RuleType", "RuleValue"]

RuleType = Literal["pipeline.trigger_build.pipeline", "pipeline.artifacts_read.pipeline"] | str


class RuleValue(TypedDict):
    """The ``value=`` of a pipeline rule; each pipeline is a UUID or a slug."""

    source_pipeline: str
    target_pipeline: str


class Rule(BaseModel):
    uuid: str
    graphql_id: str | None = None
    organization_uuid: str | None = None
    url: str | None = None
    type: RuleType | None = None
    source_type: str | None = None
    source_uuid: str | None = None
    target_type: str | None = None
    target_uuid: str | None = None
    effect: str | None = None  # e.g. "allow"
    action: str | None = None  # e.g. "trigger_build"
    created_at: Timestamp | None = None
    created_by: User | None = None
