"""Packages (not yet implemented)."""

from __future__ import annotations

from .._resource import AsyncAPIResource, SyncAPIResource

__all__ = ["AsyncPackages", "Packages"]


class _PackagesEndpoints:
    pass


class Packages(_PackagesEndpoints, SyncAPIResource):
    pass


class AsyncPackages(_PackagesEndpoints, AsyncAPIResource):
    pass
