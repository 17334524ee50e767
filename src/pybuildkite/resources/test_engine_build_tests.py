"""Test engine build tests (not yet implemented)."""

from __future__ import annotations

from .._resource import AsyncAPIResource, SyncAPIResource

__all__ = ["AsyncTestEngineBuildTests", "TestEngineBuildTests"]


class _TestEngineBuildTestsEndpoints:
    pass


class TestEngineBuildTests(_TestEngineBuildTestsEndpoints, SyncAPIResource):
    pass


class AsyncTestEngineBuildTests(_TestEngineBuildTestsEndpoints, AsyncAPIResource):
    pass
