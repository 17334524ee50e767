"""Teams: list, get, create, update, delete, and enable teams for an organization.

Also home to ``team_path()``, shared by the team members, pipelines and suites modules.
"""

from __future__ import annotations

from typing import Any, Literal, Unpack

from .._encoding import path
from .._request import APIRequest, api_request
from .._resource import AsyncAPIResource, SyncAPIResource, endpoint, paginated
from .._types import NOT_GIVEN, NotGiven, RequestOptions
from .._validate import check_body, check_str
from ..types.teams import TEAM_MEMBER_ROLES, TEAM_PRIVACIES, Team

__all__ = ["AsyncTeams", "Teams"]

_BOOLS = (
    "is_default_team",
    "members_can_create_pipelines",
    "members_can_create_suites",
    "members_can_create_registries",
    "members_can_destroy_registries",
    "members_can_destroy_packages",
)
_CHOICES = {"privacy": TEAM_PRIVACIES, "default_member_role": TEAM_MEMBER_ROLES}


def team_path(org: str, team_id: str, tail: str = "", *values: object) -> str:
    """``/v2/organizations/{org}/teams/{team_id}`` + ``tail`` (its ``{}`` filled)."""
    return path("/v2/organizations/{}/teams/{}" + tail, org, team_id, *values)


def _team_body(fields: dict[str, Any], *, required: tuple[str, ...] = ()) -> dict[str, Any]:
    return check_body(fields, required=required, bools=_BOOLS, choices=_CHOICES)


class _TeamsEndpoints:
    @paginated
    def list(
        self,
        org: str,
        *,
        user_id: str | None = None,
        per_page: int | None = None,
        limit: int | None = None,
        concurrency: int | None = None,
        **options: Unpack[RequestOptions],
    ) -> APIRequest[Team]:
        """List an organization's teams, or only those ``user_id`` belongs to.

        GET /v2/organizations/{org.slug}/teams
        """
        return api_request(
            "GET", path("/v2/organizations/{}/teams", org), cast=Team,
            query={"user_id": check_str(user_id, "user_id")}, options=options, paginate="page",
            per_page=per_page, limit=limit, concurrency=concurrency,
        )  # fmt: skip

    @endpoint
    def get(self, org: str, team_id: str, **options: Unpack[RequestOptions]) -> APIRequest[Team]:
        """Get a team.

        GET /v2/organizations/{org.slug}/teams/{team.uuid}
        """
        return api_request("GET", team_path(org, team_id), cast=Team, options=options)

    @endpoint
    def create(
        self,
        org: str,
        *,
        name: str,
        description: str | NotGiven = NOT_GIVEN,
        privacy: Literal["visible", "secret"] | NotGiven = NOT_GIVEN,
        is_default_team: bool | NotGiven = NOT_GIVEN,
        default_member_role: Literal["member", "maintainer"] | NotGiven = NOT_GIVEN,
        members_can_create_pipelines: bool | NotGiven = NOT_GIVEN,
        members_can_create_suites: bool | NotGiven = NOT_GIVEN,
        members_can_create_registries: bool | NotGiven = NOT_GIVEN,
        members_can_destroy_registries: bool | NotGiven = NOT_GIVEN,
        members_can_destroy_packages: bool | NotGiven = NOT_GIVEN,
        **options: Unpack[RequestOptions],
    ) -> APIRequest[Team]:
        """Create a team.

        POST /v2/organizations/{org.slug}/teams
        """
        body = _team_body(
            {
                "name": name,
                "description": description,
                "privacy": privacy,
                "is_default_team": is_default_team,
                "default_member_role": default_member_role,
                "members_can_create_pipelines": members_can_create_pipelines,
                "members_can_create_suites": members_can_create_suites,
                "members_can_create_registries": members_can_create_registries,
                "members_can_destroy_registries": members_can_destroy_registries,
                "members_can_destroy_packages": members_can_destroy_packages,
            },
            required=("name",),
        )
        return api_request(
            "POST", path("/v2/organizations/{}/teams", org), cast=Team, body=body, options=options
        )

    @endpoint
    def update(
        self,
        org: str,
        team_id: str,
        *,
        name: str | NotGiven = NOT_GIVEN,
        description: str | NotGiven | None = NOT_GIVEN,
        privacy: Literal["visible", "secret"] | NotGiven = NOT_GIVEN,
        is_default_team: bool | NotGiven = NOT_GIVEN,
        default_member_role: Literal["member", "maintainer"] | NotGiven = NOT_GIVEN,
        members_can_create_pipelines: bool | NotGiven = NOT_GIVEN,
        members_can_create_suites: bool | NotGiven = NOT_GIVEN,
        members_can_create_registries: bool | NotGiven = NOT_GIVEN,
        members_can_destroy_registries: bool | NotGiven = NOT_GIVEN,
        members_can_destroy_packages: bool | NotGiven = NOT_GIVEN,
        **options: Unpack[RequestOptions],
    ) -> APIRequest[Team]:
        """Update a team; only the fields given are sent (``None`` clears the description).

        PATCH /v2/organizations/{org.slug}/teams/{team.uuid}
        """
        body = _team_body(
            {
                "name": name,
                "description": description,
                "privacy": privacy,
                "is_default_team": is_default_team,
                "default_member_role": default_member_role,
                "members_can_create_pipelines": members_can_create_pipelines,
                "members_can_create_suites": members_can_create_suites,
                "members_can_create_registries": members_can_create_registries,
                "members_can_destroy_registries": members_can_destroy_registries,
                "members_can_destroy_packages": members_can_destroy_packages,
            }
        )
        return api_request("PATCH", team_path(org, team_id), cast=Team, body=body, options=options)

    @endpoint
    def delete(self, org: str, team_id: str, **options: Unpack[RequestOptions]) -> APIRequest[None]:
        """Delete a team.

        DELETE /v2/organizations/{org.slug}/teams/{team.uuid}
        """
        return api_request("DELETE", team_path(org, team_id), options=options)

    @endpoint
    def enable(self, org: str, **options: Unpack[RequestOptions]) -> APIRequest[None]:
        """Enable teams for an organization (idempotent; creates an "Everyone" team if none).

        POST /v2/organizations/{org.slug}/teams/enable
        """
        return api_request("POST", path("/v2/organizations/{}/teams/enable", org), options=options)


class Teams(_TeamsEndpoints, SyncAPIResource):
    pass


class AsyncTeams(_TeamsEndpoints, AsyncAPIResource):
    pass
