"""Package registries (not yet implemented)."""

from __future__ import annotations

from .._resource import AsyncAPIResource, SyncAPIResource

__all__ = ["AsyncPackageRegistries", "PackageRegistries"]


class _PackageRegistriesEndpoints:
    pass


class PackageRegistries(_PackageRegistriesEndpoints, SyncAPIResource):
    pass


class AsyncPackageRegistries(_PackageRegistriesEndpoints, AsyncAPIResource):
    pass
