"""Cluster cache volumes (Buildkite hosted agents): list, delete by tag."""

from __future__ import annotations

from typing import Unpack

from .._request import APIRequest, api_request
from .._resource import AsyncAPIResource, SyncAPIResource, endpoint
from .._types import RequestOptions
from .._validate import check_body
from ..types.clusters import CacheVolume
from .clusters import cluster_path

__all__ = ["AsyncClusterCacheVolumes", "ClusterCacheVolumes"]


class _ClusterCacheVolumesEndpoints:
    @endpoint
    def list(
        self, org: str, cluster_id: str, **options: Unpack[RequestOptions]
    ) -> APIRequest[list[CacheVolume]]:
        """List the latest detached cache volume of each tag (one unpaginated answer).

        GET /v2/organizations/{org.slug}/clusters/{cluster.id}/cache_volumes
        """
        return api_request(
            "GET", cluster_path(org, cluster_id, "/cache_volumes"), cast=list[CacheVolume],
            options=options,
        )  # fmt: skip

    @endpoint
    def delete(
        self, org: str, cluster_id: str, *, tag: str, **options: Unpack[RequestOptions]
    ) -> APIRequest[None]:
        """Delete the cache volumes of a tag.

        DELETE /v2/organizations/{org.slug}/clusters/{cluster.id}/cache_volumes

        The tag travels in a JSON body, not the path: tags may contain ``/`` and ``;``.
        """
        return api_request(
            "DELETE", cluster_path(org, cluster_id, "/cache_volumes"),
            body=check_body({"tag": tag}, required=("tag",)), options=options,
        )  # fmt: skip


class ClusterCacheVolumes(_ClusterCacheVolumesEndpoints, SyncAPIResource):
    pass


class AsyncClusterCacheVolumes(_ClusterCacheVolumesEndpoints, AsyncAPIResource):
    pass
