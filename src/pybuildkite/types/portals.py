"""Portal models."""

from __future__ import annotations

from pydantic import Field

from .._models import BaseModel, Timestamp
from .shared import User

__all__ = ["CreatedPortal", "Portal"]


class Portal(BaseModel):
    """A portal: a saved GraphQL operation callable with its own token."""

    uuid: str
    slug: str
    organization_uuid: str | None = None
    name: str | None = None
    description: str | None = None
    query: str | None = None
    allowed_ip_addresses: str | None = None  # space-separated CIDRs
    user_invokable: bool | None = None
    created_at: Timestamp | None = None
    created_by: User | None = None


class CreatedPortal(Portal):
    """The create answer: the only time Buildkite shows the portal's token."""

    token: str = Field(repr=False)
