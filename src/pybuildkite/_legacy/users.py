"""The current user (1.x ``pybuildkite.users``)."""

from __future__ import annotations

from typing import Any

from ._base import Resource

__all__ = ["Users"]


class Users(Resource):
    """User operations for the Buildkite API."""

    def get_current_user(self) -> Any:
        """Returns the current user."""
        return self.client.get(self._url("user"))
