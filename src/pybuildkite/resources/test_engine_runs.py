"""Test engine runs (not yet implemented)."""

from __future__ import annotations

from .._resource import AsyncAPIResource, SyncAPIResource

__all__ = ["AsyncTestEngineRuns", "TestEngineRuns"]


class _TestEngineRunsEndpoints:
    pass


class TestEngineRuns(_TestEngineRunsEndpoints, SyncAPIResource):
    pass


class AsyncTestEngineRuns(_TestEngineRunsEndpoints, AsyncAPIResource):
    pass
