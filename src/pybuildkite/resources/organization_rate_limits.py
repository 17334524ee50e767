"""Organization rate limits (not yet implemented)."""

from __future__ import annotations

from .._resource import AsyncAPIResource, SyncAPIResource

__all__ = ["AsyncOrganizationRateLimits", "OrganizationRateLimits"]


class _OrganizationRateLimitsEndpoints:
    pass


class OrganizationRateLimits(_OrganizationRateLimitsEndpoints, SyncAPIResource):
    pass


class AsyncOrganizationRateLimits(_OrganizationRateLimitsEndpoints, AsyncAPIResource):
    pass
