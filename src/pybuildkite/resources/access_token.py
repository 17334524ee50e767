"""Access token (not yet implemented)."""

from __future__ import annotations

from .._resource import AsyncAPIResource, SyncAPIResource

__all__ = ["AsyncAccessToken", "AccessToken"]


class _AccessTokenEndpoints:
    pass


class AccessToken(_AccessTokenEndpoints, SyncAPIResource):
    pass


class AsyncAccessToken(_AccessTokenEndpoints, AsyncAPIResource):
    pass
