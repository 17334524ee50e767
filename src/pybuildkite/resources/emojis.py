"""Emojis (not yet implemented)."""

from __future__ import annotations

from .._resource import AsyncAPIResource, SyncAPIResource

__all__ = ["AsyncEmojis", "Emojis"]


class _EmojisEndpoints:
    pass


class Emojis(_EmojisEndpoints, SyncAPIResource):
    pass


class AsyncEmojis(_EmojisEndpoints, AsyncAPIResource):
    pass
