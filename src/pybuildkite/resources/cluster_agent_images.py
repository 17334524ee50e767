"""Cluster agent images (not yet implemented)."""

from __future__ import annotations

from .._resource import AsyncAPIResource, SyncAPIResource

__all__ = ["AsyncClusterAgentImages", "ClusterAgentImages"]


class _ClusterAgentImagesEndpoints:
    pass


class ClusterAgentImages(_ClusterAgentImagesEndpoints, SyncAPIResource):
    pass


class AsyncClusterAgentImages(_ClusterAgentImagesEndpoints, AsyncAPIResource):
    pass
