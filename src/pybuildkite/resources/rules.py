"""Rules (not yet implemented)."""

from __future__ import annotations

from .._resource import AsyncAPIResource, SyncAPIResource

__all__ = ["AsyncRules", "Rules"]


class _RulesEndpoints:
    pass


class Rules(_RulesEndpoints, SyncAPIResource):
    pass


class AsyncRules(_RulesEndpoints, AsyncAPIResource):
    pass
