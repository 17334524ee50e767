"""Notification services: list (cursor pages, oldest first), get, create, update (partial,
settings merged key by key), delete, enable, disable.

Records are complete so that they can drive deliveries: ``provider{id, name}``, ``enabled``,
``scope``/``scope_uuids``, ``branch_configuration``, every ``build_states`` key, and
``settings`` (a webhook gets ``token_mode`` ``"token"`` and a generated ``token`` unless
given; ``events`` defaults to every build event).  ``slack_workspace`` and ``linear`` cannot
be created; the provider cannot change; unknown fields answer 422.

Creating an enabled webhook service, enabling one, or changing its settings emits ``ping``;
the emulator then delivers events to it (see ``pybuildkite.testing._webhooks``).
"""

from __future__ import annotations

from typing import Any

from .. import _render
from .._http import HTTPError, Req, Resp, empty, json_resp, paginate_cursor
from .._state import graphql_id, iso
from ._common import ORG, get_org

Record = dict[str, Any]

SERVICES = ORG + "/services"
SERVICE = SERVICES + "/{uuid}"

PROVIDERS = {
    "webhook": "Webhook",
    "slack": "Slack",
    "aws_event_bridge": "Amazon EventBridge",
    "datadog_pipeline_visibility": "Datadog Pipeline Visibility",
    "open_telemetry_tracing": "OpenTelemetry Tracing",
    "event_log_api": "Event Log API",
    "slack_workspace": "Slack Workspace",
    "linear": "Linear",
}
OAUTH_PROVIDERS = frozenset({"slack_workspace", "linear"})
REQUIRED_SETTINGS = {
    "webhook": ("url",),
    "slack": ("url",),
    "aws_event_bridge": ("aws_region", "aws_account_id"),
    "datadog_pipeline_visibility": ("api_key",),
    "open_telemetry_tracing": ("endpoint",),
}
BUILD_STATE_KEYS = (
    "build_passed", "build_fixed", "build_failed", "build_blocked", "build_canceled",
    "build_failing", "job_activated",
)  # fmt: skip
SCOPES = ("all", "some_projects", "some_teams", "some_clusters")
FIELDS = frozenset(
    {"provider", "description", "branch_configuration", "scope", "scope_uuids", "build_states",
     "settings"}
)  # fmt: skip
WEBHOOK_EVENTS = [
    "ping", "build.scheduled", "build.running", "build.failing", "build.finished",
    "build.skipped", "job.scheduled", "job.started", "job.finished", "job.activated",
]  # fmt: skip


def _invalid(message: str) -> HTTPError:
    return HTTPError(422, f"Validation failed: {message}")


def _collection(req: Req) -> dict[str, Record]:
    return req.store.generic.setdefault(f"/v2/organizations/{get_org(req).slug}/services", {})


def _service(req: Req) -> Record:
    rec = _collection(req).get(req.params["uuid"])
    if rec is None:
        raise HTTPError(404, "No notification service found")
    return rec


def _apply(req: Req, rec: Record, data: dict[str, Any]) -> None:
    """Check ``data`` and merge it into ``rec`` (settings and build states key by key)."""
    unknown = set(data) - FIELDS
    if unknown:
        raise _invalid(f"unknown field(s): {', '.join(sorted(unknown))}")
    for name in ("description", "branch_configuration"):
        if name in data:
            if not isinstance(data[name], str):
                raise _invalid(f"{name} must be a string")
            rec[name] = data[name]
    if "scope" in data:
        if data["scope"] not in SCOPES:
            raise _invalid(f"scope must be one of {', '.join(SCOPES)}")
        rec["scope"] = data["scope"]
    if "scope_uuids" in data:
        uuids = data["scope_uuids"]
        if not isinstance(uuids, list) or not all(isinstance(u, str) for u in uuids):
            raise _invalid("scope_uuids must be an array of UUIDs")
        rec["scope_uuids"] = uuids
    if rec["scope"] == "all":
        rec["scope_uuids"] = []
    states = data.get("build_states", {})
    if not isinstance(states, dict) or any(
        k not in BUILD_STATE_KEYS or not isinstance(v, bool) for k, v in states.items()
    ):
        raise _invalid("build_states must map known build states to booleans")
    rec["build_states"].update(states)
    settings = data.get("settings", {})
    if not isinstance(settings, dict):
        raise _invalid("settings must be an object")
    merged = {**rec["settings"], **settings}
    provider = rec["provider"]["id"]
    for key in REQUIRED_SETTINGS.get(provider, ()):
        if not merged.get(key):
            raise _invalid(f"settings.{key} can't be blank")
    if provider == "webhook":
        merged.setdefault("token", req.store.new_secret(16))
        merged.setdefault("token_mode", "token")
        merged.setdefault("version", 3)
        merged.setdefault("events", list(WEBHOOK_EVENTS))
        merged.setdefault("tls_verify", True)
        if merged["token_mode"] not in ("token", "signature"):
            raise _invalid("settings.token_mode must be token or signature")
        if not isinstance(merged["events"], list):
            raise _invalid("settings.events must be an array")
    rec["settings"] = merged


def list_services(req: Req) -> Resp:
    return paginate_cursor(req, list(_collection(req).values()), key=lambda r: r["id"])


def get_service(req: Req) -> Resp:
    return json_resp(_service(req))


def create_service(req: Req) -> Resp:
    data = req.data()
    provider = data.get("provider")
    if not isinstance(provider, str) or provider not in PROVIDERS:
        raise _invalid(f"provider must be one of {', '.join(sorted(PROVIDERS))}")
    if provider in OAUTH_PROVIDERS:
        raise _invalid(f"{provider} services must be connected in the Buildkite interface")
    org = get_org(req)
    ident = req.store.new_id()
    rec: Record = {
        "id": ident,
        "graphql_id": graphql_id("NotificationService", ident),
        "url": f"{req.base_url}/v2/organizations/{org.slug}/services/{ident}",
        "provider": {"id": provider, "name": PROVIDERS[provider]},
        "description": "",
        "enabled": True,
        "scope": "all",
        "scope_uuids": [],
        "branch_configuration": "",
        "build_states": dict.fromkeys(BUILD_STATE_KEYS, False),
        "settings": {},
        "created_at": iso(req.store.clock.now()),
        "created_by": _render.user(req.user),
    }
    _apply(req, rec, {k: v for k, v in data.items() if k != "provider"})
    _collection(req)[ident] = rec
    req.store.create_counts["notification_services"] += 1
    req.store.emit("ping", rec)
    return json_resp(rec, 201)


def update_service(req: Req) -> Resp:
    rec = _service(req)
    data = req.data()
    if "provider" in data and data["provider"] != rec["provider"]["id"]:
        raise _invalid("provider cannot be changed")
    before = dict(rec["settings"])
    # Validate on a copy so that a rejected update changes nothing.
    draft = {**rec, "build_states": dict(rec["build_states"]), "settings": dict(rec["settings"])}
    _apply(req, draft, {k: v for k, v in data.items() if k != "provider"})
    rec.update(draft)
    if draft["settings"] != before:
        req.store.emit("ping", rec)
    return json_resp(rec)


def delete_service(req: Req) -> Resp:
    rec = _service(req)
    del _collection(req)[rec["id"]]
    return empty(204)


def _toggle(enabled: bool) -> Any:
    def handle(req: Req) -> Resp:
        rec = _service(req)
        rec["enabled"] = enabled
        if enabled:
            req.store.emit("ping", rec)
        return json_resp(rec)

    handle.__name__ = "enable_service" if enabled else "disable_service"
    return handle


ROUTES = [
    ("GET", SERVICES, list_services),
    ("POST", SERVICES, create_service),
    ("GET", SERVICE, get_service),
    ("PATCH", SERVICE, update_service),
    ("DELETE", SERVICE, delete_service),
    ("PUT", SERVICE + "/enable", _toggle(True)),
    ("PUT", SERVICE + "/disable", _toggle(False)),
]
