"""Organization audit events (Enterprise plan, organization admins): list and get."""

from __future__ import annotations

from typing import Unpack

from .._encoding import path
from .._request import APIRequest, api_request
from .._resource import AsyncAPIResource, SyncAPIResource, endpoint, paginated
from .._types import RequestOptions
from ..types.organization_admin import AuditEvent

__all__ = ["AsyncOrganizationAuditEvents", "OrganizationAuditEvents"]


class _OrganizationAuditEventsEndpoints:
    @paginated
    def list(
        self,
        org: str,
        *,
        per_page: int | None = None,
        limit: int | None = None,
        **options: Unpack[RequestOptions],
    ) -> APIRequest[AuditEvent]:
        """List audit events, newest first.

        GET /v2/organizations/{org.slug}/audit_events
        """
        return api_request(
            "GET", path("/v2/organizations/{}/audit_events", org), cast=AuditEvent,
            options=options, paginate="cursor", per_page=per_page, limit=limit,
        )  # fmt: skip

    @endpoint
    def get(self, org: str, uuid: str, **options: Unpack[RequestOptions]) -> APIRequest[AuditEvent]:
        """Get an audit event.

        GET /v2/organizations/{org.slug}/audit_events/{uuid}
        """
        return api_request(
            "GET", path("/v2/organizations/{}/audit_events/{}", org, uuid), cast=AuditEvent,
            options=options,
        )  # fmt: skip


class OrganizationAuditEvents(_OrganizationAuditEventsEndpoints, SyncAPIResource):
    pass


class AsyncOrganizationAuditEvents(_OrganizationAuditEventsEndpoints, AsyncAPIResource):
    pass
