"""A cluster's network ranges: one unpaginated array of ``{cidr_range, kind}``.

Ranges seeded into the cluster's ``/network_ranges`` collection (``emu.seed_resource`` or
``emu.add_network_range``) are what it lists.  A cluster without seeded ranges lists none
while it is self-hosted, as Buildkite answers, and a default egress range once it has a
Buildkite hosted queue (one created with ``hostedAgents``), since hosted agents reach the
outside world from Buildkite's addresses.
"""

from __future__ import annotations

from typing import Any

from .._http import Req, Resp, json_resp
from .clusters import CLUSTER, get_cluster

Record = dict[str, Any]

NETWORK_RANGES = CLUSTER + "/network_ranges"
# A documentation range (RFC 5737), so nothing mistakes it for a real address to allow.
HOSTED_DEFAULT: tuple[Record, ...] = ({"cidr_range": "203.0.113.0/24", "kind": "egress"},)


def list_ranges(req: Req) -> Resp:
    path, _ = get_cluster(req)
    seeded = req.store.generic.get(path + "/network_ranges", {})
    if seeded:
        items = [
            {"cidr_range": r.get("cidr_range"), "kind": r.get("kind")} for r in seeded.values()
        ]
        return json_resp(items)
    queues = req.store.generic.get(path + "/queues", {}).values()
    if any(q.get("hosted_agents") for q in queues):
        return json_resp([dict(r) for r in HOSTED_DEFAULT])
    return json_resp([])


ROUTES = [("GET", NETWORK_RANGES, list_ranges)]
