"""The build/job engine through the API: lifecycle, block/unblock, retry, logs, env."""

from __future__ import annotations

import httpx

from pybuildkite.testing import Emulator

from .conftest import FAILING_YAML, PIPELINE_YAML


def build_url(slug: str, n: int) -> str:
    return f"/v2/organizations/acme/pipelines/{slug}/builds/{n}"


def test_lifecycle_block_unblock(emu: Emulator, api: httpx.Client) -> None:
    slug = emu.add_pipeline(name="Life", configuration=PIPELINE_YAML)
    n = api.post(
        f"/v2/organizations/acme/pipelines/{slug}/builds", json={"commit": "abc", "branch": "main"}
    ).json()["number"]
    url = build_url(slug, n)
    assert emu.advance() == 1
    states = [j["state"] for j in api.get(url).json()["jobs"]]
    assert states[0] == "assigned"
    emu.advance(2)
    b = api.get(url).json()
    assert b["state"] == "running" and b["started_at"] is not None
    emu.run_agents()
    b = api.get(url).json()
    assert b["state"] == "blocked" and b["blocked"] is True
    assert [j["state"] for j in b["jobs"]] == ["passed", "passed", "passed", "blocked", "waiting"]
    build_job, _test_job, _waiter, gate, _deploy = b["jobs"]
    assert build_job["exit_status"] == 0 and build_job["agent"]["name"] == "emulator-agent-1"
    assert api.put(f"{url}/jobs/{build_job['id']}/unblock").json() == {
        "message": "This job type cannot be unblocked"
    }
    r = api.put(f"{url}/jobs/{gate['id']}/unblock", json={"fields": {"notes": "ok"}})
    assert r.status_code == 200
    assert r.json()["state"] == "unblocked"
    assert r.json()["unblocked_by"]["id"] == emu.user_id
    assert api.put(f"{url}/jobs/{gate['id']}/unblock").status_code == 422
    emu.run_agents()
    b = api.get(url).json()
    assert b["state"] == "passed" and b["blocked"] is False and b["finished_at"]
    # Artifacts and annotations from the step rules.
    arts = api.get(f"{url}/artifacts").json()
    assert [a["path"] for a in arts] == ["dist/artifact.tar.gz"]
    anns = api.get(f"{url}/annotations").json()
    assert anns[0]["context"] == "tests" and anns[0]["style"] == "success"
    assert anns[0]["body_html"] == "Tests **ok**"


def test_failure_retry_and_cancel_rules(emu: Emulator, api: httpx.Client) -> None:
    slug = emu.add_pipeline(name="Fail", configuration=FAILING_YAML)
    n = emu.add_build(pipeline=slug)
    emu.run_agents()
    url = build_url(slug, n)
    b = api.get(url).json()
    assert b["state"] == "failed" and b["failing_at"]
    lint = next(j for j in b["jobs"] if j["name"] == "lint")
    unit = next(j for j in b["jobs"] if j["name"] == "unit")
    assert lint["exit_status"] == 1 and lint["state"] == "failed"
    r = api.put(f"{url}/jobs/{unit['id']}/retry")
    assert r.status_code == 400
    assert r.json() == {"message": "Only failed, timed out or canceled jobs can be retried"}
    r = api.put(f"/v2/organizations/acme/jobs/{lint['id']}/retry")
    assert r.status_code == 200
    new = r.json()
    assert new["id"] != lint["id"] and new["retries_count"] == 1 and new["retry_type"] == "manual"
    old = api.get(f"{url}/jobs/{lint['id']}").json()
    assert old["retried"] is True and old["retried_in_job_id"] == new["id"]
    assert api.put(f"{url}/jobs/{lint['id']}/retry").json() == {
        "message": "This job has already been retried"
    }
    assert api.get(url).json()["state"] in ("failing", "running", "scheduled")
    assert len(api.get(url).json()["jobs"]) == 4
    assert len(api.get(url, params={"include_retried_jobs": "true"}).json()["jobs"]) == 5
    listed = api.get(f"{url}/jobs").json()["items"]
    assert len(listed) == 5  # the jobs list includes retried jobs by default
    assert (
        len(api.get(f"{url}/jobs", params={"include_retried_jobs": "false"}).json()["items"]) == 4
    )
    assert [
        j["name"] for j in api.get(f"{url}/jobs", params={"step_key": "unit"}).json()["items"]
    ] == ["unit"]
    assert api.get(f"{url}/jobs", params={"state[]": "bogus"}).status_code == 400
    emu.run_agents()
    assert api.get(url).json()["state"] == "failed"
    assert api.put(f"{url}/cancel").status_code == 422


def test_cancel_running_and_reprioritize(emu: Emulator, api: httpx.Client) -> None:
    slug = emu.add_pipeline(name="Cancel", configuration=PIPELINE_YAML)
    n = emu.add_build(pipeline=slug)
    emu.advance(2)
    url = build_url(slug, n)
    job = api.get(url).json()["jobs"][0]
    assert api.put(f"{url}/jobs/{job['id']}/reprioritize", json={"priority": "x"}).json() == {
        "message": "Priority must be an integer"
    }
    assert api.put(f"{url}/jobs/{job['id']}/reprioritize", json={"priority": 5}).json()[
        "priority"
    ] == {"number": 5}
    r = api.put(f"{url}/cancel")
    assert r.status_code == 200
    assert r.json()["state"] == "canceled"
    assert {j["state"] for j in r.json()["jobs"]} == {"canceled"}
    assert api.put(f"{url}/jobs/{job['id']}/retry").json() == {
        "message": "Jobs from canceled builds cannot be retried"
    }
    assert emu.run_agents() == 0


def test_trigger_steps_create_builds(emu: Emulator, api: httpx.Client) -> None:
    emu.add_pipeline(name="Deploy")
    slug = emu.add_pipeline(
        name="Up", configuration="steps:\n  - trigger: deploy\n    build:\n      branch: prod\n"
    )
    n = emu.add_build(pipeline=slug)
    emu.run_agents()
    b = api.get(build_url(slug, n)).json()
    assert b["state"] == "passed"
    trig = b["jobs"][0]
    assert trig["type"] == "trigger" and trig["triggered_build"]["number"] == 1
    child = api.get("/v2/organizations/acme/pipelines/deploy/builds/1").json()
    assert (
        child["branch"] == "prod"
        and child["source"] == "trigger_job"
        and child["state"] == "passed"
    )


def test_logs_in_every_form(emu: Emulator, api: httpx.Client) -> None:
    slug = emu.add_pipeline(
        name="Logs", configuration="steps:\n  - label: hi\n    command: echo hi\n"
    )
    n = emu.add_build(pipeline=slug)
    emu.run_agents()
    job = api.get(build_url(slug, n)).json()["jobs"][0]
    base = f"{build_url(slug, n)}/jobs/{job['id']}"
    j = api.get(f"{base}/log").json()
    raw = api.get(f"{base}/log.txt").content
    assert j["url"] == f"{emu.url}{base}/log"
    assert j["size"] == len(raw) and j["content"].encode() == raw
    assert b"\x1b_bk;t=" in raw and b"--- " in raw and b"\x1b[32m" in raw
    assert len(j["header_times"]) == 2 and all(t > 10**18 for t in j["header_times"])
    assert api.get(f"{base}/log", headers={"Accept": "text/plain"}).content == raw
    html = api.get(f"{base}/log.html").text
    assert '<span class="term-fg32">' in html and "\x1b" not in html
    assert api.get(f"{base}/log", headers={"Accept": "text/html"}).text == html
    head = api.head(f"{base}/log")
    assert head.status_code == 200 and head.content == b""
    assert (
        head.headers["content-length"] == str(len(raw)) and head.headers["accept-ranges"] == "bytes"
    )
    tail = api.get(f"{base}/log", headers={"Accept": "text/plain", "Range": "bytes=-10"})
    assert tail.status_code == 206 and tail.content == raw[-10:]
    assert tail.headers["content-range"] == f"bytes {len(raw) - 10}-{len(raw) - 1}/{len(raw)}"
    for bad in ("bytes=0-10", "bytes=-0", "bytes=-1,-2", "items=-5"):
        assert api.get(f"{base}/log.txt", headers={"Range": bad}).status_code == 400
    assert api.get(f"{base}/log", headers={"Range": "bytes=-10"}).status_code == 400
    org_scoped = api.get(f"/v2/organizations/acme/jobs/{job['id']}/log.txt").content
    assert org_scoped == raw
    assert api.delete(f"{base}/log").status_code == 204
    assert api.get(f"{base}/log").json()["size"] == 0
    empty = api.get(f"{base}/log.txt", headers={"Range": "bytes=-10"})
    assert empty.status_code == 416


def test_env_json_and_text(emu: Emulator, api: httpx.Client) -> None:
    slug = emu.add_pipeline(
        name="Env",
        configuration="env:\n  TOP: level\nsteps:\n  - command: ls\n    env:\n      STEP: 'a b'\n",
    )
    n = api.post(
        f"/v2/organizations/acme/pipelines/{slug}/builds",
        json={"commit": "c", "branch": "main", "env": {"B": "1"}},
    ).json()["number"]
    job = api.get(build_url(slug, n)).json()["jobs"][0]
    env = api.get(f"{build_url(slug, n)}/jobs/{job['id']}/env").json()["env"]
    assert env["BUILDKITE_BUILD_NUMBER"] == str(n) and env["TOP"] == "level"
    assert env["STEP"] == "a b" and env["B"] == "1" and env["BUILDKITE_JOB_ID"] == job["id"]
    text = api.get(f"/v2/organizations/acme/jobs/{job['id']}/env.txt").text
    assert "BUILDKITE_PIPELINE_SLUG=env\n" in text and 'STEP="a b"\n' in text
    assert (
        api.get(
            f"/v2/organizations/acme/jobs/{job['id']}/env", headers={"Accept": "text/plain"}
        ).text
        == text
    )


def test_sessions_need_a_running_job(emu: Emulator, api: httpx.Client) -> None:
    slug = emu.add_pipeline(name="Sess")
    n = emu.add_build(pipeline=slug)
    job = api.get(build_url(slug, n)).json()["jobs"][0]
    assert api.post(f"/v2/organizations/acme/jobs/{job['id']}/ssh-session").status_code == 422
    emu.advance(2)
    r = api.post(f"/v2/organizations/acme/jobs/{job['id']}/vnc-session")
    assert r.status_code == 200 and r.headers["cache-control"] == "no-store"
    assert set(r.json()) == {"endpoint", "access_token", "expires_at", "vnc"}


def test_agents(emu: Emulator, api: httpx.Client) -> None:
    a1 = emu.add_agent(name="linux-1", version="3.1.0")
    emu.add_agent(name="mac-1", hostname="mac.local")
    emu.add_agent(name="gone", connection_state="disconnected")
    base = "/v2/organizations/acme/agents"
    assert [a["name"] for a in api.get(base).json()] == ["linux-1", "mac-1"]
    assert [a["name"] for a in api.get(base, params={"hostname": "mac"}).json()] == ["mac-1"]
    assert [a["name"] for a in api.get(base, params={"version": "3.1.0"}).json()] == ["linux-1"]
    assert api.put(f"{base}/{a1}/pause", json={"note": "maint"}).status_code == 204
    assert api.get(f"{base}/{a1}").json()["paused"] is True
    assert api.put(f"{base}/{a1}/pause").json() == {"message": "Agent is already paused"}
    assert api.put(f"{base}/{a1}/resume", json={}).status_code == 204
    assert api.put(f"{base}/{a1}/resume").status_code == 422
    assert api.put(f"{base}/{a1}/stop", json={"force": True}).status_code == 204
    assert api.put(f"{base}/{a1}/stop").json() == {"message": "Can only stop connected agents"}
    assert api.get(f"{base}/nope").json() == {"message": "No agent found"}


def test_teams(emu: Emulator, api: httpx.Client) -> None:
    base = "/v2/organizations/acme/teams"
    assert api.post(base, json={}).json() == {"message": "Validation failed: Name can't be blank"}
    t = api.post(base, json={"name": "Web Team", "privacy": "secret"}).json()
    assert t["slug"] == "web-team" and t["privacy"] == "secret"
    member = emu.add_team(name="Members", members=[emu.user_id])
    assert [x["id"] for x in api.get(base, params={"user_id": emu.user_id}).json()] == [member]
    assert api.patch(f"{base}/{t['id']}", json={"description": "d"}).json()["description"] == "d"
    assert api.delete(f"{base}/{t['id']}").status_code == 204
    assert api.get(f"{base}/{t['id']}").status_code == 404
    assert api.post(f"{base}/enable").status_code == 204


def test_annotation_create_append_and_scopes(emu: Emulator, api: httpx.Client) -> None:
    slug = emu.add_pipeline(name="Ann")
    n = emu.add_build(pipeline=slug)
    url = f"{build_url(slug, n)}/annotations"
    a = api.post(url, json={"body": "# Hi", "context": "c", "style": "info"}).json()
    assert a["body_html"] == "<h1>Hi</h1>" and a["scope"] == "build" and a["job_id"] is None
    b = api.post(url, json={"body": "more", "context": "c", "append": True, "style": "info"}).json()
    assert b["id"] == a["id"] and b["body_html"] == "<h1>Hi</h1>\nmore"
    assert api.post(url, json={"body": "x", "style": "loud"}).status_code == 422
    job = api.get(build_url(slug, n)).json()["jobs"][0]
    ja = api.post(
        f"/v2/organizations/acme/jobs/{job['id']}/annotations", json={"body": "job"}
    ).json()
    assert ja["scope"] == "job" and ja["job_id"] == job["id"]
    assert [x["id"] for x in api.get(url).json()] == [a["id"]]
    assert [x["id"] for x in api.get(url, params={"scope": "job"}).json()] == [ja["id"]]
    assert len(api.get(url, params={"scope": "all", "omit_body": "true"}).json()) == 2
    assert "body_html" not in api.get(url, params={"omit_body": "true"}).json()[0]
    assert api.delete(f"{url}/{a['id']}").status_code == 204
    assert api.delete(f"{url}/{a['id']}").status_code == 404
