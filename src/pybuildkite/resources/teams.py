"""Teams (not yet implemented)."""

from __future__ import annotations

from .._resource import AsyncAPIResource, SyncAPIResource

__all__ = ["AsyncTeams", "Teams"]


class _TeamsEndpoints:
    pass


class Teams(_TeamsEndpoints, SyncAPIResource):
    pass


class AsyncTeams(_TeamsEndpoints, AsyncAPIResource):
    pass
