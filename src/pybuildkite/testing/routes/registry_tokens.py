"""Registry tokens: the secret ``token`` is in the create answer only.

Tokens live in the generic store under the registry's ``/tokens`` collection with their
secret kept private, so list, get and update never show it.  ``description`` is required on
create and update (``POST .../tokens/{id}`` updates, as Buildkite documents).  Every call
answers 200, create and delete included.
"""

from __future__ import annotations

from typing import Any

from .. import _render
from .._http import HTTPError, Req, Resp, json_resp
from ._common import get_org
from .clusters import get_record, public, stamp
from .packages import REGISTRY, _registry

Record = dict[str, Any]

TOKENS = REGISTRY + "/tokens"
TOKEN = TOKENS + "/{id}"


def _description(data: dict[str, Any]) -> str:
    value = data.get("description")
    if not isinstance(value, str) or not value.strip():
        raise HTTPError(422, "Validation failed: Description can't be blank")
    return value


def _tokens(req: Req) -> tuple[str, dict[str, Record], Record]:
    path, registry = _registry(req)
    return path + "/tokens", req.store.generic.setdefault(path + "/tokens", {}), registry


def _token(req: Req) -> Record:
    path, _, _ = _tokens(req)
    return get_record(req, path, req.params.get("id", ""), "No token found")


def list_tokens(req: Req) -> Resp:
    _, coll, _ = _tokens(req)
    return json_resp([public(r) for r in coll.values()])


def get_one(req: Req) -> Resp:
    return json_resp(public(_token(req)))


def create(req: Req) -> Resp:
    path, coll, registry = _tokens(req)
    description = _description(req.data())
    org = get_org(req)
    rec = stamp(req, "RegistryToken", req.base_url + path)
    rec.update({
        "description": description,
        "organization": {
            "id": org.id, "slug": org.slug, "url": f"{req.base_url}/v2/organizations/{org.slug}",
            "web_url": f"{_render.WEB}/{org.slug}",
        },
        "registry": {k: registry.get(k) for k in ("id", "graphql_id", "slug", "url", "web_url")},
        "_token": "bkpt_" + req.store.new_secret(20),
    })  # fmt: skip
    coll[rec["id"]] = rec
    req.store.create_counts["registry_tokens"] += 1
    return json_resp({**public(rec), "token": rec["_token"]})


def update(req: Req) -> Resp:
    rec = _token(req)
    rec["description"] = _description(req.data())
    return json_resp(public(rec))


def delete(req: Req) -> Resp:
    _, coll, _ = _tokens(req)
    _token(req)
    del coll[req.params["id"]]
    return json_resp({})


ROUTES = [
    ("GET", TOKENS, list_tokens),
    ("POST", TOKENS, create),
    ("GET", TOKEN, get_one),
    ("POST", TOKEN, update),
    ("DELETE", TOKEN, delete),
]
