"""Cluster network ranges (not yet implemented)."""

from __future__ import annotations

from .._resource import AsyncAPIResource, SyncAPIResource

__all__ = ["AsyncClusterNetworkRanges", "ClusterNetworkRanges"]


class _ClusterNetworkRangesEndpoints:
    pass


class ClusterNetworkRanges(_ClusterNetworkRangesEndpoints, SyncAPIResource):
    pass


class AsyncClusterNetworkRanges(_ClusterNetworkRangesEndpoints, AsyncAPIResource):
    pass
