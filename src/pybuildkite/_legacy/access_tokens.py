"""Access-token operations (1.x ``pybuildkite.access_tokens``)."""

from __future__ import annotations

from typing import Any

from ._base import Resource

__all__ = ["AccessTokens"]


class AccessTokens(Resource):
    """Access Token operations for the Buildkite API."""

    def get_token(self) -> Any:
        """Get data on the token used for the request."""
        return self.client.get(self._url("access-token"))

    def revoke_token(self) -> Any:
        """Revoke the token that is used for the request (returns ``True``)."""
        return self.client.delete(self._url("access-token"))
