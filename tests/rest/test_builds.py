"""Builds: every listing filter on the wire, get, create, cancel, rebuild, retry, wait."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from typing import Any

import pytest

import pybuildkite
from pybuildkite.types.builds import Build, RetryFailedJobsResult

ORG = "acme"
UTC = dt.UTC
T0 = dt.datetime(2026, 1, 8, 10, 0, tzinfo=UTC)
ALL_STATES = ("creating", "scheduled", "running", "passed", "failing", "failed", "blocked",
              "canceling", "canceled", "skipped", "not_run")  # fmt: skip
BLOCKING = 'steps:\n  - command: "make"\n  - block: "Release?"\n  - command: "make release"\n'
FAILING = 'steps:\n  - label: "Unit"\n    command: "exit 1"\n'


@pytest.fixture
def app(buildkite_emulator: Any) -> str:
    return str(buildkite_emulator.add_pipeline(ORG, "App"))


def builds_path(pipeline: str, *rest: object) -> str:
    return "/".join([f"/v2/organizations/{ORG}/pipelines/{pipeline}/builds", *map(str, rest)])


def numbers(builds: Any) -> list[int]:
    return [b.number for b in builds]


def query_of(wire: Any) -> Counter[tuple[str, str]]:
    """The query minus the page size every listing sends."""
    query: Counter[tuple[str, str]] = wire().query
    return query - Counter({("per_page", "100"): 1})


# -- listings -------------------------------------------------------------------------------


def test_the_three_listings(buildkite_emulator: Any, buildkite_client: pybuildkite.Client,
                            app: str, wire: Any) -> None:  # fmt: skip
    emu, builds = buildkite_emulator, buildkite_client.builds
    other = emu.add_pipeline(ORG, "Other")
    mine = emu.add_build(ORG, app, state="passed", created_at=T0)
    theirs = emu.add_build(ORG, other, state="passed", created_at=T0 + dt.timedelta(hours=1))

    assert [(b.pipeline.slug if b.pipeline else None, b.number) for b in builds.list()] == [
        (other, theirs), (app, mine),
    ]  # fmt: skip
    assert wire()[:2] == ("GET", "/v2/builds")
    assert len(builds.list(ORG).to_list()) == 2
    assert wire()[:2] == ("GET", f"/v2/organizations/{ORG}/builds")
    only = builds.list(ORG, app).to_list()
    assert wire() == ("GET", builds_path(app), Counter({("per_page", "100"): 1}), None)
    assert numbers(only) == [mine] and isinstance(only[0], Build)


def test_list_pages_newest_first(buildkite_emulator: Any, buildkite_client: pybuildkite.Client,
                                 app: str) -> None:  # fmt: skip
    seeded = buildkite_emulator.add_builds(5, ORG, app)
    listed = buildkite_client.builds.list(ORG, app, per_page=2, concurrency=1).to_list()
    assert numbers(listed) == seeded[::-1]
    pages = [Counter(r.query) for r in buildkite_emulator.requests[-3:]]
    assert [p[("page", "2")] + p[("page", "3")] for p in pages] == [0, 1, 1]
    assert numbers(buildkite_client.builds.list(ORG, app, limit=3)) == seeded[:1:-1]


def test_state_filter(buildkite_emulator: Any, buildkite_client: pybuildkite.Client, app: str,
                      wire: Any) -> None:  # fmt: skip
    by_state = {s: buildkite_emulator.add_build(ORG, app, state=s, created_at=T0) for s in
                ALL_STATES}  # fmt: skip
    builds = buildkite_client.builds
    for state in ("creating", "failing", "canceling", "not_run"):
        assert numbers(builds.list(ORG, app, state=state)) == [by_state[state]]
        assert query_of(wire) == Counter({("state[]", state): 1})

    finished = builds.list(ORG, app, state="finished").to_list()
    assert query_of(wire) == Counter({("state[]", "finished"): 1})
    assert {b.state for b in finished} == {"passed", "failed", "blocked", "canceled"}

    several = builds.list(ORG, app, state=["creating", "failing", "canceling"]).to_list()
    assert query_of(wire) == Counter({("state[]", "creating"): 1, ("state[]", "failing"): 1,
                                      ("state[]", "canceling"): 1})  # fmt: skip
    assert sorted(b.state for b in several) == ["canceling", "creating", "failing"]


def test_branch_filter_keeps_reserved_characters(
    buildkite_emulator: Any, buildkite_client: pybuildkite.Client, app: str, wire: Any
) -> None:
    branches = ["main", "feature/login", "fix #12 ci", "release/1.0", "dev-feature"]
    seeded = {b: buildkite_emulator.add_build(ORG, app, branch=b, state="passed") for b in
              branches}  # fmt: skip
    builds = buildkite_client.builds

    assert numbers(builds.list(ORG, app, branch="fix #12 ci")) == [seeded["fix #12 ci"]]
    assert query_of(wire) == Counter({("branch[]", "fix #12 ci"): 1})

    two = builds.list(ORG, app, branch=["feature/login", "fix #12 ci"]).to_list()
    assert query_of(wire) == Counter({("branch[]", "feature/login"): 1,
                                      ("branch[]", "fix #12 ci"): 1})  # fmt: skip
    assert sorted(b.branch or "" for b in two) == ["feature/login", "fix #12 ci"]

    wild = builds.list(ORG, app, branch="*feature*").to_list()
    assert query_of(wire) == Counter({("branch[]", "*feature*"): 1})
    assert sorted(b.branch or "" for b in wild) == ["dev-feature", "feature/login"]
    assert {b.branch for b in builds.list(ORG, app, branch=("release/*", "main"))} == {
        "release/1.0", "main",
    }  # fmt: skip


def test_commit_filter(buildkite_emulator: Any, buildkite_client: pybuildkite.Client, app: str,
                       wire: Any) -> None:  # fmt: skip
    shas = ["a" * 40, "b" * 40, "c" * 40]
    seeded = {s: buildkite_emulator.add_build(ORG, app, commit=s, state="passed") for s in shas}
    builds = buildkite_client.builds
    assert numbers(builds.list(ORG, app, commit=shas[0])) == [seeded[shas[0]]]
    assert query_of(wire) == Counter({("commit[]", shas[0]): 1})
    assert sorted(numbers(builds.list(ORG, app, commit=shas[1:]))) == [seeded[shas[1]],
                                                                       seeded[shas[2]]]  # fmt: skip
    assert query_of(wire) == Counter({("commit[]", shas[1]): 1, ("commit[]", shas[2]): 1})


def test_date_filters_are_sent_in_utc(
    buildkite_emulator: Any, buildkite_client: pybuildkite.Client, app: str, wire: Any
) -> None:
    hours = [buildkite_emulator.add_build(ORG, app, state="passed",
                                          created_at=T0 + dt.timedelta(hours=h))
             for h in range(4)]  # fmt: skip
    tokyo = dt.timezone(dt.timedelta(hours=9))
    new_york = dt.timezone(dt.timedelta(hours=-5))
    builds = buildkite_client.builds

    window = builds.list(
        ORG, app,
        created_from=dt.datetime(2026, 1, 8, 20, 0, tzinfo=tokyo),  # 11:00Z
        created_to=dt.datetime(2026, 1, 8, 8, 0, 0, 250_000, tzinfo=new_york),  # 13:00:00.250Z
    ).to_list()  # fmt: skip
    assert query_of(wire) == Counter({("created_from", "2026-01-08T11:00:00Z"): 1,
                                      ("created_to", "2026-01-08T13:00:00.250Z"): 1})  # fmt: skip
    assert sorted(numbers(window)) == [hours[1], hours[2], hours[3]]

    # Seeded builds finish a minute after they were created.
    late = builds.list(ORG, app, finished_from=T0 + dt.timedelta(hours=2)).to_list()
    assert query_of(wire) == Counter({("finished_from", "2026-01-08T12:00:00Z"): 1})
    assert sorted(numbers(late)) == [hours[2], hours[3]]


def test_meta_data_creator_and_flags(
    buildkite_emulator: Any, buildkite_client: pybuildkite.Client, app: str, wire: Any
) -> None:
    emu, builds = buildkite_emulator, buildkite_client.builds
    grace = emu.add_user("Grace Hopper")
    emu.add_build(ORG, app, state="passed", meta_data={"release-name": "v1", "env": "prod"})
    tagged = emu.add_build(ORG, app, state="passed", meta_data={"release-name": "v2",
                                                                "env": "prod"}, creator=grace)  # fmt: skip

    found = builds.list(ORG, app, meta_data={"release-name": "v2", "env": "prod"}).to_list()
    assert query_of(wire) == Counter({("meta_data[release-name]", "v2"): 1,
                                      ("meta_data[env]", "prod"): 1})  # fmt: skip
    assert numbers(found) == [tagged] and found[0].meta_data == {"release-name": "v2",
                                                                 "env": "prod"}  # fmt: skip
    assert numbers(builds.list(ORG, app, creator=grace)) == [tagged]
    assert query_of(wire) == Counter({("creator", grace): 1})

    bare = builds.list(ORG, app, exclude_jobs=True, exclude_pipeline=True,
                       include_retried_jobs=True, include_paused=False).to_list()  # fmt: skip
    assert query_of(wire) == Counter({("exclude_jobs", "true"): 1, ("exclude_pipeline", "true"): 1,
                                      ("include_retried_jobs", "true"): 1,
                                      ("include_paused", "false"): 1})  # fmt: skip
    assert all(b.jobs is None and b.pipeline is None for b in bare)
    full = builds.list(ORG, app, exclude_jobs=False).to_list()
    assert query_of(wire) == Counter({("exclude_jobs", "false"): 1})
    assert all(b.jobs is not None and b.pipeline is not None for b in full)


def test_include_retried_jobs(buildkite_emulator: Any, buildkite_client: pybuildkite.Client,
                              wire: Any) -> None:  # fmt: skip
    emu, builds = buildkite_emulator, buildkite_client.builds
    flaky = emu.add_pipeline(ORG, "Flaky", configuration=FAILING)
    number = emu.add_build(ORG, flaky)
    emu.run_agents()
    builds.retry_failed_jobs(ORG, flaky, number)
    (latest,) = builds.list(ORG, flaky).to_list()
    (everything,) = builds.list(ORG, flaky, include_retried_jobs=True).to_list()
    assert latest.jobs is not None and everything.jobs is not None
    assert (len(latest.jobs), len(everything.jobs)) == (1, 2)
    assert sum(bool(j.retried) for j in everything.jobs) == 1
    got = builds.get(ORG, flaky, number, include_retried_jobs=True, job_states=["failed"])
    assert wire().query == Counter({("include_retried_jobs", "true"): 1,
                                    ("job_states[]", "failed"): 1})  # fmt: skip
    assert got.jobs is not None and [j.state for j in got.jobs] == ["failed"]


def test_listing_refuses_bad_filters(buildkite_client: pybuildkite.Client, refused: Any) -> None:
    listing = buildkite_client.builds.list
    with refused(ValueError, "unknown state value.*'finsihed'"):
        listing(ORG, state="finsihed")
    with refused(ValueError, "branch items must not be empty"):
        listing(ORG, branch=["main", ""])
    with refused(TypeError, "branch must be a str or a list"):
        listing(ORG, branch=3)  # type: ignore[arg-type]
    with refused(TypeError, "commit items must be str"):
        listing(ORG, commit=[b"abc"])  # type: ignore[list-item]
    with refused(ValueError, "timezone-aware"):
        listing(ORG, created_from=dt.datetime(2026, 1, 8, 10, 0))
    with refused(TypeError, "created_to must be a datetime"):
        listing(ORG, created_to=dt.date(2026, 1, 8))  # type: ignore[arg-type]
    with refused(TypeError, "finished_from must be a datetime"):
        listing(ORG, finished_from="2026-01-08T10:00:00Z")  # type: ignore[arg-type]
    with refused(TypeError, "meta_data must be a mapping"):
        listing(ORG, meta_data={"n": 1})  # type: ignore[dict-item]
    with refused(TypeError, "include_retried_jobs must be a bool"):
        listing(ORG, include_retried_jobs="yes")  # type: ignore[arg-type]
    with refused(ValueError, "pipeline needs org"):
        listing(None, "app")
    with refused(ValueError, "per_page"):
        listing(ORG, per_page=0)


# -- one build ------------------------------------------------------------------------------


def test_get(buildkite_emulator: Any, buildkite_client: pybuildkite.Client, app: str,
             wire: Any) -> None:  # fmt: skip
    number = buildkite_emulator.add_build(ORG, app, state="passed", created_at=T0)
    build = buildkite_client.builds.get(ORG, app, number)
    assert wire() == ("GET", builds_path(app, number), Counter(), None)
    assert (build.number, build.state, build.finished) == (number, "passed", True)
    assert build.created_at == T0 and build.finished_at == T0 + dt.timedelta(seconds=60)
    assert build.job_state_counts is not None and build.job_state_counts.total == 1
    assert build.jobs and build.jobs[0].state == "passed"

    slim = buildkite_client.builds.get(ORG, app, number, exclude_jobs=True, exclude_pipeline=True,
                                       include_test_engine=True)  # fmt: skip
    assert wire().query == Counter({("exclude_jobs", "true"): 1, ("exclude_pipeline", "true"): 1,
                                    ("include_test_engine", "true"): 1})  # fmt: skip
    assert (slim.jobs, slim.pipeline) == (None, None)
    with pytest.raises(pybuildkite.NotFoundError):
        buildkite_client.builds.get(ORG, app, number + 1)


def test_build_numbers_are_checked(buildkite_client: pybuildkite.Client, refused: Any) -> None:
    builds = buildkite_client.builds
    with refused(ValueError, "number must be >= 1"):
        builds.get(ORG, "app", 0)
    with refused(TypeError, "number must be an int"):
        builds.cancel(ORG, "app", "7")  # type: ignore[arg-type]
    with refused(TypeError, "number must be an int"):
        builds.rebuild(ORG, "app", True)
    with refused(TypeError, "job_states must be a str or a list"):
        builds.get(ORG, "app", 1, job_states=5)  # type: ignore[arg-type]


def test_create_with_every_field(buildkite_emulator: Any, buildkite_client: pybuildkite.Client,
                                 app: str, wire: Any) -> None:  # fmt: skip
    build = buildkite_client.builds.create(
        ORG, app,
        commit="abcd0b72a1e580e90712cdd9eb26d3fb41cd09c8",
        branch="feature/login",
        message="Testing all the things :rocket:",
        author={"name": "Keith Pitt", "email": "keith@example.com"},
        env={"DEPLOY": "false"},
        meta_data={"release-version": "1.1"},
        clean_checkout=True,
        ignore_pipeline_branch_filters=True,
        pull_request_base_branch="main",
        pull_request_id=42,
        pull_request_labels=("ready", "backend"),
        pull_request_repository="git@github.com:fork/app.git",
    )  # fmt: skip
    assert wire() == ("POST", builds_path(app), Counter(), {
        "commit": "abcd0b72a1e580e90712cdd9eb26d3fb41cd09c8",
        "branch": "feature/login",
        "message": "Testing all the things :rocket:",
        "author": {"name": "Keith Pitt", "email": "keith@example.com"},
        "env": {"DEPLOY": "false"},
        "meta_data": {"release-version": "1.1"},
        "clean_checkout": True,
        "ignore_pipeline_branch_filters": True,
        "pull_request_base_branch": "main",
        "pull_request_id": 42,
        "pull_request_labels": ["ready", "backend"],
        "pull_request_repository": "git@github.com:fork/app.git",
    })  # fmt: skip
    assert buildkite_emulator.requests[-1].status == 201
    assert (build.state, build.source, build.branch) == ("scheduled", "api", "feature/login")
    assert build.env == {"DEPLOY": "false"} and build.meta_data == {"release-version": "1.1"}
    assert build.author == {"name": "Keith Pitt", "email": "keith@example.com"}
    assert build.pull_request is not None and build.pull_request["id"] == "42"
    assert build.creator is not None and build.creator.id == buildkite_emulator.user_id


def test_create_minimal_and_never_retried(
    buildkite_emulator: Any, buildkite_client: pybuildkite.Client, app: str, wire: Any
) -> None:
    buildkite_emulator.set_faults(script=("error",), paths=(builds_path(app),), methods=("POST",))
    with pytest.raises(pybuildkite.InternalServerError):
        buildkite_client.builds.create(ORG, app, commit="HEAD", branch="main")
    # One attempt only: a retried POST could trigger the build twice.
    assert [r.method for r in buildkite_emulator.requests] == ["POST"]
    build = buildkite_client.builds.create(ORG, app, commit="HEAD", branch="main")
    assert wire().json == {"commit": "HEAD", "branch": "main"}
    assert build.number == 1


def test_create_refuses_bad_input(buildkite_client: pybuildkite.Client, refused: Any) -> None:
    create = buildkite_client.builds.create
    with refused(ValueError, "commit must not be empty"):
        create(ORG, "app", commit="", branch="main")
    with refused(TypeError, "branch must be a str"):
        create(ORG, "app", commit="HEAD", branch=None)  # type: ignore[arg-type]
    with refused(TypeError, "pull_request_id must be an int"):
        create(ORG, "app", commit="HEAD", branch="main",
               pull_request_id="42")  # type: ignore[arg-type]  # fmt: skip
    with refused(TypeError, "env must be a mapping"):
        create(ORG, "app", commit="HEAD", branch="main",
               env=[("A", "1")])  # type: ignore[arg-type]  # fmt: skip
    with refused(TypeError, "clean_checkout must be a bool"):
        create(ORG, "app", commit="HEAD", branch="main",
               clean_checkout="true")  # type: ignore[arg-type]  # fmt: skip
    with refused(TypeError, "pull_request_labels must be a list"):
        create(ORG, "app", commit="HEAD", branch="main", pull_request_labels="ready")


def test_cancel(buildkite_emulator: Any, buildkite_client: pybuildkite.Client, app: str,
                wire: Any) -> None:  # fmt: skip
    number = buildkite_emulator.add_build(ORG, app, state="running")
    canceled = buildkite_client.builds.cancel(ORG, app, number)
    assert wire() == ("PUT", builds_path(app, number, "cancel"), Counter(), None)
    assert (canceled.state, canceled.finished) == ("canceled", True)
    with pytest.raises(pybuildkite.UnprocessableEntityError, match="can't be canceled"):
        buildkite_client.builds.cancel(ORG, app, number)


def test_rebuild_returns_the_new_build(
    buildkite_emulator: Any, buildkite_client: pybuildkite.Client, app: str, wire: Any
) -> None:
    number = buildkite_emulator.add_build(ORG, app, state="failed", branch="fix #12 ci",
                                          env={"A": "1"})  # fmt: skip
    new = buildkite_client.builds.rebuild(ORG, app, number)
    assert wire() == ("PUT", builds_path(app, number, "rebuild"), Counter(), None)
    assert new.number == number + 1
    assert (new.branch, new.env) == ("fix #12 ci", {"A": "1"})
    assert new.rebuilt_from is not None and new.rebuilt_from.number == number


def test_retry_failed_jobs(buildkite_emulator: Any, buildkite_client: pybuildkite.Client,
                           wire: Any, refused: Any) -> None:  # fmt: skip
    emu, builds = buildkite_emulator, buildkite_client.builds
    flaky = emu.add_pipeline(ORG, "Flaky", configuration=FAILING)
    number = emu.add_build(ORG, flaky)
    emu.run_agents()
    assert builds.get(ORG, flaky, number).state == "failed"

    none = builds.retry_failed_jobs(ORG, flaky, number, states=["timed_out", "expired"])
    assert wire() == ("PUT", builds_path(flaky, number, "retry_failed_jobs"), Counter(),
                      {"states": "timed_out,expired"})  # fmt: skip
    assert isinstance(none, RetryFailedJobsResult) and none.retried_jobs_count == 0

    retried = builds.retry_failed_jobs(ORG, flaky, number, states="failed")
    assert wire().json == {"states": "failed"}
    assert emu.requests[-1].status == 202
    assert retried.retried_jobs_count == 1
    emu.run_agents()
    assert builds.retry_failed_jobs(ORG, flaky, number).retried_jobs_count == 1
    assert wire().json is None  # no states: every retryable job

    with refused(ValueError, "unknown states value.*'broken'"):
        builds.retry_failed_jobs(ORG, flaky, number, states=["failed", "broken"])


# -- waiting --------------------------------------------------------------------------------


def test_wait_while_the_agents_run(buildkite_emulator: Any, buildkite_client: pybuildkite.Client,
                                   app: str) -> None:  # fmt: skip
    build = buildkite_client.builds.create(ORG, app, commit="HEAD", branch="main")
    assert not build.finished
    buildkite_emulator.start_agents(interval=0.01)
    done = buildkite_client.builds.wait(ORG, app, build.number, timeout=10, poll_interval=0.02)
    assert (done.state, done.finished) == ("passed", True)
    assert done.finished_at is not None
    polls = [r for r in buildkite_emulator.requests if r.path == builds_path(app, build.number)]
    assert polls and all(("exclude_jobs", "true") in r.query for r in polls)


def test_wait_returns_a_finished_build_at_once(
    buildkite_emulator: Any, buildkite_client: pybuildkite.Client, app: str
) -> None:
    number = buildkite_emulator.add_build(ORG, app, state="failed")
    buildkite_emulator.clear_requests()
    assert buildkite_client.builds.wait(ORG, app, number, timeout=1).state == "failed"
    assert len(buildkite_emulator.requests) == 1


def test_wait_gives_up_on_a_blocked_build(
    buildkite_emulator: Any, buildkite_client: pybuildkite.Client
) -> None:
    gated = buildkite_emulator.add_pipeline(ORG, "Gated", configuration=BLOCKING)
    number = buildkite_emulator.add_build(ORG, gated)
    buildkite_emulator.run_agents()
    with pytest.raises(pybuildkite.APITimeoutError, match=r"still blocked after 0.2s"):
        buildkite_client.builds.wait(ORG, gated, number, timeout=0.2, poll_interval=0.05)


def test_wait_refuses_bad_arguments(buildkite_client: pybuildkite.Client, refused: Any) -> None:
    with refused(ValueError, "timeout must be a positive"):
        buildkite_client.builds.wait(ORG, "app", 1, timeout=0)
    with refused(ValueError, "poll_interval must be a positive"):
        buildkite_client.builds.wait(ORG, "app", 1, poll_interval=-1)


# -- async ----------------------------------------------------------------------------------


async def test_async_builds(buildkite_emulator: Any,
                            async_buildkite_client: pybuildkite.AsyncClient, app: str,
                            wire: Any) -> None:  # fmt: skip
    builds = async_buildkite_client.builds
    seeded = buildkite_emulator.add_build(ORG, app, state="passed", branch="fix #12 ci",
                                          created_at=T0)  # fmt: skip
    listed = [b.number async for b in builds.list(ORG, app, branch=["fix #12 ci"],
                                                  state="finished",
                                                  created_from=T0 - dt.timedelta(minutes=1))]  # fmt: skip
    assert listed == [seeded]
    assert query_of(wire) == Counter({("branch[]", "fix #12 ci"): 1, ("state[]", "finished"): 1,
                                      ("created_from", "2026-01-08T09:59:00Z"): 1})  # fmt: skip

    build = await builds.create(ORG, app, commit="HEAD", branch="main", env={"A": "1"})
    assert wire().json == {"commit": "HEAD", "branch": "main", "env": {"A": "1"}}
    assert (await builds.get(ORG, app, build.number)).env == {"A": "1"}
    buildkite_emulator.start_agents(interval=0.01)
    done = await builds.wait(ORG, app, build.number, timeout=10, poll_interval=0.02)
    assert done.state == "passed"
    buildkite_emulator.stop_agents()
    rebuilt = await builds.rebuild(ORG, app, build.number)
    assert rebuilt.rebuilt_from is not None and rebuilt.rebuilt_from.number == build.number
    assert (await builds.cancel(ORG, app, rebuilt.number)).state == "canceled"
    assert (await builds.retry_failed_jobs(ORG, app, build.number)).retried_jobs_count == 0
