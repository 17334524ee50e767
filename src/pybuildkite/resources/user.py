"""User: who the token belongs to."""

from __future__ import annotations

from typing import Unpack

from .._request import APIRequest, api_request
from .._resource import AsyncAPIResource, SyncAPIResource, endpoint
from .._types import RequestOptions
from ..types import shared as t

__all__ = ["AsyncUser", "User"]


class _UserEndpoints:
    @endpoint
    def get(self, **options: Unpack[RequestOptions]) -> APIRequest[t.User]:
        """Get the user the token belongs to.

        GET /v2/user
        """
        return api_request("GET", "/v2/user", cast=t.User, options=options)


class User(_UserEndpoints, SyncAPIResource):
    pass


class AsyncUser(_UserEndpoints, AsyncAPIResource):
    pass
