"""Teams and their members, pipelines and suites, on the wire against the emulator."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from typing import Any

import pytest

import pybuildkite
from pybuildkite import NOT_GIVEN
from pybuildkite.types.teams import Team, TeamMember, TeamPipeline, TeamSuite

ORG = "acme"
TEAMS = f"/v2/organizations/{ORG}/teams"


def wire(emu: Any) -> tuple[str, str, Counter[tuple[str, str]], Any]:
    r = emu.requests[-1]
    return r.method, r.path, Counter(r.query), r.json


@pytest.fixture
def team(buildkite_client: pybuildkite.Client) -> Team:
    return buildkite_client.teams.create(ORG, name="Fearless Frontenders", privacy="secret")


def test_team_create_get_list(
    buildkite_emulator: Any, buildkite_client: pybuildkite.Client
) -> None:
    emu, client = buildkite_emulator, buildkite_client
    created = client.teams.create(
        ORG, name="Fearless Frontenders", description="", privacy="secret",
        is_default_team=False, default_member_role="maintainer",
        members_can_create_pipelines=True,
    )  # fmt: skip
    assert wire(emu) == (
        "POST", TEAMS, Counter(),
        {"name": "Fearless Frontenders", "description": "", "privacy": "secret",
         "is_default_team": False, "default_member_role": "maintainer",
         "members_can_create_pipelines": True},
    )  # fmt: skip
    assert emu.requests[-1].status == 201
    assert isinstance(created, Team) and created.id
    assert (created.slug, created.privacy) == ("fearless-frontenders", "secret")

    got = client.teams.get(ORG, created.id)
    assert wire(emu)[:2] == ("GET", f"{TEAMS}/{created.id}")
    assert got.name == "Fearless Frontenders"
    assert isinstance(got.created_at, dt.datetime)
    assert got.created_by is not None and got.created_by.id == emu.user_id

    other = client.teams.create(ORG, name="Backend")
    assert [t.name for t in client.teams.list(ORG)] == ["Fearless Frontenders", "Backend"]
    client.team_members.create(ORG, other.id, user_id=emu.user_id, role="member")
    mine = client.teams.list(ORG, user_id=emu.user_id).to_list()
    assert wire(emu)[2][("user_id", emu.user_id)] == 1
    assert [t.id for t in mine] == [other.id]


def test_team_update_tells_left_out_from_none_and_false(
    buildkite_emulator: Any, buildkite_client: pybuildkite.Client, team: Team
) -> None:
    emu, client = buildkite_emulator, buildkite_client
    assert team.id is not None
    client.teams.update(ORG, team.id, description="Frontend folk")
    assert wire(emu) == ("PATCH", f"{TEAMS}/{team.id}", Counter(), {"description": "Frontend folk"})

    updated = client.teams.update(
        ORG, team.id, name=NOT_GIVEN, description=None, is_default_team=False,
        members_can_destroy_packages=False,
    )  # fmt: skip
    assert wire(emu)[3] == {
        "description": None, "is_default_team": False, "members_can_destroy_packages": False,
    }  # fmt: skip
    assert updated.name == "Fearless Frontenders"  # left out, so kept
    assert updated.privacy == "secret"

    client.teams.update(ORG, team.id)
    assert wire(emu)[3] == {}


@pytest.mark.parametrize(
    ("kwargs", "error"),
    [
        ({"name": None}, TypeError),
        ({"name": ""}, ValueError),
        ({"name": "x", "privacy": "public"}, ValueError),
        ({"name": "x", "default_member_role": "owner"}, ValueError),
        ({"name": "x", "is_default_team": "yes"}, TypeError),
        ({"name": "x", "unknown": 1}, TypeError),
    ],
)
def test_team_bad_input_sends_nothing(
    buildkite_emulator: Any, buildkite_client: pybuildkite.Client, kwargs: dict[str, Any],
    error: type[Exception],
) -> None:  # fmt: skip
    with pytest.raises(error):
        buildkite_client.teams.create(ORG, **kwargs)
    assert buildkite_emulator.requests == []


def test_team_delete_and_enable(
    buildkite_emulator: Any, buildkite_client: pybuildkite.Client, team: Team
) -> None:
    emu, client = buildkite_emulator, buildkite_client
    assert team.id is not None
    assert client.teams.delete(ORG, team.id) is None
    assert (emu.requests[-1].method, emu.requests[-1].status) == ("DELETE", 204)
    with pytest.raises(pybuildkite.NotFoundError):
        client.teams.get(ORG, team.id)

    assert client.teams.enable(ORG) is None
    assert wire(emu)[:2] == ("POST", f"{TEAMS}/enable")
    assert emu.requests[-1].status == 204
    assert [t.name for t in client.teams.list(ORG)] == ["Everyone"]
    client.teams.enable(ORG)  # idempotent
    assert [t.name for t in client.teams.list(ORG)] == ["Everyone"]


def test_team_members(
    buildkite_emulator: Any, buildkite_client: pybuildkite.Client, team: Team
) -> None:
    emu, client = buildkite_emulator, buildkite_client
    assert team.id is not None
    path = f"{TEAMS}/{team.id}/members"
    member = client.team_members.create(ORG, team.id, user_id=emu.user_id, role="maintainer")
    assert wire(emu) == ("POST", path, Counter(), {"user_id": emu.user_id, "role": "maintainer"})
    assert isinstance(member, TeamMember)
    assert (member.user_id, member.user_name, member.role) == (
        emu.user_id,
        "Ada Lovelace",
        "maintainer",
    )
    with pytest.raises(pybuildkite.UnprocessableEntityError):
        client.team_members.create(ORG, team.id, user_id=emu.user_id, role="member")

    assert client.team_members.get(ORG, team.id, emu.user_id).role == "maintainer"
    changed = client.team_members.update(ORG, team.id, emu.user_id, role="member")
    assert wire(emu) == ("PATCH", f"{path}/{emu.user_id}", Counter(), {"role": "member"})
    assert changed.role == "member"
    assert [m.user_id for m in client.team_members.list(ORG, team.id)] == [emu.user_id]

    client.team_members.delete(ORG, team.id, emu.user_id)
    assert wire(emu)[:2] == ("DELETE", f"{path}/{emu.user_id}")
    assert client.team_members.list(ORG, team.id).to_list() == []

    emu.clear_requests()
    with pytest.raises(ValueError, match="role"):
        client.team_members.create(ORG, team.id, user_id=emu.user_id, role="owner")  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        client.team_members.update(ORG, team.id, emu.user_id, role=None)  # type: ignore[arg-type]
    assert emu.requests == []


def test_team_pipelines(
    buildkite_emulator: Any, buildkite_client: pybuildkite.Client, team: Team
) -> None:
    emu, client = buildkite_emulator, buildkite_client
    assert team.id is not None
    pipeline = emu.store.pipeline(ORG, emu.add_pipeline(ORG, "Web"))
    path = f"{TEAMS}/{team.id}/pipelines"
    access = client.team_pipelines.create(
        ORG, team.id, pipeline_id=pipeline.id, access_level="read_only"
    )
    assert wire(emu) == (
        "POST",
        path,
        Counter(),
        {"pipeline_id": pipeline.id, "access_level": "read_only"},
    )
    assert isinstance(access, TeamPipeline)
    assert access.pipeline_url and access.pipeline_url.endswith("/pipelines/web")

    got = client.team_pipelines.get(ORG, team.id, pipeline.id)
    assert (got.pipeline_id, got.access_level) == (pipeline.id, "read_only")
    changed = client.team_pipelines.update(
        ORG, team.id, pipeline.id, access_level="manage_build_and_read"
    )
    assert wire(emu) == ("PATCH", f"{path}/{pipeline.id}", Counter(),
                         {"access_level": "manage_build_and_read"})  # fmt: skip
    assert changed.access_level == "manage_build_and_read"
    assert [p.pipeline_id for p in client.team_pipelines.list(ORG, team.id)] == [pipeline.id]
    client.team_pipelines.delete(ORG, team.id, pipeline.id)
    assert client.team_pipelines.list(ORG, team.id).to_list() == []

    emu.clear_requests()
    with pytest.raises(ValueError, match="access_level"):
        client.team_pipelines.create(ORG, team.id, pipeline_id=pipeline.id, access_level="admin")  # type: ignore[arg-type]
    assert emu.requests == []


def test_team_suites(
    buildkite_emulator: Any, buildkite_client: pybuildkite.Client, team: Team
) -> None:
    emu, client = buildkite_emulator, buildkite_client
    assert team.id is not None
    suite_id = "0191b6ab-1a04-7c1f-8e5b-d7a0b9c6f3a1"
    path = f"{TEAMS}/{team.id}/suites"
    access = client.team_suites.create(ORG, team.id, suite_id=suite_id, access_level=["read"])
    # The docs' plural path, not go-buildkite's ".../suite".
    assert wire(emu) == ("POST", path, Counter(), {"suite_id": suite_id, "access_level": ["read"]})
    assert isinstance(access, TeamSuite) and access.access_level == ["read"]

    changed = client.team_suites.update(ORG, team.id, suite_id, access_level=("read", "edit"))
    assert wire(emu) == (
        "PATCH",
        f"{path}/{suite_id}",
        Counter(),
        {"access_level": ["read", "edit"]},
    )
    assert changed.access_level == ["read", "edit"]
    assert client.team_suites.get(ORG, team.id, suite_id).suite_id == suite_id
    assert [s.suite_id for s in client.team_suites.list(ORG, team.id)] == [suite_id]
    client.team_suites.delete(ORG, team.id, suite_id)
    assert client.team_suites.list(ORG, team.id).to_list() == []

    emu.clear_requests()
    for bad, error in (("read", TypeError), ([], ValueError), (["write"], ValueError)):
        with pytest.raises(error):
            client.team_suites.create(ORG, team.id, suite_id=suite_id, access_level=bad)  # type: ignore[arg-type]
    assert emu.requests == []


async def test_async_teams(
    buildkite_emulator: Any, async_buildkite_client: pybuildkite.AsyncClient
) -> None:
    emu, client = buildkite_emulator, async_buildkite_client
    team = await client.teams.create(ORG, name="Async")
    assert team.id is not None
    updated = await client.teams.update(ORG, team.id, privacy="secret")
    assert updated.privacy == "secret"
    await client.team_members.create(ORG, team.id, user_id=emu.user_id, role="member")
    assert [m.user_id async for m in client.team_members.list(ORG, team.id)] == [emu.user_id]
    assert [t.id for t in await client.teams.list(ORG, user_id=emu.user_id).to_list()] == [team.id]
    await client.teams.delete(ORG, team.id)
    assert emu.requests[-1].status == 204
