"""Access token model."""

from __future__ import annotations

from pydantic import Field

from .._models import BaseModel, Timestamp

__all__ = ["AccessToken", "AccessTokenUser"]


class AccessTokenUser(BaseModel):
    name: str | None = None
    email: str | None = None


class AccessToken(BaseModel):
    """The token the request was made with. It is identified by ``uuid``, not ``id``."""

    uuid: str
    scopes: list[str] = Field(default_factory=list)
    description: str | None = None
    created_at: Timestamp | None = None
    expires_at: Timestamp | None = None
    user: AccessTokenUser | None = None
