"""Clusters and everything under them, on the wire against the emulator: clusters, queues
(hosted camelCase body, dispatch pause/resume), agent tokens, maintainers, secrets, agent
images, network ranges and cache volumes."""

from __future__ import annotations

import datetime as dt
import json
from collections import Counter
from typing import Any

import pytest

import pybuildkite
from pybuildkite.types.clusters import (
    AgentImage,
    CacheVolume,
    Cluster,
    ClusterQueue,
    ClusterToken,
    CreatedClusterToken,
)

ORG = "acme"


def last(emu: Any) -> Any:
    return emu.requests[-1]


def wire(emu: Any) -> tuple[str, str, Counter[tuple[str, str]], Any]:
    """The last request as (method, raw path, query multiset, JSON body)."""
    r = last(emu)
    return r.method, r.path, Counter(r.query), r.json


@pytest.fixture
def cluster(buildkite_client: pybuildkite.Client) -> Cluster:
    return buildkite_client.clusters.create(ORG, name="Open Source", emoji=":technologist:")


def base(cluster: Cluster) -> str:
    return f"/v2/organizations/{ORG}/clusters/{cluster.id}"


# -- clusters -------------------------------------------------------------------------------


def test_cluster_crud(buildkite_emulator: Any, buildkite_client: pybuildkite.Client) -> None:
    emu, client = buildkite_emulator, buildkite_client
    created = client.clusters.create(
        ORG, name="Open Source", description="Safe builds", color="#FFE0F1",
        maintainers=[{"user": emu.user_id}],
    )  # fmt: skip
    assert wire(emu) == (
        "POST", f"/v2/organizations/{ORG}/clusters", Counter(),
        {"name": "Open Source", "description": "Safe builds", "color": "#FFE0F1",
         "maintainers": [{"user": emu.user_id}]},
    )  # fmt: skip
    assert isinstance(created, Cluster)
    assert created.default_queue_id is None
    assert created.maintainers is not None
    assert [m.actor.id for m in created.maintainers.users if m.actor] == [emu.user_id]
    assert isinstance(created.created_at, dt.datetime)

    got = client.clusters.get(ORG, created.id)
    assert (last(emu).method, last(emu).path) == ("GET", base(created))
    assert got.name == "Open Source"

    updated = client.clusters.update(
        ORG, created.id, description=None, hosted_git_mirror_enabled=False
    )
    # The docs' verb (PUT), not go-buildkite's PATCH; None is sent as null, False as false.
    assert wire(emu) == ("PUT", base(created), Counter(),
                         {"description": None, "hosted_git_mirror_enabled": False})  # fmt: skip
    assert updated.description is None
    assert updated.hosted_git_mirror_enabled is False

    client.clusters.create(ORG, name="Second")
    assert [c.name for c in client.clusters.list(ORG)] == ["Open Source", "Second"]

    assert client.clusters.delete(ORG, created.id) is None
    assert (last(emu).method, last(emu).status) == ("DELETE", 204)
    with pytest.raises(pybuildkite.NotFoundError):
        client.clusters.get(ORG, created.id)


@pytest.mark.parametrize(
    ("kwargs", "error"),
    [
        ({"name": 5}, TypeError),
        ({"name": ""}, ValueError),
        ({"name": "x", "maintainers": {"user": "u"}}, TypeError),
        ({"name": "x", "maintainers": [{"user": "u", "team": "t"}]}, ValueError),
        ({"name": "x", "maintainers": [{"group": "g"}]}, ValueError),
        ({"name": "x", "emoji": 1}, TypeError),
    ],
)
def test_cluster_create_bad_input_sends_nothing(
    buildkite_emulator: Any, buildkite_client: pybuildkite.Client, kwargs: dict[str, Any],
    error: type[Exception],
) -> None:  # fmt: skip
    with pytest.raises(error):
        buildkite_client.clusters.create(ORG, **kwargs)
    assert buildkite_emulator.requests == []


def test_cluster_path_segments_are_quoted(
    buildkite_emulator: Any, buildkite_client: pybuildkite.Client
) -> None:
    with pytest.raises(pybuildkite.NotFoundError):
        buildkite_client.clusters.get(ORG, "a/b?c")
    assert last(buildkite_emulator).path == f"/v2/organizations/{ORG}/clusters/a%2Fb%3Fc"
    with pytest.raises(ValueError):
        buildkite_client.clusters.get(ORG, "..")


def test_cluster_list_follows_pages_with_per_page(
    buildkite_emulator: Any, buildkite_client: pybuildkite.Client
) -> None:
    for name in ("A", "B", "C"):
        buildkite_client.clusters.create(ORG, name=name)
    buildkite_emulator.clear_requests()
    assert [c.name for c in buildkite_client.clusters.list(ORG, per_page=2)] == ["A", "B", "C"]
    pages = [Counter(r.query) for r in buildkite_emulator.requests]
    assert pages == [
        Counter({("per_page", "2"): 1}),
        Counter({("per_page", "2"): 1, ("page", "2"): 1}),
    ]


# -- queues ---------------------------------------------------------------------------------


def test_hosted_queue_sends_camel_case_and_parses_hosted_agents(
    buildkite_emulator: Any, buildkite_client: pybuildkite.Client, cluster: Cluster
) -> None:
    emu, client = buildkite_emulator, buildkite_client
    queue = client.cluster_queues.create(
        ORG, cluster.id, key="linux-small", retry_agent_affinity="prefer-different",
        hosted_agents={"instance_shape": "LINUX_AMD64_2X4"},
    )  # fmt: skip
    assert wire(emu) == (
        "POST", base(cluster) + "/queues", Counter(),
        {"key": "linux-small", "retry_agent_affinity": "prefer-different",
         "hostedAgents": {"instanceShape": "LINUX_AMD64_2X4"}},
    )  # fmt: skip
    assert isinstance(queue, ClusterQueue)
    assert queue.hosted is True
    assert queue.hosted_agents is not None and queue.hosted_agents.instance_shape is not None
    assert queue.hosted_agents.instance_shape.name == "LINUX_AMD64_2X4"
    assert queue.hosted_agents.instance_shape.cpu == 2
    assert queue.hosted_agents.agent_image_ref is None

    updated = client.cluster_queues.update(
        ORG, cluster.id, queue.id,
        hosted_agents={"instance_shape": "LINUX_AMD64_4X16", "agent_image_ref": "my-image"},
    )  # fmt: skip
    assert wire(emu) == (
        "PUT", base(cluster) + f"/queues/{queue.id}", Counter(),
        {"hostedAgents": {"instanceShape": "LINUX_AMD64_4X16", "agentImageRef": "my-image"}},
    )  # fmt: skip
    assert updated.hosted_agents is not None
    assert updated.hosted_agents.agent_image_ref == "my-image"


def test_queue_pause_and_resume_dispatch(
    buildkite_emulator: Any, buildkite_client: pybuildkite.Client, cluster: Cluster
) -> None:
    emu, client = buildkite_emulator, buildkite_client
    queue = client.cluster_queues.create(ORG, cluster.id, key="default")
    assert queue.dispatch_paused is False and queue.hosted is False

    paused = client.cluster_queues.pause_dispatch(
        ORG, cluster.id, queue.id, dispatch_paused_note="Upgrading agents"
    )
    assert wire(emu) == ("POST", base(cluster) + f"/queues/{queue.id}/pause_dispatch", Counter(),
                         {"dispatch_paused_note": "Upgrading agents"})  # fmt: skip
    assert paused.dispatch_paused is True
    assert paused.dispatch_paused_note == "Upgrading agents"
    assert isinstance(paused.dispatch_paused_at, dt.datetime)
    assert paused.dispatch_paused_by is not None and paused.dispatch_paused_by.id == emu.user_id

    with pytest.raises(pybuildkite.UnprocessableEntityError, match="already paused"):
        client.cluster_queues.pause_dispatch(ORG, cluster.id, queue.id)

    resumed = client.cluster_queues.resume_dispatch(ORG, cluster.id, queue.id)
    assert (last(emu).method, last(emu).path) == (
        "POST", base(cluster) + f"/queues/{queue.id}/resume_dispatch")  # fmt: skip
    assert resumed.dispatch_paused is False and resumed.dispatch_paused_note is None
    with pytest.raises(pybuildkite.UnprocessableEntityError, match="not paused"):
        client.cluster_queues.resume_dispatch(ORG, cluster.id, queue.id)


def test_queue_list_get_delete(
    buildkite_emulator: Any, buildkite_client: pybuildkite.Client, cluster: Cluster
) -> None:
    client = buildkite_client
    made = [client.cluster_queues.create(ORG, cluster.id, key=k) for k in ("a", "b", "c")]
    assert [q.key for q in client.cluster_queues.list(ORG, cluster.id)] == ["a", "b", "c"]
    assert client.cluster_queues.get(ORG, cluster.id, made[1].id).key == "b"
    client.cluster_queues.delete(ORG, cluster.id, made[1].id)
    assert last(buildkite_emulator).path == base(cluster) + f"/queues/{made[1].id}"
    assert [q.key for q in client.cluster_queues.list(ORG, cluster.id)] == ["a", "c"]
    # A cluster's default queue is set by update, once the queue exists.
    updated = client.clusters.update(ORG, cluster.id, default_queue_id=made[0].id)
    assert updated.default_queue_id == made[0].id
    assert updated.default_queue_url and updated.default_queue_url.endswith(made[0].id)


@pytest.mark.parametrize(
    "kwargs",
    [
        {"hosted_agents": {"instanceShape": "LINUX_AMD64_2X4"}},
        {"hosted_agents": {}},
        {"hosted_agents": "LINUX_AMD64_2X4"},
        {"retry_agent_affinity": "prefer-coldest"},
    ],
)
def test_queue_bad_input_sends_nothing(
    buildkite_emulator: Any, buildkite_client: pybuildkite.Client, cluster: Cluster,
    kwargs: dict[str, Any],
) -> None:  # fmt: skip
    buildkite_emulator.clear_requests()
    with pytest.raises((TypeError, ValueError)):
        buildkite_client.cluster_queues.create(ORG, cluster.id, key="q", **kwargs)
    assert buildkite_emulator.requests == []


# -- agent tokens ---------------------------------------------------------------------------


def test_agent_token_value_only_in_create_answer(
    buildkite_emulator: Any, buildkite_client: pybuildkite.Client, cluster: Cluster
) -> None:
    emu, client = buildkite_emulator, buildkite_client
    expires = dt.datetime.now(dt.UTC).replace(microsecond=0) + dt.timedelta(days=30)
    created = client.cluster_tokens.create(
        ORG, cluster.id, description="Windows agents", expires_at=expires,
        allowed_ip_addresses="202.144.0.0/24",
    )  # fmt: skip
    assert wire(emu) == (
        "POST", base(cluster) + "/tokens", Counter(),
        {"description": "Windows agents", "allowed_ip_addresses": "202.144.0.0/24",
         "expires_at": expires.strftime("%Y-%m-%dT%H:%M:%SZ")},
    )  # fmt: skip
    assert isinstance(created, CreatedClusterToken)
    assert created.token and created.token not in repr(created)
    assert created.expires_at == expires

    got = client.cluster_tokens.get(ORG, cluster.id, created.id)
    assert type(got) is ClusterToken and "token" not in got.to_dict()
    assert [t.id for t in client.cluster_tokens.list(ORG, cluster.id)] == [created.id]

    updated = client.cluster_tokens.update(ORG, cluster.id, created.id, allowed_ip_addresses=None)
    assert wire(emu) == ("PUT", base(cluster) + f"/tokens/{created.id}", Counter(),
                         {"allowed_ip_addresses": None})  # fmt: skip
    assert updated.allowed_ip_addresses is None and updated.description == "Windows agents"

    assert client.cluster_tokens.revoke(ORG, cluster.id, created.id) is None
    assert (last(emu).method, last(emu).status) == ("DELETE", 204)
    assert client.cluster_tokens.list(ORG, cluster.id).to_list() == []


def test_agent_token_bad_input(
    buildkite_emulator: Any, buildkite_client: pybuildkite.Client, cluster: Cluster
) -> None:
    buildkite_emulator.clear_requests()
    naive = dt.datetime(2030, 1, 1)
    with pytest.raises(ValueError, match="timezone-aware"):
        buildkite_client.cluster_tokens.create(ORG, cluster.id, description="x", expires_at=naive)
    with pytest.raises(TypeError):
        buildkite_client.cluster_tokens.create(ORG, cluster.id, description="x", expires_at="2030")  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        buildkite_client.cluster_tokens.create(ORG, cluster.id, description=None)  # type: ignore[arg-type]
    assert buildkite_emulator.requests == []


# -- maintainers ----------------------------------------------------------------------------


def test_maintainers_user_and_team(
    buildkite_emulator: Any, buildkite_client: pybuildkite.Client, cluster: Cluster
) -> None:
    emu, client = buildkite_emulator, buildkite_client
    team_id = emu.add_team(ORG, "Platform")
    by_user = client.cluster_maintainers.create(ORG, cluster.id, user=emu.user_id)
    assert wire(emu) == ("POST", base(cluster) + "/maintainers", Counter(), {"user": emu.user_id})
    assert by_user.actor is not None and by_user.actor.type == "user"
    by_team = client.cluster_maintainers.create(ORG, cluster.id, team=team_id)
    assert last(emu).json == {"team": team_id}
    assert by_team.actor is not None and (by_team.actor.type, by_team.actor.slug) == (
        "team",
        "platform",
    )

    listed = client.cluster_maintainers.list(ORG, cluster.id).to_list()
    assert {m.id for m in listed} == {by_user.id, by_team.id}
    assert client.cluster_maintainers.get(ORG, cluster.id, by_team.id).actor == by_team.actor
    refreshed = client.clusters.get(ORG, cluster.id).maintainers
    assert refreshed is not None and [m.id for m in refreshed.teams] == [by_team.id]

    client.cluster_maintainers.delete(ORG, cluster.id, by_user.id)
    assert (last(emu).method, last(emu).path) == (
        "DELETE",
        base(cluster) + f"/maintainers/{by_user.id}",
    )
    assert [m.id for m in client.cluster_maintainers.list(ORG, cluster.id)] == [by_team.id]

    emu.clear_requests()
    with pytest.raises(TypeError, match="exactly one"):
        client.cluster_maintainers.create(ORG, cluster.id)
    with pytest.raises(TypeError, match="exactly one"):
        client.cluster_maintainers.create(ORG, cluster.id, user="u", team="t")
    assert emu.requests == []


# -- secrets --------------------------------------------------------------------------------


def test_secrets_never_echo_value(
    buildkite_emulator: Any, buildkite_client: pybuildkite.Client, cluster: Cluster
) -> None:
    emu, client = buildkite_emulator, buildkite_client
    secret = client.cluster_secrets.create(
        ORG, cluster.id, key="DEPLOY_KEY", value="hunter2", description="Deploys"
    )
    assert wire(emu) == ("POST", base(cluster) + "/secrets", Counter(),
                         {"key": "DEPLOY_KEY", "value": "hunter2", "description": "Deploys"})  # fmt: skip
    assert "hunter2" not in _raw_answers(client, cluster, secret.id)
    assert "value" not in secret.to_dict()
    assert secret.organization is not None and secret.organization.slug == ORG

    updated = client.cluster_secrets.update(ORG, cluster.id, secret.id, policy="- pipeline_slug: x")
    assert wire(emu) == ("PUT", base(cluster) + f"/secrets/{secret.id}", Counter(),
                         {"policy": "- pipeline_slug: x"})  # fmt: skip
    assert updated.policy == "- pipeline_slug: x"

    revalued = client.cluster_secrets.update_value(ORG, cluster.id, secret.id, value="s3cret")
    assert wire(emu) == ("PUT", base(cluster) + f"/secrets/{secret.id}/value", Counter(),
                         {"value": "s3cret"})  # fmt: skip
    assert revalued.key == "DEPLOY_KEY" and "value" not in revalued.to_dict()

    # The details endpoint refuses a value: the client cannot send one there by accident.
    with pytest.raises(TypeError):
        client.cluster_secrets.update(ORG, cluster.id, secret.id, value="x")  # type: ignore[call-arg]
    with pytest.raises(pybuildkite.UnprocessableEntityError, match="taken"):
        client.cluster_secrets.create(ORG, cluster.id, key="DEPLOY_KEY", value="again")
    with pytest.raises(pybuildkite.UnprocessableEntityError):
        client.cluster_secrets.create(ORG, cluster.id, key="BK_TOKEN", value="reserved prefix")
    with pytest.raises(ValueError):
        client.cluster_secrets.update_value(ORG, cluster.id, secret.id, value="")

    client.cluster_secrets.delete(ORG, cluster.id, secret.id)
    assert client.cluster_secrets.list(ORG, cluster.id).to_list() == []


def _raw_answers(client: pybuildkite.Client, cluster: Cluster, secret_id: str) -> str:
    one = client.get(base(cluster) + f"/secrets/{secret_id}")
    listed = client.get(base(cluster) + "/secrets")
    assert "value" not in one and all("value" not in s for s in listed)
    return json.dumps([one, listed])


# -- agent images ---------------------------------------------------------------------------


def test_agent_images(
    buildkite_emulator: Any, buildkite_client: pybuildkite.Client, cluster: Cluster
) -> None:
    emu, client = buildkite_emulator, buildkite_client
    image = client.cluster_agent_images.create(ORG, cluster.id, name="node", dockerfile="")
    assert wire(emu) == ("POST", base(cluster) + "/agent-images", Counter(),
                         {"name": "node", "dockerfile": ""})  # fmt: skip
    assert isinstance(image, AgentImage) and image.status == "BUILDING"
    with pytest.raises(pybuildkite.ConflictError):
        client.cluster_agent_images.create(ORG, cluster.id, name="node", dockerfile="RUN true")
    client.cluster_agent_images.create(ORG, cluster.id, name="alpine", dockerfile="RUN apk add git")

    listed = client.cluster_agent_images.list(ORG, cluster.id)
    assert (last(emu).method, Counter(last(emu).query)) == ("GET", Counter())  # not paginated
    assert [i.name for i in listed] == ["alpine", "node"]
    assert client.cluster_agent_images.get(ORG, cluster.id, image.id).status == "READY"

    client.cluster_agent_images.delete(ORG, cluster.id, image.id)
    assert (last(emu).method, last(emu).path) == (
        "DELETE",
        base(cluster) + f"/agent-images/{image.id}",
    )
    assert [i.name for i in client.cluster_agent_images.list(ORG, cluster.id)] == ["alpine"]

    emu.clear_requests()
    with pytest.raises(ValueError):
        client.cluster_agent_images.create(ORG, cluster.id, name="", dockerfile="")
    with pytest.raises(TypeError):
        client.cluster_agent_images.create(ORG, cluster.id, name="x", dockerfile=None)  # type: ignore[arg-type]
    assert emu.requests == []


# -- network ranges and cache volumes -------------------------------------------------------


def test_network_ranges(
    buildkite_emulator: Any, buildkite_client: pybuildkite.Client, cluster: Cluster
) -> None:
    assert buildkite_client.cluster_network_ranges.list(ORG, cluster.id) == []
    buildkite_emulator.seed_resource(
        base(cluster) + "/network_ranges", {"cidr_range": "10.0.0.0/24", "kind": "egress"}
    )
    ranges = buildkite_client.cluster_network_ranges.list(ORG, cluster.id)
    assert [(r.cidr_range, r.kind) for r in ranges] == [("10.0.0.0/24", "egress")]
    assert last(buildkite_emulator).path == base(cluster) + "/network_ranges"


def test_cache_volume_delete_sends_tag_in_json_body(
    buildkite_emulator: Any, buildkite_client: pybuildkite.Client, cluster: Cluster
) -> None:
    emu, client = buildkite_emulator, buildkite_client
    tag = "node_modules/main;v2"
    emu.seed_resource(base(cluster) + "/cache_volumes", {"tag": tag, "size_mb": 512})
    emu.seed_resource(base(cluster) + "/cache_volumes", {"tag": "gems", "size_mb": 64})
    volumes = client.cluster_cache_volumes.list(ORG, cluster.id)
    assert all(isinstance(v, CacheVolume) for v in volumes)
    assert sorted((v.tag, v.size_mb) for v in volumes) == [("gems", 64), (tag, 512)]

    assert client.cluster_cache_volumes.delete(ORG, cluster.id, tag=tag) is None
    r = last(emu)
    assert (r.method, r.path, r.json, r.status) == ("DELETE", base(cluster) + "/cache_volumes",
                                                    {"tag": tag}, 204)  # fmt: skip
    assert r.headers["content-type"] == "application/json"
    assert [v.tag for v in client.cluster_cache_volumes.list(ORG, cluster.id)] == ["gems"]
    with pytest.raises(pybuildkite.NotFoundError):
        client.cluster_cache_volumes.delete(ORG, cluster.id, tag=tag)

    emu.clear_requests()
    with pytest.raises(ValueError):
        client.cluster_cache_volumes.delete(ORG, cluster.id, tag="")
    assert emu.requests == []


# -- async ----------------------------------------------------------------------------------


async def test_async_cluster_family(
    buildkite_emulator: Any, async_buildkite_client: pybuildkite.AsyncClient
) -> None:
    client = async_buildkite_client
    cluster = await client.clusters.create(ORG, name="Async")
    queue = await client.cluster_queues.create(ORG, cluster.id, key="q")
    paused = await client.cluster_queues.pause_dispatch(ORG, cluster.id, queue.id)
    assert paused.dispatch_paused is True
    assert [q.key async for q in client.cluster_queues.list(ORG, cluster.id)] == ["q"]
    token = await client.cluster_tokens.create(ORG, cluster.id, description="ci")
    assert token.token
    assert await client.cluster_network_ranges.list(ORG, cluster.id) == []
    await client.clusters.delete(ORG, cluster.id)
    assert await client.clusters.list(ORG).to_list() == []
