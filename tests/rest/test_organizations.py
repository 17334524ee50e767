"""Organizations, their rate-limit report, members and emojis."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from typing import Any

import pytest

import pybuildkite
from pybuildkite.types.emojis import Emoji
from pybuildkite.types.organizations import (
    Organization,
    OrganizationMember,
    OrganizationRateLimits,
)

ORG = "acme"
MEMBERS = f"/v2/organizations/{ORG}/members"


def test_list_and_get_organizations(
    buildkite_emulator: Any, buildkite_client: pybuildkite.Client, wire: Any
) -> None:
    buildkite_emulator.add_organization("globex", "Globex")
    orgs = buildkite_client.organizations.list().to_list()
    assert wire() == ("GET", "/v2/organizations", Counter({("per_page", "100"): 1}), None)
    assert [o.slug for o in orgs] == ["acme", "globex"]
    assert all(isinstance(o, Organization) for o in orgs)

    org = buildkite_client.organizations.get("globex")
    assert wire()[:2] == ("GET", "/v2/organizations/globex")
    assert (org.slug, org.name) == ("globex", "Globex")
    assert isinstance(org.created_at, dt.datetime)
    assert org.pipelines_url == f"{buildkite_emulator.url}/v2/organizations/globex/pipelines"


def test_list_organizations_page_by_page(
    buildkite_emulator: Any, buildkite_client: pybuildkite.Client, wire: Any
) -> None:
    buildkite_emulator.add_organization("globex", "Globex")
    orgs = buildkite_client.organizations.list(per_page=1).to_list()
    assert wire() == ("GET", "/v2/organizations",
                      Counter({("per_page", "1"): 1, ("page", "2"): 1}), None)  # fmt: skip
    assert [o.slug for o in orgs] == ["acme", "globex"]


def test_get_missing_organization(buildkite_client: pybuildkite.Client) -> None:
    with pytest.raises(pybuildkite.NotFoundError):
        buildkite_client.organizations.get("nope")


def test_bad_slugs_are_refused(buildkite_client: pybuildkite.Client, refused: Any) -> None:
    with refused(ValueError, "empty"):
        buildkite_client.organizations.get("")
    with refused(ValueError, r"'\.\.'"):
        buildkite_client.organizations.get("..")
    with refused(TypeError, "must be a str"):
        buildkite_client.organizations.get(None)  # type: ignore[arg-type]
    with refused(ValueError, "per_page"):
        buildkite_client.organizations.list(per_page=101)


def test_rate_limits(buildkite_client: pybuildkite.Client, wire: Any) -> None:
    limits = buildkite_client.organization_rate_limits.get(ORG)
    assert wire() == ("GET", f"/v2/organizations/{ORG}/rate_limit", Counter(), None)
    assert isinstance(limits, OrganizationRateLimits)
    assert limits.rest is not None and limits.graphql is not None
    assert limits.rest.limit and limits.rest.current is not None and limits.rest.current >= 1
    assert limits.rest.enforced is True
    assert isinstance(limits.rest.reset_at, dt.datetime) and limits.rest.reset_at.tzinfo


def test_members_list_get_update_delete(
    buildkite_emulator: Any, buildkite_client: pybuildkite.Client, wire: Any
) -> None:
    emu, members = buildkite_emulator, buildkite_client.organization_members
    grace = emu.add_user("Grace Hopper", "grace@example.com")
    emu.add_member(ORG, grace)

    listed = members.list(ORG).to_list()
    assert wire()[:2] == ("GET", MEMBERS)
    assert {m.email: m.role for m in listed} == {"ada@example.com": "admin",
                                                 "grace@example.com": "member"}  # fmt: skip
    assert all(isinstance(m, OrganizationMember) for m in listed)

    member = members.get(ORG, grace)
    assert wire() == ("GET", f"{MEMBERS}/{grace}", Counter(), None)
    assert (member.id, member.name, member.sso_mode) == (grace, "Grace Hopper", "optional")

    updated = members.update(ORG, grace, role="admin")
    assert wire() == ("PATCH", f"{MEMBERS}/{grace}", Counter(), {"role": "admin"})
    assert updated.role == "admin"
    members.update(ORG, grace, role="member", sso_mode="required")
    assert wire().json == {"role": "member", "sso_mode": "required"}
    assert members.get(ORG, grace).sso_mode == "required"

    assert members.delete(ORG, grace) is None
    assert wire()[:2] == ("DELETE", f"{MEMBERS}/{grace}")
    assert [m.id for m in members.list(ORG)] == [emu.user_id]


def test_member_update_refuses_bad_input(
    buildkite_client: pybuildkite.Client, refused: Any
) -> None:
    members = buildkite_client.organization_members
    with refused(ValueError, "at least one field"):
        members.update(ORG, "some-user")
    with refused(ValueError, "unknown role value"):
        members.update(ORG, "some-user", role="owner")
    with refused(ValueError, "unknown sso_mode value"):
        members.update(ORG, "some-user", sso_mode="sometimes")
    with refused(TypeError, "role must be a str"):
        members.update(ORG, "some-user", role=None)  # type: ignore[arg-type]


def test_emojis_are_one_unpaginated_list(buildkite_client: pybuildkite.Client, wire: Any) -> None:
    emojis = buildkite_client.emojis.list(ORG)
    # No page or per_page: the listing is documented as unpaginated.
    assert wire() == ("GET", f"/v2/organizations/{ORG}/emojis", Counter(), None)
    assert isinstance(emojis, list) and all(isinstance(e, Emoji) for e in emojis)
    by_name = {e.name: e for e in emojis}
    assert by_name["shipit"].aliases == ["squirrel"]
    assert by_name["rocket"].aliases == []
    assert by_name["rocket"].url and by_name["rocket"].url.startswith("https://")


async def test_async_organizations(
    buildkite_emulator: Any, async_buildkite_client: pybuildkite.AsyncClient, wire: Any
) -> None:
    client = async_buildkite_client
    assert [o.slug for o in await client.organizations.list().to_list()] == [ORG]
    assert (await client.organizations.get(ORG)).name == "Acme Inc"
    assert (await client.organization_rate_limits.get(ORG)).rest is not None
    me = buildkite_emulator.user_id
    assert [m.id async for m in client.organization_members.list(ORG)] == [me]
    assert (await client.organization_members.get(ORG, me)).role == "admin"
    assert (await client.organization_members.update(ORG, me, sso_mode="required")).sso_mode == (
        "required"
    )
    assert wire().json == {"sso_mode": "required"}
    assert len(await client.emojis.list(ORG)) == 3
