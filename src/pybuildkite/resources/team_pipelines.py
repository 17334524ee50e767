"""Team pipelines: list, get, grant access, change access, revoke access."""

from __future__ import annotations

from typing import Literal, Unpack

from .._request import APIRequest, api_request
from .._resource import AsyncAPIResource, SyncAPIResource, endpoint, paginated
from .._types import RequestOptions
from .._validate import check_body
from ..types.teams import TEAM_ACCESS_LEVELS, TeamPipeline
from .teams import team_path

__all__ = ["AsyncTeamPipelines", "TeamPipelines"]

AccessLevel = Literal["read_only", "build_and_read", "manage_build_and_read"]
_LEVELS = {"access_level": TEAM_ACCESS_LEVELS}


class _TeamPipelinesEndpoints:
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
    ) -> APIRequest[TeamPipeline]:
        """List the pipelines a team can access.

        GET /v2/organizations/{org.slug}/teams/{team.uuid}/pipelines
        """
        return api_request(
            "GET", team_path(org, team_id, "/pipelines"), cast=TeamPipeline, options=options,
            paginate="page", per_page=per_page, limit=limit, concurrency=concurrency,
        )  # fmt: skip

    @endpoint
    def get(
        self, org: str, team_id: str, pipeline_id: str, **options: Unpack[RequestOptions]
    ) -> APIRequest[TeamPipeline]:
        """Get a team's access to one pipeline (by pipeline UUID).

        GET /v2/organizations/{org.slug}/teams/{team.uuid}/pipelines/{pipeline.uuid}
        """
        return api_request(
            "GET", team_path(org, team_id, "/pipelines/{}", pipeline_id), cast=TeamPipeline,
            options=options,
        )  # fmt: skip

    @endpoint
    def create(
        self,
        org: str,
        team_id: str,
        *,
        pipeline_id: str,
        access_level: AccessLevel,
        **options: Unpack[RequestOptions],
    ) -> APIRequest[TeamPipeline]:
        """Give a team access to a pipeline.

        POST /v2/organizations/{org.slug}/teams/{team.uuid}/pipelines
        """
        body = check_body({"pipeline_id": pipeline_id, "access_level": access_level},
                          required=("pipeline_id", "access_level"), choices=_LEVELS)  # fmt: skip
        return api_request(
            "POST", team_path(org, team_id, "/pipelines"), cast=TeamPipeline, body=body,
            options=options,
        )  # fmt: skip

    @endpoint
    def update(
        self,
        org: str,
        team_id: str,
        pipeline_id: str,
        *,
        access_level: AccessLevel,
        **options: Unpack[RequestOptions],
    ) -> APIRequest[TeamPipeline]:
        """Change a team's access level to a pipeline.

        PATCH /v2/organizations/{org.slug}/teams/{team.uuid}/pipelines/{pipeline.uuid}
        """
        body = check_body({"access_level": access_level}, required=("access_level",),
                          choices=_LEVELS)  # fmt: skip
        return api_request(
            "PATCH", team_path(org, team_id, "/pipelines/{}", pipeline_id), cast=TeamPipeline,
            body=body, options=options,
        )  # fmt: skip

    @endpoint
    def delete(
        self, org: str, team_id: str, pipeline_id: str, **options: Unpack[RequestOptions]
    ) -> APIRequest[None]:
        """Remove a team's access to a pipeline.

        DELETE /v2/organizations/{org.slug}/teams/{team.uuid}/pipelines/{pipeline.uuid}
        """
        return api_request("DELETE", team_path(org, team_id, "/pipelines/{}", pipeline_id),
                           options=options)  # fmt: skip


class TeamPipelines(_TeamPipelinesEndpoints, SyncAPIResource):
    pass


class AsyncTeamPipelines(_TeamPipelinesEndpoints, AsyncAPIResource):
    pass
