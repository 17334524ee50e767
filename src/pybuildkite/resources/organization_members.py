"""Organization members (not yet implemented)."""

from __future__ import annotations

from .._resource import AsyncAPIResource, SyncAPIResource

__all__ = ["AsyncOrganizationMembers", "OrganizationMembers"]


class _OrganizationMembersEndpoints:
    pass


class OrganizationMembers(_OrganizationMembersEndpoints, SyncAPIResource):
    pass


class AsyncOrganizationMembers(_OrganizationMembersEndpoints, AsyncAPIResource):
    pass
