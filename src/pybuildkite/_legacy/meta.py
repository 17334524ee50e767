"""Meta information (1.x ``pybuildkite.meta``)."""

from __future__ import annotations

from typing import Any

from ._base import Resource

__all__ = ["Meta"]


class Meta(Resource):
    """Meta operations for the Buildkite API."""

    def get_meta_information(self) -> Any:
        """Returns meta information (e.g. the webhook IPs)."""
        return self.client.get(self._url("meta"))
