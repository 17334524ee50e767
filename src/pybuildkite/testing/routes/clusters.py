"""Clusters: list, get, create, update (PUT, or PATCH as go-buildkite sends), delete.

Records live in the generic store (``store.generic``, keyed by collection path) so that the
generic routes for cluster children still find their parent cluster.  The helpers here are
shared by the other cluster, team-access, portal and rule modules:

* :func:`collection` / :func:`get_record` -- a collection and one record (404 if missing);
* :func:`stamp` -- id, graphql_id, created_at and created_by for a new record;
* :func:`public` -- a record without its private ``_``-prefixed fields (secret values...).

A cluster's ``maintainers`` are read from its maintainers collection on every render, so
adding a maintainer shows up in the cluster.  Deleting a cluster deletes everything under it.
"""

from __future__ import annotations

from typing import Any

from .. import _render
from .._http import HTTPError, Req, Resp, empty, json_resp, paginate_page
from .._state import graphql_id, iso
from ._common import ORG, check_types, get_org

Record = dict[str, Any]

CLUSTERS = ORG + "/clusters"
CLUSTER = CLUSTERS + "/{cluster}"

FIELDS: dict[str, tuple[type, ...]] = {
    "name": (str,),
    "description": (str,),
    "emoji": (str,),
    "color": (str,),
    "maintainers": (list,),
    "default_queue_id": (str,),
    "hosted_git_mirror_enabled": (bool,),
    "hosted_container_cache_enabled": (bool,),
}
_UPDATE_ONLY = ("hosted_git_mirror_enabled", "hosted_container_cache_enabled")


def collection(req: Req, path: str) -> dict[str, Record]:
    return req.store.generic.setdefault(path, {})


def get_record(req: Req, path: str, key: str, what: str = "Not Found") -> Record:
    rec = req.store.generic.get(path, {}).get(key)
    if rec is None:
        raise HTTPError(404, what)
    return rec


def public(rec: Record) -> Record:
    return {k: v for k, v in rec.items() if not k.startswith("_")}


def stamp(req: Req, kind: str, url: str, ident: str | None = None) -> Record:
    """The fields every new record carries; ``url`` gets ``/<id>`` appended."""
    ident = ident or req.store.new_id()
    return {
        "id": ident,
        "graphql_id": graphql_id(kind, ident),
        "url": f"{url}/{ident}",
        "created_at": iso(req.store.clock.now()),
        "created_by": _render.user(req.user),
    }


def user_actor(u: Any) -> Record:
    return {"id": u.id, "graphql_id": graphql_id("User", u.id), "name": u.name,
            "email": u.email, "type": "user"}  # fmt: skip


def team_actor(t: Any) -> Record:
    return {"id": t.id, "graphql_id": graphql_id("Team", t.id), "name": t.name, "slug": t.slug,
            "type": "team"}  # fmt: skip


def actor_of(req: Req, rec: Record) -> Record | None:
    """A maintainer record's actor; one seeded without it gets it from its ``user``/``team``."""
    actor = rec.get("actor")
    if isinstance(actor, dict):
        return actor
    user, team = rec.get("user"), rec.get("team")
    if isinstance(user, str):
        u = req.store.users.get(user)
        return user_actor(u) if u is not None else {"id": user, "type": "user"}
    if isinstance(team, str):
        t = req.store.teams.get(team)
        return team_actor(t) if t is not None else {"id": team, "type": "team"}
    return None


def clusters_path(req: Req) -> str:
    return f"/v2/organizations/{get_org(req).slug}/clusters"


def get_cluster(req: Req) -> tuple[str, Record]:
    """The cluster a request's path names, and its path."""
    base = clusters_path(req)
    rec = get_record(req, base, req.params.get("cluster", ""), "No cluster found")
    return f"{base}/{rec['id']}", rec


def render(req: Req, path: str, rec: Record) -> Record:
    out = public(rec)
    users: list[Record] = []
    teams: list[Record] = []
    for m in req.store.generic.get(path + "/maintainers", {}).values():
        actor = actor_of(req, m)
        entry = {"id": m.get("id"), "actor": actor}
        (users if actor is None or actor.get("type") == "user" else teams).append(entry)
    out["maintainers"] = {"users": users, "teams": teams}
    queue = out.get("default_queue_id")
    out["default_queue_url"] = f"{req.base_url}{path}/queues/{queue}" if queue else None
    return out


def _validate(req: Req, data: dict[str, Any], creating: bool) -> None:
    check_types(data, FIELDS)
    if (creating or "name" in data) and not data.get("name"):
        raise HTTPError(422, "Validation failed: Name can't be blank")
    if creating and any(k in data for k in _UPDATE_ONLY):
        raise HTTPError(422, "Validation failed: hosted settings can only be changed on update")
    queue = data.get("default_queue_id")
    if queue and creating:
        raise HTTPError(422, "Validation failed: Default queue must belong to the cluster")


def list_clusters(req: Req) -> Resp:
    base = clusters_path(req)
    items = [render(req, f"{base}/{k}", r) for k, r in collection(req, base).items()]
    return paginate_page(req, items)


def get_one(req: Req) -> Resp:
    path, rec = get_cluster(req)
    return json_resp(render(req, path, rec))


def create(req: Req) -> Resp:
    from .cluster_maintainers import add_maintainer

    base = clusters_path(req)
    data = req.data()
    _validate(req, data, True)
    rec = stamp(req, "Cluster", req.base_url + base)
    org = get_org(req).slug
    web = f"{_render.WEB}/organizations/{org}/clusters/{rec['id']}"
    rec.update(
        name=data["name"],
        description=data.get("description"),
        emoji=data.get("emoji"),
        color=data.get("color"),
        default_queue_id=None,  # the API creates no default queue
        web_url=web,
        queues_url=f"{rec['url']}/queues",
        hosted_git_mirror_enabled=False,
        hosted_container_cache_enabled=False,
    )
    path = f"{base}/{rec['id']}"
    collection(req, base)[rec["id"]] = rec
    for item in data.get("maintainers") or []:
        if not isinstance(item, dict):
            raise HTTPError(422, "Validation failed: maintainers must be objects")
        add_maintainer(req, path, item)
    return json_resp(render(req, path, rec), 201)


def update(req: Req) -> Resp:
    path, rec = get_cluster(req)
    data = req.data()
    _validate(req, data, False)
    queue = data.get("default_queue_id")
    if queue and queue not in req.store.generic.get(path + "/queues", {}):
        raise HTTPError(422, "Validation failed: Default queue must belong to the cluster")
    for key in FIELDS:
        if key in data and key != "maintainers":
            rec[key] = data[key]
    return json_resp(render(req, path, rec))


def delete(req: Req) -> Resp:
    path, _rec = get_cluster(req)
    del req.store.generic[path.rsplit("/", 1)[0]][path.rsplit("/", 1)[1]]
    for key in [k for k in req.store.generic if k.startswith(path + "/")]:
        del req.store.generic[key]
    return empty(204)


ROUTES = [
    ("GET", CLUSTERS, list_clusters),
    ("POST", CLUSTERS, create),
    ("GET", CLUSTER, get_one),
    ("PUT", CLUSTER, update),
    ("PATCH", CLUSTER, update),
    ("DELETE", CLUSTER, delete),
]
