"""Cluster queues, self-hosted or Buildkite hosted, with dispatch pause and resume.

The hosted settings are written camelCase (``hostedAgents{instanceShape, agentImageRef}``)
and read back snake_case (``hosted_agents{instance_shape{...}, platform_settings}``); a
snake_case ``hosted_agents`` in a request is refused as unknown, as Buildkite ignores it.
Pausing a paused queue, or resuming one that is not paused, is a 422.
"""

from __future__ import annotations

import re
from typing import Any

from .. import _render
from .._http import HTTPError, Req, Resp, empty, json_resp, paginate_page
from .._state import iso
from ._common import check_types
from .clusters import CLUSTER, Record, collection, get_cluster, get_record, public, stamp

Q = CLUSTER + "/queues"
FIELDS: dict[str, tuple[type, ...]] = {
    "key": (str,),
    "description": (str,),
    "retry_agent_affinity": (str,),
    "hostedAgents": (dict,),
}
AFFINITIES = ("prefer-warmest", "prefer-different")
_SHAPE = re.compile(r"^(LINUX|MACOS)_(AMD64|ARM64)_(\d+)X(\d+)$")


def instance_shape(name: Any) -> Record:
    m = _SHAPE.match(name) if isinstance(name, str) else None
    if m is None:
        raise HTTPError(422, f"Validation failed: Instance shape {name!r} is not supported")
    machine, arch, cpu, memory = m.groups()
    return {"machine_type": machine.lower(), "architecture": arch.lower(), "cpu": int(cpu),
            "memory": int(memory), "name": name}  # fmt: skip


def _hosted(rec: Record, hosted: dict[str, Any], creating: bool) -> None:
    unknown = set(hosted) - {"instanceShape", "agentImageRef"}
    if unknown:
        raise HTTPError(422, f"Validation failed: unknown hostedAgents field(s) {sorted(unknown)}")
    if "instanceShape" not in hosted:
        raise HTTPError(422, "Validation failed: hostedAgents.instanceShape is required")
    shape = instance_shape(hosted["instanceShape"])
    current = (rec.get("hosted_agents") or {}).get("instance_shape")
    if current and current["machine_type"] != shape["machine_type"]:
        raise HTTPError(422, "Validation failed: Only the size of the instance shape can change")
    # Buildkite ignores an image on create; it can only be set on update (Linux only).
    ref = None if creating else hosted.get("agentImageRef")
    if ref is not None and shape["machine_type"] != "linux":
        raise HTTPError(422, "Validation failed: Agent images are supported on Linux only")
    rec["hosted"] = True
    rec["hosted_agents"] = {"instance_shape": shape,
                            "platform_settings": {"linux": {"agent_image_ref": ref}}}  # fmt: skip


def _apply(rec: Record, data: dict[str, Any], creating: bool) -> None:
    check_types(data, FIELDS)
    if data.get("retry_agent_affinity") not in (None, *AFFINITIES):
        raise HTTPError(422, "Validation failed: Retry agent affinity is not included in the list")
    if "description" in data:
        rec["description"] = data["description"]
    if data.get("retry_agent_affinity"):
        rec["retry_agent_affinity"] = data["retry_agent_affinity"]
    if data.get("hostedAgents") is not None:
        _hosted(rec, data["hostedAgents"], creating)


def list_queues(req: Req) -> Resp:
    path, _ = get_cluster(req)
    return paginate_page(req, [public(r) for r in collection(req, path + "/queues").values()])


def _queue(req: Req) -> Record:
    path, _ = get_cluster(req)
    return get_record(req, path + "/queues", req.params["id"], "No queue found")


def get_one(req: Req) -> Resp:
    return json_resp(public(_queue(req)))


def create(req: Req) -> Resp:
    path, cluster = get_cluster(req)
    data = req.data()
    key = data.get("key")
    if not key or not isinstance(key, str):
        raise HTTPError(422, "Validation failed: Key can't be blank")
    coll = collection(req, path + "/queues")
    if any(q["key"] == key for q in coll.values()):
        raise HTTPError(422, "Validation failed: Key has already been taken")
    rec = stamp(req, "ClusterQueue", req.base_url + path + "/queues")
    rec.update(
        key=key, description=None, web_url=f"{cluster['web_url']}/queues/{rec['id']}",
        cluster_url=cluster["url"], retry_agent_affinity="prefer-warmest", dispatch_paused=False,
        dispatch_paused_by=None, dispatch_paused_at=None, dispatch_paused_note=None, hosted=False,
    )  # fmt: skip
    _apply(rec, {k: v for k, v in data.items() if k != "key"}, creating=True)
    coll[rec["id"]] = rec
    return json_resp(public(rec), 201)


def update(req: Req) -> Resp:
    rec = _queue(req)
    data = req.data()
    if "key" in data:
        raise HTTPError(422, "Validation failed: Key cannot be changed")
    _apply(rec, data, creating=False)
    return json_resp(public(rec))


def delete(req: Req) -> Resp:
    rec = _queue(req)
    path, _ = get_cluster(req)
    del req.store.generic[path + "/queues"][rec["id"]]
    return empty(204)


def pause(req: Req) -> Resp:
    rec = _queue(req)
    if rec["dispatch_paused"]:
        raise HTTPError(422, "Cluster queue is already paused")
    data = req.data()
    # The docs' table calls it ``note``; their example and go-buildkite send the long name.
    note = data.get("dispatch_paused_note", data.get("note"))
    rec.update(dispatch_paused=True, dispatch_paused_at=iso(req.store.clock.now()),
               dispatch_paused_by=_render.user(req.user),
               dispatch_paused_note=note)  # fmt: skip
    return json_resp(public(rec))


def resume(req: Req) -> Resp:
    rec = _queue(req)
    if not rec["dispatch_paused"]:
        raise HTTPError(422, "Cluster queue is not paused")
    rec.update(dispatch_paused=False, dispatch_paused_at=None, dispatch_paused_by=None,
               dispatch_paused_note=None)  # fmt: skip
    return json_resp(public(rec))


ROUTES = [
    ("GET", Q, list_queues),
    ("POST", Q, create),
    ("GET", Q + "/{id}", get_one),
    ("PUT", Q + "/{id}", update),
    ("PATCH", Q + "/{id}", update),
    ("DELETE", Q + "/{id}", delete),
    ("POST", Q + "/{id}/pause_dispatch", pause),
    ("POST", Q + "/{id}/resume_dispatch", resume),
]
