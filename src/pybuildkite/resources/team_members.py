"""Team members: list, get, add, change role, remove."""

from __future__ import annotations

from typing import Literal, Unpack

from .._request import APIRequest, api_request
from .._resource import AsyncAPIResource, SyncAPIResource, endpoint, paginated
from .._types import RequestOptions
from .._validate import check_body
from ..types.teams import TEAM_MEMBER_ROLES, TeamMember
from .teams import team_path

__all__ = ["AsyncTeamMembers", "TeamMembers"]

_ROLES = {"role": TEAM_MEMBER_ROLES}


class _TeamMembersEndpoints:
    @paginated
    def list(
        self,
        org: str,
        team_id: str,
        *,
        per_page: int | None = None,
        limit: int | None = None,
        concurrency: int | None = None,
        **options: Unpack[RequestOptions],
    ) -> APIRequest[TeamMember]:
        """List a team's members.

        GET /v2/organizations/{org.slug}/teams/{team.uuid}/members
        """
        return api_request(
            "GET", team_path(org, team_id, "/members"), cast=TeamMember, options=options,
            paginate="page", per_page=per_page, limit=limit, concurrency=concurrency,
        )  # fmt: skip

    @endpoint
    def get(
        self, org: str, team_id: str, user_id: str, **options: Unpack[RequestOptions]
    ) -> APIRequest[TeamMember]:
        """Get one member of a team.

        GET /v2/organizations/{org.slug}/teams/{team.uuid}/members/{user.uuid}
        """
        return api_request(
            "GET", team_path(org, team_id, "/members/{}", user_id), cast=TeamMember,
            options=options,
        )  # fmt: skip

    @endpoint
    def create(
        self,
        org: str,
        team_id: str,
        *,
        user_id: str,
        role: Literal["member", "maintainer"],
        **options: Unpack[RequestOptions],
    ) -> APIRequest[TeamMember]:
        """Add a user to a team.

        POST /v2/organizations/{org.slug}/teams/{team.uuid}/members
        """
        body = check_body({"user_id": user_id, "role": role}, required=("user_id", "role"),
                          choices=_ROLES)  # fmt: skip
        return api_request(
            "POST", team_path(org, team_id, "/members"), cast=TeamMember, body=body,
            options=options,
        )  # fmt: skip

    @endpoint
    def update(
        self,
        org: str,
        team_id: str,
        user_id: str,
        *,
        role: Literal["member", "maintainer"],
        **options: Unpack[RequestOptions],
    ) -> APIRequest[TeamMember]:
        """Change a member's role.

        PATCH /v2/organizations/{org.slug}/teams/{team.uuid}/members/{user.uuid}
        """
        body = check_body({"role": role}, required=("role",), choices=_ROLES)
        return api_request(
            "PATCH", team_path(org, team_id, "/members/{}", user_id), cast=TeamMember,
            body=body, options=options,
        )  # fmt: skip

    @endpoint
    def delete(
        self, org: str, team_id: str, user_id: str, **options: Unpack[RequestOptions]
    ) -> APIRequest[None]:
        """Remove a user from a team.

        DELETE /v2/organizations/{org.slug}/teams/{team.uuid}/members/{user.uuid}
        """
        return api_request("DELETE", team_path(org, team_id, "/members/{}", user_id),
                           options=options)  # fmt: skip


class TeamMembers(_TeamMembersEndpoints, SyncAPIResource):
    pass


class AsyncTeamMembers(_TeamMembersEndpoints, AsyncAPIResource):
    pass
