"""Team pipelines (not yet implemented)."""

from __future__ import annotations

from .._resource import AsyncAPIResource, SyncAPIResource

__all__ = ["AsyncTeamPipelines", "TeamPipelines"]


class _TeamPipelinesEndpoints:
    pass


class TeamPipelines(_TeamPipelinesEndpoints, SyncAPIResource):
    pass


class AsyncTeamPipelines(_TeamPipelinesEndpoints, AsyncAPIResource):
    pass
