"""Test engine execution tags (not yet implemented)."""

from __future__ import annotations

from .._resource import AsyncAPIResource, SyncAPIResource

__all__ = ["AsyncTestEngineExecutionTags", "TestEngineExecutionTags"]


class _TestEngineExecutionTagsEndpoints:
    pass


class TestEngineExecutionTags(_TestEngineExecutionTagsEndpoints, SyncAPIResource):
    pass


class AsyncTestEngineExecutionTags(_TestEngineExecutionTagsEndpoints, AsyncAPIResource):
    pass
