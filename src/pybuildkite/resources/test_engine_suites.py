"""Test engine suites (not yet implemented)."""

from __future__ import annotations

from .._resource import AsyncAPIResource, SyncAPIResource

__all__ = ["AsyncTestEngineSuites", "TestEngineSuites"]


class _TestEngineSuitesEndpoints:
    pass


class TestEngineSuites(_TestEngineSuitesEndpoints, SyncAPIResource):
    pass


class AsyncTestEngineSuites(_TestEngineSuitesEndpoints, AsyncAPIResource):
    pass
