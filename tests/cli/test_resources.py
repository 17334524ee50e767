"""pipelines, agents, builds and jobs commands: tables on stdout, --json, exit codes."""

from __future__ import annotations

import json
from typing import Any

from .conftest import Run, as_json, jobs_of, one_error_line


def test_pipelines_list_table_and_json(run: Run) -> None:
    table = run("pipelines", "list")
    assert table.exit_code == 0
    for slug in ("web-app", "deploy", "flaky-tests"):
        assert slug in table.stdout
    assert "3 pipeline(s)" in table.stdout
    data = as_json(run("pipelines", "list", "--json"))
    assert {p["slug"] for p in data} == {"web-app", "deploy", "flaky-tests"}


def test_pipelines_list_filters_by_name(run: Run) -> None:
    assert [p["slug"] for p in as_json(run("pipelines", "list", "--name", "flaky", "--json"))] == [
        "flaky-tests"
    ]


def test_pipelines_get_shows_configuration(run: Run) -> None:
    result = run("pipelines", "get", "web-app")
    assert result.exit_code == 0
    assert "git@github.com:acme/app.git" in result.stdout
    assert "block:" in result.stdout  # the YAML steps
    assert as_json(run("pipelines", "get", "web-app", "--json"))["name"] == "Web App"


def test_agents_list(run: Run) -> None:
    result = run("agents", "list")
    assert result.exit_code == 0
    assert "demo-agent-1" in result.stdout and "connected" in result.stdout
    names = {a["name"] for a in as_json(run("agents", "list", "--json"))}
    assert names == {"demo-agent-1", "demo-agent-2"}


def test_builds_list_for_org_pipeline_and_state(run: Run) -> None:
    everything = as_json(run("builds", "list", "--json", "--limit", "100"))
    assert {b["pipeline"]["slug"] for b in everything} >= {"web-app", "flaky-tests"}
    two = as_json(run("builds", "list", "web-app", "--limit", "2", "--json"))
    assert [b["number"] for b in two] == [6, 5]  # newest first
    passed = as_json(run("builds", "list", "web-app", "--state", "passed", "--json"))
    assert passed and {b["state"] for b in passed} == {"passed"}
    table = run("builds", "list", "web-app")
    assert "Add release gate" in table.stdout and "blocked" in table.stdout


def test_builds_get_shows_jobs_and_the_block_step(run: Run, emu: Any) -> None:
    result = run("builds", "get", "web-app", "6")
    assert result.exit_code == 0
    assert ":hammer: Build" in result.stdout and ":rocket: Release?" in result.stdout
    gate = jobs_of(emu, "web-app", 6, "manual")[0]
    assert f"pybuildkite jobs unblock {gate['id']}" in result.stdout
    data = as_json(run("builds", "get", "web-app", "6", "--json"))
    assert data["number"] == 6 and data["state"] == "blocked"


def test_builds_create_with_env_and_meta_data(run: Run, emu: Any) -> None:
    data = as_json(
        run(
            "builds",
            "create",
            "deploy",
            "-m",
            "Ship",
            "--env",
            "A=1=2",
            "--meta-data",
            "k=v",
            "--json",
        )
    )
    assert data["message"] == "Ship" and data["branch"] == "main"  # the default branch
    assert data["state"] == "scheduled"
    created = emu.requests[-1]
    assert created.method == "POST"
    assert created.json["env"] == {"A": "1=2"} and created.json["meta_data"] == {"k": "v"}


def test_builds_cancel_and_rebuild(run: Run) -> None:
    created = as_json(run("builds", "create", "deploy", "--json"))
    canceled = as_json(run("builds", "cancel", "deploy", str(created["number"]), "--json"))
    assert canceled["state"] in ("canceling", "canceled")
    rebuilt = run("builds", "rebuild", "web-app", "5")
    assert rebuilt.exit_code == 0
    assert "web-app #7" in rebuilt.stdout


def test_builds_watch_exits_0_when_passed(run: Run, emu: Any) -> None:
    number = as_json(run("builds", "create", "deploy", "--json"))["number"]
    emu.start_agents(0.01)
    result = run("builds", "watch", "deploy", str(number), "--interval", "0.1")
    assert result.exit_code == 0, result.stderr
    assert "Ship it: passed" in result.stdout
    assert f"deploy #{number}  passed" in result.stdout


def test_builds_watch_exits_1_when_failed_and_json_keeps_stdout_clean(run: Run, emu: Any) -> None:
    number = as_json(run("builds", "create", "flaky-tests", "--json"))["number"]
    emu.start_agents(0.01)
    result = run("builds", "watch", "flaky-tests", str(number), "--interval", "0.1", "--json")
    assert result.exit_code == 1
    assert json.loads(result.stdout)["state"] == "failed"  # progress went to stderr
    assert "integration: failed" in result.stderr


def test_builds_watch_timeout_on_a_blocked_build(run: Run) -> None:
    result = run("builds", "watch", "web-app", "6", "--interval", "0.1", "--timeout", "0.3")
    assert result.exit_code == 1
    assert result.stderr.splitlines()[-1] == "error: build web-app #6 still blocked after 0.3s"


def _script_job(emu: Any, pipeline: str = "web-app", number: int = 6) -> str:
    job_id: str = jobs_of(emu, pipeline, number, "script")[0]["id"]
    return job_id


def test_jobs_log_plain_raw_tail_and_json(run: Run, emu: Any) -> None:
    job = _script_job(emu)
    plain = run("jobs", "log", job)
    assert plain.exit_code == 0
    assert "$ make build" in plain.stdout and "\x1b" not in plain.stdout
    raw = run("jobs", "log", job, "--raw")
    assert "\x1b_bk;t=" in raw.stdout
    tail = run("jobs", "log", job, "--tail", "2")
    assert tail.stdout.splitlines() == plain.stdout.splitlines()[-2:]
    scoped = run("jobs", "log", job, "--tail", "2", "--pipeline", "web-app", "--build", "6")
    assert scoped.stdout == tail.stdout
    data = as_json(run("jobs", "log", job, "--tail", "1", "--json"))
    assert data == {"job_id": job, "content": plain.stdout.splitlines()[-1]}
    assert emu.requests[-1].headers["range"] == "bytes=-4096"


def test_jobs_log_tail_fetches_more_until_it_has_enough_lines(run: Run, emu: Any) -> None:
    job = _script_job(emu)
    total = len(run("jobs", "log", job).stdout.splitlines())
    emu.clear_requests()
    # 4096 bytes hold every line of this short log, so asking for all of them takes one request
    assert len(run("jobs", "log", job, "--tail", str(total + 5)).stdout.splitlines()) == total
    assert len(emu.requests) == 1


def test_jobs_unblock_then_unblocking_again_is_an_api_error(run: Run, emu: Any) -> None:
    gate = jobs_of(emu, "web-app", 6, "manual")[0]["id"]
    done = run("jobs", "unblock", gate, "-f", "release=yes", "-f", "env=a", "-f", "env=b")
    assert done.exit_code == 0, done.stderr
    assert done.stdout.strip() == f"Unblocked job {gate} (unblocked)"
    assert emu.requests[-1].json["fields"] == {"release": "yes", "env": ["a", "b"]}
    line = one_error_line(run("jobs", "unblock", gate), 1)
    assert "-> 4" in line and "/unblock" in line


def test_jobs_retry_prints_the_new_job(run: Run, emu: Any) -> None:
    failed = next(j for j in jobs_of(emu, "flaky-tests", 1, "script") if j["state"] == "failed")
    data = as_json(run("jobs", "retry", failed["id"], "--json"))
    assert data["id"] != failed["id"]
    assert run("jobs", "retry", failed["id"]).exit_code == 1  # a job is retried once
