"""Repository connections (not yet implemented)."""

from __future__ import annotations

from .._resource import AsyncAPIResource, SyncAPIResource

__all__ = ["AsyncRepositoryConnections", "RepositoryConnections"]


class _RepositoryConnectionsEndpoints:
    pass


class RepositoryConnections(_RepositoryConnectionsEndpoints, SyncAPIResource):
    pass


class AsyncRepositoryConnections(_RepositoryConnectionsEndpoints, AsyncAPIResource):
    pass
