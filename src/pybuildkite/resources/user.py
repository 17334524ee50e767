"""User (not yet implemented)."""

from __future__ import annotations

from .._resource import AsyncAPIResource, SyncAPIResource

__all__ = ["AsyncUser", "User"]


class _UserEndpoints:
    pass


class User(_UserEndpoints, SyncAPIResource):
    pass


class AsyncUser(_UserEndpoints, AsyncAPIResource):
    pass
