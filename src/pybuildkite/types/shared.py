"""Models that several API groups embed."""

from __future__ import annotations

from .._models import BaseModel, Timestamp

__all__ = ["User"]


class User(BaseModel):
    """A Buildkite user (``GET /v2/user``; also build creators and agent creators)."""

    id: str
    graphql_id: str | None = None
    name: str | None = None
    email: str | None = None
    avatar_url: str | None = None
    created_at: Timestamp | None = None
