"""Cluster secrets: the value is write-only and never appears in an answer.

Keys are letters, digits and ``_``, start with a letter, are at most 255 characters, do not
start with ``buildkite`` or ``bk`` and are unique in the cluster; values are non-blank and
under 8 KB.  The details update refuses ``key`` and ``value``; ``PUT .../value`` replaces
the value.
"""

from __future__ import annotations

import re
from typing import Any

from .._http import HTTPError, Req, Resp, empty, json_resp, paginate_page
from .._state import iso
from ._common import check_types, get_org
from .clusters import CLUSTER, Record, collection, get_cluster, get_record, public, stamp

S = CLUSTER + "/secrets"
FIELDS: dict[str, tuple[type, ...]] = {
    "key": (str,),
    "value": (str,),
    "description": (str,),
    "policy": (str,),
}
_KEY = re.compile(r"^[A-Za-z][A-Za-z0-9_]{0,254}$")
MAX_VALUE_BYTES = 8 * 1024


def _check_value(value: Any) -> str:
    if not isinstance(value, str) or not value.strip():
        raise HTTPError(422, "Validation failed: Value can't be blank")
    if len(value.encode()) >= MAX_VALUE_BYTES:
        raise HTTPError(422, "Validation failed: Value is too long (must be under 8 KB)")
    return value


def list_secrets(req: Req) -> Resp:
    path, _ = get_cluster(req)
    return paginate_page(req, [public(r) for r in collection(req, path + "/secrets").values()])


def _secret(req: Req) -> Record:
    path, _ = get_cluster(req)
    return get_record(req, path + "/secrets", req.params["id"], "No secret found")


def get_one(req: Req) -> Resp:
    return json_resp(public(_secret(req)))


def create(req: Req) -> Resp:
    path, cluster = get_cluster(req)
    data = req.data()
    check_types(data, FIELDS)
    key = data.get("key")
    if (
        not isinstance(key, str)
        or not _KEY.match(key)
        or key.lower().startswith(("buildkite", "bk"))
    ):
        raise HTTPError(422, "Validation failed: Key is invalid")
    coll = collection(req, path + "/secrets")
    if any(s["key"] == key for s in coll.values()):
        raise HTTPError(422, "Validation failed: Key has already been taken")
    org = get_org(req)
    rec = stamp(req, "Secret", req.base_url + path + "/secrets")
    rec.update(
        key=key, description=data.get("description"), policy=data.get("policy"),
        cluster_url=cluster["url"], updated_at=rec["created_at"], updated_by=rec["created_by"],
        last_read_at=None, _value=_check_value(data.get("value")),
        organization={"id": org.id, "slug": org.slug,
                      "url": f"{req.base_url}/v2/organizations/{org.slug}",
                      "web_url": f"https://buildkite.com/{org.slug}"},
    )  # fmt: skip
    coll[rec["id"]] = rec
    return json_resp(public(rec), 201)


def _touch(req: Req, rec: Record) -> None:
    rec["updated_at"] = iso(req.store.clock.now())
    rec["updated_by"] = rec["created_by"] if req.user is None else {
        "id": req.user.id, "name": req.user.name, "email": req.user.email}  # fmt: skip


def update(req: Req) -> Resp:
    rec = _secret(req)
    data = req.data()
    check_types(data, FIELDS)
    if "key" in data:
        raise HTTPError(422, "The key parameter cannot be updated.")
    if "value" in data:
        raise HTTPError(422, "The value parameter cannot be updated on this endpoint.")
    for key in ("description", "policy"):
        if key in data:
            rec[key] = data[key]
    _touch(req, rec)
    return json_resp(public(rec))


def update_value(req: Req) -> Resp:
    rec = _secret(req)
    data = req.data()
    if set(data) - {"value"}:
        raise HTTPError(422, "Only the value parameter can be updated on this endpoint.")
    rec["_value"] = _check_value(data.get("value"))
    _touch(req, rec)
    return json_resp(public(rec))


def delete(req: Req) -> Resp:
    path, _ = get_cluster(req)
    rec = _secret(req)
    del req.store.generic[path + "/secrets"][rec["id"]]
    return empty(204)


ROUTES = [
    ("GET", S, list_secrets),
    ("POST", S, create),
    ("GET", S + "/{id}", get_one),
    ("PUT", S + "/{id}", update),
    ("PUT", S + "/{id}/value", update_value),
    ("DELETE", S + "/{id}", delete),
]
