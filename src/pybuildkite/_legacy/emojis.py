"""Emojis (1.x ``pybuildkite.emojis``)."""

from __future__ import annotations

from typing import Any

from ._base import Resource

__all__ = ["Emojis"]


class Emojis(Resource):
    """Emoji operations for the Buildkite API."""

    def list_emojis(self, organization: str, page: int = 0, with_pagination: bool = False) -> Any:
        """Returns a list of all the emojis for a given organization.

        :param organization: organization slug
        :param page: Int to determine which page to read from
        :param with_pagination: Bool to return a response with pagination attributes
        """
        return self.client.get(
            self._url("organizations/{}/emojis", organization),
            {"page": page},
            with_pagination=with_pagination,
        )
