"""Pipeline schedules (not yet implemented)."""

from __future__ import annotations

from .._resource import AsyncAPIResource, SyncAPIResource

__all__ = ["AsyncPipelineSchedules", "PipelineSchedules"]


class _PipelineSchedulesEndpoints:
    pass


class PipelineSchedules(_PipelineSchedulesEndpoints, SyncAPIResource):
    pass


class AsyncPipelineSchedules(_PipelineSchedulesEndpoints, AsyncAPIResource):
    pass
