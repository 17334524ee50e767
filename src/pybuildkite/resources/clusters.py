"""Clusters (not yet implemented)."""

from __future__ import annotations

from .._resource import AsyncAPIResource, SyncAPIResource

__all__ = ["AsyncClusters", "Clusters"]


class _ClustersEndpoints:
    pass


class Clusters(_ClustersEndpoints, SyncAPIResource):
    pass


class AsyncClusters(_ClustersEndpoints, AsyncAPIResource):
    pass
