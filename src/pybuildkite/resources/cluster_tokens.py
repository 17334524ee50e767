"""Cluster agent tokens: list, get, create, update, revoke."""

from __future__ import annotations

import datetime as dt
from typing import Unpack

from .._encoding import format_datetime
from .._request import APIRequest, api_request
from .._resource import AsyncAPIResource, SyncAPIResource, endpoint, paginated
from .._types import NOT_GIVEN, NotGiven, RequestOptions
from .._validate import check_body
from ..types.clusters import ClusterToken, CreatedClusterToken
from .clusters import cluster_path

__all__ = ["AsyncClusterTokens", "ClusterTokens"]


class _ClusterTokensEndpoints:
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
    ) -> APIRequest[ClusterToken]:
        """List a cluster's agent tokens (without their secret values).

        GET /v2/organizations/{org.slug}/clusters/{cluster.id}/tokens
        """
        return api_request(
            "GET", cluster_path(org, cluster_id, "/tokens"), cast=ClusterToken, options=options,
            paginate="page", per_page=per_page, limit=limit, concurrency=concurrency,
        )  # fmt: skip

    @endpoint
    def get(
        self, org: str, cluster_id: str, token_id: str, **options: Unpack[RequestOptions]
    ) -> APIRequest[ClusterToken]:
        """Get an agent token (without its secret value).

        GET /v2/organizations/{org.slug}/clusters/{cluster.id}/tokens/{id}
        """
        return api_request(
            "GET", cluster_path(org, cluster_id, "/tokens/{}", token_id), cast=ClusterToken,
            options=options,
        )  # fmt: skip

    @endpoint
    def create(
        self,
        org: str,
        cluster_id: str,
        *,
        description: str,
        expires_at: dt.datetime | NotGiven = NOT_GIVEN,
        allowed_ip_addresses: str | NotGiven = NOT_GIVEN,
        **options: Unpack[RequestOptions],
    ) -> APIRequest[CreatedClusterToken]:
        """Create an agent token; the answer is the only one that carries its ``token`` value.

        POST /v2/organizations/{org.slug}/clusters/{cluster.id}/tokens

        ``expires_at`` (timezone-aware, at least 10 minutes ahead) cannot be changed later;
        ``allowed_ip_addresses`` is a space-separated list of CIDRs.
        """
        body = check_body(
            {"description": description, "allowed_ip_addresses": allowed_ip_addresses},
            required=("description",),
        )
        if not isinstance(expires_at, NotGiven):
            if not isinstance(expires_at, dt.datetime):
                raise TypeError(f"expires_at must be a datetime, not {type(expires_at).__name__}")
            body["expires_at"] = format_datetime(expires_at, name="expires_at")
        return api_request(
            "POST", cluster_path(org, cluster_id, "/tokens"), cast=CreatedClusterToken,
            body=body, options=options,
        )  # fmt: skip

    @endpoint
    def update(
        self,
        org: str,
        cluster_id: str,
        token_id: str,
        *,
        description: str | NotGiven = NOT_GIVEN,
        allowed_ip_addresses: str | NotGiven | None = NOT_GIVEN,
        **options: Unpack[RequestOptions],
    ) -> APIRequest[ClusterToken]:
        """Update an agent token's description or allowed IP addresses.

        PUT /v2/organizations/{org.slug}/clusters/{cluster.id}/tokens/{id}
        """
        body = check_body(
            {"description": description, "allowed_ip_addresses": allowed_ip_addresses}
        )
        return api_request(
            "PUT", cluster_path(org, cluster_id, "/tokens/{}", token_id), cast=ClusterToken,
            body=body, options=options,
        )  # fmt: skip

    @endpoint
    def revoke(
        self, org: str, cluster_id: str, token_id: str, **options: Unpack[RequestOptions]
    ) -> APIRequest[None]:
        """Revoke an agent token; agents using it can no longer connect.

        DELETE /v2/organizations/{org.slug}/clusters/{cluster.id}/tokens/{id}
        """
        return api_request(
            "DELETE", cluster_path(org, cluster_id, "/tokens/{}", token_id), options=options
        )


class ClusterTokens(_ClusterTokensEndpoints, SyncAPIResource):
    pass


class AsyncClusterTokens(_ClusterTokensEndpoints, AsyncAPIResource):
    pass
