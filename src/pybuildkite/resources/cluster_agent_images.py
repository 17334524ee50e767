"""Cluster agent images (Buildkite hosted agents): list, get, create, delete."""

from __future__ import annotations

from typing import Unpack

from .._request import APIRequest, api_request
from .._resource import AsyncAPIResource, SyncAPIResource, endpoint
from .._types import RequestOptions
from .._validate import check_body
from ..types.clusters import AgentImage
from .clusters import cluster_path

__all__ = ["AsyncClusterAgentImages", "ClusterAgentImages"]


class _ClusterAgentImagesEndpoints:
    @endpoint
    def list(
        self, org: str, cluster_id: str, **options: Unpack[RequestOptions]
    ) -> APIRequest[list[AgentImage]]:
        """List a hosted cluster's agent images, sorted by name (one unpaginated answer).

        GET /v2/organizations/{org.slug}/clusters/{cluster.id}/agent-images
        """
        return api_request(
            "GET", cluster_path(org, cluster_id, "/agent-images"), cast=list[AgentImage],
            options=options,
        )  # fmt: skip

    @endpoint
    def get(
        self, org: str, cluster_id: str, image_id: str, **options: Unpack[RequestOptions]
    ) -> APIRequest[AgentImage]:
        """Get an agent image.

        GET /v2/organizations/{org.slug}/clusters/{cluster.id}/agent-images/{id}
        """
        return api_request(
            "GET", cluster_path(org, cluster_id, "/agent-images/{}", image_id), cast=AgentImage,
            options=options,
        )  # fmt: skip

    @endpoint
    def create(
        self,
        org: str,
        cluster_id: str,
        *,
        name: str,
        dockerfile: str,
        **options: Unpack[RequestOptions],
    ) -> APIRequest[AgentImage]:
        """Create an agent image; it builds in the background (poll until READY or FAILED).

        POST /v2/organizations/{org.slug}/clusters/{cluster.id}/agent-images

        ``dockerfile`` has no ``FROM`` line (Buildkite adds the base image) and may be empty.
        A name already used in the cluster is answered with 409.
        """
        body = check_body({"name": name, "dockerfile": dockerfile},
                          required=("name", "dockerfile"), allow_empty=("dockerfile",))  # fmt: skip
        return api_request(
            "POST", cluster_path(org, cluster_id, "/agent-images"), cast=AgentImage, body=body,
            options=options,
        )  # fmt: skip

    @endpoint
    def delete(
        self, org: str, cluster_id: str, image_id: str, **options: Unpack[RequestOptions]
    ) -> APIRequest[None]:
        """Delete an agent image (409 while queues use it).

        DELETE /v2/organizations/{org.slug}/clusters/{cluster.id}/agent-images/{id}
        """
        return api_request(
            "DELETE", cluster_path(org, cluster_id, "/agent-images/{}", image_id),
            options=options,
        )  # fmt: skip


class ClusterAgentImages(_ClusterAgentImagesEndpoints, SyncAPIResource):
    pass


class AsyncClusterAgentImages(_ClusterAgentImagesEndpoints, AsyncAPIResource):
    pass
