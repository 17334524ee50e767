"""Cluster tokens (not yet implemented)."""

from __future__ import annotations

from .._resource import AsyncAPIResource, SyncAPIResource

__all__ = ["AsyncClusterTokens", "ClusterTokens"]


class _ClusterTokensEndpoints:
    pass


class ClusterTokens(_ClusterTokensEndpoints, SyncAPIResource):
    pass


class AsyncClusterTokens(_ClusterTokensEndpoints, AsyncAPIResource):
    pass
