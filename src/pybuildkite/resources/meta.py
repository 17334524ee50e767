"""Meta (not yet implemented)."""

from __future__ import annotations

from .._resource import AsyncAPIResource, SyncAPIResource

__all__ = ["AsyncMeta", "Meta"]


class _MetaEndpoints:
    pass


class Meta(_MetaEndpoints, SyncAPIResource):
    pass


class AsyncMeta(_MetaEndpoints, AsyncAPIResource):
    pass
