"""Teams (1.x ``pybuildkite.teams``)."""

from __future__ import annotations

from typing import Any

from ._base import Resource

__all__ = ["Teams"]


class Teams(Resource):
    """Teams operations for the Buildkite API."""

    def list_teams(
        self,
        organization: str,
        user_id: str | None = None,
        page: int = 0,
        with_pagination: bool = False,
    ) -> Any:
        """Returns a list of all the teams for a given organization.

        :param organization: organization slug
        :param user_id: only the teams this user (UUID) is a member of
        :param page: Int to determine which page to read from
        :param with_pagination: bool to return a response with pagination attributes
        """
        return self.client.get(
            self._url("organizations/{}/teams", organization),
            {"page": page, "user_id": user_id},
            with_pagination=with_pagination,
        )
