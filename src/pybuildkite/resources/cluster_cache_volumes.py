"""Cluster cache volumes (not yet implemented)."""

from __future__ import annotations

from .._resource import AsyncAPIResource, SyncAPIResource

__all__ = ["AsyncClusterCacheVolumes", "ClusterCacheVolumes"]


class _ClusterCacheVolumesEndpoints:
    pass


class ClusterCacheVolumes(_ClusterCacheVolumesEndpoints, SyncAPIResource):
    pass


class AsyncClusterCacheVolumes(_ClusterCacheVolumesEndpoints, AsyncAPIResource):
    pass
