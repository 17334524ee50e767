"""Organization administration on the wire: invitations, audit events, API and pipeline
settings, repository connections."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

import pybuildkite
from pybuildkite.testing import Emulator
from pybuildkite.types.organization_admin import (
    ApiSettings,
    AuditEvent,
    Invitation,
    PipelineSettings,
    RepositoryConnection,
    SourceRepository,
)

ORG = "/v2/organizations/acme"
TEAM = "6b1f3c1e-2a0b-4d55-9a8e-1c2d3e4f5a6b"


@pytest.fixture
def emu(buildkite_emulator: Emulator) -> Emulator:
    return buildkite_emulator


@pytest.fixture
def client(buildkite_client: pybuildkite.Client) -> pybuildkite.Client:
    return buildkite_client


def last(emu: Emulator) -> Any:
    return emu.requests[-1]


# -- invitations -------------------------------------------------------------------------


def test_invite_list_get_revoke(client: pybuildkite.Client, emu: Emulator) -> None:
    made = client.organization_invitations.create(
        emu.org, emails=["a@example.com", "A@example.com", "b@example.com"], role="admin",
        sso_mode="optional", teams={TEAM: "maintainer"},
    )  # fmt: skip
    assert (last(emu).method, last(emu).path, last(emu).status) == (
        "POST",
        ORG + "/invitations",
        201,
    )
    assert last(emu).json == {
        "emails": ["a@example.com", "A@example.com", "b@example.com"], "role": "admin",
        "sso_mode": "optional", "teams": [{"id": TEAM, "role": "maintainer"}],
    }  # fmt: skip
    assert [i.email for i in made] == ["a@example.com", "b@example.com"]
    assert isinstance(made[0], Invitation) and made[0].teams is not None
    assert made[0].teams[0].role == "maintainer" and made[0].state == "pending"

    listed = client.organization_invitations.list(emu.org, per_page=1).to_list()
    assert [i.email for i in listed] == ["b@example.com", "a@example.com"]  # newest first
    assert emu.requests[-2].query == [("per_page", "1")]
    assert ("after" in dict(last(emu).query)) and ("per_page", "1") in last(emu).query

    assert client.organization_invitations.revoke(emu.org, made[0].id) is None
    assert (last(emu).method, last(emu).status) == ("DELETE", 204)
    assert client.organization_invitations.get(emu.org, made[0].id).state == "revoked"
    assert [i.id for i in client.organization_invitations.list(emu.org)] == [made[1].id]
    with pytest.raises(pybuildkite.UnprocessableEntityError):
        client.organization_invitations.revoke(emu.org, made[0].id)


@pytest.mark.parametrize(
    ("kwargs", "error"),
    [({"emails": []}, ValueError), ({"emails": "a@example.com"}, TypeError),
     ({"emails": ["a@example.com"], "role": "owner"}, ValueError),
     ({"emails": ["a@example.com"], "sso_mode": "sometimes"}, ValueError),
     ({"emails": ["a@example.com"], "teams": {TEAM: "boss"}}, ValueError),
     ({"emails": ["a@example.com"], "teams": [TEAM]}, TypeError),
     ({"emails": [""]}, ValueError)],
)  # fmt: skip
def test_bad_invitations_are_refused(
    client: pybuildkite.Client, emu: Emulator, kwargs: dict[str, Any], error: type[Exception]
) -> None:
    with pytest.raises(error):
        client.organization_invitations.create(emu.org, **kwargs)
    assert emu.requests == []


async def test_async_invitations(
    async_buildkite_client: pybuildkite.AsyncClient, emu: Emulator
) -> None:
    made = await async_buildkite_client.organization_invitations.create(
        emu.org, emails=["c@example.com"]
    )
    got = await async_buildkite_client.organization_invitations.get(emu.org, made[0].id)
    assert got.email == "c@example.com" and got.role == "member"
    assert [i.id async for i in async_buildkite_client.organization_invitations.list(emu.org)] == [
        made[0].id
    ]


# -- audit events ------------------------------------------------------------------------


def test_audit_events_newest_first(client: pybuildkite.Client, emu: Emulator) -> None:
    ids = []
    for n in range(3):
        uuid = f"0191e71a-552b-7be5-8a3d-8e0fc2c84e5{n}"
        emu.seed_resource(ORG + "/audit_events", {
            "uuid": uuid, "type": "OrganizationUpdatedEvent",
            "occurred_at": f"2024-11-12T09:15:0{n}.000Z",
            "actor": {"type": "User", "uuid": "u-1", "name": "Sam"}, "data": {"n": n},
        }, key=uuid)  # fmt: skip
        ids.append(uuid)
    events = client.organization_audit_events.list(emu.org, per_page=2).to_list()
    assert [e.uuid for e in events] == ids[::-1]
    assert len(emu.requests) == 2
    assert isinstance(events[0], AuditEvent) and events[0].actor is not None
    assert events[0].actor.name == "Sam"
    assert events[0].occurred_at == dt.datetime(2024, 11, 12, 9, 15, 2, tzinfo=dt.UTC)
    one = client.organization_audit_events.get(emu.org, ids[0])
    assert last(emu).path == f"{ORG}/audit_events/{ids[0]}"
    assert one.data == {"n": 0}
    limited = client.organization_audit_events.list(emu.org, limit=1).to_list()
    assert [e.uuid for e in limited] == [ids[2]]


# -- settings ----------------------------------------------------------------------------


def test_api_settings(client: pybuildkite.Client, emu: Emulator) -> None:
    settings = client.organization_api_settings.get(emu.org)
    assert isinstance(settings, ApiSettings) and settings.features is not None
    updated = client.organization_api_settings.update(
        emu.org, allowed_ip_addresses=["192.0.2.0/24", "198.51.100.0/24"],
        revoke_inactive_tokens_after_days=90, restrict_user_api_token_creation=True,
    )  # fmt: skip
    assert (last(emu).method, last(emu).path) == ("PATCH", ORG + "/api-settings")
    assert last(emu).json == {
        "allowed_ip_addresses": "192.0.2.0/24 198.51.100.0/24",
        "revoke_inactive_tokens_after_days": 90, "restrict_user_api_token_creation": True,
    }  # fmt: skip
    assert updated.allowed_ip_addresses == "192.0.2.0/24 198.51.100.0/24"
    cleared = client.organization_api_settings.update(
        emu.org, allowed_ip_addresses=None, revoke_inactive_tokens_after_days=None
    )
    assert last(emu).json == {
        "allowed_ip_addresses": None,
        "revoke_inactive_tokens_after_days": None,
    }
    assert cleared.allowed_ip_addresses is None and cleared.restrict_user_api_token_creation


@pytest.mark.parametrize(
    ("kwargs", "error"),
    [({"revoke_inactive_tokens_after_days": 45}, ValueError),
     ({"restrict_user_api_token_creation": "yes"}, TypeError),
     ({"allowed_ip_addresses": ["192.0.2.0/24 10.0.0.0/8"]}, ValueError),
     ({"allowed_ip_addresses": 3}, TypeError)],
)  # fmt: skip
def test_bad_api_settings_are_refused(
    client: pybuildkite.Client, emu: Emulator, kwargs: dict[str, Any], error: type[Exception]
) -> None:
    with pytest.raises(error):
        client.organization_api_settings.update(emu.org, **kwargs)
    assert emu.requests == []


def test_pipeline_settings_and_switches(client: pybuildkite.Client, emu: Emulator) -> None:
    ps = client.organization_pipeline_settings
    updated = ps.update(emu.org, default_branch="trunk", default_timeout_in_minutes=60,
                        default_cluster_id=None)  # fmt: skip
    assert last(emu).json == {
        "default_branch": "trunk", "default_cluster_id": None, "default_timeout_in_minutes": 60,
    }  # fmt: skip
    assert isinstance(updated, PipelineSettings) and updated.default_branch == "trunk"
    calls: list[tuple[Any, str, str]] = [
        (ps.enable_hosted_agents_ssh, "PUT", "hosted-agents-ssh"),
        (ps.disable_hosted_agents_ssh, "DELETE", "hosted-agents-ssh"),
        (ps.enable_public_pipelines, "PUT", "public-pipelines"),
        (ps.disable_public_pipelines, "DELETE", "public-pipelines"),
        (ps.enable_advanced_queue_metrics, "PUT", "advanced-queue-metrics"),
        (ps.disable_build_export, "DELETE", "build-export"),
    ]
    for call, method, action in calls:
        result = call(emu.org)
        assert (last(emu).method, last(emu).path) == (method, f"{ORG}/pipeline-settings/{action}")
        assert isinstance(result, PipelineSettings) and result.default_branch == "trunk"
    assert result.advanced_queue_metrics is not None and result.advanced_queue_metrics.enabled
    assert result.hosted_agents_terminal_access is not None
    assert result.hosted_agents_terminal_access.enabled is False
    exported = ps.configure_build_export(emu.org, location="s3://bucket", strategy_id="s3")
    assert last(emu).json == {"location": "s3://bucket", "strategy_id": "s3"}
    assert exported.build_exports is not None and exported.build_exports.location == "bucket"
    assert ps.get(emu.org).build_exports == exported.build_exports
    with pytest.raises(pybuildkite.UnprocessableEntityError):
        ps.configure_build_export(emu.org, location="bucket", strategy_id="ftp")
    emu.clear_requests()
    with pytest.raises(ValueError):
        ps.update(emu.org, default_timeout_in_minutes=0)
    with pytest.raises(ValueError, match="location"):
        ps.configure_build_export(emu.org, location="", strategy_id="s3")
    with pytest.raises(TypeError, match="strategy_id"):
        ps.configure_build_export(emu.org, location="b", strategy_id=3)  # type: ignore[arg-type]
    assert emu.requests == []


# -- repository connections --------------------------------------------------------------


async def test_repository_connections(
    client: pybuildkite.Client, async_buildkite_client: pybuildkite.AsyncClient, emu: Emulator
) -> None:
    conn = emu.seed_resource(ORG + "/repository_connections", {
        "type": "github_app", "display_name": "GitHub (acme)",
        "host": {"type": "github", "url": "https://github.com"},
        "rate_limit": {"limit": 5000, "used": 1, "remaining": 4999, "reset_at": "2026-07-16T06:00:00Z"},
    })  # fmt: skip
    repos_path = f"{ORG}/repository_connections/{conn}/repositories"
    for name in ("acme/web", "acme/api"):
        emu.seed_resource(repos_path, {"full_name": name, "default_branch": "main"})
    listed = client.repository_connections.list(emu.org)
    assert [(c.id, c.type) for c in listed] == [(conn, "github_app")]
    assert isinstance(listed[0], RepositoryConnection)
    got = await async_buildkite_client.repository_connections.get(emu.org, conn)
    assert got.rate_limit is not None and got.rate_limit.reset_at is not None
    repos = client.repository_connections.list_repositories(emu.org, conn, repository="ACME/Web")
    assert (last(emu).path, last(emu).query) == (repos_path, [("repository", "ACME/Web")])
    assert [r.full_name for r in repos] == ["acme/web"] and isinstance(repos[0], SourceRepository)
    assert len(client.repository_connections.list_repositories(emu.org, conn)) == 2
