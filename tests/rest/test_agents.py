"""Agents against the emulator: list filters, get, stop, pause, resume."""

from __future__ import annotations

from collections import Counter
from typing import Any

import pytest

import pybuildkite
from pybuildkite.testing import Emulator
from pybuildkite.types.agents import Agent

from .test_jobs import last, query


def agents_path(emu: Emulator, suffix: str = "") -> str:
    return f"/v2/organizations/{emu.org}/agents{suffix}"


def test_list_with_filters(
    buildkite_emulator: Emulator, buildkite_client: pybuildkite.Client
) -> None:
    emu = buildkite_emulator
    queue = "5f0f7f3e-6d3c-4b7a-9a59-7d9c1f1b2c3d"
    builder = emu.add_agent(name="builder-1", hostname="ci-1.example", version="3.80.0",
                            cluster_queue_id=queue)  # fmt: skip
    emu.add_agent(name="builder-2", hostname="ci-2.example", version="3.79.0")
    emu.add_agent(name="gone", connection_state="disconnected")
    agents = buildkite_client.agents

    everyone = agents.list(emu.org).to_list()
    assert sorted(a.name or "" for a in everyone) == ["builder-1", "builder-2"]
    assert all(isinstance(a, Agent) for a in everyone)

    found = agents.list(
        emu.org, name="builder", hostname="ci-1", version="3.80.0", cluster_queue_id=queue
    ).to_list()
    assert [a.id for a in found] == [builder]
    record = last(emu)
    assert (record.method, record.path) == ("GET", agents_path(emu))
    assert query(record) == Counter(
        [("name", "builder"), ("hostname", "ci-1"), ("version", "3.80.0"),
         ("cluster_queue_id", queue), ("per_page", "100")]
    )  # fmt: skip
    agent = found[0]
    assert (agent.connection_state, agent.hostname, agent.version, agent.cluster_queue_id) == (
        "connected", "ci-1.example", "3.80.0", queue
    )  # fmt: skip
    assert agent.meta_data == ["queue=default"]
    assert agent.creator is not None and agent.creator.id == emu.user_id
    assert agent.created_at is not None and agent.created_at.tzinfo is not None


def test_get_any_state(buildkite_emulator: Emulator, buildkite_client: pybuildkite.Client) -> None:
    emu = buildkite_emulator
    gone = emu.add_agent(name="gone", connection_state="disconnected")
    agent = buildkite_client.agents.get(emu.org, gone)
    assert (agent.id, agent.name, agent.connection_state) == (gone, "gone", "disconnected")
    assert last(emu).path == agents_path(emu, f"/{gone}")
    with pytest.raises(pybuildkite.NotFoundError, match="No agent found"):
        buildkite_client.agents.get(emu.org, "00000000-0000-4000-8000-000000000000")


def test_pause_and_resume(
    buildkite_emulator: Emulator, buildkite_client: pybuildkite.Client
) -> None:
    emu = buildkite_emulator
    agent_id = emu.add_agent(name="a")
    agents = buildkite_client.agents
    assert agents.pause(emu.org, agent_id, note="disk upgrade", timeout_in_minutes=30) is None
    record = last(emu)
    assert (record.method, record.path, record.status) == (
        "PUT", agents_path(emu, f"/{agent_id}/pause"), 204
    )  # fmt: skip
    assert record.json == {"note": "disk upgrade", "timeout_in_minutes": 30}
    paused = agents.get(emu.org, agent_id)
    assert (paused.paused, paused.paused_note, paused.paused_timeout_in_minutes) == (
        True, "disk upgrade", 30
    )  # fmt: skip
    assert paused.paused_by is not None and paused.paused_by.id == emu.user_id
    with pytest.raises(pybuildkite.UnprocessableEntityError, match="already paused"):
        agents.pause(emu.org, agent_id)
    assert last(emu).json == {}

    assert agents.resume(emu.org, agent_id) is None
    assert (last(emu).method, last(emu).path, last(emu).json) == (
        "PUT", agents_path(emu, f"/{agent_id}/resume"), {}
    )  # fmt: skip
    assert agents.get(emu.org, agent_id).paused is False
    with pytest.raises(pybuildkite.UnprocessableEntityError, match="not paused"):
        agents.resume(emu.org, agent_id)


@pytest.mark.parametrize("force", [True, False])
def test_stop(
    buildkite_emulator: Emulator, buildkite_client: pybuildkite.Client, force: bool
) -> None:
    emu = buildkite_emulator
    agent_id = emu.add_agent(name="a")
    assert buildkite_client.agents.stop(emu.org, agent_id, force=force) is None
    assert (last(emu).method, last(emu).path, last(emu).json, last(emu).status) == (
        "PUT", agents_path(emu, f"/{agent_id}/stop"), {"force": force}, 204
    )  # fmt: skip
    # an idle agent stops at once either way
    assert buildkite_client.agents.get(emu.org, agent_id).connection_state == "stopped"
    # only connected agents can be stopped
    with pytest.raises(pybuildkite.BadRequestError, match="connected"):
        buildkite_client.agents.stop(emu.org, agent_id)
    assert last(emu).json == {}


@pytest.mark.parametrize(
    ("method", "kwargs", "error"),
    [
        ("stop", {"force": "yes"}, TypeError),
        ("pause", {"note": 5}, TypeError),
        ("pause", {"timeout_in_minutes": 0}, ValueError),
        ("pause", {"timeout_in_minutes": 2.5}, TypeError),
        ("get", {}, ValueError),
        ("resume", {}, ValueError),
    ],
)
def test_actions_reject_bad_input(
    buildkite_emulator: Emulator,
    buildkite_client: pybuildkite.Client,
    method: str,
    kwargs: dict[str, Any],
    error: type[Exception],
) -> None:
    agent_id = "" if not kwargs else "agent"  # an empty id is refused too
    with pytest.raises(error):
        getattr(buildkite_client.agents, method)(buildkite_emulator.org, agent_id, **kwargs)
    assert buildkite_emulator.requests == []


@pytest.mark.parametrize("filter_name", ["name", "hostname", "version", "cluster_queue_id"])
def test_list_rejects_empty_filters(
    buildkite_emulator: Emulator, buildkite_client: pybuildkite.Client, filter_name: str
) -> None:
    empty: dict[str, Any] = {filter_name: ""}
    with pytest.raises(ValueError, match=filter_name):
        buildkite_client.agents.list(buildkite_emulator.org, **empty)
    wrong: dict[str, Any] = {filter_name: 1}
    with pytest.raises(TypeError, match=filter_name):
        buildkite_client.agents.list(buildkite_emulator.org, **wrong)
    assert buildkite_emulator.requests == []


async def test_async_agents(
    buildkite_emulator: Emulator, async_buildkite_client: pybuildkite.AsyncClient
) -> None:
    emu = buildkite_emulator
    agent_id = emu.add_agent(name="async-agent", version="3.81.0")
    agents = async_buildkite_client.agents
    assert [a.id async for a in agents.list(emu.org, version="3.81.0")] == [agent_id]
    assert (await agents.get(emu.org, agent_id)).name == "async-agent"
    await agents.pause(emu.org, agent_id, note="later")
    assert (await agents.get(emu.org, agent_id)).paused_note == "later"
    await agents.resume(emu.org, agent_id)
    await agents.stop(emu.org, agent_id, force=False)
    assert (await agents.get(emu.org, agent_id)).connection_state == "stopped"
    assert [(r.method, r.path.rsplit("/", 1)[-1], r.status) for r in emu.requests] == [
        ("GET", "agents", 200), ("GET", agent_id, 200), ("PUT", "pause", 204),
        ("GET", agent_id, 200), ("PUT", "resume", 204), ("PUT", "stop", 204),
        ("GET", agent_id, 200),
    ]  # fmt: skip
