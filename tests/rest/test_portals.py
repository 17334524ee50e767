"""Portals on the wire against the emulator."""

from __future__ import annotations

from collections import Counter
from typing import Any

import pytest

import pybuildkite
from pybuildkite.types.portals import CreatedPortal, Portal

ORG = "acme"
PATH = f"/v2/organizations/{ORG}/portals"
QUERY = "query { viewer { user { name } } }"


def wire(emu: Any) -> tuple[str, str, Counter[tuple[str, str]], Any]:
    r = emu.requests[-1]
    return r.method, r.path, Counter(r.query), r.json


def test_portal_token_only_on_create(
    buildkite_emulator: Any, buildkite_client: pybuildkite.Client
) -> None:
    emu, client = buildkite_emulator, buildkite_client
    made = client.portals.create(
        ORG, name="Viewer", query=QUERY, allowed_ip_addresses="10.0.0.0/8", user_invokable=True
    )
    assert wire(emu) == ("POST", PATH, Counter(),
                         {"name": "Viewer", "query": QUERY, "allowed_ip_addresses": "10.0.0.0/8",
                          "user_invokable": True})  # fmt: skip
    assert isinstance(made, CreatedPortal)
    assert made.slug == "viewer" and made.token and made.token not in repr(made)

    got = client.portals.get(ORG, "viewer")
    assert type(got) is Portal and "token" not in got.to_dict()
    assert (got.uuid, got.user_invokable) == (made.uuid, True)

    renamed = client.portals.update(ORG, "viewer", slug="who-am-i", description=None)
    assert wire(emu) == ("PUT", f"{PATH}/viewer", Counter(),
                         {"slug": "who-am-i", "description": None})  # fmt: skip
    assert renamed.slug == "who-am-i" and renamed.query == QUERY
    with pytest.raises(pybuildkite.NotFoundError):
        client.portals.get(ORG, "viewer")
    assert [p.slug for p in client.portals.list(ORG)] == ["who-am-i"]

    client.portals.delete(ORG, "who-am-i")
    assert (emu.requests[-1].method, emu.requests[-1].status) == ("DELETE", 204)
    assert client.portals.list(ORG).to_list() == []


@pytest.mark.parametrize(
    ("kwargs", "error"),
    [
        ({"name": "x", "query": None}, TypeError),
        ({"name": "", "query": QUERY}, ValueError),
        ({"name": "x", "query": QUERY, "user_invokable": 1}, TypeError),
        ({"name": "x", "query": QUERY, "token": "t"}, TypeError),
    ],
)
def test_portal_bad_input_sends_nothing(
    buildkite_emulator: Any, buildkite_client: pybuildkite.Client, kwargs: dict[str, Any],
    error: type[Exception],
) -> None:  # fmt: skip
    with pytest.raises(error):
        buildkite_client.portals.create(ORG, **kwargs)
    assert buildkite_emulator.requests == []


async def test_async_portals(
    buildkite_emulator: Any, async_buildkite_client: pybuildkite.AsyncClient
) -> None:
    client = async_buildkite_client
    made = await client.portals.create(ORG, name="Async Portal", query=QUERY)
    assert made.token and made.slug == "async-portal"
    assert (await client.portals.update(ORG, made.slug, name="Renamed")).name == "Renamed"
    assert [p.slug async for p in client.portals.list(ORG)] == ["async-portal"]
