"""Team models: teams, and their members, pipelines and suites."""

from __future__ import annotations

from typing import Literal

from .._models import BaseModel, Timestamp
from .pipelines import TEAM_ACCESS_LEVELS, TeamAccessLevel
from .shared import User

__all__ = [
    "SUITE_ACCESS_LEVELS",
    "TEAM_ACCESS_LEVELS",
    "TEAM_MEMBER_ROLES",
    "TEAM_PRIVACIES",
    "SuiteAccessLevel",
    "Team",
    "TeamAccessLevel",
    "TeamMember",
    "TeamMemberRole",
    "TeamPipeline",
    "TeamPrivacy",
    "TeamSuite",
]

TeamPrivacy = Literal["visible", "secret"] | str
TEAM_PRIVACIES = frozenset({"visible", "secret"})
TeamMemberRole = Literal["member", "maintainer"] | str
TEAM_MEMBER_ROLES = frozenset({"member", "maintainer"})
SuiteAccessLevel = Literal["read", "edit"] | str
SUITE_ACCESS_LEVELS = frozenset({"read", "edit"})


class Team(BaseModel):
    """A team. Create and update answers are documented to echo only the request's fields,
    so even ``id`` is optional."""

    id: str | None = None
    graphql_id: str | None = None
    name: str | None = None
    slug: str | None = None
    description: str | None = None
    privacy: TeamPrivacy | None = None
    default: bool | None = None
    created_at: Timestamp | None = None
    created_by: User | None = None
    is_default_team: bool | None = None
    default_member_role: TeamMemberRole | None = None
    members_can_create_pipelines: bool | None = None
    members_can_create_suites: bool | None = None
    members_can_create_registries: bool | None = None
    members_can_destroy_registries: bool | None = None
    members_can_destroy_packages: bool | None = None


class TeamMember(BaseModel):
    user_id: str
    user_name: str | None = None
    role: TeamMemberRole | None = None
    created_at: Timestamp | None = None


class TeamPipeline(BaseModel):
    pipeline_id: str
    pipeline_url: str | None = None
    access_level: TeamAccessLevel | None = None
    created_at: Timestamp | None = None


class TeamSuite(BaseModel):
    suite_id: str
    suite_url: str | None = None
    access_level: list[SuiteAccessLevel] | None = None
    created_at: Timestamp | None = None
