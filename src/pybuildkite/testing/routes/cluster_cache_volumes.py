"""Cluster cache volumes: listed, and deleted by tag with a JSON body ``{"tag": ...}``.

The API cannot create volumes (hosted agents do): seed them with ``Emulator.seed_resource``
on ``.../clusters/{id}/cache_volumes`` with at least a ``tag``.
A missing or empty tag is a 400; a tag with no volume is a 404.
"""

from __future__ import annotations

from .._http import HTTPError, Req, Resp, empty, json_resp
from .clusters import CLUSTER, collection, get_cluster

V = CLUSTER + "/cache_volumes"


def list_volumes(req: Req) -> Resp:
    path, _ = get_cluster(req)
    return json_resp(list(collection(req, path + "/cache_volumes").values()))


def delete(req: Req) -> Resp:
    path, _ = get_cluster(req)
    tag = req.data().get("tag")
    if not isinstance(tag, str) or not tag:
        raise HTTPError(400, "tag is required")
    coll = collection(req, path + "/cache_volumes")
    doomed = [k for k, r in coll.items() if r.get("tag") == tag]
    if not doomed:
        raise HTTPError(404, "No cache volume found")
    for key in doomed:
        del coll[key]
    return empty(204)


ROUTES = [
    ("GET", V, list_volumes),
    ("DELETE", V, delete),
]
