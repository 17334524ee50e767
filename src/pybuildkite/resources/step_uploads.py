"""Step uploads (not yet implemented)."""

from __future__ import annotations

from .._resource import AsyncAPIResource, SyncAPIResource

__all__ = ["AsyncStepUploads", "StepUploads"]


class _StepUploadsEndpoints:
    pass


class StepUploads(_StepUploadsEndpoints, SyncAPIResource):
    pass


class AsyncStepUploads(_StepUploadsEndpoints, AsyncAPIResource):
    pass
