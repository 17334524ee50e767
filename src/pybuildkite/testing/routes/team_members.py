"""Team members, keyed by user id; also the helpers the team pipelines and suites share.

Records live in the generic store under ``.../teams/{id}/members`` (where the teams routes
read them for ``?user_id=``).  Each access module keys its records by the id of what the
team reaches (user, pipeline or suite) so ``GET .../{that id}`` finds it, and answers a
duplicate with 422.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from .._http import HTTPError, Req, Resp, empty, json_resp, paginate_page
from .._state import Team, iso
from ._common import ORG, get_org
from .clusters import Record, collection, get_record

TEAM = ORG + "/teams/{team}"
ROLES = ("member", "maintainer")

Build = Callable[[Req, Team, dict[str, Any]], tuple[str, Record]]
Change = Callable[[Req, Record, dict[str, Any]], None]


def get_team(req: Req) -> tuple[str, Team]:
    org = get_org(req)
    t = req.store.teams.get(req.params.get("team", ""))
    if t is None or t.org is not org:
        raise HTTPError(404, "No team found")
    return f"/v2/organizations/{org.slug}/teams/{t.id}", t


def access_routes(suffix: str, build: Build, change: Change, what: str) -> list[tuple[Any, ...]]:
    """list/create/get/update(PATCH)/delete for one kind of team access."""

    def items(req: Req) -> dict[str, Record]:
        path, _ = get_team(req)
        return collection(req, path + suffix)

    def list_all(req: Req) -> Resp:
        return paginate_page(req, list(items(req).values()))

    def create(req: Req) -> Resp:
        _, team = get_team(req)
        key, rec = build(req, team, req.data())
        coll = items(req)
        if key in coll:
            raise HTTPError(422, f"Validation failed: {what} has already been added to this team")
        rec.setdefault("created_at", iso(req.store.clock.now()))
        coll[key] = rec
        return json_resp(rec, 201)

    def one(req: Req) -> Record:
        path, _ = get_team(req)
        return get_record(req, path + suffix, req.params["id"], f"No {what.lower()} found")

    def get(req: Req) -> Resp:
        return json_resp(one(req))

    def update(req: Req) -> Resp:
        rec = one(req)
        change(req, rec, req.data())
        return json_resp(rec)

    def delete(req: Req) -> Resp:
        one(req)
        del items(req)[req.params["id"]]
        return empty(204)

    base = TEAM + suffix
    return [
        ("GET", base, list_all),
        ("POST", base, create),
        ("GET", base + "/{id}", get),
        ("PATCH", base + "/{id}", update),
        ("DELETE", base + "/{id}", delete),
    ]


def _role(data: dict[str, Any]) -> str:
    role = data.get("role")
    if role not in ROLES:
        raise HTTPError(422, "Validation failed: Role is not included in the list")
    return str(role)


def _build(req: Req, team: Team, data: dict[str, Any]) -> tuple[str, Record]:
    user = req.store.users.get(str(data.get("user_id") or ""))
    if user is None or user.id not in team.org.member_ids:
        raise HTTPError(422, "Validation failed: User must be a member of the organization")
    return user.id, {"user_id": user.id, "user_name": user.name, "role": _role(data)}


def _change(req: Req, rec: Record, data: dict[str, Any]) -> None:
    rec["role"] = _role(data)


ROUTES = access_routes("/members", _build, _change, "User")
