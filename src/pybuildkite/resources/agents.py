"""Agents (not yet implemented)."""

from __future__ import annotations

from .._resource import AsyncAPIResource, SyncAPIResource

__all__ = ["AsyncAgents", "Agents"]


class _AgentsEndpoints:
    pass


class Agents(_AgentsEndpoints, SyncAPIResource):
    pass


class AsyncAgents(_AgentsEndpoints, AsyncAPIResource):
    pass
