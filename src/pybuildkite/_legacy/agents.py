"""Agents (1.x ``pybuildkite.agents``)."""

# 1.x's methods take their arguments positionally; their signatures are kept as they were.
# ruff: noqa: PLR0917

from __future__ import annotations

from typing import Any

from ._base import Resource

__all__ = ["Agents"]


class Agents(Resource):
    """Agent operations for the Buildkite API."""

    def list_all(
        self,
        organization: str,
        name: str | None = None,
        hostname: str | None = None,
        version: str | None = None,
        page: int = 0,
        with_pagination: bool = False,
    ) -> Any:
        """Returns a paginated list of an organization's agents.

        :param organization: Organization slug
        :param name: Filters the results by the given agent name
        :param hostname: Filters the results by the given hostname
        :param version: Filters the results by the given exact version number
        :param page: Int to determine which page to read from
        :param with_pagination: Bool to return a response with pagination attributes
        """
        return self.client.get(
            self._url("organizations/{}/agents", organization),
            {"name": name, "hostname": hostname, "version": version, "page": page},
            with_pagination=with_pagination,
        )

    def get_agent(self, organization: str, agent_id: str) -> Any:
        """Get an agent.

        :param organization: Organization slug
        :param agent_id: Agent id
        """
        return self.client.get(self._url("organizations/{}/agents/{}", organization, agent_id))

    def stop_agent(self, organization: str, agent_id: str, force: bool = True) -> Any:
        """Stop an agent (returns ``True``).

        :param organization: Organization slug
        :param agent_id: Agent id
        :param force: Whether or not to force the agent to stop if processing a job
        """
        return self.client.put(
            self._url("organizations/{}/agents/{}/stop", organization, agent_id),
            body={"force": force},
        )
