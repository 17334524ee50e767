"""Team suites (not yet implemented)."""

from __future__ import annotations

from .._resource import AsyncAPIResource, SyncAPIResource

__all__ = ["AsyncTeamSuites", "TeamSuites"]


class _TeamSuitesEndpoints:
    pass


class TeamSuites(_TeamSuitesEndpoints, SyncAPIResource):
    pass


class AsyncTeamSuites(_TeamSuitesEndpoints, AsyncAPIResource):
    pass
