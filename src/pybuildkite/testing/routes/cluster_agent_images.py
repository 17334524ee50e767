"""Cluster agent images: names are unique per cluster (409), listed by name.

A new image is ``BUILDING`` in the create answer and ``READY`` from the next read on, so a
client polling for it sees both.  An image a queue uses cannot be deleted (409).
"""

from __future__ import annotations

from .._http import HTTPError, Req, Resp, empty, json_resp
from ._common import check_types
from .clusters import CLUSTER, Record, collection, get_cluster, get_record, public, stamp

IMAGES = CLUSTER + "/agent-images"
FIELDS: dict[str, tuple[type, ...]] = {"name": (str,), "dockerfile": (str,)}
BASE_IMAGE = "buildkite/hosted-agent-base:latest"


def _read(rec: Record) -> Record:
    if rec["status"] == "BUILDING":
        rec["status"] = "READY"
    return public(rec)


def list_images(req: Req) -> Resp:
    path, _ = get_cluster(req)
    images = sorted(collection(req, path + "/agent-images").values(), key=lambda r: r["name"])
    return json_resp([_read(r) for r in images])


def get_one(req: Req) -> Resp:
    path, _ = get_cluster(req)
    return json_resp(_read(get_record(req, path + "/agent-images", req.params["id"])))


def create(req: Req) -> Resp:
    path, cluster = get_cluster(req)
    data = req.data()
    check_types(data, FIELDS)
    name, dockerfile = data.get("name"), data.get("dockerfile")
    if not name:
        raise HTTPError(422, "Validation failed: Name can't be blank")
    if dockerfile is None:
        raise HTTPError(422, "Validation failed: Dockerfile is required")
    if any(line.strip().upper().startswith("FROM ") for line in dockerfile.splitlines()):
        raise HTTPError(422, "Validation failed: Dockerfile must not contain a FROM line")
    coll = collection(req, path + "/agent-images")
    if any(r["name"] == name for r in coll.values()):
        raise HTTPError(409, f"An agent image named {name!r} already exists in this cluster")
    rec = stamp(req, "AgentImage", req.base_url + path + "/agent-images")
    rec.update(
        name=name, status="BUILDING", version=1, last_build_error=None, dockerfile=dockerfile,
        base_image=BASE_IMAGE, composed_dockerfile=f"FROM {BASE_IMAGE}\n{dockerfile}",
        image_ref=f"registry.buildkite.test/{cluster['id']}/{name}:1",
        web_url=f"{cluster['web_url']}/agent-images/{rec['id']}", cluster_url=cluster["url"],
    )  # fmt: skip
    coll[rec["id"]] = rec
    return json_resp(public(rec), 201)


def delete(req: Req) -> Resp:
    path, _ = get_cluster(req)
    rec = get_record(req, path + "/agent-images", req.params["id"])
    for queue in req.store.generic.get(path + "/queues", {}).values():
        linux = ((queue.get("hosted_agents") or {}).get("platform_settings") or {}).get("linux")
        if linux and linux.get("agent_image_ref") in (rec["image_ref"], rec["name"]):
            raise HTTPError(409, f"Agent image is in use by queue {queue['key']!r}")
    del req.store.generic[path + "/agent-images"][rec["id"]]
    return empty(204)


ROUTES = [
    ("GET", IMAGES, list_images),
    ("POST", IMAGES, create),
    ("GET", IMAGES + "/{id}", get_one),
    ("DELETE", IMAGES + "/{id}", delete),
]
