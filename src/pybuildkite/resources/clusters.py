"""Clusters: list, get, create, update, delete; and ``cluster_path()`` for the cluster
sub-resources (queues, tokens, maintainers, secrets, agent images, cache volumes)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any, Unpack

from .._encoding import path
from .._request import APIRequest, api_request
from .._resource import AsyncAPIResource, SyncAPIResource, endpoint, paginated
from .._types import NOT_GIVEN, NotGiven, RequestOptions
from .._validate import (
    check_body,
    check_str,
)
from ..types.clusters import Cluster

__all__ = ["AsyncClusters", "Clusters"]


def cluster_path(org: str, cluster_id: str, tail: str = "", *values: object) -> str:
    """``/v2/organizations/{org}/clusters/{cluster_id}`` + ``tail`` (its ``{}`` filled)."""
    return path("/v2/organizations/{}/clusters/{}" + tail, org, cluster_id, *values)


def _maintainers(value: Any) -> list[dict[str, str]] | NotGiven:
    if isinstance(value, NotGiven):
        return value
    if isinstance(value, str | Mapping) or not isinstance(value, Sequence):
        raise TypeError('maintainers must be a list like [{"user": id}, {"team": id}]')
    out = []
    for item in value:
        if not isinstance(item, Mapping) or len(item) != 1 or not set(item) <= {"user", "team"}:
            raise ValueError(f'a maintainer is {{"user": id}} or {{"team": id}}, not {item!r}')
        ((kind, ident),) = item.items()
        out.append({kind: check_str(ident, f"maintainer {kind}") or ""})
    return out


class _ClustersEndpoints:
    @paginated
    def list(
        self,
        org: str,
        *,
        per_page: int | None = None,
        limit: int | None = None,
        concurrency: int | None = None,
        **options: Unpack[RequestOptions],
    ) -> APIRequest[Cluster]:
        """List an organization's clusters.

        GET /v2/organizations/{org.slug}/clusters
        """
        return api_request(
            "GET", path("/v2/organizations/{}/clusters", org), cast=Cluster, options=options,
            paginate="page", per_page=per_page, limit=limit, concurrency=concurrency,
        )  # fmt: skip

    @endpoint
    def get(
        self, org: str, cluster_id: str, **options: Unpack[RequestOptions]
    ) -> APIRequest[Cluster]:
        """Get a cluster.

        GET /v2/organizations/{org.slug}/clusters/{id}
        """
        return api_request("GET", cluster_path(org, cluster_id), cast=Cluster, options=options)

    @endpoint
    def create(
        self,
        org: str,
        *,
        name: str,
        description: str | NotGiven = NOT_GIVEN,
        emoji: str | NotGiven = NOT_GIVEN,
        color: str | NotGiven = NOT_GIVEN,
        maintainers: Sequence[Mapping[str, str]] | NotGiven = NOT_GIVEN,
        **options: Unpack[RequestOptions],
    ) -> APIRequest[Cluster]:
        """Create a cluster (no default queue is created with it).

        POST /v2/organizations/{org.slug}/clusters

        ``maintainers`` is a list of ``{"user": user_id}`` and ``{"team": team_id}``.
        """
        body = check_body(
            {"name": name, "description": description, "emoji": emoji, "color": color},
            required=("name",),
        )
        body["maintainers"] = _maintainers(maintainers)
        return api_request(
            "POST", path("/v2/organizations/{}/clusters", org), cast=Cluster, body=body,
            options=options,
        )  # fmt: skip

    @endpoint
    def update(
        self,
        org: str,
        cluster_id: str,
        *,
        name: str | NotGiven = NOT_GIVEN,
        description: str | NotGiven | None = NOT_GIVEN,
        emoji: str | NotGiven | None = NOT_GIVEN,
        color: str | NotGiven | None = NOT_GIVEN,
        default_queue_id: str | NotGiven | None = NOT_GIVEN,
        hosted_git_mirror_enabled: bool | NotGiven = NOT_GIVEN,
        hosted_container_cache_enabled: bool | NotGiven = NOT_GIVEN,
        **options: Unpack[RequestOptions],
    ) -> APIRequest[Cluster]:
        """Update a cluster; fields left out are kept.

        PUT /v2/organizations/{org.slug}/clusters/{id}

        A 503 after changing the hosted git mirror means the change was rolled back; it is
        safe to retry.
        """
        body = check_body(
            {
                "name": name,
                "description": description,
                "emoji": emoji,
                "color": color,
                "default_queue_id": default_queue_id,
                "hosted_git_mirror_enabled": hosted_git_mirror_enabled,
                "hosted_container_cache_enabled": hosted_container_cache_enabled,
            },
            bools=("hosted_git_mirror_enabled", "hosted_container_cache_enabled"),
        )
        return api_request(
            "PUT", cluster_path(org, cluster_id), cast=Cluster, body=body, options=options
        )

    @endpoint
    def delete(
        self, org: str, cluster_id: str, **options: Unpack[RequestOptions]
    ) -> APIRequest[None]:
        """Delete a cluster, with its queues and agent tokens.

        DELETE /v2/organizations/{org.slug}/clusters/{id}
        """
        return api_request("DELETE", cluster_path(org, cluster_id), options=options)


class Clusters(_ClustersEndpoints, SyncAPIResource):
    pass


class AsyncClusters(_ClustersEndpoints, AsyncAPIResource):
    pass
