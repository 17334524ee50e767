"""Teams: list (optionally by member), get, create, update, delete, enable."""

from __future__ import annotations

from typing import Any

from .. import _render
from .._http import HTTPError, Req, Resp, empty, json_resp, paginate_page
from .._state import Team
from ._common import ORG, check_types, get_org
from .pipelines import derive_slug

FIELDS: dict[str, tuple[type, ...]] = {
    "name": (str,),
    "description": (str,),
    "privacy": (str,),
    "is_default_team": (bool,),
    "default_member_role": (str,),
    "members_can_create_pipelines": (bool,),
    "members_can_create_suites": (bool,),
    "members_can_create_registries": (bool,),
    "members_can_destroy_registries": (bool,),
    "members_can_destroy_packages": (bool,),
}
EXTRA = [k for k in FIELDS if k.startswith("members_can") or k == "default_member_role"]


def member_ids(req: Req, t: Team) -> set[str]:
    """Members seeded on the team plus those added through the team-members routes."""
    ids = set(t.member_ids)
    coll = f"/v2/organizations/{t.org.slug}/teams/{t.id}/members"
    for record in req.store.generic.get(coll, {}).values():
        if record.get("user_id"):
            ids.add(str(record["user_id"]))
    return ids


def list_teams(req: Req) -> Resp:
    org = get_org(req)
    user_id = req.query.get("user_id")
    items = [
        t
        for t in req.store.teams.values()
        if t.org is org and (not user_id or user_id in member_ids(req, t))
    ]
    return paginate_page(req, items, lambda t: _render.team(req.store, t))


def _get(req: Req) -> Team:
    org = get_org(req)
    t = req.store.teams.get(req.params["team"])
    if t is None or t.org is not org:
        raise HTTPError(404, "No team found")
    return t


def get_one(req: Req) -> Resp:
    return json_resp(_render.team(req.store, _get(req)))


def _validate(data: dict[str, Any], creating: bool) -> None:
    check_types(data, FIELDS)
    if (creating or "name" in data) and not data.get("name"):
        raise HTTPError(422, "Validation failed: Name can't be blank")
    if data.get("privacy") not in (None, "visible", "secret"):
        raise HTTPError(422, "Validation failed: Privacy is not included in the list")
    if data.get("default_member_role") not in (None, "member", "maintainer"):
        raise HTTPError(422, "Validation failed: Default member role is not included in the list")


def _apply(t: Team, data: dict[str, Any]) -> None:
    if "name" in data:
        t.name = data["name"]
        t.slug = derive_slug(t.name)
    if data.get("description") is not None:
        t.description = data["description"]
    if data.get("privacy"):
        t.privacy = data["privacy"]
    if data.get("is_default_team") is not None:
        t.default = bool(data["is_default_team"])
    for key in EXTRA:
        if data.get(key) is not None:
            t.extra[key] = data[key]


def create(req: Req) -> Resp:
    org = get_org(req)
    data = req.data()
    _validate(data, True)
    if any(t.org is org and t.name == data["name"] for t in req.store.teams.values()):
        raise HTTPError(422, "Validation failed: Name has already been taken")
    t = Team(
        id=req.store.new_id(),
        org=org,
        name=data["name"],
        slug=derive_slug(data["name"]),
        created_at=req.store.clock.now(),
        created_by=req.user.id if req.user else None,
    )
    _apply(t, data)
    req.store.teams[t.id] = t
    return json_resp(_render.team(req.store, t), 201)


def update(req: Req) -> Resp:
    t = _get(req)
    data = req.data()
    _validate(data, False)
    _apply(t, data)
    return json_resp(_render.team(req.store, t))


def delete(req: Req) -> Resp:
    t = _get(req)
    del req.store.teams[t.id]
    return empty(204)


def enable(req: Req) -> Resp:
    org = get_org(req)
    if not org.teams_enabled or not any(t.org is org for t in req.store.teams.values()):
        org.teams_enabled = True
        if not any(t.org is org for t in req.store.teams.values()):
            t = Team(
                id=req.store.new_id(),
                org=org,
                name="Everyone",
                slug="everyone",
                created_at=req.store.clock.now(),
                created_by=req.user.id if req.user else None,
                default=True,
            )
            t.member_ids.update(org.member_ids)
            req.store.teams[t.id] = t
    return empty(204)


T = ORG + "/teams"
ROUTES = [
    ("GET", T, list_teams),
    ("POST", T, create),
    ("POST", T + "/enable", enable),
    ("GET", T + "/{team}", get_one),
    ("PATCH", T + "/{team}", update),
    ("PUT", T + "/{team}", update),
    ("DELETE", T + "/{team}", delete),
]
