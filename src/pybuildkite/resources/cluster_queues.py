"""Cluster queues: list, get, create (self-hosted or Buildkite hosted), update, delete, and
pause or resume dispatch."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Literal, Unpack

from .._request import APIRequest, api_request
from .._resource import AsyncAPIResource, SyncAPIResource, endpoint, paginated
from .._types import NOT_GIVEN, NotGiven, RequestOptions
from .._validate import check_body, check_str
from ..types.clusters import RETRY_AGENT_AFFINITIES, ClusterQueue, HostedAgentsParams
from .clusters import cluster_path

__all__ = ["AsyncClusterQueues", "ClusterQueues"]

Affinity = Literal["prefer-warmest", "prefer-different"]
_AFFINITY = {"retry_agent_affinity": RETRY_AGENT_AFFINITIES}


def _hosted_agents(value: Any) -> dict[str, Any] | NotGiven:
    """Our snake_case keyword as the camelCase object this one endpoint expects."""
    if isinstance(value, NotGiven):
        return value
    if not isinstance(value, Mapping):
        raise TypeError(
            'hosted_agents must be a mapping like {"instance_shape": "LINUX_AMD64_2X4"}'
        )
    unknown = set(value) - {"instance_shape", "agent_image_ref"}
    if unknown:
        raise ValueError(f"unknown hosted_agents key(s): {', '.join(sorted(map(str, unknown)))}")
    shape = value.get("instance_shape")
    if shape is None:
        raise ValueError("hosted_agents needs an instance_shape")
    out: dict[str, Any] = {"instanceShape": check_str(shape, "hosted_agents.instance_shape")}
    if "agent_image_ref" in value:
        ref = value["agent_image_ref"]
        out["agentImageRef"] = check_str(ref, "hosted_agents.agent_image_ref")
    return out


def _queue_body(
    fields: dict[str, Any], hosted_agents: Any, required: tuple[str, ...] = ()
) -> dict[str, Any]:
    body = check_body(fields, required=required, choices=_AFFINITY)
    body["hostedAgents"] = _hosted_agents(hosted_agents)
    return body


class _ClusterQueuesEndpoints:
    @paginated
    def list(
        self,
        org: str,
        cluster_id: str,
        *,
        per_page: int | None = None,
        limit: int | None = None,
        concurrency: int | None = None,
        **options: Unpack[RequestOptions],
    ) -> APIRequest[ClusterQueue]:
        """List a cluster's queues.

        GET /v2/organizations/{org.slug}/clusters/{cluster.id}/queues
        """
        return api_request(
            "GET", cluster_path(org, cluster_id, "/queues"), cast=ClusterQueue, options=options,
            paginate="page", per_page=per_page, limit=limit, concurrency=concurrency,
        )  # fmt: skip

    @endpoint
    def get(
        self, org: str, cluster_id: str, queue_id: str, **options: Unpack[RequestOptions]
    ) -> APIRequest[ClusterQueue]:
        """Get a queue.

        GET /v2/organizations/{org.slug}/clusters/{cluster.id}/queues/{id}
        """
        return api_request(
            "GET", cluster_path(org, cluster_id, "/queues/{}", queue_id), cast=ClusterQueue,
            options=options,
        )  # fmt: skip

    @endpoint
    def create(
        self,
        org: str,
        cluster_id: str,
        *,
        key: str,
        description: str | NotGiven = NOT_GIVEN,
        retry_agent_affinity: Affinity | NotGiven = NOT_GIVEN,
        hosted_agents: HostedAgentsParams | NotGiven = NOT_GIVEN,
        **options: Unpack[RequestOptions],
    ) -> APIRequest[ClusterQueue]:
        """Create a queue; with ``hosted_agents`` it is a Buildkite hosted queue.

        POST /v2/organizations/{org.slug}/clusters/{cluster.id}/queues

        ``hosted_agents={"instance_shape": "LINUX_AMD64_2X4"}`` is sent as the API's camelCase
        ``hostedAgents: {instanceShape}``. The server ignores an ``agent_image_ref`` on create.
        """
        body = _queue_body(
            {"key": key, "description": description, "retry_agent_affinity": retry_agent_affinity},
            hosted_agents, required=("key",),
        )  # fmt: skip
        return api_request(
            "POST", cluster_path(org, cluster_id, "/queues"), cast=ClusterQueue, body=body,
            options=options,
        )  # fmt: skip

    @endpoint
    def update(
        self,
        org: str,
        cluster_id: str,
        queue_id: str,
        *,
        description: str | NotGiven | None = NOT_GIVEN,
        retry_agent_affinity: Affinity | NotGiven = NOT_GIVEN,
        hosted_agents: HostedAgentsParams | NotGiven = NOT_GIVEN,
        **options: Unpack[RequestOptions],
    ) -> APIRequest[ClusterQueue]:
        """Update a queue; fields left out are kept.

        PUT /v2/organizations/{org.slug}/clusters/{cluster.id}/queues/{id}

        For a hosted queue only the size of the instance shape can change.
        """
        body = _queue_body(
            {"description": description, "retry_agent_affinity": retry_agent_affinity},
            hosted_agents,
        )
        return api_request(
            "PUT", cluster_path(org, cluster_id, "/queues/{}", queue_id), cast=ClusterQueue,
            body=body, options=options,
        )  # fmt: skip

    @endpoint
    def delete(
        self, org: str, cluster_id: str, queue_id: str, **options: Unpack[RequestOptions]
    ) -> APIRequest[None]:
        """Delete a queue.

        DELETE /v2/organizations/{org.slug}/clusters/{cluster.id}/queues/{id}
        """
        return api_request(
            "DELETE", cluster_path(org, cluster_id, "/queues/{}", queue_id), options=options
        )

    @endpoint
    def pause_dispatch(
        self,
        org: str,
        cluster_id: str,
        queue_id: str,
        *,
        dispatch_paused_note: str | NotGiven = NOT_GIVEN,
        **options: Unpack[RequestOptions],
    ) -> APIRequest[ClusterQueue]:
        """Stop dispatching jobs to the queue's agents (422 if it is already paused).

        POST /v2/organizations/{org.slug}/clusters/{cluster.id}/queues/{id}/pause_dispatch
        """
        body = check_body({"dispatch_paused_note": dispatch_paused_note})
        return api_request(
            "POST", cluster_path(org, cluster_id, "/queues/{}/pause_dispatch", queue_id),
            cast=ClusterQueue, body=body, options=options,
        )  # fmt: skip

    @endpoint
    def resume_dispatch(
        self, org: str, cluster_id: str, queue_id: str, **options: Unpack[RequestOptions]
    ) -> APIRequest[ClusterQueue]:
        """Resume dispatching jobs to a paused queue (422 if it is not paused).

        POST /v2/organizations/{org.slug}/clusters/{cluster.id}/queues/{id}/resume_dispatch
        """
        return api_request(
            "POST", cluster_path(org, cluster_id, "/queues/{}/resume_dispatch", queue_id),
            cast=ClusterQueue, options=options,
        )  # fmt: skip


class ClusterQueues(_ClusterQueuesEndpoints, SyncAPIResource):
    pass


class AsyncClusterQueues(_ClusterQueuesEndpoints, AsyncAPIResource):
    pass
