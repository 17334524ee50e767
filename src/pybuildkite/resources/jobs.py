"""Jobs (not yet implemented)."""

from __future__ import annotations

from .._resource import AsyncAPIResource, SyncAPIResource

__all__ = ["AsyncJobs", "Jobs"]


class _JobsEndpoints:
    pass


class Jobs(_JobsEndpoints, SyncAPIResource):
    pass


class AsyncJobs(_JobsEndpoints, AsyncAPIResource):
    pass
