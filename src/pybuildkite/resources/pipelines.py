"""Pipelines (not yet implemented)."""

from __future__ import annotations

from .._resource import AsyncAPIResource, SyncAPIResource

__all__ = ["AsyncPipelines", "Pipelines"]


class _PipelinesEndpoints:
    pass


class Pipelines(_PipelinesEndpoints, SyncAPIResource):
    pass


class AsyncPipelines(_PipelinesEndpoints, AsyncAPIResource):
    pass
