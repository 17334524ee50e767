"""Organizations (1.x ``pybuildkite.organizations``)."""

from __future__ import annotations

from typing import Any

from ._base import Resource

__all__ = ["Organizations"]


class Organizations(Resource):
    """Organization operations for the Buildkite API."""

    def list_all(self, page: int = 0, with_pagination: bool = False) -> Any:
        """Returns a paginated list of the user's organizations.

        :param page: Int to determine which page to read from
        :param with_pagination: Bool to return a response with pagination attributes
        """
        return self.client.get(
            self._url("organizations"), {"page": page}, with_pagination=with_pagination
        )

    def get_org(self, org_name: str) -> Any:
        """Get an organization.

        :param org_name: Organisation slug
        """
        return self.client.get(self._url("organizations/{}", org_name))
