"""Package registries: get, update by POST or PATCH, delete with packages and tokens."""

from __future__ import annotations

import httpx
import pytest

import pybuildkite
from pybuildkite.testing import Emulator

REGISTRIES = "/v2/packages/organizations/acme/registries"


def test_get_update_delete(
    buildkite_client: pybuildkite.Client, buildkite_emulator: Emulator
) -> None:
    org, regs = buildkite_emulator.org, buildkite_client.package_registries
    made = regs.create(org, name="My Gems", ecosystem="ruby")
    other = regs.create(org, name="Py", ecosystem="python")
    assert [r.slug for r in regs.list(org)] == ["my-gems", "py"]
    changed = regs.update(org, made.slug, name="Gems", description="ours", oidc_policy="- iss: x")
    assert (changed.name, changed.description, changed.oidc_policy) == ("Gems", "ours",
                                                                         "- iss: x")  # fmt: skip
    assert changed.slug == "my-gems" and regs.get(org, "my-gems").name == "Gems"
    assert regs.get(org, "my-gems").ecosystem == "ruby"
    buildkite_client.registry_tokens.create(org, made.slug, description="CI")
    regs.delete(org, made.slug)
    with pytest.raises(pybuildkite.NotFoundError):
        regs.get(org, made.slug)
    assert [r.slug for r in regs.list(org)] == [other.slug]
    # A registry made again under the old name starts without the old tokens.
    again = regs.create(org, name="My Gems", ecosystem="ruby")
    assert buildkite_client.registry_tokens.list(org, again.slug).to_list() == []


def test_patch_and_bad_input(api: httpx.Client) -> None:
    api.post(REGISTRIES, json={"name": "Py", "ecosystem": "python"})
    r = api.patch(f"{REGISTRIES}/py", json={"emoji": ":snake:", "color": "#00f"})
    assert r.status_code == 200 and (r.json()["emoji"], r.json()["color"]) == (":snake:", "#00f")
    assert api.post(f"{REGISTRIES}/py", json={"name": ""}).status_code == 422
    assert api.post(f"{REGISTRIES}/py", json={"ecosystem": "npm"}).status_code == 422
    assert api.post(f"{REGISTRIES}/py", json={"description": 3}).status_code == 422
    assert api.get(f"{REGISTRIES}/py").json()["ecosystem"] == "python"
    for method in ("GET", "POST", "PATCH", "DELETE"):
        r = api.request(method, f"{REGISTRIES}/nope", json={} if method != "GET" else None)
        assert (r.status_code, r.json()) == (404, {"message": "No registry found"})
    assert api.delete(f"{REGISTRIES}/py").status_code == 200
    assert api.get(REGISTRIES).json() == []
