"""Organizations (not yet implemented)."""

from __future__ import annotations

from .._resource import AsyncAPIResource, SyncAPIResource

__all__ = ["AsyncOrganizations", "Organizations"]


class _OrganizationsEndpoints:
    pass


class Organizations(_OrganizationsEndpoints, SyncAPIResource):
    pass


class AsyncOrganizations(_OrganizationsEndpoints, AsyncAPIResource):
    pass
