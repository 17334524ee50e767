"""Cluster maintainers: exactly one of ``user`` or ``team`` (a UUID), shown as an ``actor``.

A record seeded without an ``actor`` (``Emulator.seed_resource``) is shown with one derived
from its ``user``/``team`` field, or ``"actor": null``, never a 500.
"""

from __future__ import annotations

from typing import Any

from .._http import HTTPError, Req, Resp, empty, json_resp, paginate_page
from ._common import get_org
from .clusters import (
    CLUSTER,
    Record,
    actor_of,
    collection,
    get_cluster,
    get_record,
    stamp,
    team_actor,
    user_actor,
)

M = CLUSTER + "/maintainers"


def _actor(req: Req, data: dict[str, Any]) -> Record:
    kinds = [k for k in ("user", "team") if data.get(k)]
    if len(kinds) != 1 or set(data) - {"user", "team"}:
        raise HTTPError(422, "Validation failed: Specify exactly one of user or team")
    kind = kinds[0]
    ident = data[kind]
    if not isinstance(ident, str):
        raise HTTPError(422, f"Validation failed: {kind} must be a UUID")
    org = get_org(req)
    if kind == "user":
        u = req.store.users.get(ident)
        if u is None or u.id not in org.member_ids:
            raise HTTPError(422, "Validation failed: User not found")
        return user_actor(u)
    t = req.store.teams.get(ident)
    if t is None or t.org is not org:
        raise HTTPError(422, "Validation failed: Team not found")
    return team_actor(t)


def add_maintainer(req: Req, cluster_path: str, data: dict[str, Any]) -> Record:
    """Add a maintainer to a cluster (also used by cluster create's ``maintainers``)."""
    actor = _actor(req, data)
    coll = collection(req, cluster_path + "/maintainers")
    if any((actor_of(req, m) or {}).get("id") == actor["id"] for m in coll.values()):
        raise HTTPError(422, "Validation failed: Actor is already a maintainer")
    rec = stamp(req, "ClusterPermission", req.base_url + cluster_path + "/maintainers")
    rec["actor"] = actor
    coll[rec["id"]] = rec
    return rec


def _render(req: Req, rec: Record) -> Record:
    return {"id": rec.get("id"), "actor": actor_of(req, rec)}


def list_maintainers(req: Req) -> Resp:
    path, _ = get_cluster(req)
    items = list(collection(req, path + "/maintainers").values())
    return paginate_page(req, items, render=lambda r: _render(req, r))


def get_one(req: Req) -> Resp:
    path, _ = get_cluster(req)
    return json_resp(_render(req, get_record(req, path + "/maintainers", req.params["id"])))


def create(req: Req) -> Resp:
    path, _ = get_cluster(req)
    return json_resp(_render(req, add_maintainer(req, path, req.data())), 201)


def delete(req: Req) -> Resp:
    path, _ = get_cluster(req)
    get_record(req, path + "/maintainers", req.params["id"])
    del req.store.generic[path + "/maintainers"][req.params["id"]]
    return empty(204)


ROUTES = [
    ("GET", M, list_maintainers),
    ("POST", M, create),
    ("GET", M + "/{id}", get_one),
    ("DELETE", M + "/{id}", delete),
]
