"""Organization invitations (not yet implemented)."""

from __future__ import annotations

from .._resource import AsyncAPIResource, SyncAPIResource

__all__ = ["AsyncOrganizationInvitations", "OrganizationInvitations"]


class _OrganizationInvitationsEndpoints:
    pass


class OrganizationInvitations(_OrganizationInvitationsEndpoints, SyncAPIResource):
    pass


class AsyncOrganizationInvitations(_OrganizationInvitationsEndpoints, AsyncAPIResource):
    pass
