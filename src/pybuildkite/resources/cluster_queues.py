"""Cluster queues (not yet implemented)."""

from __future__ import annotations

from .._resource import AsyncAPIResource, SyncAPIResource

__all__ = ["AsyncClusterQueues", "ClusterQueues"]


class _ClusterQueuesEndpoints:
    pass


class ClusterQueues(_ClusterQueuesEndpoints, SyncAPIResource):
    pass


class AsyncClusterQueues(_ClusterQueuesEndpoints, AsyncAPIResource):
    pass
