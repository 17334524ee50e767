"""Portals (not yet implemented)."""

from __future__ import annotations

from .._resource import AsyncAPIResource, SyncAPIResource

__all__ = ["AsyncPortals", "Portals"]


class _PortalsEndpoints:
    pass


class Portals(_PortalsEndpoints, SyncAPIResource):
    pass


class AsyncPortals(_PortalsEndpoints, AsyncAPIResource):
    pass
