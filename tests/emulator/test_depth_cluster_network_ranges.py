"""Cluster network ranges: none for self-hosted clusters, a default once hosted, seeded ranges."""

from __future__ import annotations

import httpx
import pytest

import pybuildkite
from pybuildkite.testing import Emulator


def test_default_and_seeded_ranges(
    buildkite_client: pybuildkite.Client, buildkite_emulator: Emulator
) -> None:
    org = buildkite_emulator.org
    cluster = buildkite_client.clusters.create(org, name="Hosted")
    ranges = buildkite_client.cluster_network_ranges
    assert ranges.list(org, cluster.id) == []
    buildkite_client.cluster_queues.create(org, cluster.id, key="self-hosted")
    assert ranges.list(org, cluster.id) == []
    buildkite_emulator.seed_resource(
        f"/v2/organizations/{org}/clusters/{cluster.id}/queues",
        {"key": "hosted", "hosted_agents": {"instance_shape": {"name": "LINUX_AMD64_2X4"}}},
    )
    assert [(r.cidr_range, r.kind) for r in ranges.list(org, cluster.id)] == [
        ("203.0.113.0/24", "egress")
    ]
    buildkite_emulator.add_network_range(org, cluster.id, "198.51.100.0/24")
    buildkite_emulator.add_network_range(org, cluster.id, "192.0.2.0/24", kind="ingress")
    with pytest.raises(KeyError, match="no cluster"):
        buildkite_emulator.add_network_range(org, "nope", "203.0.113.0/24")
    assert [(r.cidr_range, r.kind) for r in ranges.list(org, cluster.id)] == [
        ("198.51.100.0/24", "egress"), ("192.0.2.0/24", "ingress")]  # fmt: skip


def test_unpaginated_and_missing_cluster(api: httpx.Client, buildkite_emulator: Emulator) -> None:
    base = "/v2/organizations/acme/clusters"
    cid = api.post(base, json={"name": "C"}).json()["id"]
    for i in range(3):
        buildkite_emulator.add_network_range(None, cid, f"10.0.{i}.0/24")
    r = api.get(f"{base}/{cid}/network_ranges", params={"per_page": 1})
    assert len(r.json()) == 3 and "link" not in r.headers
    assert r.json()[0] == {"cidr_range": "10.0.0.0/24", "kind": "egress"}
    r = api.get(f"{base}/nope/network_ranges")
    assert (r.status_code, r.json()) == (404, {"message": "No cluster found"})
