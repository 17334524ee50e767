"""Organization rate limits: how much of the REST and GraphQL windows is used."""

from __future__ import annotations

from typing import Unpack

from .._encoding import path
from .._request import APIRequest, api_request
from .._resource import AsyncAPIResource, SyncAPIResource, endpoint
from .._types import RequestOptions
from ..types.organizations import OrganizationRateLimits as Limits

__all__ = ["AsyncOrganizationRateLimits", "OrganizationRateLimits"]


class _OrganizationRateLimitsEndpoints:
    @endpoint
    def get(self, org: str, **options: Unpack[RequestOptions]) -> APIRequest[Limits]:
        """Get the organization's REST (60 s) and GraphQL (300 s) rate-limit windows.

        GET /v2/organizations/{org.slug}/rate_limit

        Per-user limits are not in this report; see ``client.rate_limit`` (from the headers).
        """
        return api_request(
            "GET", path("/v2/organizations/{}/rate_limit", org), cast=Limits, options=options
        )


class OrganizationRateLimits(_OrganizationRateLimitsEndpoints, SyncAPIResource):
    pass


class AsyncOrganizationRateLimits(_OrganizationRateLimitsEndpoints, AsyncAPIResource):
    pass
