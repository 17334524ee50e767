"""Cluster network ranges: the egress CIDRs of a hosted cluster."""

from __future__ import annotations

from typing import Unpack

from .._request import APIRequest, api_request
from .._resource import AsyncAPIResource, SyncAPIResource, endpoint
from .._types import RequestOptions
from ..types.clusters import NetworkRange
from .clusters import cluster_path

__all__ = ["AsyncClusterNetworkRanges", "ClusterNetworkRanges"]


class _ClusterNetworkRangesEndpoints:
    @endpoint
    def list(
        self, org: str, cluster_id: str, **options: Unpack[RequestOptions]
    ) -> APIRequest[list[NetworkRange]]:
        """List a cluster's network ranges (one unpaginated answer; empty unless hosted).

        GET /v2/organizations/{org.slug}/clusters/{cluster.id}/network_ranges
        """
        return api_request(
            "GET", cluster_path(org, cluster_id, "/network_ranges"), cast=list[NetworkRange],
            options=options,
        )  # fmt: skip


class ClusterNetworkRanges(_ClusterNetworkRangesEndpoints, SyncAPIResource):
    pass


class AsyncClusterNetworkRanges(_ClusterNetworkRangesEndpoints, AsyncAPIResource):
    pass
