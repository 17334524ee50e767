"""Test engine quarantine (not yet implemented)."""

from __future__ import annotations

from .._resource import AsyncAPIResource, SyncAPIResource

__all__ = ["AsyncTestEngineQuarantine", "TestEngineQuarantine"]


class _TestEngineQuarantineEndpoints:
    pass


class TestEngineQuarantine(_TestEngineQuarantineEndpoints, SyncAPIResource):
    pass


class AsyncTestEngineQuarantine(_TestEngineQuarantineEndpoints, AsyncAPIResource):
    pass
