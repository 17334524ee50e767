"""Pipeline template models."""

from __future__ import annotations

from .._models import BaseModel, Timestamp
from .shared import User

__all__ = ["PipelineTemplate"]


class PipelineTemplate(BaseModel):
    uuid: str
    graphql_id: str | None = None
    name: str | None = None
    description: str | None = None
    configuration: str | None = None  # YAML
    available: bool | None = None
    url: str | None = None
    web_url: str | None = None
    created_at: Timestamp | None = None
    created_by: User | None = None
    updated_at: Timestamp | None = None
    updated_by: User | None = None
