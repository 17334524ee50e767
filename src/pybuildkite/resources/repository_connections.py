"""Repository connections (organization admins): the connected source control integrations
and the repositories each can reach. Read-only; no credentials are returned."""

from __future__ import annotations

import builtins
from typing import Unpack

from .._encoding import path
from .._request import APIRequest, api_request
from .._resource import AsyncAPIResource, SyncAPIResource, endpoint
from .._types import RequestOptions
from .._validate import check_str
from ..types.organization_admin import RepositoryConnection, SourceRepository

__all__ = ["AsyncRepositoryConnections", "RepositoryConnections"]


class _RepositoryConnectionsEndpoints:
    @endpoint
    def list(
        self, org: str, **options: Unpack[RequestOptions]
    ) -> APIRequest[builtins.list[RepositoryConnection]]:
        """List the organization's repository connections (one unpaginated list).

        GET /v2/organizations/{org.slug}/repository_connections
        """
        return api_request(
            "GET", path("/v2/organizations/{}/repository_connections", org),
            cast=builtins.list[RepositoryConnection], options=options,
        )  # fmt: skip

    @endpoint
    def get(
        self, org: str, id: str, **options: Unpack[RequestOptions]
    ) -> APIRequest[RepositoryConnection]:
        """Get a repository connection with its service account, host and rate limit.

        GET /v2/organizations/{org.slug}/repository_connections/{id}
        """
        return api_request(
            "GET", path("/v2/organizations/{}/repository_connections/{}", org, id),
            cast=RepositoryConnection, options=options,
        )  # fmt: skip

    @endpoint
    def list_repositories(
        self,
        org: str,
        connection_id: str,
        *,
        repository: str | None = None,
        **options: Unpack[RequestOptions],
    ) -> APIRequest[builtins.list[SourceRepository]]:
        """List the repositories a connection can reach (one unpaginated list).

        GET /v2/organizations/{org.slug}/repository_connections/{repository_connection.id}/repositories

        ``repository`` keeps only the one whose ``full_name`` matches, ignoring case.
        Bitbucket Server, GitLab Self-Managed and legacy GitHub Enterprise connections answer 422.
        """  # noqa: E501
        return api_request(
            "GET",
            path("/v2/organizations/{}/repository_connections/{}/repositories", org, connection_id),
            cast=builtins.list[SourceRepository],
            query={"repository": check_str(repository, "repository")}, options=options,
        )  # fmt: skip


class RepositoryConnections(_RepositoryConnectionsEndpoints, SyncAPIResource):
    pass


class AsyncRepositoryConnections(_RepositoryConnectionsEndpoints, AsyncAPIResource):
    pass
