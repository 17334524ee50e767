"""Models of the organization administration groups: invitations, audit events, API and
pipeline settings, repository connections."""

from __future__ import annotations

from typing import Any, Literal

from .._models import BaseModel, Timestamp
from .shared import User

__all__ = [
    "INVITATION_ROLES",
    "INVITATION_TEAM_ROLES",
    "SSO_MODES",
    "AdvancedQueueMetrics",
    "ApiSettings",
    "ApiSettingsFeatures",
    "AuditEvent",
    "AuditEventEntity",
    "BuildExports",
    "Invitation",
    "InvitationRole",
    "InvitationState",
    "InvitationTeam",
    "PipelineSettings",
    "RepositoryConnection",
    "RepositoryConnectionHost",
    "RepositoryConnectionRateLimit",
    "RepositoryConnectionType",
    "RepositoryServiceAccount",
    "SettingToggle",
    "SourceRepository",
    "SsoMode",
]

InvitationState = Literal["pending", "accepted", "revoked", "expired"] | str
InvitationRole = Literal["admin", "member"] | str
SsoMode = Literal["required", "optional"] | str
INVITATION_ROLES = frozenset({"admin", "member"})
INVITATION_TEAM_ROLES = frozenset({"member", "maintainer"})
SSO_MODES = frozenset({"required", "optional"})


class InvitationTeam(BaseModel):
    id: str
    role: Literal["member", "maintainer"] | str | None = None


class Invitation(BaseModel):
    id: str
    graphql_id: str | None = None
    url: str | None = None
    email: str | None = None
    state: InvitationState | None = None
    role: InvitationRole | None = None
    sso_mode: SsoMode | None = None
    teams: list[InvitationTeam] | None = None
    created_at: Timestamp | None = None
    created_by: User | None = None
    accepted_at: Timestamp | None = None
    accepted_by: User | None = None
    revoked_at: Timestamp | None = None
    revoked_by: User | None = None
    expired_at: Timestamp | None = None


class AuditEventEntity(BaseModel):
    """The actor or subject of an audit event."""

    type: str | None = None
    uuid: str | None = None
    name: str | None = None


class AuditEvent(BaseModel):
    uuid: str
    graphql_id: str | None = None
    type: str | None = None  # class-style, e.g. "OrganizationUpdatedEvent"
    occurred_at: Timestamp | None = None
    actor: AuditEventEntity | None = None
    subject: AuditEventEntity | None = None
    context: dict[str, Any] | None = None
    data: dict[str, Any] | None = None
    url: str | None = None


class ApiSettingsFeatures(BaseModel):
    """Which plan-gated settings the organization may use."""

    api_ip_allow_list: bool | None = None
    inactive_api_token_revocation: bool | None = None


class ApiSettings(BaseModel):
    url: str | None = None
    allowed_ip_addresses: str | None = None  # space-separated CIDR ranges
    revoke_inactive_tokens_after_days: int | None = None
    restrict_user_api_token_creation: bool | None = None
    features: ApiSettingsFeatures | None = None


class SettingToggle(BaseModel):
    enabled: bool | None = None
    enabled_at: Timestamp | None = None
    enabled_by: User | None = None


class AdvancedQueueMetrics(SettingToggle):
    disable_supported: bool | None = None


class BuildExports(BaseModel):
    available: bool | None = None
    enabled: bool | None = None
    location: str | None = None
    strategy_id: str | None = None
    supported_strategies: list[str] | None = None


class PipelineSettings(BaseModel):
    url: str | None = None
    default_branch: str | None = None
    default_cluster_id: str | None = None
    default_timeout_in_minutes: int | None = None
    maximum_timeout_in_minutes: int | None = None
    scheduled_job_expiry_in_minutes: int | None = None
    hosted_agents_terminal_access: SettingToggle | None = None
    public_pipeline_creation: SettingToggle | None = None
    advanced_queue_metrics: AdvancedQueueMetrics | None = None
    build_exports: BuildExports | None = None


RepositoryConnectionType = (
    Literal[
        "github_app", "github_code_access_app", "github_enterprise_app", "github_restricted_app",
        "github_enterprise", "bitbucket_server", "gitlab_self_managed", "cursor_origin_app",
    ]
    | str
)  # fmt: skip


class RepositoryServiceAccount(BaseModel):
    login: str | None = None


class RepositoryConnectionHost(BaseModel):
    type: str | None = None
    url: str | None = None  # comma-separated for Bitbucket Server with several URLs


class RepositoryConnectionRateLimit(BaseModel):
    limit: int | None = None
    used: int | None = None
    remaining: int | None = None
    reset_at: Timestamp | None = None


class RepositoryConnection(BaseModel):
    """A connected source control integration; ``get`` adds the account, host and rate limit."""

    id: str
    type: RepositoryConnectionType | None = None
    display_name: str | None = None
    url: str | None = None
    service_account: RepositoryServiceAccount | None = None
    host: RepositoryConnectionHost | None = None
    rate_limit: RepositoryConnectionRateLimit | None = None


class SourceRepository(BaseModel):
    """A repository reachable through a repository connection."""

    full_name: str
    html_url: str | None = None
    clone_url: str | None = None
    default_branch: str | None = None
