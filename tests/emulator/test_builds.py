"""Build listings with every filter, creation, cancel, rebuild and retry."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import httpx
import pytest

from pybuildkite.testing import Emulator

from .conftest import FAILING_YAML, PIPELINE_YAML


def numbers(r: httpx.Response) -> list[int]:
    assert r.status_code == 200, r.text
    return [b["number"] for b in r.json()]


@pytest.fixture
def seeded(emu: Emulator) -> str:
    slug = emu.add_pipeline(name="Filters")
    t0 = datetime(2025, 1, 1, tzinfo=UTC)
    emu.add_build(pipeline=slug, branch="main", state="passed", created_at=t0, commit="a" * 40)
    emu.add_build(
        pipeline=slug,
        branch="feature/dev-1",
        state="failed",
        created_at=t0 + timedelta(hours=1),
        meta_data={"release": "yes", "team": "web"},
    )
    emu.add_build(pipeline=slug, branch="dev", state="running", created_at=t0 + timedelta(hours=2))
    other = emu.add_user("Grace Hopper")
    emu.add_member(emu.org, other)
    emu.add_build(
        pipeline=slug,
        branch="main",
        state="canceled",
        created_at=t0 + timedelta(hours=3),
        creator=other,
        commit="b" * 40,
    )
    emu.add_build(
        pipeline=slug, branch="release", state="blocked", created_at=t0 + timedelta(hours=4)
    )
    return slug


def test_every_build_filter(emu: Emulator, api: httpx.Client, seeded: str) -> None:
    url = f"/v2/organizations/acme/pipelines/{seeded}/builds"
    assert numbers(api.get(url)) == [5, 4, 3, 2, 1]
    assert numbers(api.get(url, params={"state": "passed"})) == [1]
    assert numbers(api.get(url, params=[("state[]", "failed"), ("state[]", "running")])) == [3, 2]
    assert numbers(api.get(url, params={"state": "finished"})) == [5, 4, 2, 1]
    assert numbers(api.get(url, params={"branch": "main"})) == [4, 1]
    assert numbers(api.get(url, params={"branch": "*dev*"})) == [3, 2]
    assert numbers(api.get(url, params=[("branch[]", "dev"), ("branch[]", "release")])) == [5, 3]
    assert numbers(api.get(url, params={"commit": "a" * 40})) == [1]
    assert numbers(api.get(url, params=[("commit[]", "a" * 40), ("commit[]", "b" * 40)])) == [4, 1]
    assert numbers(api.get(url, params={"created_from": "2025-01-01T02:00:00Z"})) == [5, 4, 3]
    assert numbers(api.get(url, params={"created_to": "2025-01-01T02:00:00Z"})) == [2, 1]
    assert numbers(api.get(url, params={"finished_from": "2025-01-01T00:30:00Z"})) == [4, 2]
    creator = api.get(url).json()[1]["creator"]["id"]
    assert numbers(api.get(url, params={"creator": creator})) == [4]
    assert numbers(api.get(url, params={"meta_data[release]": "yes"})) == [2]
    assert numbers(api.get(url, params={"meta_data[release]": "yes", "meta_data[team]": "x"})) == []
    assert api.get(url, params={"created_from": "yesterday"}).status_code == 400


def test_listing_shapes_and_scopes(emu: Emulator, api: httpx.Client, seeded: str) -> None:
    url = f"/v2/organizations/acme/pipelines/{seeded}/builds"
    full = api.get(url).json()[0]
    assert "jobs" in full and "pipeline" in full
    assert full["pipeline"]["created_at"].endswith(" UTC")
    assert full["created_at"].endswith("Z")
    slim = api.get(url, params={"exclude_jobs": "true", "exclude_pipeline": "true"}).json()[0]
    assert "jobs" not in slim and "pipeline" not in slim
    assert numbers(api.get("/v2/organizations/acme/builds")) == [5, 4, 3, 2, 1]
    assert numbers(api.get("/v2/builds", params={"branch": "main"})) == [4, 1]


def test_deep_listing_is_refused_without_narrowing(emu: Emulator, api: httpx.Client) -> None:
    slug = emu.add_pipeline(name="Deep")
    emu.add_builds(50, pipeline=slug)
    emu.deep_listing_limit = 20
    url = f"/v2/organizations/acme/pipelines/{slug}/builds"
    assert api.get(url, params={"per_page": 10, "page": 2}).status_code == 200
    r = api.get(url, params={"per_page": 10, "page": 3})
    assert r.status_code == 400
    assert r.json()["message"].startswith("Listing builds this deep is not supported.")
    narrowed = api.get(url, params={"per_page": 10, "page": 3, "branch": "main"})
    assert narrowed.status_code == 200 and len(narrowed.json()) == 10


def test_bulk_seeding_is_fast(emu: Emulator, api: httpx.Client) -> None:
    import time

    slug = emu.add_pipeline(name="Bulk")
    start = time.perf_counter()
    emu.add_builds(10_000, pipeline=slug, states=("passed", "failed"))
    assert time.perf_counter() - start < 2.0
    r = api.get(f"/v2/organizations/acme/pipelines/{slug}/builds", params={"per_page": 100})
    assert r.json()[0]["number"] == 10_000
    assert 'page=100>; rel="last"' in r.headers["link"]


def test_create_build(emu: Emulator, api: httpx.Client) -> None:
    slug = emu.add_pipeline(name="Create", configuration=PIPELINE_YAML)
    body = {
        "commit": "HEAD",
        "branch": "main",
        "message": "Hello",
        "env": {"FOO": "bar"},
        "meta_data": {"k": "v"},
        "author": {"name": "Bot", "email": "bot@example.com"},
        "clean_checkout": True,
        "pull_request_id": 42,
        "pull_request_base_branch": "main",
    }
    r = api.post(f"/v2/organizations/acme/pipelines/{slug}/builds", json=body)
    assert r.status_code == 201
    b = r.json()
    assert b["number"] == 1 and b["state"] == "scheduled" and b["source"] == "api"
    assert b["env"] == {"FOO": "bar"} and b["meta_data"] == {"k": "v"}
    assert b["author"] == {"name": "Bot", "email": "bot@example.com"}
    assert b["pull_request"]["id"] == "42"
    assert b["url"] == f"{emu.url}/v2/organizations/acme/pipelines/{slug}/builds/1"
    assert [j["type"] for j in b["jobs"]] == ["script", "script", "waiter", "manual", "script"]
    assert emu.create_counts["builds"] == 1
    assert emu.create_counts[f"builds:acme/{slug}"] == 1
    r = api.post(f"/v2/organizations/acme/pipelines/{slug}/builds", json={"branch": "main"})
    assert r.status_code == 422
    assert r.json() == {
        "message": "Validation Failed",
        "errors": [{"field": "commit", "code": "can't be blank"}],
    }
    assert api.post("/v2/organizations/acme/pipelines/nope/builds", json={}).status_code == 404


def test_get_build_with_job_filters(emu: Emulator, api: httpx.Client) -> None:
    slug = emu.add_pipeline(name="Get", configuration=FAILING_YAML)
    n = emu.add_build(pipeline=slug)
    emu.run_agents()
    url = f"/v2/organizations/acme/pipelines/{slug}/builds/{n}"
    b = api.get(url).json()
    assert b["state"] == "failed"
    assert b["job_state_counts"]["states"] == {
        "passed": 1,
        "failed": 1,
        "waiting_failed": 1,
        "broken": 1,
    }
    failed = api.get(url, params={"job_states[]": "failed"}).json()["jobs"]
    assert [j["name"] for j in failed] == ["lint"]
    assert api.get(f"/v2/organizations/acme/pipelines/{slug}/builds/99").json() == {
        "message": "No build found"
    }


def test_cancel_rebuild_and_retry_failed(emu: Emulator, api: httpx.Client) -> None:
    slug = emu.add_pipeline(name="Ops", configuration=FAILING_YAML)
    base = f"/v2/organizations/acme/pipelines/{slug}/builds"
    n = emu.add_build(pipeline=slug)
    r = api.put(f"{base}/{n}/cancel")
    assert r.status_code == 200 and r.json()["state"] == "canceled"
    r = api.put(f"{base}/{n}/cancel")
    assert r.status_code == 422
    assert r.json() == {"message": "Build can't be canceled because it's canceled"}

    n2 = emu.add_build(pipeline=slug)
    emu.run_agents()
    r = api.put(f"{base}/{n2}/rebuild")
    assert r.status_code == 200
    rebuilt = r.json()
    assert rebuilt["number"] == n2 + 1
    assert rebuilt["rebuilt_from"] == {
        "id": api.get(f"{base}/{n2}").json()["id"],
        "number": n2,
        "url": f"{emu.url}{base}/{n2}",
    }

    r = api.put(f"{base}/{n2}/retry_failed_jobs", json={"states": "failed,bogus"})
    assert r.status_code == 400
    assert r.json()["message"].startswith("Invalid states: bogus.")
    r = api.put(f"{base}/{n2}/retry_failed_jobs", json={"states": "failed"})
    assert r.status_code == 202
    assert r.json()["retried_jobs_count"] == 1
    assert r.json()["state"] in ("running", "failing", "scheduled")


def test_pipelines_crud(emu: Emulator, api: httpx.Client) -> None:
    base = "/v2/organizations/acme/pipelines"
    r = api.post(
        base,
        json={
            "name": "My  Great Pipeline",
            "repository": "git@github.com:acme/x.git",
            "configuration": "steps:\n  - command: ls\n",
        },
    )
    assert r.status_code == 201
    p = r.json()
    assert p["slug"] == "my-great-pipeline"
    assert p["created_at"].endswith("Z")  # the create example uses ISO 8601
    assert p["provider"]["webhook_url"].startswith(emu.url)
    assert p["steps"][0]["command"] == "ls"
    assert api.get(f"{base}/my-great-pipeline").json()["created_at"].endswith(" UTC")
    dup = api.post(
        base, json={"name": "My Great Pipeline", "repository": "r", "configuration": "steps: []"}
    )
    assert dup.status_code == 422
    assert dup.json()["errors"] == [{"field": "name", "code": "has already been taken"}]
    missing = api.post(base, json={"name": "X"})
    assert missing.json()["errors"] == [
        {"field": "repository", "code": "can't be blank"},
        {
            "field": "configuration",
            "code": 'Step configuration is missing, expected `steps: { yaml: "..." }`',
        },
    ]
    bad_slug = api.post(
        base, json={"name": "Y", "slug": "-bad", "repository": "r", "configuration": "steps: []"}
    )
    assert bad_slug.json()["errors"] == [{"field": "slug", "code": "is invalid"}]
    # PATCH: absent untouched, null clears, rename regenerates the slug.
    api.patch(
        f"{base}/my-great-pipeline", json={"branch_configuration": "main", "description": "d"}
    )
    r = api.patch(
        f"{base}/my-great-pipeline", json={"name": "Renamed", "branch_configuration": None}
    )
    assert r.status_code == 200
    p = r.json()
    assert p["slug"] == "renamed" and p["branch_configuration"] is None and p["description"] == "d"
    assert api.patch(f"{base}/renamed", json={"name": None}).status_code == 422
    assert [x["slug"] for x in api.get(base, params={"name": "REN"}).json()] == ["renamed"]
    assert api.get(base, params={"repository": "nothing"}).json() == []
    assert api.post(f"{base}/renamed/archive").json()["archived_at"] is not None
    assert api.post(f"{base}/renamed/archive").json() == {
        "message": "Pipeline could not be archived."
    }
    assert api.post(f"{base}/renamed/unarchive").json()["archived_at"] is None
    assert api.post(f"{base}/renamed/webhook").status_code == 201
    gh = api.delete(f"{base}/renamed/github-webhooks")
    assert gh.status_code == 200 and gh.json()["enabled"] is False
    assert api.put(f"{base}/renamed/github-webhooks").json()["enabled"] is True
    assert api.delete(f"{base}/renamed").status_code == 204
    assert api.get(f"{base}/renamed").status_code == 404


def test_webhook_url_hidden_without_write_scope(emu: Emulator, anon: httpx.Client) -> None:
    slug = emu.add_pipeline(name="Hidden")
    token = emu.create_token(scopes=["read_pipelines"])
    r = anon.get(
        f"/v2/organizations/acme/pipelines/{slug}", headers={"Authorization": f"Bearer {token}"}
    )
    assert r.json()["provider"]["webhook_url"] == ""


def test_pipeline_schedules(emu: Emulator, api: httpx.Client) -> None:
    slug = emu.add_pipeline(name="Sched")
    base = f"/v2/organizations/acme/pipelines/{slug}/schedules"
    assert api.post(base, json={"label": "x"}).json() == {
        "message": "Validation failed: Cronline can't be blank"
    }
    a = api.post(base, json={"cronline": "@daily", "label": "a"}).json()
    b = api.post(base, json={"cronline": "@hourly", "label": "b"}).json()
    assert [s["label"] for s in api.get(base).json()] == ["b", "a"]
    assert api.patch(f"{base}/{a['id']}", json={"enabled": False}).json()["enabled"] is False
    assert api.put(f"{base}/{a['id']}", json={"label": "A"}).json()["label"] == "A"
    assert api.delete(f"{base}/{b['id']}").status_code == 204
    assert api.get(f"{base}/{b['id']}").status_code == 404
