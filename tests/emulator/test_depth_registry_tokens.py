"""Registry tokens: the secret only on create, description required, 200 for every call."""

from __future__ import annotations

import httpx
import pytest

import pybuildkite
from pybuildkite.testing import Emulator

REGISTRIES = "/v2/packages/organizations/acme/registries"


def test_secret_only_on_create(
    buildkite_client: pybuildkite.Client, buildkite_emulator: Emulator
) -> None:
    org = buildkite_emulator.org
    reg = buildkite_client.package_registries.create(org, name="Py", ecosystem="python")
    tokens = buildkite_client.registry_tokens
    made = tokens.create(org, reg.slug, description="CI")
    assert made.token and made.description == "CI"
    assert made.registry is not None
    assert tokens.get(org, reg.slug, made.id).token is None
    assert [t.token for t in tokens.list(org, reg.slug)] == [None]
    renamed = tokens.update(org, reg.slug, made.id, description="Deploys")
    assert renamed.token is None and renamed.description == "Deploys"
    second = tokens.create(org, reg.slug, description="Other")
    assert second.token and second.token != made.token
    assert [t.description for t in tokens.list(org, reg.slug)] == ["Deploys", "Other"]
    tokens.delete(org, reg.slug, made.id)
    with pytest.raises(pybuildkite.NotFoundError):
        tokens.get(org, reg.slug, made.id)


def test_statuses_and_bad_input(api: httpx.Client) -> None:
    assert api.post(REGISTRIES, json={"name": "Py", "ecosystem": "python"}).status_code == 200
    tokens = f"{REGISTRIES}/py/tokens"
    made = api.post(tokens, json={"description": "CI"})
    assert made.status_code == 200 and "token" in made.json()
    ident = made.json()["id"]
    assert "token" not in api.get(f"{tokens}/{ident}").json()
    for body in ({}, {"description": ""}, {"description": 3}):
        assert api.post(tokens, json=body).status_code == 422
        assert api.post(f"{tokens}/{ident}", json=body).status_code == 422
    assert api.post(tokens, content=b"[1]").status_code == 422
    assert api.get(f"{REGISTRIES}/nope/tokens").json() == {"message": "No registry found"}
    assert api.get(f"{tokens}/nope").json() == {"message": "No token found"}
    r = api.delete(f"{tokens}/{ident}")
    assert r.status_code == 200
    assert api.delete(f"{tokens}/{ident}").status_code == 404


async def test_async_tokens(
    async_buildkite_client: pybuildkite.AsyncClient, buildkite_emulator: Emulator
) -> None:
    org, client = buildkite_emulator.org, async_buildkite_client
    reg = await client.package_registries.create(org, name="Npm", ecosystem="npm")
    made = await client.registry_tokens.create(org, reg.slug, description="CI")
    assert made.token
    assert [t.id async for t in client.registry_tokens.list(org, reg.slug)] == [made.id]
