"""Pipeline templates (not yet implemented)."""

from __future__ import annotations

from .._resource import AsyncAPIResource, SyncAPIResource

__all__ = ["AsyncPipelineTemplates", "PipelineTemplates"]


class _PipelineTemplatesEndpoints:
    pass


class PipelineTemplates(_PipelineTemplatesEndpoints, SyncAPIResource):
    pass


class AsyncPipelineTemplates(_PipelineTemplatesEndpoints, AsyncAPIResource):
    pass
