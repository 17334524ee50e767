"""Jobs against the emulator: both routes, the wire, typed results, input checks."""

from __future__ import annotations

from collections import Counter
from typing import Any

import pytest

import pybuildkite
from pybuildkite.testing import Emulator
from pybuildkite.types.jobs import Job, SSHSession, VNCSession

CONFIG = """\
steps:
  - label: lint
    key: lint
    command: make lint
  - label: unit
    key: unit
    command: "make unit; exit 1"
  - group: integration
    key: integ
    steps:
      - label: api
        key: api
        command: make api
"""
GATED = """\
steps:
  - label: build
    command: make
  - block: Release?
    key: release
    fields:
      - text: Why
        key: reason
"""


def seed_build(
    emu: Emulator, configuration: str = CONFIG, *, run: bool = True, name: str = "App"
) -> tuple[str, int]:
    """A pipeline with one build (run to completion unless ``run=False``); no requests logged."""
    slug = emu.add_pipeline(name=name, configuration=configuration)
    number = emu.add_build(pipeline=slug)
    if run:
        emu.run_agents()
    return slug, number


def job_by_key(emu: Emulator, slug: str, number: int, key: str) -> dict[str, Any]:
    build = emu.get_build(None, slug, number)
    return next(j for j in build["jobs"] if j.get("step_key") == key)


def last(emu: Emulator) -> Any:
    return emu.requests[-1]


def query(record: Any) -> Counter[tuple[str, str]]:
    return Counter(record.query)


def build_route(emu: Emulator, slug: str, number: int, job_id: str) -> str:
    return f"/v2/organizations/{emu.org}/pipelines/{slug}/builds/{number}/jobs/{job_id}"


def org_route(emu: Emulator, job_id: str) -> str:
    return f"/v2/organizations/{emu.org}/jobs/{job_id}"


# -- list ------------------------------------------------------------------------------------


def test_list_sends_filters_and_parses_jobs(
    buildkite_emulator: Emulator, buildkite_client: pybuildkite.Client
) -> None:
    emu = buildkite_emulator
    slug, number = seed_build(emu)
    jobs = buildkite_client.jobs.list(
        emu.org, slug, number, state=["passed", "failed"], include_retried_jobs=False
    ).to_list()
    assert all(isinstance(j, Job) for j in jobs)
    assert sorted(j.step_key or "" for j in jobs) == ["api", "lint", "unit"]
    record = last(emu)
    assert record.method == "GET"
    assert record.path == f"/v2/organizations/{emu.org}/pipelines/{slug}/builds/{number}/jobs"
    assert query(record) == Counter(
        [("state[]", "passed"), ("state[]", "failed"), ("include_retried_jobs", "false"),
         ("per_page", "100")]
    )  # fmt: skip


def test_list_step_and_group_keys(
    buildkite_emulator: Emulator, buildkite_client: pybuildkite.Client
) -> None:
    emu = buildkite_emulator
    slug, number = seed_build(emu)
    by_step = buildkite_client.jobs.list(emu.org, slug, number, step_key="unit").to_list()
    assert [(j.step_key, j.state) for j in by_step] == [("unit", "failed")]
    assert ("step_key", "unit") in last(emu).query
    by_group = buildkite_client.jobs.list(emu.org, slug, number, group_key="integ").to_list()
    assert [(j.step_key, j.group_key) for j in by_group] == [("api", "integ")]
    assert ("group_key", "integ") in last(emu).query


def test_list_follows_cursor_pages(
    buildkite_emulator: Emulator, buildkite_client: pybuildkite.Client
) -> None:
    emu = buildkite_emulator
    slug, number = seed_build(emu)
    jobs = buildkite_client.jobs.list(emu.org, slug, number, per_page=1).to_list()
    assert [j.id for j in jobs] == emu.job_ids(None, slug, number)
    first, *rest = emu.requests
    assert query(first) == Counter([("per_page", "1")])
    # each next page follows the server's cursor and keeps the page size, sent once
    assert len(rest) == 2
    for record in rest:
        assert Counter(k for k, _ in record.query) == Counter({"per_page": 1, "after": 1})
        assert ("per_page", "1") in record.query


@pytest.mark.parametrize(
    ("kwargs", "error"),
    [
        ({"state": "finished"}, ValueError),
        ({"state": ["passed", "bogus"]}, ValueError),
        ({"state": 3}, TypeError),
        ({"include_retried_jobs": "yes"}, TypeError),
        ({"step_key": ""}, ValueError),
        ({"per_page": 101}, ValueError),
    ],
)
def test_list_rejects_bad_filters(
    buildkite_emulator: Emulator,
    buildkite_client: pybuildkite.Client,
    kwargs: dict[str, Any],
    error: type[Exception],
) -> None:
    with pytest.raises(error):
        buildkite_client.jobs.list(buildkite_emulator.org, "app", 1, **kwargs)
    assert buildkite_emulator.requests == []


# -- get, both routes ------------------------------------------------------------------------


def test_get_on_both_routes(
    buildkite_emulator: Emulator, buildkite_client: pybuildkite.Client
) -> None:
    emu = buildkite_emulator
    slug, number = seed_build(emu)
    job_id = job_by_key(emu, slug, number, "lint")["id"]
    by_org = buildkite_client.jobs.get(emu.org, job_id)
    by_build = buildkite_client.jobs.get(emu.org, job_id, pipeline=slug, build=number)
    assert by_org == by_build
    assert (by_org.id, by_org.type, by_org.state, by_org.step_key) == (
        job_id, "script", "passed", "lint"
    )  # fmt: skip
    assert by_org.finished_at is not None and by_org.finished_at.tzinfo is not None
    assert [(r.method, r.path) for r in emu.requests] == [
        ("GET", org_route(emu, job_id)),
        ("GET", build_route(emu, slug, number, job_id)),
    ]


@pytest.mark.parametrize(
    ("kwargs", "error"),
    [
        ({"pipeline": "app"}, ValueError),
        ({"build": 1}, ValueError),
        ({"pipeline": "app", "build": 0}, ValueError),
        ({"pipeline": "app", "build": "1"}, TypeError),
        ({"pipeline": "", "build": 1}, ValueError),
    ],
)
def test_half_a_build_route_is_refused(
    buildkite_emulator: Emulator,
    buildkite_client: pybuildkite.Client,
    kwargs: dict[str, Any],
    error: type[Exception],
) -> None:
    with pytest.raises(error):
        buildkite_client.jobs.get(buildkite_emulator.org, "some-job", **kwargs)
    with pytest.raises(error):
        buildkite_client.jobs.retry(buildkite_emulator.org, "some-job", **kwargs)
    assert buildkite_emulator.requests == []


def test_job_id_is_one_path_segment(
    buildkite_emulator: Emulator, buildkite_client: pybuildkite.Client
) -> None:
    with pytest.raises(pybuildkite.NotFoundError):
        buildkite_client.jobs.get(buildkite_emulator.org, "../agents")
    assert (
        last(buildkite_emulator).path
        == f"/v2/organizations/{buildkite_emulator.org}/jobs/..%2Fagents"
    )
    with pytest.raises(ValueError):
        buildkite_client.jobs.get(buildkite_emulator.org, "..")


# -- actions ---------------------------------------------------------------------------------


def test_retry_returns_the_new_job(
    buildkite_emulator: Emulator, buildkite_client: pybuildkite.Client
) -> None:
    emu = buildkite_emulator
    slug, number = seed_build(emu)
    failed = job_by_key(emu, slug, number, "unit")["id"]
    new = buildkite_client.jobs.retry(emu.org, failed, pipeline=slug, build=number)
    assert isinstance(new, Job) and new.id != failed and new.step_key == "unit"
    assert (last(emu).method, last(emu).path) == (
        "PUT", build_route(emu, slug, number, failed) + "/retry"
    )  # fmt: skip
    old = buildkite_client.jobs.get(emu.org, failed)
    assert old.retried is True and old.retried_in_job_id == new.id
    # the original can be retried only once
    with pytest.raises(pybuildkite.UnprocessableEntityError):
        buildkite_client.jobs.retry(emu.org, failed)
    assert last(emu).path == org_route(emu, failed) + "/retry"


def test_retry_of_a_passed_job_is_a_bad_request(
    buildkite_emulator: Emulator, buildkite_client: pybuildkite.Client
) -> None:
    emu = buildkite_emulator
    slug, number = seed_build(emu)
    passed = job_by_key(emu, slug, number, "lint")["id"]
    with pytest.raises(pybuildkite.BadRequestError, match="can be retried"):
        buildkite_client.jobs.retry(emu.org, passed)


def test_reprioritize(buildkite_emulator: Emulator, buildkite_client: pybuildkite.Client) -> None:
    emu = buildkite_emulator
    slug, number = seed_build(emu)
    job_id = job_by_key(emu, slug, number, "lint")["id"]
    job = buildkite_client.jobs.reprioritize(emu.org, job_id, priority=7)
    assert job.priority is not None and job.priority.number == 7
    assert (last(emu).method, last(emu).path, last(emu).json) == (
        "PUT", org_route(emu, job_id) + "/reprioritize", {"priority": 7}
    )  # fmt: skip
    job = buildkite_client.jobs.reprioritize(
        emu.org, job_id, priority=-2, pipeline=slug, build=number
    )
    assert job.priority is not None and job.priority.number == -2
    assert last(emu).path == build_route(emu, slug, number, job_id) + "/reprioritize"


@pytest.mark.parametrize(
    ("priority", "error"), [("7", TypeError), (True, TypeError), (1.5, TypeError)]
)
def test_reprioritize_needs_an_int(
    buildkite_emulator: Emulator,
    buildkite_client: pybuildkite.Client,
    priority: Any,
    error: type[Exception],
) -> None:
    with pytest.raises(error, match="priority"):
        buildkite_client.jobs.reprioritize(buildkite_emulator.org, "j", priority=priority)
    assert buildkite_emulator.requests == []


def test_unblock_with_fields(
    buildkite_emulator: Emulator, buildkite_client: pybuildkite.Client
) -> None:
    emu = buildkite_emulator
    slug, number = seed_build(emu, GATED)
    gate = job_by_key(emu, slug, number, "release")
    assert gate["state"] == "blocked"
    job = buildkite_client.jobs.unblock(
        emu.org, gate["id"], fields={"reason": "ship it"}, unblocker=emu.user_id,
        pipeline=slug, build=number,
    )  # fmt: skip
    assert (job.type, job.state) == ("manual", "unblocked")
    assert job.unblocked_by is not None and job.unblocked_by.id == emu.user_id
    assert job.unblocked_at is not None
    record = last(emu)
    assert (record.method, record.path) == (
        "PUT", build_route(emu, slug, number, gate["id"]) + "/unblock"
    )  # fmt: skip
    assert record.json == {"fields": {"reason": "ship it"}, "unblocker": emu.user_id}


def test_unblock_sends_only_what_was_given(
    buildkite_emulator: Emulator, buildkite_client: pybuildkite.Client
) -> None:
    emu = buildkite_emulator
    slug, number = seed_build(emu, GATED)
    gate = job_by_key(emu, slug, number, "release")
    job = buildkite_client.jobs.unblock(emu.org, gate["id"])
    assert job.state == "unblocked"
    assert (last(emu).path, last(emu).json) == (org_route(emu, gate["id"]) + "/unblock", {})


@pytest.mark.parametrize(
    ("kwargs", "error"),
    [
        ({"fields": ["reason"]}, TypeError),
        ({"fields": {1: "x"}}, TypeError),
        ({"fields": {"": "x"}}, ValueError),
        ({"unblocker": ""}, ValueError),
        ({"unblocker": 42}, TypeError),
    ],
)
def test_unblock_rejects_bad_input(
    buildkite_emulator: Emulator,
    buildkite_client: pybuildkite.Client,
    kwargs: dict[str, Any],
    error: type[Exception],
) -> None:
    with pytest.raises(error):
        buildkite_client.jobs.unblock(buildkite_emulator.org, "j", **kwargs)
    assert buildkite_emulator.requests == []


def test_env(buildkite_emulator: Emulator, buildkite_client: pybuildkite.Client) -> None:
    emu = buildkite_emulator
    slug, number = seed_build(emu)
    job_id = job_by_key(emu, slug, number, "lint")["id"]
    env = buildkite_client.jobs.env(emu.org, job_id, pipeline=slug, build=number)
    assert type(env) is dict
    assert env["BUILDKITE_JOB_ID"] == job_id
    assert env["BUILDKITE_BUILD_NUMBER"] == str(number)
    assert all(isinstance(v, str) for v in env.values())
    assert last(emu).path == build_route(emu, slug, number, job_id) + "/env"
    assert buildkite_client.jobs.env(emu.org, job_id) == env
    assert last(emu).path == org_route(emu, job_id) + "/env"


# -- remote sessions -------------------------------------------------------------------------


def _running_job(emu: Emulator) -> str:
    slug, number = seed_build(emu, run=False, name="Remote")
    emu.advance(2)  # lint: scheduled -> assigned -> running
    job = job_by_key(emu, slug, number, "lint")
    assert job["state"] == "running"
    return str(job["id"])


def test_vnc_and_ssh_sessions(
    buildkite_emulator: Emulator, buildkite_client: pybuildkite.Client
) -> None:
    emu = buildkite_emulator
    job_id = _running_job(emu)
    vnc = buildkite_client.jobs.vnc_session(emu.org, job_id)
    assert isinstance(vnc, VNCSession)
    assert (last(emu).method, last(emu).path) == ("POST", org_route(emu, job_id) + "/vnc-session")
    assert vnc.endpoint and vnc.access_token and vnc.expires_at is not None
    assert vnc.vnc is not None and vnc.vnc.username and vnc.vnc.password
    ssh = buildkite_client.jobs.ssh_session(emu.org, job_id)
    assert isinstance(ssh, SSHSession)
    assert (last(emu).method, last(emu).path) == ("POST", org_route(emu, job_id) + "/ssh-session")
    assert ssh.ssh is not None and ssh.ssh.private_key and "PRIVATE KEY" in ssh.ssh.private_key
    # credentials never show up in a repr (logs, tracebacks)
    for secret in (vnc.access_token, vnc.vnc.password, ssh.access_token, ssh.ssh.private_key):
        assert secret and secret not in repr(vnc) + repr(ssh)


def test_session_on_a_finished_job_is_refused(
    buildkite_emulator: Emulator, buildkite_client: pybuildkite.Client
) -> None:
    emu = buildkite_emulator
    slug, number = seed_build(emu)
    job_id = job_by_key(emu, slug, number, "lint")["id"]
    with pytest.raises(pybuildkite.UnprocessableEntityError):
        buildkite_client.jobs.ssh_session(emu.org, job_id)


# -- async -----------------------------------------------------------------------------------


async def test_async_jobs(
    buildkite_emulator: Emulator, async_buildkite_client: pybuildkite.AsyncClient
) -> None:
    emu = buildkite_emulator
    slug, number = seed_build(emu)
    client = async_buildkite_client
    jobs = [j async for j in client.jobs.list(emu.org, slug, number, state="failed")]
    assert [(j.step_key, j.state) for j in jobs] == [("unit", "failed")]
    failed = jobs[0].id
    assert (await client.jobs.get(emu.org, failed, pipeline=slug, build=number)).id == failed
    new = await client.jobs.retry(emu.org, failed)
    assert new.id != failed
    job = await client.jobs.reprioritize(emu.org, new.id, priority=3)
    assert job.priority is not None and job.priority.number == 3
    assert (await client.jobs.env(emu.org, failed))["BUILDKITE_JOB_ID"] == failed
    assert [(r.method, r.path) for r in emu.requests[1:]] == [
        ("GET", build_route(emu, slug, number, failed)),
        ("PUT", org_route(emu, failed) + "/retry"),
        ("PUT", org_route(emu, new.id) + "/reprioritize"),
        ("GET", org_route(emu, failed) + "/env"),
    ]
    with pytest.raises(ValueError):
        await client.jobs.get(emu.org, failed, build=number)


async def test_async_unblock_and_sessions(
    buildkite_emulator: Emulator, async_buildkite_client: pybuildkite.AsyncClient
) -> None:
    emu = buildkite_emulator
    slug, number = seed_build(emu, GATED)
    gate = job_by_key(emu, slug, number, "release")["id"]
    job = await async_buildkite_client.jobs.unblock(emu.org, gate, fields={"reason": "go"})
    assert job.state == "unblocked"
    assert last(emu).json == {"fields": {"reason": "go"}}
    running = _running_job(emu)
    vnc = await async_buildkite_client.jobs.vnc_session(emu.org, running)
    ssh = await async_buildkite_client.jobs.ssh_session(emu.org, running)
    assert vnc.vnc is not None and ssh.transport == "websocket"
