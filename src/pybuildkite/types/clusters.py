"""Cluster models: clusters and their queues, agent tokens, maintainers, secrets, agent images,
network ranges and cache volumes."""

from __future__ import annotations

from typing import Any, Literal, NotRequired, TypedDict

from pydantic import Field

from .._models import BaseModel, Timestamp
from .shared import User

__all__ = [
    "AGENT_IMAGE_STATUSES",
    "RETRY_AGENT_AFFINITIES",
    "AgentImage",
    "AgentImageStatus",
    "CacheVolume",
    "Cluster",
    "ClusterMaintainer",
    "ClusterMaintainers",
    "ClusterQueue",
    "ClusterSecret",
    "ClusterToken",
    "CreatedClusterToken",
    "HostedAgents",
    "HostedAgentsParams",
    "InstanceShape",
    "MaintainerActor",
    "MaintainerType",
    "NetworkRange",
    "RetryAgentAffinity",
    "SecretOrganization",
]

RetryAgentAffinity = Literal["prefer-warmest", "prefer-different"] | str
RETRY_AGENT_AFFINITIES = frozenset({"prefer-warmest", "prefer-different"})
AgentImageStatus = Literal["BUILDING", "READY", "FAILED"] | str
AGENT_IMAGE_STATUSES = frozenset({"BUILDING", "READY", "FAILED"})
MaintainerType = Literal["user", "team"] | str


class HostedAgentsParams(TypedDict):
    """The ``hosted_agents=`` argument of queue create/update (sent as camelCase)."""

    instance_shape: str  # e.g. "LINUX_AMD64_2X4"
    agent_image_ref: NotRequired[str | None]  # Linux only; ignored on create


class MaintainerActor(BaseModel):
    id: str
    graphql_id: str | None = None
    name: str | None = None
    email: str | None = None
    slug: str | None = None
    type: MaintainerType | None = None


class ClusterMaintainer(BaseModel):
    """A maintainer entry; ``id`` names the permission, ``actor`` the user or team."""

    id: str
    actor: MaintainerActor | None = None


class ClusterMaintainers(BaseModel):
    users: list[ClusterMaintainer] = Field(default_factory=list)
    teams: list[ClusterMaintainer] = Field(default_factory=list)


class Cluster(BaseModel):
    id: str
    graphql_id: str | None = None
    default_queue_id: str | None = None
    name: str | None = None
    description: str | None = None
    emoji: str | None = None
    color: str | None = None
    maintainers: ClusterMaintainers | None = None
    url: str | None = None
    web_url: str | None = None
    queues_url: str | None = None
    default_queue_url: str | None = None
    created_at: Timestamp | None = None
    created_by: User | None = None
    # Present only for callers allowed to manage the cluster.
    hosted_git_mirror_enabled: bool | None = None
    hosted_container_cache_enabled: bool | None = None


class InstanceShape(BaseModel):
    name: str | None = None
    machine_type: str | None = None
    architecture: str | None = None
    cpu: int | None = None
    memory: int | None = None


class HostedAgents(BaseModel):
    instance_shape: InstanceShape | None = None
    platform_settings: dict[str, Any] | None = None

    @property
    def agent_image_ref(self) -> str | None:
        """The Linux agent image (``platform_settings.linux.agent_image_ref``), if any."""
        linux = (self.platform_settings or {}).get("linux")
        ref = linux.get("agent_image_ref") if isinstance(linux, dict) else None
        return ref if isinstance(ref, str) else None


class ClusterQueue(BaseModel):
    id: str
    graphql_id: str | None = None
    key: str | None = None
    description: str | None = None
    url: str | None = None
    web_url: str | None = None
    cluster_url: str | None = None
    retry_agent_affinity: RetryAgentAffinity | None = None
    dispatch_paused: bool | None = None
    dispatch_paused_by: User | None = None
    dispatch_paused_at: Timestamp | None = None
    dispatch_paused_note: str | None = None
    created_at: Timestamp | None = None
    created_by: User | None = None
    hosted: bool | None = None
    hosted_agents: HostedAgents | None = None


class ClusterToken(BaseModel):
    """A cluster agent token; its secret value is only in :class:`CreatedClusterToken`."""

    id: str
    graphql_id: str | None = None
    description: str | None = None
    allowed_ip_addresses: str | None = None  # space-separated CIDRs
    expires_at: Timestamp | None = None
    url: str | None = None
    cluster_url: str | None = None
    created_at: Timestamp | None = None
    created_by: User | None = None


class CreatedClusterToken(ClusterToken):
    """The create answer: the only time Buildkite shows the token's value."""

    token: str = Field(repr=False)


class SecretOrganization(BaseModel):
    id: str | None = None
    slug: str | None = None
    url: str | None = None
    web_url: str | None = None


class ClusterSecret(BaseModel):
    """A cluster secret's details; its value is write-only and never returned."""

    id: str
    graphql_id: str | None = None
    key: str
    description: str | None = None
    policy: str | None = None
    url: str | None = None
    cluster_url: str | None = None
    created_at: Timestamp | None = None
    created_by: User | None = None
    updated_at: Timestamp | None = None
    updated_by: User | None = None
    last_read_at: Timestamp | None = None
    organization: SecretOrganization | None = None


class AgentImage(BaseModel):
    id: str
    name: str | None = None
    status: AgentImageStatus | None = None
    image_ref: str | None = None
    version: int | str | None = None
    last_build_error: str | None = None
    dockerfile: str | None = None
    base_image: str | None = None
    composed_dockerfile: str | None = None
    url: str | None = None
    web_url: str | None = None
    cluster_url: str | None = None


class NetworkRange(BaseModel):
    cidr_range: str
    kind: str | None = None


class CacheVolume(BaseModel):
    id: str
    tag: str | None = None
    cluster_id: str | None = None
    size_mb: int | float | None = None
    created_at: Timestamp | None = None
    attached_at: Timestamp | None = None
    detached_at: Timestamp | None = None
