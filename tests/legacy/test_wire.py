"""Every 1.3.0 method: the request it puts on the wire and the shape it returns."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from typing import Any

import pytest

from pybuildkite.buildkite import Buildkite, BuildState
from pybuildkite.client import Response
from pybuildkite.jobs import LogFormat

from .conftest import Seeded, query, sent

PER_PAGE = ("per_page", "100")


def expect(
    emu: Any,
    method: str,
    path: str,
    params: list[tuple[str, str]] | None = None,
    body: Any = None,
) -> Any:
    record = sent(emu)
    assert (record.method, record.path) == (method, path)
    assert query(record) == Counter([*(params or []), PER_PAGE])
    assert record.json == body
    emu.clear_requests()
    return record


# -- organizations ------------------------------------------------------------------------


def test_organizations_list_all(bk: Buildkite, emu: Any) -> None:
    orgs = bk.organizations().list_all()
    expect(emu, "GET", "/v2/organizations")
    assert isinstance(orgs, list) and orgs[0]["slug"] == emu.org

    page = bk.organizations().list_all(page=1, with_pagination=True)
    expect(emu, "GET", "/v2/organizations", [("page", "1")])
    assert isinstance(page, Response) and page.body[0]["slug"] == emu.org


def test_organizations_get_org(bk: Buildkite, emu: Any) -> None:
    org = bk.organizations().get_org(emu.org)
    expect(emu, "GET", f"/v2/organizations/{emu.org}")
    assert isinstance(org, dict) and org["slug"] == emu.org


# -- pipelines ------------------------------------------------------------------------------


def test_pipelines_list_pipelines(bk: Buildkite, emu: Any, seeded: Seeded) -> None:
    pipelines = bk.pipelines().list_pipelines(seeded.org, page=1)
    expect(emu, "GET", f"/v2/organizations/{seeded.org}/pipelines", [("page", "1")])
    assert [p["slug"] for p in pipelines] == [seeded.pipeline]


def test_pipelines_get_pipeline(bk: Buildkite, emu: Any, seeded: Seeded) -> None:
    pipeline = bk.pipelines().get_pipeline(seeded.org, seeded.pipeline)
    expect(emu, "GET", f"/v2/organizations/{seeded.org}/pipelines/{seeded.pipeline}")
    assert pipeline["slug"] == seeded.pipeline


def test_pipelines_create_pipeline(bk: Buildkite, emu: Any) -> None:
    created = bk.pipelines().create_pipeline(
        emu.org, "Visual", "git@github.com:acme/visual.git", team_uuids=None
    )
    expect(
        emu,
        "POST",
        f"/v2/organizations/{emu.org}/pipelines",
        body={
            "name": "Visual",
            "repository": "git@github.com:acme/visual.git",
            "steps": [
                {
                    "type": "script",
                    "name": ":pipeline:",
                    "command": "buildkite-agent pipeline upload",
                }
            ],
        },
    )
    assert created["slug"] == "visual"


def test_pipelines_create_yaml_pipeline(bk: Buildkite, emu: Any) -> None:
    yaml = "steps:\n  - command: make test\n"
    created = bk.pipelines().create_yaml_pipeline(
        emu.org, "YAML App", "git@github.com:acme/yaml.git", yaml, default_branch="main"
    )
    expect(
        emu,
        "POST",
        f"/v2/organizations/{emu.org}/pipelines",
        body={
            "name": "YAML App",
            "repository": "git@github.com:acme/yaml.git",
            "configuration": yaml,
            "default_branch": "main",
        },
    )
    assert created["slug"] == "yaml-app"
    assert created["configuration"] == yaml


def test_pipelines_update_pipeline(bk: Buildkite, emu: Any, seeded: Seeded) -> None:
    updated = bk.pipelines().update_pipeline(
        seeded.org, seeded.pipeline, description="New", skip_queued_branch_builds=False
    )
    expect(
        emu,
        "PATCH",
        f"/v2/organizations/{seeded.org}/pipelines/{seeded.pipeline}",
        body={"description": "New", "skip_queued_branch_builds": False},
    )
    assert updated["description"] == "New"


def test_pipelines_archive_and_unarchive(bk: Buildkite, emu: Any, seeded: Seeded) -> None:
    path = f"/v2/organizations/{seeded.org}/pipelines/{seeded.pipeline}"
    archived = bk.pipelines().archive_pipeline(seeded.org, seeded.pipeline)
    expect(emu, "POST", path + "/archive")
    assert archived["archived_at"] is not None
    unarchived = bk.pipelines().unarchive_pipeline(seeded.org, seeded.pipeline)
    expect(emu, "POST", path + "/unarchive")
    assert unarchived["archived_at"] is None


def test_pipelines_delete_pipeline(bk: Buildkite, emu: Any, seeded: Seeded) -> None:
    assert bk.pipelines().delete_pipeline(seeded.org, seeded.pipeline) is True
    expect(emu, "DELETE", f"/v2/organizations/{seeded.org}/pipelines/{seeded.pipeline}")


# -- builds ---------------------------------------------------------------------------------


def test_builds_list_all(bk: Buildkite, emu: Any, seeded: Seeded) -> None:
    builds = bk.builds().list_all()
    expect(emu, "GET", "/v2/builds")
    assert [b["number"] for b in builds] == [seeded.build]


def test_builds_list_all_every_filter(bk: Buildkite, emu: Any, seeded: Seeded) -> None:
    since = dt.datetime(2024, 1, 2, 3, 4, 5, tzinfo=dt.timezone(dt.timedelta(hours=2)))
    result = bk.builds().list_all(
        creator=emu.user_id,
        created_from=since,
        created_to=dt.date(2030, 1, 1),
        finished_from=dt.datetime(2024, 1, 1, tzinfo=dt.UTC),
        states=[BuildState.PASSED, BuildState.FAILED],
        meta_data={"release": "yes"},
        branch=["main", "fix/#12 ci"],
        commit="abc123",
        include_retried_jobs=True,
        page=2,
        with_pagination=True,
    )
    expect(
        emu,
        "GET",
        "/v2/builds",
        [
            ("creator", emu.user_id),
            ("created_from", "2024-01-02T01:04:05Z"),
            ("created_to", "2030-01-01"),
            ("finished_from", "2024-01-01T00:00:00Z"),
            ("state[]", "passed"),
            ("state[]", "failed"),
            ("meta_data[release]", "yes"),
            ("branch[]", "main"),
            ("branch[]", "fix/#12 ci"),
            ("commit", "abc123"),
            ("include_retried_jobs", "true"),
            ("page", "2"),
        ],
    )
    assert isinstance(result, Response) and result.body == []


def test_builds_list_all_for_org(bk: Buildkite, emu: Any, seeded: Seeded) -> None:
    builds = bk.builds().list_all_for_org(seeded.org, states=[BuildState.PASSED], branch="main")
    expect(
        emu,
        "GET",
        f"/v2/organizations/{seeded.org}/builds",
        [("state", "passed"), ("branch", "main")],
    )
    assert [b["number"] for b in builds] == [seeded.build]


def test_builds_list_all_for_pipeline(bk: Buildkite, emu: Any, seeded: Seeded) -> None:
    builds = bk.builds().list_all_for_pipeline(
        seeded.org, seeded.pipeline, states=[BuildState.RUNNING, BuildState.SCHEDULED]
    )
    expect(
        emu,
        "GET",
        f"/v2/organizations/{seeded.org}/pipelines/{seeded.pipeline}/builds",
        [("state[]", "running"), ("state[]", "scheduled")],
    )
    assert builds == []


def test_builds_get_build_by_number(bk: Buildkite, emu: Any, seeded: Seeded) -> None:
    path = f"/v2/organizations/{seeded.org}/pipelines/{seeded.pipeline}/builds/{seeded.build}"
    build = bk.builds().get_build_by_number(seeded.org, seeded.pipeline, seeded.build)
    expect(emu, "GET", path)
    assert build["number"] == seeded.build and build["state"] == "passed"
    bk.builds().get_build_by_number(
        seeded.org, seeded.pipeline, str(seeded.build), include_retried_jobs=True
    )
    expect(emu, "GET", path, [("include_retried_jobs", "true")])


def test_builds_create_build(bk: Buildkite, emu: Any, seeded: Seeded) -> None:
    build = bk.builds().create_build(
        seeded.org,
        seeded.pipeline,
        "HEAD",
        "main",
        author={"name": "Ada", "email": "ada@example.com"},
        clean_checkout=True,
        env={"A": "1"},
        message="My First Build!",
        meta_data={"k": "v"},
    )
    expect(
        emu,
        "POST",
        f"/v2/organizations/{seeded.org}/pipelines/{seeded.pipeline}/builds",
        body={
            "commit": "HEAD",
            "branch": "main",
            "author": {"name": "Ada", "email": "ada@example.com"},
            "clean_checkout": True,
            "env": {"A": "1"},
            "message": "My First Build!",
            "meta_data": {"k": "v"},
        },
    )
    assert build["message"] == "My First Build!" and build["state"] == "scheduled"


def test_builds_cancel_build(bk: Buildkite, emu: Any, seeded: Seeded) -> None:
    number = emu.add_build(seeded.org, seeded.pipeline)
    emu.clear_requests()
    build = bk.builds().cancel_build(seeded.org, seeded.pipeline, number)
    expect(
        emu,
        "PUT",
        f"/v2/organizations/{seeded.org}/pipelines/{seeded.pipeline}/builds/{number}/cancel",
    )
    assert build["number"] == number and build["state"] in ("canceling", "canceled")


def test_builds_rebuild_build(bk: Buildkite, emu: Any, seeded: Seeded) -> None:
    build = bk.builds().rebuild_build(seeded.org, seeded.pipeline, seeded.build)
    expect(
        emu,
        "PUT",
        f"/v2/organizations/{seeded.org}/pipelines/{seeded.pipeline}/builds/{seeded.build}/rebuild",
    )
    assert build["number"] == seeded.build + 1


# -- jobs -----------------------------------------------------------------------------------


def job_path(s: Seeded) -> str:
    return f"/v2/organizations/{s.org}/pipelines/{s.pipeline}/builds/{s.build}/jobs/{s.job}"


@pytest.mark.parametrize(
    ("log_format", "accept"),
    [
        (LogFormat.HTML, "text/html"),
        (LogFormat.TEXT, "text/plain"),
        (LogFormat.JSON, "application/json"),
    ],
)
def test_jobs_get_job_log(
    bk: Buildkite, emu: Any, seeded: Seeded, log_format: LogFormat, accept: str
) -> None:
    log = bk.jobs().get_job_log(seeded.org, seeded.pipeline, seeded.build, seeded.job, log_format)
    record = expect(emu, "GET", job_path(seeded) + "/log")
    assert record.headers["accept"] == accept
    if log_format is LogFormat.JSON:
        assert isinstance(log, dict) and isinstance(log["content"], str)
    else:
        assert isinstance(log, bytes) and log


def test_jobs_get_job_log_default_is_html(bk: Buildkite, emu: Any, seeded: Seeded) -> None:
    log = bk.jobs().get_job_log(seeded.org, seeded.pipeline, seeded.build, seeded.job)
    assert expect(emu, "GET", job_path(seeded) + "/log").headers["accept"] == "text/html"
    assert isinstance(log, bytes)


def test_jobs_get_job_environment_variables(bk: Buildkite, emu: Any, seeded: Seeded) -> None:
    env = bk.jobs().get_job_environment_variables(
        seeded.org, seeded.pipeline, seeded.build, seeded.job
    )
    expect(emu, "GET", job_path(seeded) + "/env")
    assert isinstance(env["env"], dict)


def test_jobs_retry_job(bk: Buildkite, emu: Any, seeded: Seeded) -> None:
    number = emu.add_build(seeded.org, seeded.pipeline, state="failed")
    failed = Seeded(**{**vars(seeded), "build": number})
    failed.job = emu.job_ids(seeded.org, seeded.pipeline, number)[0]
    emu.clear_requests()
    job = bk.jobs().retry_job(failed.org, failed.pipeline, failed.build, failed.job)
    expect(emu, "PUT", job_path(failed) + "/retry")
    assert job["id"] != failed.job and job["retry_source"]["job_id"] == failed.job


def test_jobs_unblock_job(bk: Buildkite, emu: Any) -> None:
    pipeline = emu.add_pipeline(
        name="Gated",
        configuration='steps:\n  - block: "Release?"\n    key: gate\n  - command: "./ship"\n',
    )
    number = emu.add_build(emu.org, pipeline)
    emu.run_agents()
    build = emu.get_build(emu.org, pipeline, number)
    gate = next(j for j in build["jobs"] if j["type"] == "manual")
    emu.clear_requests()
    job = bk.jobs().unblock_job(emu.org, pipeline, number, gate["id"], {"release": "yes"})
    expect(
        emu,
        "PUT",
        f"/v2/organizations/{emu.org}/pipelines/{pipeline}/builds/{number}/jobs/{gate['id']}/unblock",
        body={"fields": {"release": "yes"}},
    )
    assert job["id"] == gate["id"] and job["unblocked_at"] is not None


def test_jobs_delete_job_log(bk: Buildkite, emu: Any, seeded: Seeded) -> None:
    assert bk.jobs().delete_job_log(seeded.org, seeded.pipeline, seeded.build, seeded.job) is True
    expect(emu, "DELETE", job_path(seeded) + "/log")


# -- agents ---------------------------------------------------------------------------------


def test_agents_list_all(bk: Buildkite, emu: Any, seeded: Seeded) -> None:
    agents = bk.agents().list_all(
        seeded.org, name="agent-1", hostname="agent-1.local", version="3.80.0"
    )
    expect(
        emu,
        "GET",
        f"/v2/organizations/{seeded.org}/agents",
        [("name", "agent-1"), ("hostname", "agent-1.local"), ("version", "3.80.0")],
    )
    assert [a["id"] for a in agents] == [seeded.agent]


def test_agents_get_agent(bk: Buildkite, emu: Any, seeded: Seeded) -> None:
    agent = bk.agents().get_agent(seeded.org, seeded.agent)
    expect(emu, "GET", f"/v2/organizations/{seeded.org}/agents/{seeded.agent}")
    assert agent["id"] == seeded.agent


def test_agents_stop_agent(bk: Buildkite, emu: Any, seeded: Seeded) -> None:
    assert bk.agents().stop_agent(seeded.org, seeded.agent) is True
    expect(
        emu,
        "PUT",
        f"/v2/organizations/{seeded.org}/agents/{seeded.agent}/stop",
        body={"force": True},
    )


# -- emojis, annotations, teams, user, access token, meta -------------------------------------


def test_emojis_list_emojis(bk: Buildkite, emu: Any) -> None:
    emojis = bk.emojis().list_emojis(emu.org)
    expect(emu, "GET", f"/v2/organizations/{emu.org}/emojis")
    assert isinstance(emojis, list)


def test_annotations_list_annotations(bk: Buildkite, emu: Any) -> None:
    pipeline = emu.add_pipeline(
        name="Annotated",
        configuration="steps:\n  - command: 'buildkite-agent annotate \"Hello\" --style info'\n",
    )
    number = emu.add_build(emu.org, pipeline)
    emu.run_agents()
    emu.clear_requests()
    annotations = bk.annotations().list_annotations(emu.org, pipeline, number)
    expect(
        emu, "GET", f"/v2/organizations/{emu.org}/pipelines/{pipeline}/builds/{number}/annotations"
    )
    assert isinstance(annotations, list)


def test_teams_list_teams(bk: Buildkite, emu: Any, seeded: Seeded) -> None:
    teams = bk.teams().list_teams(seeded.org, user_id=emu.user_id)
    expect(emu, "GET", f"/v2/organizations/{seeded.org}/teams", [("user_id", emu.user_id)])
    assert [t["id"] for t in teams] == [seeded.team]


def test_users_get_current_user(bk: Buildkite, emu: Any) -> None:
    user = bk.users().get_current_user()
    expect(emu, "GET", "/v2/user")
    assert user["id"] == emu.user_id


def test_access_tokens_get_token(bk: Buildkite, emu: Any) -> None:
    token = bk.access_tokens().get_token()
    expect(emu, "GET", "/v2/access-token")
    assert isinstance(token["scopes"], list)


def test_access_tokens_revoke_token(bk: Buildkite, emu: Any) -> None:
    value = emu.create_token()
    bk.set_access_token(value)
    assert bk.access_tokens().revoke_token() is True
    record = expect(emu, "DELETE", "/v2/access-token")
    assert record.headers["authorization"] == "Bearer " + value


def test_meta_get_meta_information(bk: Buildkite, emu: Any) -> None:
    meta = bk.meta().get_meta_information()
    expect(emu, "GET", "/v2/meta")
    assert isinstance(meta["webhook_ips"], list)


# -- artifacts ------------------------------------------------------------------------------


def build_path(s: Seeded) -> str:
    return f"/v2/organizations/{s.org}/pipelines/{s.pipeline}/builds/{s.build}"


def test_artifacts_list_artifacts_for_build(bk: Buildkite, emu: Any, seeded: Seeded) -> None:
    artifacts = bk.artifacts().list_artifacts_for_build(seeded.org, seeded.pipeline, seeded.build)
    expect(emu, "GET", build_path(seeded) + "/artifacts")
    assert [a["id"] for a in artifacts] == [seeded.artifact]


def test_artifacts_list_artifacts_for_job(bk: Buildkite, emu: Any, seeded: Seeded) -> None:
    page = bk.artifacts().list_artifacts_for_job(
        seeded.org, seeded.pipeline, seeded.build, seeded.job, with_pagination=True
    )
    expect(emu, "GET", job_path(seeded) + "/artifacts")
    assert isinstance(page, Response) and [a["id"] for a in page.body] == [seeded.artifact]
    assert page.next_page is None


def test_artifacts_get_artifact(bk: Buildkite, emu: Any, seeded: Seeded) -> None:
    artifact = bk.artifacts().get_artifact(
        seeded.org, seeded.pipeline, seeded.build, seeded.job, seeded.artifact
    )
    expect(emu, "GET", job_path(seeded) + f"/artifacts/{seeded.artifact}")
    assert artifact["path"] == "dist/app.tar.gz"


def test_artifacts_download_artifact(bk: Buildkite, emu: Any, seeded: Seeded) -> None:
    content = bk.artifacts().download_artifact(
        seeded.org, seeded.pipeline, seeded.build, seeded.job, seeded.artifact
    )
    record = expect(emu, "GET", job_path(seeded) + f"/artifacts/{seeded.artifact}/download")
    assert record.headers["accept"] == "application/octet-stream"
    assert content == seeded.artifact_content
    # The redirect to storage is followed without the token.
    assert all("authorization" not in r.headers for r in emu.storage_requests)


def test_artifacts_download_artifact_as_stream(bk: Buildkite, emu: Any, seeded: Seeded) -> None:
    stream = bk.artifacts().download_artifact(
        seeded.org, seeded.pipeline, seeded.build, seeded.job, seeded.artifact, as_stream=True
    )
    record = sent(emu)  # sent at call time, as 1.x did
    assert record.path == job_path(seeded) + f"/artifacts/{seeded.artifact}/download"
    chunks = list(stream)
    assert all(isinstance(c, bytes) for c in chunks)
    assert b"".join(chunks) == seeded.artifact_content
    assert all("authorization" not in r.headers for r in emu.storage_requests)


def test_client_get_as_stream_streams_any_url(bk: Buildkite, emu: Any, seeded: Seeded) -> None:
    url = f"{emu.url}{job_path(seeded)}/log"
    whole = bk.client.get(url, headers={"Accept": "text/plain"})
    emu.clear_requests()
    chunks = bk.client.get(url, headers={"Accept": "text/plain"}, as_stream=True)
    # The request is sent at once (errors surface here, as in 1.x); the body as it is read.
    expect(emu, "GET", job_path(seeded) + "/log")
    assert not isinstance(chunks, bytes | bytearray)
    assert b"".join(chunks) == whole
