"""Test Engine suites: derived slugs, the api_token only on request, updates, deletes, 404s."""

from __future__ import annotations

import httpx
import pytest

import pybuildkite
from pybuildkite.testing import Emulator

from .conftest import SUITES


def test_create_derives_the_slug_and_shows_the_token_only_when_asked(
    buildkite_client: pybuildkite.Client, emu: Emulator
) -> None:
    suites = buildkite_client.test_engine_suites
    made = suites.create(emu.org, name="Web App Specs", default_branch="main", show_api_token=True)
    assert made.slug == "web-app-specs" and made.name == "Web App Specs"
    assert made.default_branch == "main" and made.api_token
    assert made.url is not None and made.url.endswith(f"{SUITES}/web-app-specs")
    plain = suites.create(emu.org, name="Unit", default_branch="trunk")
    assert plain.api_token is None

    assert suites.get(emu.org, made.slug).api_token is None
    shown = suites.get(emu.org, made.slug, show_api_token=True)
    assert shown.api_token == made.api_token
    plain_token = suites.get(emu.org, "unit", show_api_token=True).api_token
    assert plain_token and plain_token != made.api_token
    listed = suites.list(emu.org, show_api_token=True).to_list()
    assert {s.slug: s.api_token for s in listed} == {
        "web-app-specs": made.api_token,
        "unit": plain_token,
    }
    assert all(s.api_token is None for s in suites.list(emu.org))


def test_team_ids_are_kept_out_of_the_answer(api: httpx.Client) -> None:
    r = api.post(SUITES, json={"name": "S", "default_branch": "main", "team_ids": ["t-1"]})
    assert r.status_code == 201
    assert "team_ids" not in r.json() and "api_token" not in r.json()


def test_update_and_delete(buildkite_client: pybuildkite.Client, emu: Emulator) -> None:
    org, suites = emu.org, buildkite_client.test_engine_suites
    slug = suites.create(org, name="Unit", default_branch="main").slug
    changed = suites.update(org, slug, name="Unit tests", default_branch="trunk", emoji=":lemon:",
                            show_api_token=True)  # fmt: skip
    assert (changed.name, changed.default_branch, changed.emoji) == ("Unit tests", "trunk",
                                                                      ":lemon:")  # fmt: skip
    assert changed.slug == slug and changed.api_token
    assert suites.get(org, slug).name == "Unit tests"
    tests = f"{SUITES}/{slug}/tests"
    emu.seed_resource(tests, {"name": "gone with the suite"})
    suites.delete(org, slug)
    with pytest.raises(pybuildkite.NotFoundError):
        suites.get(org, slug)
    assert suites.list(org).to_list() == []
    # The suite's tests went with it; a new suite of the same name starts empty.
    again = suites.create(org, name="Unit", default_branch="main").slug
    assert buildkite_client.test_engine_tests.list(org, again).to_list() == []


def test_validation_and_missing_suites(api: httpx.Client) -> None:
    assert api.post(SUITES, json={"name": "Unit"}).status_code == 422
    assert api.post(SUITES, json={"default_branch": "main"}).status_code == 422
    assert api.post(SUITES, json={"name": 3, "default_branch": "main"}).status_code == 422
    assert api.post(SUITES, json={"name": "U", "default_branch": "m", "x": 1}).status_code == 422
    assert (
        api.post(SUITES, json={"name": "U", "default_branch": "m", "team_ids": [1]}).status_code
        == 422
    )
    assert api.post(SUITES, content=b"not json").status_code == 400
    assert api.post(SUITES, json={"name": "Unit", "default_branch": "main"}).status_code == 201
    taken = api.post(SUITES, json={"name": "unit", "default_branch": "main"})
    assert taken.status_code == 422 and "taken" in taken.json()["message"]
    assert api.patch(f"{SUITES}/unit", json={"name": ""}).status_code == 422
    assert api.patch(f"{SUITES}/unit", json={"team_ids": []}).status_code == 422
    for method in ("GET", "PATCH", "DELETE"):
        r = api.request(method, f"{SUITES}/nope", json={} if method == "PATCH" else None)
        assert (r.status_code, r.json()) == (404, {"message": "No suite found"})
    assert api.get("/v2/analytics/organizations/nope/suites").status_code == 404


async def test_async_client(async_buildkite_client: pybuildkite.AsyncClient, emu: Emulator) -> None:
    suites = async_buildkite_client.test_engine_suites
    made = await suites.create(emu.org, name="Async", default_branch="main")
    assert [s.slug async for s in suites.list(emu.org)] == [made.slug]
    assert emu.add_test_suite(name="Seeded") == "seeded"
    got = await suites.get(emu.org, "seeded", show_api_token=True)
    assert got.api_token and got.default_branch == "main"
    # Seeding checks names as the create route does: a taken slug is refused.
    with pytest.raises(ValueError, match="already been taken"):
        emu.add_test_suite(name="seeded")
    assert (await suites.get(emu.org, "seeded", show_api_token=True)).api_token == (got.api_token)
