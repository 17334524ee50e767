"""Cluster maintainers (not yet implemented)."""

from __future__ import annotations

from .._resource import AsyncAPIResource, SyncAPIResource

__all__ = ["AsyncClusterMaintainers", "ClusterMaintainers"]


class _ClusterMaintainersEndpoints:
    pass


class ClusterMaintainers(_ClusterMaintainersEndpoints, SyncAPIResource):
    pass


class AsyncClusterMaintainers(_ClusterMaintainersEndpoints, AsyncAPIResource):
    pass
