"""Notification service models (webhooks, Slack, EventBridge, Datadog, OpenTelemetry...)."""

from __future__ import annotations

from typing import Any, Literal, TypedDict

from .._models import BaseModel, Timestamp
from .shared import User

__all__ = [
    "BUILD_STATE_KEYS",
    "SCOPES",
    "TOKEN_MODES",
    "NotificationProvider",
    "NotificationScope",
    "NotificationService",
    "ProviderId",
    "TokenMode",
    "WebhookSettings",
]

ProviderId = (
    Literal[
        "webhook", "slack", "aws_event_bridge", "datadog_pipeline_visibility",
        "open_telemetry_tracing", "event_log_api", "slack_workspace", "linear",
    ]
    | str
)  # fmt: skip
NotificationScope = Literal["all", "some_projects", "some_teams", "some_clusters"] | str
TokenMode = Literal["token", "signature"] | str
SCOPES = frozenset({"all", "some_projects", "some_teams", "some_clusters"})
TOKEN_MODES = frozenset({"token", "signature"})
#: The keys ``build_states`` accepts; each maps to whether that state notifies.
BUILD_STATE_KEYS = frozenset(
    {"build_passed", "build_fixed", "build_failed", "build_blocked", "build_canceled",
     "build_failing", "job_activated"}
)  # fmt: skip


class WebhookSettings(TypedDict, total=False):
    """``settings`` of a ``webhook`` service.

    ``token_mode="token"`` sends the token as ``X-Buildkite-Token``; ``"signature"`` signs each
    delivery with it (``X-Buildkite-Signature``).
    """

    url: str
    token: str
    token_mode: TokenMode
    version: int
    events: list[str]
    tls_verify: bool


class NotificationProvider(BaseModel):
    id: ProviderId
    name: str | None = None


class NotificationService(BaseModel):
    id: str
    graphql_id: str | None = None
    url: str | None = None
    provider: NotificationProvider | None = None
    description: str | None = None
    enabled: bool | None = None
    scope: NotificationScope | None = None
    scope_uuids: list[str] | None = None
    branch_configuration: str | None = None  # "" means every branch
    build_states: dict[str, bool] | None = None
    # Provider-specific; webhook tokens come back in full, other secrets masked or omitted.
    settings: dict[str, Any] | None = None
    created_at: Timestamp | None = None
    created_by: User | None = None
