"""Team suites: list, get, grant access, change access, revoke access (Test Engine suites)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, Literal, Unpack

from .._request import APIRequest, api_request
from .._resource import AsyncAPIResource, SyncAPIResource, endpoint, paginated
from .._types import RequestOptions
from .._validate import check_body, check_choices
from ..types.teams import SUITE_ACCESS_LEVELS, TeamSuite
from .teams import team_path

__all__ = ["AsyncTeamSuites", "TeamSuites"]

AccessLevel = Literal["read", "edit"]


def _access_level(value: Any) -> list[str]:
    # An array even for one level; a bare string would be sent as the wrong JSON type.
    if isinstance(value, str) or not isinstance(value, Sequence):
        raise TypeError('access_level must be a list such as ["read"] or ["read", "edit"]')
    levels = check_choices(list(value), "access_level", SUITE_ACCESS_LEVELS)
    if not levels:
        raise ValueError("access_level must name at least one level")
    return list(levels)


class _TeamSuitesEndpoints:
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
    ) -> APIRequest[TeamSuite]:
        """List the Test Engine suites a team can access.

        GET /v2/organizations/{org.slug}/teams/{team.uuid}/suites
        """
        return api_request(
            "GET", team_path(org, team_id, "/suites"), cast=TeamSuite, options=options,
            paginate="page", per_page=per_page, limit=limit, concurrency=concurrency,
        )  # fmt: skip

    @endpoint
    def get(
        self, org: str, team_id: str, suite_id: str, **options: Unpack[RequestOptions]
    ) -> APIRequest[TeamSuite]:
        """Get a team's access to one suite (by suite UUID).

        GET /v2/organizations/{org.slug}/teams/{team.uuid}/suites/{suite.uuid}
        """
        return api_request(
            "GET", team_path(org, team_id, "/suites/{}", suite_id), cast=TeamSuite,
            options=options,
        )  # fmt: skip

    @endpoint
    def create(
        self,
        org: str,
        team_id: str,
        *,
        suite_id: str,
        access_level: Sequence[AccessLevel],
        **options: Unpack[RequestOptions],
    ) -> APIRequest[TeamSuite]:
        """Give a team access to a suite.

        POST /v2/organizations/{org.slug}/teams/{team.uuid}/suites
        """
        body = check_body({"suite_id": suite_id}, required=("suite_id",))
        body["access_level"] = _access_level(access_level)
        return api_request(
            "POST", team_path(org, team_id, "/suites"), cast=TeamSuite, body=body,
            options=options,
        )  # fmt: skip

    @endpoint
    def update(
        self,
        org: str,
        team_id: str,
        suite_id: str,
        *,
        access_level: Sequence[AccessLevel],
        **options: Unpack[RequestOptions],
    ) -> APIRequest[TeamSuite]:
        """Change a team's access to a suite.

        PATCH /v2/organizations/{org.slug}/teams/{team.uuid}/suites/{suite.uuid}
        """
        return api_request(
            "PATCH", team_path(org, team_id, "/suites/{}", suite_id), cast=TeamSuite,
            body={"access_level": _access_level(access_level)}, options=options,
        )  # fmt: skip

    @endpoint
    def delete(
        self, org: str, team_id: str, suite_id: str, **options: Unpack[RequestOptions]
    ) -> APIRequest[None]:
        """Remove a team's access to a suite.

        DELETE /v2/organizations/{org.slug}/teams/{team.uuid}/suites/{suite.uuid}
        """
        return api_request("DELETE", team_path(org, team_id, "/suites/{}", suite_id),
                           options=options)  # fmt: skip


class TeamSuites(_TeamSuitesEndpoints, SyncAPIResource):
    pass


class AsyncTeamSuites(_TeamSuitesEndpoints, AsyncAPIResource):
    pass
