"""Cluster secrets: list, get, create, update details, update value, delete.

A secret's value is write-only: no answer ever contains it.
"""

from __future__ import annotations

from typing import Unpack

from .._request import APIRequest, api_request
from .._resource import AsyncAPIResource, SyncAPIResource, endpoint, paginated
from .._types import NOT_GIVEN, NotGiven, RequestOptions
from .._validate import check_body
from ..types.clusters import ClusterSecret
from .clusters import cluster_path

__all__ = ["AsyncClusterSecrets", "ClusterSecrets"]


class _ClusterSecretsEndpoints:
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
    ) -> APIRequest[ClusterSecret]:
        """List a cluster's secrets.

        GET /v2/organizations/{org.slug}/clusters/{cluster.id}/secrets
        """
        return api_request(
            "GET", cluster_path(org, cluster_id, "/secrets"), cast=ClusterSecret,
            options=options, paginate="page", per_page=per_page, limit=limit,
            concurrency=concurrency,
        )  # fmt: skip

    @endpoint
    def get(
        self, org: str, cluster_id: str, secret_id: str, **options: Unpack[RequestOptions]
    ) -> APIRequest[ClusterSecret]:
        """Get a secret's details.

        GET /v2/organizations/{org.slug}/clusters/{cluster.id}/secrets/{id}
        """
        return api_request(
            "GET", cluster_path(org, cluster_id, "/secrets/{}", secret_id), cast=ClusterSecret,
            options=options,
        )  # fmt: skip

    @endpoint
    def create(
        self,
        org: str,
        cluster_id: str,
        *,
        key: str,
        value: str,
        description: str | NotGiven = NOT_GIVEN,
        policy: str | NotGiven = NOT_GIVEN,
        **options: Unpack[RequestOptions],
    ) -> APIRequest[ClusterSecret]:
        """Create a secret.

        POST /v2/organizations/{org.slug}/clusters/{cluster.id}/secrets

        ``key`` is letters, digits and ``_``, starting with a letter, unique in the cluster;
        ``value`` is under 8 KB; ``policy`` is a YAML access policy.
        """
        body = check_body(
            {"key": key, "value": value, "description": description, "policy": policy},
            required=("key", "value"),
        )
        return api_request(
            "POST", cluster_path(org, cluster_id, "/secrets"), cast=ClusterSecret, body=body,
            options=options,
        )  # fmt: skip

    @endpoint
    def update(
        self,
        org: str,
        cluster_id: str,
        secret_id: str,
        *,
        description: str | NotGiven | None = NOT_GIVEN,
        policy: str | NotGiven | None = NOT_GIVEN,
        **options: Unpack[RequestOptions],
    ) -> APIRequest[ClusterSecret]:
        """Update a secret's description and access policy (see :meth:`update_value`).

        PUT /v2/organizations/{org.slug}/clusters/{cluster.id}/secrets/{id}
        """
        body = check_body({"description": description, "policy": policy})
        return api_request(
            "PUT", cluster_path(org, cluster_id, "/secrets/{}", secret_id), cast=ClusterSecret,
            body=body, options=options,
        )  # fmt: skip

    @endpoint
    def update_value(
        self,
        org: str,
        cluster_id: str,
        secret_id: str,
        *,
        value: str,
        **options: Unpack[RequestOptions],
    ) -> APIRequest[ClusterSecret]:
        """Replace a secret's value.

        PUT /v2/organizations/{org.slug}/clusters/{cluster.id}/secrets/{id}/value
        """
        body = check_body({"value": value}, required=("value",))
        return api_request(
            "PUT", cluster_path(org, cluster_id, "/secrets/{}/value", secret_id),
            cast=ClusterSecret, body=body, options=options,
        )  # fmt: skip

    @endpoint
    def delete(
        self, org: str, cluster_id: str, secret_id: str, **options: Unpack[RequestOptions]
    ) -> APIRequest[None]:
        """Delete a secret.

        DELETE /v2/organizations/{org.slug}/clusters/{cluster.id}/secrets/{id}
        """
        return api_request(
            "DELETE", cluster_path(org, cluster_id, "/secrets/{}", secret_id), options=options
        )


class ClusterSecrets(_ClusterSecretsEndpoints, SyncAPIResource):
    pass


class AsyncClusterSecrets(_ClusterSecretsEndpoints, AsyncAPIResource):
    pass
