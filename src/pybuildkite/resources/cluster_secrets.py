"""Cluster secrets (not yet implemented)."""

from __future__ import annotations

from .._resource import AsyncAPIResource, SyncAPIResource

__all__ = ["AsyncClusterSecrets", "ClusterSecrets"]


class _ClusterSecretsEndpoints:
    pass


class ClusterSecrets(_ClusterSecretsEndpoints, SyncAPIResource):
    pass


class AsyncClusterSecrets(_ClusterSecretsEndpoints, AsyncAPIResource):
    pass
