"""Test engine flaky tests (not yet implemented)."""

from __future__ import annotations

from .._resource import AsyncAPIResource, SyncAPIResource

__all__ = ["AsyncTestEngineFlakyTests", "TestEngineFlakyTests"]


class _TestEngineFlakyTestsEndpoints:
    pass


class TestEngineFlakyTests(_TestEngineFlakyTestsEndpoints, SyncAPIResource):
    pass


class AsyncTestEngineFlakyTests(_TestEngineFlakyTestsEndpoints, AsyncAPIResource):
    pass
