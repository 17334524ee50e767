"""Team members (not yet implemented)."""

from __future__ import annotations

from .._resource import AsyncAPIResource, SyncAPIResource

__all__ = ["AsyncTeamMembers", "TeamMembers"]


class _TeamMembersEndpoints:
    pass


class TeamMembers(_TeamMembersEndpoints, SyncAPIResource):
    pass


class AsyncTeamMembers(_TeamMembersEndpoints, AsyncAPIResource):
    pass
