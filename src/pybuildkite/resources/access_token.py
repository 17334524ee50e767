"""Access token: inspect or revoke the token the client authenticates with."""

from __future__ import annotations

from typing import Unpack

from .._request import APIRequest, api_request
from .._resource import AsyncAPIResource, SyncAPIResource, endpoint
from .._types import RequestOptions
from ..types import access_token as t

__all__ = ["AccessToken", "AsyncAccessToken"]


class _AccessTokenEndpoints:
    @endpoint
    def get(self, **options: Unpack[RequestOptions]) -> APIRequest[t.AccessToken]:
        """Get the current token: its scopes, expiry and owner.

        GET /v2/access-token
        """
        return api_request("GET", "/v2/access-token", cast=t.AccessToken, options=options)

    @endpoint
    def revoke(self, **options: Unpack[RequestOptions]) -> APIRequest[None]:
        """Revoke the current token; every later request with it fails with 401.

        DELETE /v2/access-token
        """
        return api_request("DELETE", "/v2/access-token", options=options)


class AccessToken(_AccessTokenEndpoints, SyncAPIResource):
    pass


class AsyncAccessToken(_AccessTokenEndpoints, AsyncAPIResource):
    pass
