"""GraphQL client (not yet implemented)."""

from __future__ import annotations

from typing import Any

__all__ = ["AsyncGraphQL", "GraphQL"]


class GraphQL:
    def __init__(self, client: Any) -> None:
        self._client = client


class AsyncGraphQL:
    def __init__(self, client: Any) -> None:
        self._client = client
