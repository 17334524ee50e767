"""Organization administration: invitations, audit events, API and pipeline settings, and the
repositories of a repository connection.

* Invitations list only pending ones, newest first, in cursor pages whose links are mirrored
  in the ``Link`` header; a batch is validated whole before anything is created (emails
  deduplicated ignoring case, roles, SSO modes, one assignment per team); revoking answers 422
  unless the invitation is pending.
* Audit events list newest first (cursor pages, ``Link`` mirrored); seed them with
  ``emu.seed_resource("/v2/organizations/<org>/audit_events", {...})``.
* API and pipeline settings are full documents: updates merge known fields (422 otherwise)
  and every switch answers the whole pipeline settings.
* Repositories filter on ``repository``, matching ``full_name`` ignoring case.
"""

from __future__ import annotations

import re
from typing import Any

from .. import _render
from .._http import HTTPError, Req, Resp, empty, json_resp, paginate_cursor
from .._state import graphql_id, iso
from ._common import ORG, get_org

Record = dict[str, Any]

INVITATIONS = ORG + "/invitations"
AUDIT_EVENTS = ORG + "/audit_events"
API_SETTINGS = ORG + "/api-settings"
PIPELINE_SETTINGS = ORG + "/pipeline-settings"
REPOSITORIES = ORG + "/repository_connections/{connection}/repositories"

_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
_REVOKE_DAYS = (30, 60, 90, 180, 365)
_SSH = "hosted_agents_terminal_access"


def _invalid(message: str) -> HTTPError:
    return HTTPError(422, f"Validation failed: {message}")


def _coll(req: Req, name: str) -> dict[str, Record]:
    return req.store.generic.setdefault(f"/v2/organizations/{get_org(req).slug}/{name}", {})


def _newest_first(req: Req, items: list[Record], key: str) -> Resp:
    return paginate_cursor(req, items[::-1], key=lambda r: r[key], mirror_link_header=True)


# -- invitations -------------------------------------------------------------------------


def list_invitations(req: Req) -> Resp:
    pending = [r for r in _coll(req, "invitations").values() if r.get("state") == "pending"]
    return _newest_first(req, pending, "id")


def _invitation(req: Req) -> Record:
    rec = _coll(req, "invitations").get(req.params["uuid"])
    if rec is None:
        raise HTTPError(404, "No invitation found")
    return rec


def get_invitation(req: Req) -> Resp:
    return json_resp(_invitation(req))


def _teams(req: Req, teams: Any) -> list[Record]:
    if teams is None:
        return []
    if not isinstance(teams, list):
        raise _invalid("teams must be an array")
    seen: set[str] = set()
    for team in teams:
        if not isinstance(team, dict) or team.get("role") not in ("member", "maintainer"):
            raise _invalid("each team needs an id and a role of member or maintainer")
        if team.get("id") in seen:
            raise _invalid("a team can be assigned only once")
        seen.add(str(team.get("id")))
    return [{"id": t["id"], "role": t["role"]} for t in teams]


def create_invitations(req: Req) -> Resp:
    data = req.data()
    emails = data.get("emails")
    if not isinstance(emails, list) or not emails:
        raise _invalid("Emails can't be blank")
    unique: dict[str, str] = {}
    for email in emails:
        if not isinstance(email, str) or not _EMAIL.match(email):
            raise _invalid(f"{email!r} is not a valid email address")
        unique.setdefault(email.lower(), email)
    role = data.get("role", "member")
    sso_mode = data.get("sso_mode", "required")
    if role not in ("admin", "member"):
        raise _invalid("role must be admin or member")
    if sso_mode not in ("required", "optional"):
        raise _invalid("sso_mode must be required or optional")
    teams = _teams(req, data.get("teams"))
    coll = _coll(req, "invitations")
    org = get_org(req)
    made = []
    for email in unique.values():
        ident = req.store.new_id()
        rec = {
            "id": ident, "graphql_id": graphql_id("OrganizationInvitation", ident),
            "url": f"{req.base_url}/v2/organizations/{org.slug}/invitations/{ident}",
            "email": email, "state": "pending", "role": role, "sso_mode": sso_mode,
            "teams": teams, "created_at": iso(req.store.clock.now()),
            "created_by": _render.user(req.user), "accepted_at": None, "accepted_by": None,
            "revoked_at": None, "revoked_by": None, "expired_at": None,
        }  # fmt: skip
        coll[ident] = rec
        made.append(rec)
    return json_resp(made, 201)


def revoke_invitation(req: Req) -> Resp:
    rec = _invitation(req)
    if rec.get("state") != "pending":
        raise HTTPError(422, f"Invitation cannot be revoked: it is {rec.get('state')}")
    rec.update(
        state="revoked", revoked_at=iso(req.store.clock.now()), revoked_by=_render.user(req.user)
    )
    return empty(204)


# -- audit events ------------------------------------------------------------------------


def list_audit_events(req: Req) -> Resp:
    return _newest_first(req, list(_coll(req, "audit_events").values()), "id")


def get_audit_event(req: Req) -> Resp:
    rec = _coll(req, "audit_events").get(req.params["uuid"])
    if rec is None:
        raise HTTPError(404, "No audit event found")
    return json_resp(rec)


# -- settings ----------------------------------------------------------------------------


def _api_settings(req: Req) -> Record:
    path = f"/v2/organizations/{get_org(req).slug}/api-settings"
    return req.store.singletons.setdefault(
        path,
        {
            "url": req.base_url + path,
            "allowed_ip_addresses": None,
            "revoke_inactive_tokens_after_days": None,
            "restrict_user_api_token_creation": False,
            "features": {"api_ip_allow_list": True, "inactive_api_token_revocation": True},
        },
    )


def get_api_settings(req: Req) -> Resp:
    return json_resp(_api_settings(req))


def update_api_settings(req: Req) -> Resp:
    doc = _api_settings(req)
    data = req.data()
    unknown = set(data) - {
        "allowed_ip_addresses", "revoke_inactive_tokens_after_days",
        "restrict_user_api_token_creation",
    }  # fmt: skip
    if unknown:
        raise _invalid(f"unknown field(s): {', '.join(sorted(unknown))}")
    ips = data.get("allowed_ip_addresses")
    if ips is not None and (not isinstance(ips, str) or not all("/" in p for p in ips.split())):
        raise _invalid("allowed_ip_addresses must be CIDR ranges separated by spaces")
    days = data.get("revoke_inactive_tokens_after_days")
    if days is not None and days not in _REVOKE_DAYS:
        raise _invalid("revoke_inactive_tokens_after_days must be 30, 60, 90, 180 or 365")
    restrict = data.get("restrict_user_api_token_creation", False)
    if not isinstance(restrict, bool):
        raise _invalid("restrict_user_api_token_creation must be a boolean")
    doc.update(data)
    return json_resp(doc)


def _toggle_doc() -> Record:
    return {"enabled": False, "enabled_at": None, "enabled_by": None}


def _pipeline_settings(req: Req) -> Record:
    path = f"/v2/organizations/{get_org(req).slug}/pipeline-settings"
    return req.store.singletons.setdefault(
        path,
        {
            "url": req.base_url + path,
            "default_branch": "main",
            "default_cluster_id": None,
            "default_timeout_in_minutes": None,
            "maximum_timeout_in_minutes": None,
            "scheduled_job_expiry_in_minutes": None,
            "hosted_agents_terminal_access": _toggle_doc(),
            "public_pipeline_creation": _toggle_doc(),
            "advanced_queue_metrics": {**_toggle_doc(), "disable_supported": False},
            "build_exports": {
                "available": True,
                "enabled": False,
                "location": None,
                "strategy_id": None,
                "supported_strategies": ["s3", "gcs"],
            },
        },
    )


def get_pipeline_settings(req: Req) -> Resp:
    return json_resp(_pipeline_settings(req))


def update_pipeline_settings(req: Req) -> Resp:
    doc = _pipeline_settings(req)
    data = req.data()
    for key, value in data.items():
        if key == "default_branch" and isinstance(value, str) and value:
            continue
        if key == "default_cluster_id" and (value is None or isinstance(value, str)):
            continue
        if key.endswith("_minutes") and isinstance(value, int) and not isinstance(value, bool):
            if value < 1:
                raise _invalid(f"{key} must be greater than 0")
            continue
        raise _invalid(f"{key} is invalid")
    doc.update(data)
    return json_resp(doc)


def _switch(field: str, enabled: bool) -> Any:
    def handle(req: Req) -> Resp:
        doc = _pipeline_settings(req)
        now = iso(req.store.clock.now())
        who = {"id": req.user.id, "name": req.user.name} if req.user else None
        doc[field].update(
            enabled=enabled,
            enabled_at=now if enabled else None,
            enabled_by=who if enabled else None,
        )
        return json_resp(doc)

    handle.__name__ = f"{'enable' if enabled else 'disable'}_{field}"
    return handle


def configure_build_export(req: Req) -> Resp:
    doc = _pipeline_settings(req)
    data = req.data()
    location, strategy = data.get("location"), data.get("strategy_id")
    exports = doc["build_exports"]
    if not isinstance(location, str) or not location.strip():
        raise _invalid("location can't be blank")
    if strategy not in exports["supported_strategies"]:
        raise _invalid("strategy_id is not supported")
    exports.update(
        enabled=True, location=re.sub(r"^[a-z0-9]+://", "", location), strategy_id=strategy
    )
    return json_resp(doc)


def disable_build_export(req: Req) -> Resp:
    doc = _pipeline_settings(req)
    doc["build_exports"].update(enabled=False, location=None, strategy_id=None)
    return json_resp(doc)


# -- repository connections --------------------------------------------------------------


def list_repositories(req: Req) -> Resp:
    connections = _coll(req, "repository_connections")
    connection = req.params["connection"]
    if connection not in connections:
        raise HTTPError(404, "No repository connection found")
    org = get_org(req).slug
    path = f"/v2/organizations/{org}/repository_connections/{connection}/repositories"
    items = list(req.store.generic.get(path, {}).values())
    wanted = req.query.get("repository")
    if wanted:
        items = [r for r in items if str(r.get("full_name", "")).lower() == wanted.lower()]
    return json_resp(items)


ROUTES = [
    ("GET", INVITATIONS, list_invitations),
    ("POST", INVITATIONS, create_invitations),
    ("GET", INVITATIONS + "/{uuid}", get_invitation),
    ("DELETE", INVITATIONS + "/{uuid}", revoke_invitation),
    ("GET", AUDIT_EVENTS, list_audit_events),
    ("GET", AUDIT_EVENTS + "/{uuid}", get_audit_event),
    ("GET", API_SETTINGS, get_api_settings),
    ("PATCH", API_SETTINGS, update_api_settings),
    ("GET", PIPELINE_SETTINGS, get_pipeline_settings),
    ("PATCH", PIPELINE_SETTINGS, update_pipeline_settings),
    ("PUT", PIPELINE_SETTINGS + "/hosted-agents-ssh", _switch(_SSH, True)),
    ("DELETE", PIPELINE_SETTINGS + "/hosted-agents-ssh", _switch(_SSH, False)),
    ("PUT", PIPELINE_SETTINGS + "/public-pipelines", _switch("public_pipeline_creation", True)),
    ("DELETE", PIPELINE_SETTINGS + "/public-pipelines", _switch("public_pipeline_creation", False)),
    ("PUT", PIPELINE_SETTINGS + "/advanced-queue-metrics", _switch("advanced_queue_metrics", True)),
    ("PUT", PIPELINE_SETTINGS + "/build-export", configure_build_export),
    ("DELETE", PIPELINE_SETTINGS + "/build-export", disable_build_export),
    ("GET", REPOSITORIES, list_repositories),
]  # fmt: skip
