"""Rules between pipelines: ``value`` names both pipelines (UUID or slug) of the organization.

The answer shows them resolved (``source_uuid``/``target_uuid``) with the rule's effect and
action taken from its type (``pipeline.trigger_build.pipeline`` -> allow ``trigger_build``).
"""

from __future__ import annotations

from typing import Any

from .._http import HTTPError, Req, Resp, empty, json_resp, paginate_page
from .._state import Organization, Pipeline, graphql_id
from ._common import ORG, get_org
from .clusters import collection, get_record, stamp

R = ORG + "/rules"
TYPES = {
    "pipeline.trigger_build.pipeline": "trigger_build",
    "pipeline.artifacts_read.pipeline": "artifacts_read",
}


def _path(req: Req) -> str:
    return f"/v2/organizations/{get_org(req).slug}/rules"


def _pipeline(org: Organization, ref: Any, role: str) -> Pipeline:
    for p in org.pipelines.values():
        if ref in (p.id, p.slug):
            return p
    raise HTTPError(422, f"{role} pipeline {ref!r} was not found")


def list_rules(req: Req) -> Resp:
    return paginate_page(req, list(collection(req, _path(req)).values()))


def get_one(req: Req) -> Resp:
    return json_resp(get_record(req, _path(req), req.params["uuid"], "No rule found"))


def create(req: Req) -> Resp:
    org = get_org(req)
    data = req.data()
    kind = data.get("type")
    if kind not in TYPES:
        raise HTTPError(422, f"Rule type {kind!r} is not supported")
    value = data.get("value")
    if not isinstance(value, dict):
        raise HTTPError(422, "value must be an object with source_pipeline and target_pipeline")
    source = _pipeline(org, value.get("source_pipeline"), "Source")
    target = _pipeline(org, value.get("target_pipeline"), "Target")
    coll = collection(req, _path(req))
    if any(r["type"] == kind and (r["source_uuid"], r["target_uuid"]) == (source.id, target.id)
           for r in coll.values()):  # fmt: skip
        raise HTTPError(422, "Rule already exists")
    rec = stamp(req, "Rule", req.base_url + _path(req))
    uuid = rec.pop("id")
    rec.update(uuid=uuid, graphql_id=graphql_id("Rule", uuid), organization_uuid=org.id,
               type=kind, source_type="pipeline", source_uuid=source.id, target_type="pipeline",
               target_uuid=target.id, effect="allow", action=TYPES[kind])  # fmt: skip
    coll[uuid] = rec
    return json_resp(rec, 201)


def delete(req: Req) -> Resp:
    get_record(req, _path(req), req.params["uuid"], "No rule found")
    del collection(req, _path(req))[req.params["uuid"]]
    return empty(204)


ROUTES = [
    ("GET", R, list_rules),
    ("POST", R, create),
    ("GET", R + "/{uuid}", get_one),
    ("DELETE", R + "/{uuid}", delete),
]
