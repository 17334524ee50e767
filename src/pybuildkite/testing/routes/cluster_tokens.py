"""Cluster agent tokens: the secret ``token`` is in the create answer only.

``expires_at`` must be at least 10 minutes ahead and cannot be changed afterwards.
"""

from __future__ import annotations

from datetime import timedelta

from .._http import HTTPError, Req, Resp, empty, json_resp, paginate_page, parse_time
from .._state import iso
from ._common import check_types
from .clusters import CLUSTER, Record, collection, get_cluster, get_record, public, stamp

T = CLUSTER + "/tokens"
FIELDS: dict[str, tuple[type, ...]] = {
    "description": (str,),
    "allowed_ip_addresses": (str,),
    "expires_at": (str,),
}


def list_tokens(req: Req) -> Resp:
    path, _ = get_cluster(req)
    return paginate_page(req, [public(r) for r in collection(req, path + "/tokens").values()])


def _token(req: Req) -> Record:
    path, _ = get_cluster(req)
    return get_record(req, path + "/tokens", req.params["id"], "No token found")


def get_one(req: Req) -> Resp:
    return json_resp(public(_token(req)))


def create(req: Req) -> Resp:
    path, cluster = get_cluster(req)
    data = req.data()
    check_types(data, FIELDS)
    if not data.get("description"):
        raise HTTPError(422, "Validation failed: Description can't be blank")
    expires = None
    if data.get("expires_at"):
        try:
            expires = parse_time(data["expires_at"], "expires_at")
        except HTTPError:
            raise HTTPError(422, "Validation failed: Expires at is not a valid date") from None
        if expires < req.store.clock.now() + timedelta(minutes=10):
            raise HTTPError(422, "Validation failed: Expires at must be at least 10 minutes away")
    rec = stamp(req, "ClusterToken", req.base_url + path + "/tokens")
    rec.update(
        description=data["description"],
        allowed_ip_addresses=data.get("allowed_ip_addresses"),
        expires_at=iso(expires),
        cluster_url=cluster["url"],
        _token=req.store.new_secret(12),
    )
    collection(req, path + "/tokens")[rec["id"]] = rec
    return json_resp({**public(rec), "token": rec["_token"]}, 201)


def update(req: Req) -> Resp:
    rec = _token(req)
    data = req.data()
    check_types(data, FIELDS)
    if "expires_at" in data:
        raise HTTPError(422, "Validation failed: Expires at cannot be updated")
    if "description" in data and not data["description"]:
        raise HTTPError(422, "Validation failed: Description can't be blank")
    for key in ("description", "allowed_ip_addresses"):
        if key in data:
            rec[key] = data[key]
    return json_resp(public(rec))


def delete(req: Req) -> Resp:
    path, _ = get_cluster(req)
    rec = _token(req)
    del req.store.generic[path + "/tokens"][rec["id"]]
    return empty(204)


ROUTES = [
    ("GET", T, list_tokens),
    ("POST", T, create),
    ("GET", T + "/{id}", get_one),
    ("PUT", T + "/{id}", update),
    ("PATCH", T + "/{id}", update),
    ("DELETE", T + "/{id}", delete),
]
