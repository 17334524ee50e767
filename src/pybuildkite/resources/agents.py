"""Agents: list, get, stop, pause and resume."""

from __future__ import annotations

from typing import Unpack

from .._encoding import path
from .._request import APIRequest, api_request
from .._resource import AsyncAPIResource, SyncAPIResource, endpoint, paginated
from .._types import NOT_GIVEN, NotGiven, RequestOptions
from .._validate import check_bool, check_int, check_str
from ..types.agents import Agent

__all__ = ["Agents", "AsyncAgents"]


def _agent_path(org: str, agent_id: str, action: str = "") -> str:
    return path("/v2/organizations/{}/agents/{}" + action, org, agent_id)


class _AgentsEndpoints:
    @paginated
    def list(
        self,
        org: str,
        *,
        name: str | None = None,
        hostname: str | None = None,
        version: str | None = None,
        cluster_queue_id: str | None = None,
        per_page: int | None = None,
        limit: int | None = None,
        concurrency: int | None = None,
        **options: Unpack[RequestOptions],
    ) -> APIRequest[Agent]:
        """List an organization's connected (and stopping) agents.

        GET /v2/organizations/{org.slug}/agents

        ``version`` matches exactly.
        """
        query = {
            "name": check_str(name, "name"),
            "hostname": check_str(hostname, "hostname"),
            "version": check_str(version, "version"),
            "cluster_queue_id": check_str(cluster_queue_id, "cluster_queue_id"),
        }
        return api_request(
            "GET", path("/v2/organizations/{}/agents", org), cast=Agent, query=query,
            options=options, paginate="page", per_page=per_page, limit=limit,
            concurrency=concurrency,
        )  # fmt: skip

    @endpoint
    def get(self, org: str, agent_id: str, **options: Unpack[RequestOptions]) -> APIRequest[Agent]:
        """Get an agent, whatever its connection state.

        GET /v2/organizations/{org.slug}/agents/{id}
        """
        return api_request("GET", _agent_path(org, agent_id), cast=Agent, options=options)

    @endpoint
    def stop(
        self,
        org: str,
        agent_id: str,
        *,
        force: bool | NotGiven = NOT_GIVEN,
        **options: Unpack[RequestOptions],
    ) -> APIRequest[None]:
        """Stop a connected agent.

        PUT /v2/organizations/{org.slug}/agents/{id}/stop

        By default (``force=True`` on the server) its running job is canceled; with
        ``force=False`` the agent finishes the job first.
        """
        if not isinstance(force, NotGiven):
            check_bool(force, "force")
        return api_request(
            "PUT", _agent_path(org, agent_id, "/stop"), body={"force": force}, options=options
        )

    @endpoint
    def pause(
        self,
        org: str,
        agent_id: str,
        *,
        note: str | NotGiven = NOT_GIVEN,
        timeout_in_minutes: int | NotGiven = NOT_GIVEN,
        **options: Unpack[RequestOptions],
    ) -> APIRequest[None]:
        """Pause a connected agent: it finishes its current job but takes no new ones.

        PUT /v2/organizations/{org.slug}/agents/{id}/pause

        ``timeout_in_minutes`` resumes it automatically after that long.
        """
        if not isinstance(note, NotGiven):
            check_str(note, "note", allow_empty=True)
        if not isinstance(timeout_in_minutes, NotGiven):
            check_int(timeout_in_minutes, "timeout_in_minutes", minimum=1)
        body = {"note": note, "timeout_in_minutes": timeout_in_minutes}
        return api_request("PUT", _agent_path(org, agent_id, "/pause"), body=body, options=options)

    @endpoint
    def resume(
        self, org: str, agent_id: str, **options: Unpack[RequestOptions]
    ) -> APIRequest[None]:
        """Resume a paused agent.

        PUT /v2/organizations/{org.slug}/agents/{id}/resume
        """
        return api_request("PUT", _agent_path(org, agent_id, "/resume"), body={}, options=options)


class Agents(_AgentsEndpoints, SyncAPIResource):
    pass


class AsyncAgents(_AgentsEndpoints, AsyncAPIResource):
    pass
