"""Organization pipeline settings (not yet implemented)."""

from __future__ import annotations

from .._resource import AsyncAPIResource, SyncAPIResource

__all__ = ["AsyncOrganizationPipelineSettings", "OrganizationPipelineSettings"]


class _OrganizationPipelineSettingsEndpoints:
    pass


class OrganizationPipelineSettings(_OrganizationPipelineSettingsEndpoints, SyncAPIResource):
    pass


class AsyncOrganizationPipelineSettings(_OrganizationPipelineSettingsEndpoints, AsyncAPIResource):
    pass
