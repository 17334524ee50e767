"""Test engine tests (not yet implemented)."""

from __future__ import annotations

from .._resource import AsyncAPIResource, SyncAPIResource

__all__ = ["AsyncTestEngineTests", "TestEngineTests"]


class _TestEngineTestsEndpoints:
    pass


class TestEngineTests(_TestEngineTestsEndpoints, SyncAPIResource):
    pass


class AsyncTestEngineTests(_TestEngineTestsEndpoints, AsyncAPIResource):
    pass
