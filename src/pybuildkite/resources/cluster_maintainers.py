"""Cluster maintainers: list, get, add (a user or a team), remove."""

from __future__ import annotations

from typing import Unpack

from .._request import APIRequest, api_request
from .._resource import AsyncAPIResource, SyncAPIResource, endpoint, paginated
from .._types import NOT_GIVEN, NotGiven, RequestOptions
from .._validate import check_body
from ..types.clusters import ClusterMaintainer
from .clusters import cluster_path

__all__ = ["AsyncClusterMaintainers", "ClusterMaintainers"]


class _ClusterMaintainersEndpoints:
    @paginated
    def list(
        self,
        org: str,
        cluster_id: str,
        *,
        per_page: int | None = None,
        limit: int | None = None,
        concurrency: int | None = None,
        **options: Unpack[RequestOptions],
    ) -> APIRequest[ClusterMaintainer]:
        """List a cluster's maintainers (users and teams).

        GET /v2/organizations/{org.slug}/clusters/{cluster.id}/maintainers
        """
        return api_request(
            "GET", cluster_path(org, cluster_id, "/maintainers"), cast=ClusterMaintainer,
            options=options, paginate="page", per_page=per_page, limit=limit,
            concurrency=concurrency,
        )  # fmt: skip

    @endpoint
    def get(
        self, org: str, cluster_id: str, maintainer_id: str, **options: Unpack[RequestOptions]
    ) -> APIRequest[ClusterMaintainer]:
        """Get a cluster maintainer entry.

        GET /v2/organizations/{org.slug}/clusters/{cluster.id}/maintainers/{id}
        """
        return api_request(
            "GET", cluster_path(org, cluster_id, "/maintainers/{}", maintainer_id),
            cast=ClusterMaintainer, options=options,
        )  # fmt: skip

    @endpoint
    def create(
        self,
        org: str,
        cluster_id: str,
        *,
        user: str | NotGiven = NOT_GIVEN,
        team: str | NotGiven = NOT_GIVEN,
        **options: Unpack[RequestOptions],
    ) -> APIRequest[ClusterMaintainer]:
        """Make a user or a team (exactly one of ``user``, ``team``: a UUID) a maintainer.

        POST /v2/organizations/{org.slug}/clusters/{cluster.id}/maintainers
        """
        if isinstance(user, NotGiven) == isinstance(team, NotGiven):
            raise TypeError("give exactly one of user= or team=")
        given = "team" if isinstance(user, NotGiven) else "user"
        body = check_body({"user": user, "team": team}, required=(given,))
        return api_request(
            "POST", cluster_path(org, cluster_id, "/maintainers"), cast=ClusterMaintainer,
            body=body, options=options,
        )  # fmt: skip

    @endpoint
    def delete(
        self, org: str, cluster_id: str, maintainer_id: str, **options: Unpack[RequestOptions]
    ) -> APIRequest[None]:
        """Remove a maintainer (by the entry's ``id``, not the user's or team's).

        DELETE /v2/organizations/{org.slug}/clusters/{cluster.id}/maintainers/{id}
        """
        return api_request(
            "DELETE", cluster_path(org, cluster_id, "/maintainers/{}", maintainer_id),
            options=options,
        )  # fmt: skip


class ClusterMaintainers(_ClusterMaintainersEndpoints, SyncAPIResource):
    pass


class AsyncClusterMaintainers(_ClusterMaintainersEndpoints, AsyncAPIResource):
    pass
