"""Registry tokens (not yet implemented)."""

from __future__ import annotations

from .._resource import AsyncAPIResource, SyncAPIResource

__all__ = ["AsyncRegistryTokens", "RegistryTokens"]


class _RegistryTokensEndpoints:
    pass


class RegistryTokens(_RegistryTokensEndpoints, SyncAPIResource):
    pass


class AsyncRegistryTokens(_RegistryTokensEndpoints, AsyncAPIResource):
    pass
