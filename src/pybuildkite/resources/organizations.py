"""Organizations the token can access."""

from __future__ import annotations

from typing import Unpack

from .._encoding import path
from .._request import APIRequest, api_request
from .._resource import AsyncAPIResource, SyncAPIResource, endpoint, paginated
from .._types import RequestOptions
from ..types.organizations import Organization

__all__ = ["AsyncOrganizations", "Organizations"]


class _OrganizationsEndpoints:
    @paginated
    def list(
        self,
        *,
        per_page: int | None = None,
        limit: int | None = None,
        concurrency: int | None = None,
        **options: Unpack[RequestOptions],
    ) -> APIRequest[Organization]:
        """List the organizations the token can access.

        GET /v2/organizations
        """
        return api_request(
            "GET", "/v2/organizations", cast=Organization, options=options, paginate="page",
            per_page=per_page, limit=limit, concurrency=concurrency,
        )  # fmt: skip

    @endpoint
    def get(self, org: str, **options: Unpack[RequestOptions]) -> APIRequest[Organization]:
        """Get an organization.

        GET /v2/organizations/{org.slug}
        """
        return api_request(
            "GET", path("/v2/organizations/{}", org), cast=Organization, options=options
        )


class Organizations(_OrganizationsEndpoints, SyncAPIResource):
    pass


class AsyncOrganizations(_OrganizationsEndpoints, AsyncAPIResource):
    pass
