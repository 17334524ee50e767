"""Artifacts (not yet implemented)."""

from __future__ import annotations

from .._resource import AsyncAPIResource, SyncAPIResource

__all__ = ["AsyncArtifacts", "Artifacts"]


class _ArtifactsEndpoints:
    pass


class Artifacts(_ArtifactsEndpoints, SyncAPIResource):
    pass


class AsyncArtifacts(_ArtifactsEndpoints, AsyncAPIResource):
    pass
