"""Annotations (not yet implemented)."""

from __future__ import annotations

from .._resource import AsyncAPIResource, SyncAPIResource

__all__ = ["AsyncAnnotations", "Annotations"]


class _AnnotationsEndpoints:
    pass


class Annotations(_AnnotationsEndpoints, SyncAPIResource):
    pass


class AsyncAnnotations(_AnnotationsEndpoints, AsyncAPIResource):
    pass
