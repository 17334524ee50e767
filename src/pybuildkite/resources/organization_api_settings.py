"""Organization api settings (not yet implemented)."""

from __future__ import annotations

from .._resource import AsyncAPIResource, SyncAPIResource

__all__ = ["AsyncOrganizationApiSettings", "OrganizationApiSettings"]


class _OrganizationApiSettingsEndpoints:
    pass


class OrganizationApiSettings(_OrganizationApiSettingsEndpoints, SyncAPIResource):
    pass


class AsyncOrganizationApiSettings(_OrganizationApiSettingsEndpoints, AsyncAPIResource):
    pass
