"""Organization models: the organization, its members and its rate-limit report."""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from .._models import BaseModel, Timestamp

__all__ = [
    "MEMBER_ROLES",
    "MEMBER_SSO_MODES",
    "MemberRole",
    "MemberSsoMode",
    "Organization",
    "OrganizationMember",
    "OrganizationRateLimits",
    "RateLimitWindow",
]

MemberRole = Literal["admin", "member"] | str
MemberSsoMode = Literal["required", "optional"] | str
MEMBER_ROLES = frozenset({"admin", "member"})
MEMBER_SSO_MODES = frozenset({"required", "optional"})


class Organization(BaseModel):
    id: str
    graphql_id: str | None = None
    url: str | None = None
    web_url: str | None = None
    name: str | None = None
    slug: str
    pipelines_url: str | None = None
    agents_url: str | None = None
    emojis_url: str | None = None
    created_at: Timestamp | None = None


class OrganizationMember(BaseModel):
    id: str
    name: str | None = None
    email: str | None = None
    role: MemberRole | None = None
    sso_mode: MemberSsoMode | None = None  # shown to admins, or for one's own membership


class RateLimitWindow(BaseModel):
    limit: int | None = None
    current: int | None = None
    reset: int | None = None  # seconds until the window resets
    reset_at: Timestamp | None = None
    enforced: bool | None = None


class OrganizationRateLimits(BaseModel):
    """The organization-wide windows; per-user numbers are only in response headers."""

    scopes: dict[str, RateLimitWindow] = Field(default_factory=dict)

    @property
    def rest(self) -> RateLimitWindow | None:
        return self.scopes.get("rest")

    @property
    def graphql(self) -> RateLimitWindow | None:
        return self.scopes.get("graphql")
