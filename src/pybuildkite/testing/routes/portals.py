"""Portals, keyed by slug: the portal's ``token`` is in the create answer only.

The slug is derived from the name unless given; renaming it (``slug`` in an update) moves
the portal to its new path.
"""

from __future__ import annotations

from typing import Any

from .._http import HTTPError, Req, Resp, empty, json_resp, paginate_page
from ._common import ORG, check_types, get_org
from .clusters import Record, collection, get_record, public, stamp
from .pipelines import derive_slug

P = ORG + "/portals"
FIELDS: dict[str, tuple[type, ...]] = {
    "name": (str,),
    "query": (str,),
    "slug": (str,),
    "description": (str,),
    "allowed_ip_addresses": (str,),
    "user_invokable": (bool,),
}


def _path(req: Req) -> str:
    return f"/v2/organizations/{get_org(req).slug}/portals"


def _apply(req: Req, coll: dict[str, Record], rec: Record, data: dict[str, Any]) -> None:
    check_types(data, FIELDS)
    for key in ("name", "query"):
        if key in data and not data[key]:
            raise HTTPError(422, f"Validation failed: {key.capitalize()} can't be blank")
    slug = data.get("slug") or rec.get("slug") or derive_slug(str(data.get("name") or ""))
    if slug != rec.get("slug") and slug in coll:
        raise HTTPError(422, "Validation failed: Slug has already been taken")
    for key in FIELDS:
        if key in data and key != "slug":
            rec[key] = data[key]
    if rec.get("slug") != slug:
        coll.pop(rec.get("slug", ""), None)
        rec["slug"] = slug
    coll[slug] = rec


def list_portals(req: Req) -> Resp:
    return paginate_page(req, [public(r) for r in collection(req, _path(req)).values()])


def get_one(req: Req) -> Resp:
    return json_resp(public(get_record(req, _path(req), req.params["portal"], "No portal found")))


def create(req: Req) -> Resp:
    data = req.data()
    if not data.get("name") or not data.get("query"):
        raise HTTPError(422, "Validation failed: Name and query are required")
    org = get_org(req)
    rec = stamp(req, "Portal", req.base_url + _path(req))
    uuid = rec.pop("id")
    rec.pop("url")
    rec.update(uuid=uuid, organization_uuid=org.id, description=None, allowed_ip_addresses=None,
               user_invokable=False, _token=req.store.new_secret(16))  # fmt: skip
    _apply(req, collection(req, _path(req)), rec, data)
    return json_resp({**public(rec), "token": rec["_token"]}, 201)


def update(req: Req) -> Resp:
    coll = collection(req, _path(req))
    rec = get_record(req, _path(req), req.params["portal"], "No portal found")
    _apply(req, coll, rec, req.data())
    return json_resp(public(rec))


def delete(req: Req) -> Resp:
    get_record(req, _path(req), req.params["portal"], "No portal found")
    del collection(req, _path(req))[req.params["portal"]]
    return empty(204)


ROUTES = [
    ("GET", P, list_portals),
    ("POST", P, create),
    ("GET", P + "/{portal}", get_one),
    ("PUT", P + "/{portal}", update),
    ("DELETE", P + "/{portal}", delete),
]
