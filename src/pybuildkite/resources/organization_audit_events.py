"""Organization audit events (not yet implemented)."""

from __future__ import annotations

from .._resource import AsyncAPIResource, SyncAPIResource

__all__ = ["AsyncOrganizationAuditEvents", "OrganizationAuditEvents"]


class _OrganizationAuditEventsEndpoints:
    pass


class OrganizationAuditEvents(_OrganizationAuditEventsEndpoints, SyncAPIResource):
    pass


class AsyncOrganizationAuditEvents(_OrganizationAuditEventsEndpoints, AsyncAPIResource):
    pass
